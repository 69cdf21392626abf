package dev.collab.jpa.internal;

import dev.collab.spi.Snapshot;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of {@code collab_snapshot}: a document's content at a version. */
@Entity(name = "CollabSnapshot")
@Table(name = "collab_snapshot")
@IdClass(VersionKey.class)
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
}
