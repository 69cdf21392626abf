package dev.collab.tck;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An application's own access table, as an integrator's system would hold it, with a correct
 * policy over it and two broken ones: one that remembers its first answer for ever (so neither a
 * withdrawal nor a revocation reaches anyone) and one that ignores the document.
 */
final class GrantTable {
  private final Map<String, Access> grants = new ConcurrentHashMap<>();

  User grant(String userId, String documentId, Access access) {
    grants.put(userId + '\n' + documentId, access);
    return User.of(userId);
  }

  /** Reads the table at every call. */
  AccessPolicy policy() {
    return (user, documentId) -> grants.getOrDefault(user.id() + '\n' + documentId, Access.NONE);
  }

  /** Broken: the first answer for a (user, document) is kept for ever. */
  AccessPolicy cachingForever() {
    AccessPolicy reading = policy();
    Map<String, Access> memo = new ConcurrentHashMap<>();
    return (user, documentId) -> memo.computeIfAbsent(user.id() + '\n' + documentId, k -> reading.access(user, documentId));
  }

  /** Broken: a user's best grant on any document counts for every document. */
  AccessPolicy ignoringDocument() {
    return (user, documentId) -> grants.entrySet().stream()
        .filter(e -> e.getKey().startsWith(user.id() + '\n'))
        .map(Map.Entry::getValue)
        .max(Enum::compareTo)
        .orElse(Access.NONE);
  }
}
