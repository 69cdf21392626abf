package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.ot.OtType;
import java.util.Map;
import java.util.Set;

/** The OT types installed in one engine, by name. Immutable. */
record OtTypes(Map<String, OtType<?>> byName) {
  OtTypes {
    byName = Map.copyOf(byName);
  }

  /** The type named {@code name}; {@code internal} when none is installed (a stored document of a removed type). */
  OtType<?> get(String name) {
    OtType<?> type = byName.get(name);
    if (type == null) {
      throw new CollabException(ErrorCode.INTERNAL, "no OT type named " + name + " is installed");
    }
    return type;
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  Set<String> names() {
    return byName.keySet();
  }
}
