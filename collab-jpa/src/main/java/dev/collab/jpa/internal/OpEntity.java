package dev.collab.jpa.internal;

import dev.collab.CommittedOp;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A row of {@code collab_op}: one committed op. Primary key (document, version); unique
 * (document, client, seq). The document is a plain column, not a relationship, so that reading
 * ops never loads documents.
 */
@Entity(name = "CollabOp")
@Table(name = "collab_op")
@IdClass(VersionKey.class)
public class OpEntity {

  @Id
  @Column(name = "document_id", length = 128)
  private String document = "";

  @Id
  @Column(name = "version")
  private long version;

  // CLOB on H2, TEXT on PostgreSQL (the migrations); a plain String, not @Lob, so that
  // PostgreSQL binds it as text rather than as a large-object oid.
  @Column(name = "op", nullable = false)
  private String op = "";

  @Column(name = "client_id", nullable = false, length = 64)
  private String client = "";

  @Column(name = "seq", nullable = false)
  private long seq;

  @Column(name = "user_id", nullable = false, length = 128)
  private String userId = "";

  @Column(name = "user_name", nullable = false, length = 256)
  private String userName = "";

  @Column(name = "committed_at", nullable = false)
  private OffsetDateTime time = OffsetDateTime.MIN;

  protected OpEntity() {}

  public static OpEntity of(CommittedOp op) {
    OpEntity entity = new OpEntity();
    entity.document = op.document();
    entity.version = op.version();
    entity.op = op.op();
    entity.client = op.client();
    entity.seq = op.seq();
    entity.userId = op.userId();
    entity.userName = op.userName();
    entity.time = op.time().atOffset(ZoneOffset.UTC);
    return entity;
  }

  public CommittedOp toOp() {
    return new CommittedOp(document, version, op, client, seq, userId, userName, time.toInstant());
  }
}
