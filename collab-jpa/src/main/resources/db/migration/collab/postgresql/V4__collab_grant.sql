-- Collab JPA store, schema version 4: grants (DocumentStore.grants()).
-- A user has at most one grant per document (read, comment, write or admin); granting again
-- replaces it. The owner is the document's creator (collab_document.creator) and needs no row.
-- Grants go with their document (the store deletes them first; the cascade covers the rest), so a
-- document created again with the same id starts with none.

CREATE TABLE collab_grant (
  document_id VARCHAR(128) COLLATE "C" NOT NULL,
  user_id     VARCHAR(128) COLLATE "C" NOT NULL,
  level       VARCHAR(16) NOT NULL,
  granted_by  VARCHAR(128) NOT NULL,
  granted     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT collab_grant_pk PRIMARY KEY (document_id, user_id),
  CONSTRAINT collab_grant_access_ck CHECK (level IN ('read', 'comment', 'write', 'admin')),
  CONSTRAINT collab_grant_document_fk FOREIGN KEY (document_id)
    REFERENCES collab_document (id) ON DELETE CASCADE
);
