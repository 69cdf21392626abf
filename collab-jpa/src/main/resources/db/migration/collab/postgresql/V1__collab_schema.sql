-- Collab JPA store, schema version 1, PostgreSQL 12 or newer, UTF8 database encoding.
-- Ids use the fixed alphabets of dev.collab.Ids (ASCII); COLLATE "C" makes their order the Java
-- String order that DocumentStore.list promises, whatever the database's default collation.

CREATE TABLE collab_document (
  id       VARCHAR(128) COLLATE "C" NOT NULL,
  type     VARCHAR(128) NOT NULL,
  title    VARCHAR(256) NOT NULL,
  creator  VARCHAR(128) NOT NULL,
  created  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT collab_document_pk PRIMARY KEY (id)
);

CREATE TABLE collab_document_meta (
  document_id VARCHAR(128) COLLATE "C" NOT NULL,
  meta_key    VARCHAR(128) COLLATE "C" NOT NULL,
  meta_value  VARCHAR(1024) NOT NULL,
  CONSTRAINT collab_document_meta_pk PRIMARY KEY (document_id, meta_key),
  CONSTRAINT collab_document_meta_document_fk FOREIGN KEY (document_id)
    REFERENCES collab_document (id) ON DELETE CASCADE
);

-- The op log. The primary key is the conditional append: two writers of one version cannot both
-- commit. The unique key on (document_id, client_id, seq) makes a resubmission a conflict too.
-- TEXT holds up to 1 GB; values over 2 kB are compressed and stored out of line (TOAST).
CREATE TABLE collab_op (
  document_id  VARCHAR(128) COLLATE "C" NOT NULL,
  version      BIGINT NOT NULL,
  op           TEXT NOT NULL,
  client_id    VARCHAR(64) COLLATE "C" NOT NULL,
  seq          BIGINT NOT NULL,
  user_id      VARCHAR(128) NOT NULL,
  user_name    VARCHAR(256) NOT NULL,
  committed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT collab_op_pk PRIMARY KEY (document_id, version),
  CONSTRAINT collab_op_submit_uk UNIQUE (document_id, client_id, seq),
  CONSTRAINT collab_op_document_fk FOREIGN KEY (document_id)
    REFERENCES collab_document (id) ON DELETE CASCADE
);

CREATE TABLE collab_snapshot (
  document_id VARCHAR(128) COLLATE "C" NOT NULL,
  version     BIGINT NOT NULL,
  data        TEXT NOT NULL,
  CONSTRAINT collab_snapshot_pk PRIMARY KEY (document_id, version),
  CONSTRAINT collab_snapshot_document_fk FOREIGN KEY (document_id)
    REFERENCES collab_document (id) ON DELETE CASCADE
);

-- Named versions ("history"): reserved for the DocumentStore method that will use it; no code
-- reads or writes it yet. Created now so that adding the feature needs no migration.
CREATE TABLE collab_named_version (
  document_id VARCHAR(128) COLLATE "C" NOT NULL,
  name        VARCHAR(256) NOT NULL,
  version     BIGINT NOT NULL,
  created_by  VARCHAR(128) NOT NULL,
  created     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT collab_named_version_pk PRIMARY KEY (document_id, name),
  CONSTRAINT collab_named_version_document_fk FOREIGN KEY (document_id)
    REFERENCES collab_document (id) ON DELETE CASCADE
);
