package dev.collab.jpa.internal;

import dev.collab.spi.Snapshot;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A row of {@code collab_snapshot}: a document's content at a version. */
@Entity(name = "CollabSnapshot")
@Table(name = "collab_snapshot")
@IdClass(SnapshotEntity.Key.class)
public class SnapshotEntity {

  @Id
  @Column(name = "document_id", length = 128)
  private String document = "";

  @Id
  @Column(name = "version")
  private long version;

  // CLOB on H2, TEXT on PostgreSQL; see OpEntity#op.
  @Column(name = "data", nullable = false)
  private String data = "";

  protected SnapshotEntity() {}

  public static SnapshotEntity of(String document, Snapshot snapshot) {
    SnapshotEntity entity = new SnapshotEntity();
    entity.document = document;
    entity.version = snapshot.version();
    entity.data = snapshot.data();
    return entity;
  }

  public Snapshot toSnapshot() {
    return new Snapshot(version, data);
  }

  /** The primary key class. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    private String document = "";
    private long version;

    public Key() {}

    public Key(String document, long version) {
      this.document = document;
      this.version = version;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.version == version && key.document.equals(document);
    }

    @Override
    public int hashCode() {
      return Objects.hash(document, version);
    }
  }
}
