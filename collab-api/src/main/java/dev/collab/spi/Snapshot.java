package dev.collab.spi;

import java.util.Objects;

/**
 * A document's content at {@code version}, in its OT type's JSON form, as text. Snapshots are an
 * optimisation: the op log alone always rebuilds the document.
 *
 * @param version the version the content is at: 0 (the empty document) or more
 * @param data the content in the OT type's JSON form, as text
 */
public record Snapshot(long version, String data) {
  /**
   * Checks the components.
   *
   * @param version the version the content is at: 0 (the empty document) or more
   * @param data the content in the OT type's JSON form, as text
   * @throws IllegalArgumentException when {@code version} is negative
   * @throws NullPointerException when {@code data} is null
   */
  public Snapshot {
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative, was " + version);
    }
    Objects.requireNonNull(data, "data");
  }
}
