package dev.collab.jpa;

import jakarta.persistence.EntityExistsException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Recognises the failures the store turns into results: a key of the schema refused a row because
 * a concurrent writer got there first. Pure, no state.
 */
final class KeyViolations {

  private KeyViolations() {}

  /**
   * Whether {@code failure} is an integrity constraint violation: a key (or foreign key) of the
   * schema refused a row. Recognised by the standard SQL state class {@code 23} of an
   * {@link SQLException} among the causes, so no provider's exception types are needed.
   */
  static boolean isKeyViolation(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> pending = new ArrayList<>(List.of(failure));
    while (!pending.isEmpty()) {
      Throwable t = pending.remove(pending.size() - 1);
      if (t == null || !seen.add(t)) {
        continue;
      }
      if (t instanceof EntityExistsException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        if (sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
          return true;
        }
        pending.add(sql.getNextException());
      }
      pending.add(t.getCause());
    }
    return false;
  }
}
