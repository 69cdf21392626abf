-- Collab JPA store, schema version 2: client ids bound to their users (DocumentStore.bindClient).
-- A client id belongs for good to the user who first used it; the primary key makes the first of
-- two concurrent binders win. One row per client id (a browser tab), never updated.

CREATE TABLE collab_client (
  client_id VARCHAR(64) COLLATE "C" NOT NULL,
  user_id   VARCHAR(128) NOT NULL,
  bound_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT collab_client_pk PRIMARY KEY (client_id)
);
