package dev.collab.server.internal.engine;

import java.util.List;

/**
 * A document loaded on this node as an administrator sees it ({@link CollabEngine#describeLoaded}).
 *
 * @param id the document's id
 * @param type its OT type's name
 * @param version its head on this node
 * @param clients the sessions joined to it, in join order
 */
public record LoadedDocument(String id, String type, long version, List<Client> clients) {
  public LoadedDocument {
    clients = List.copyOf(clients);
  }

  /**
   * A session joined to a document.
   *
   * @param userId the user's id
   * @param userName the user's display name
   * @param client the session's client id
   */
  public record Client(String userId, String userName, String client) {}
}
