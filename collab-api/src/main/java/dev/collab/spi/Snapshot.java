package dev.collab.spi;

import java.util.Objects;

/**
 * A document's content at {@code version}, in its OT type's JSON form, as text. Snapshots are an
 * optimisation: the op log alone always rebuilds the document.
 */
public record Snapshot(long version, String data) {
  public Snapshot {
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative, was " + version);
    }
    Objects.requireNonNull(data, "data");
  }
}
