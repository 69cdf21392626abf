package dev.collab.client;

import dev.collab.protocol.ServerMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The documents open on one {@link CollabClient}, by id: routes the server's per-document
 * messages to them and tells all of them when the connection comes, goes, or ends for good.
 * Confined to the client's event thread.
 */
final class OpenDocuments {
  private final Map<String, SharedDocument<?>> documents = new LinkedHashMap<>();

  /**
   * Adds {@code shared} and, when the connection is {@code ready}, sends its join.
   *
   * @return completed once its snapshot arrived
   * @throws IllegalStateException if a document of that id is open already
   */
  <O> CompletableFuture<SharedDocument<O>> open(SharedDocument<O> shared, boolean ready) {
    if (documents.containsKey(shared.id())) {
      throw new IllegalStateException("document " + shared.id() + " is already open on this client");
    }
    documents.put(shared.id(), shared);
    if (ready) {
      shared.connected();
    }
    return shared.opened();
  }

  /** Removes {@code shared}, unless another document of the same id replaced it. */
  void remove(SharedDocument<?> shared) {
    documents.remove(shared.id(), shared);
  }

  /**
   * Hands {@code message} to its document, if it is open.
   *
   * @return false when the message concerns no document (it is the connection's to handle)
   */
  boolean route(ServerMessage message) {
    String doc = docOf(message);
    if (doc == null) {
      return false;
    }
    SharedDocument<?> shared = documents.get(doc);
    if (shared != null) {
      shared.onMessage(message);
    }
    return true;
  }

  void connected() {
    for (SharedDocument<?> shared : List.copyOf(documents.values())) {
      shared.connected();
    }
  }

  void disconnected() {
    for (SharedDocument<?> shared : List.copyOf(documents.values())) {
      shared.disconnected();
    }
  }

  /** Closes every document locally with {@code why} and forgets them all. */
  void closeAll(Throwable why) {
    for (SharedDocument<?> shared : List.copyOf(documents.values())) {
      shared.closeLocally(why);
    }
    documents.clear();
  }

  private static @Nullable String docOf(ServerMessage m) {
    if (m instanceof ServerMessage.Snapshot) {
      return ((ServerMessage.Snapshot) m).doc();
    } else if (m instanceof ServerMessage.Ops) {
      return ((ServerMessage.Ops) m).doc();
    } else if (m instanceof ServerMessage.Op) {
      return ((ServerMessage.Op) m).doc();
    } else if (m instanceof ServerMessage.Ack) {
      return ((ServerMessage.Ack) m).doc();
    } else if (m instanceof ServerMessage.Presence) {
      return ((ServerMessage.Presence) m).doc();
    } else if (m instanceof ServerMessage.PresenceGone) {
      return ((ServerMessage.PresenceGone) m).doc();
    } else if (m instanceof ServerMessage.Left) {
      return ((ServerMessage.Left) m).doc();
    } else if (m instanceof ServerMessage.Error) {
      return ((ServerMessage.Error) m).doc();
    } else if (m instanceof ServerMessage.AccessChanged) {
      return ((ServerMessage.AccessChanged) m).doc();
    } else if (m instanceof ServerMessage.Threads) {
      return ((ServerMessage.Threads) m).doc();
    } else if (m instanceof ServerMessage.ThreadChanged) {
      return ((ServerMessage.ThreadChanged) m).doc();
    } else if (m instanceof ServerMessage.ThreadDeleted) {
      return ((ServerMessage.ThreadDeleted) m).doc();
    } else if (m instanceof ServerMessage.Commented) {
      return ((ServerMessage.Commented) m).doc();
    }
    return null;
  }
}
