-- Collab JPA store, schema version 3: named versions (DocumentStore.namedVersions()).
-- Version 1 reserved collab_named_version keyed by name, and no code ever wrote it; a version has at
-- most one name (renaming replaces it) and two versions may have the same name, so the key is the
-- version. The table is made again, empty as it always was. A named version's content is the
-- snapshot at that version in collab_snapshot, which the store never deletes while the name exists.

DROP TABLE collab_named_version;

CREATE TABLE collab_named_version (
  document_id VARCHAR(128) COLLATE "C" NOT NULL,
  version     BIGINT NOT NULL,
  name        VARCHAR(256) NOT NULL,
  created_by  VARCHAR(128) NOT NULL,
  created     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT collab_named_version_pk PRIMARY KEY (document_id, version),
  CONSTRAINT collab_named_version_document_fk FOREIGN KEY (document_id)
    REFERENCES collab_document (id) ON DELETE CASCADE
);
