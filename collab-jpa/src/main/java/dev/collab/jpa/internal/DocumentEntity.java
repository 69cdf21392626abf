package dev.collab.jpa.internal;

import dev.collab.DocumentInfo;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** A row of {@code collab_document}, with its metadata in {@code collab_document_meta}. */
@Entity(name = "CollabDocument")
@Table(name = "collab_document")
public class DocumentEntity {

  @Id
  @Column(name = "id", length = 128)
  private String id = "";

  @Column(name = "type", nullable = false, length = 128)
  private String type = "";

  @Column(name = "title", nullable = false, length = 256)
  private String title = "";

  @Column(name = "creator", nullable = false, length = 128)
  private String creator = "";

  // OffsetDateTime rather than Instant: Instant is a basic type only from Jakarta Persistence 3.2.
  @Column(name = "created", nullable = false)
  private OffsetDateTime created = OffsetDateTime.MIN;

  @ElementCollection
  @CollectionTable(name = "collab_document_meta", joinColumns = @JoinColumn(name = "document_id"))
  @MapKeyColumn(name = "meta_key", length = 128)
  @Column(name = "meta_value", nullable = false, length = 1024)
  private Map<String, String> metadata = new HashMap<>();

  protected DocumentEntity() {}

  public static DocumentEntity of(DocumentInfo info) {
    DocumentEntity entity = new DocumentEntity();
    entity.id = info.id();
    entity.type = info.type();
    entity.title = info.title();
    entity.creator = info.creator();
    entity.created = info.created().atOffset(ZoneOffset.UTC);
    entity.metadata = new HashMap<>(info.metadata());
    return entity;
  }

  public String id() {
    return id;
  }

  /** The metadata as given; reads it, so call it while the entity manager is open. */
  public DocumentInfo toInfo() {
    return toInfo(metadata);
  }

  public DocumentInfo toInfo(Map<String, String> metadata) {
    return new DocumentInfo(id, type, title, metadata, creator, created.toInstant());
  }
}
