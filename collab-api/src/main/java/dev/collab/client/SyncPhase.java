package dev.collab.client;

/** Where a document of a {@link DocumentSync} stands on the current connection. */
enum SyncPhase {
  /** First join sent (or waiting for a connection to send it); no snapshot yet. */
  OPENING,
  /** Joined before; waiting for the reply to a rejoin (or for a connection to send it). */
  REJOINING,
  /** Joined on the current connection, receiving ops. */
  LIVE,
  /** Closed: no longer part of the client. */
  CLOSED
}
