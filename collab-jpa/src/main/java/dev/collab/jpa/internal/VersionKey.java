package dev.collab.jpa.internal;

import java.io.Serializable;
import java.util.Objects;

/** The primary key (document, version) shared by {@link OpEntity} and {@link SnapshotEntity}. */
public class VersionKey implements Serializable {
  private static final long serialVersionUID = 1L;

  private String document = "";
  private long version;

  public VersionKey() {}

  public VersionKey(String document, long version) {
    this.document = document;
    this.version = version;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VersionKey key && key.version == version && key.document.equals(document);
  }

  @Override
  public int hashCode() {
    return Objects.hash(document, version);
  }
}
