package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * What an administrator does to one loaded document ({@link CollabEngine#describeLoaded},
 * {@link CollabEngine#snapshotNow}, {@link CollabEngine#unload}), each on the document's turn. None
 * of them loads a document: one that is not loaded (or was unloaded meanwhile) answers empty.
 * Unlike a client's request, none counts as activity for the idle unload.
 *
 * @param <O> the document's op type
 */
final class DocumentAdmin<O> {
  private final DocumentSequencer<O> turn;
  private final String id;
  private final DocumentState<O> state;
  private final FanOut fanOut;
  private final PresenceRelay presence;
  private final SubmitPath<O> submits;
  private final Snapshots<O> snapshots;
  private final DocumentLifecycle<O> lifecycle;

  DocumentAdmin(DocumentSequencer<O> turn, String id, DocumentState<O> state, FanOut fanOut, PresenceRelay presence,
      SubmitPath<O> submits, Snapshots<O> snapshots, DocumentLifecycle<O> lifecycle) {
    this.turn = turn;
    this.id = id;
    this.state = state;
    this.fanOut = fanOut;
    this.presence = presence;
    this.submits = submits;
    this.snapshots = snapshots;
    this.lifecycle = lifecycle;
  }

  /** Its id, type, head and joined sessions; empty when it is not loaded. */
  CompletableFuture<Optional<LoadedDocument>> describe() {
    return onTurn(result -> {
      List<LoadedDocument.Client> clients = new ArrayList<>();
      for (Session session : fanOut.subscribers()) {
        clients.add(new LoadedDocument.Client(session.user().id(), session.user().name(), session.client()));
      }
      result.complete(Optional.of(new LoadedDocument(id, state.type().name(), state.head(), clients)));
    });
  }

  /** Saves a snapshot at the head now; completes with its version once saved ({@link Snapshots#saveNow}). */
  CompletableFuture<Optional<Long>> snapshot() {
    return onTurn(result -> snapshots.saveNow().whenComplete((version, failure) -> {
      if (failure instanceof RejectedExecutionException) {
        result.completeExceptionally(new CollabException(ErrorCode.RATE_LIMITED,
            "the background queue is full; snapshot of document " + id + " not taken, try again"));
      } else if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(Optional.of(version));
      }
    }));
  }

  /**
   * Unloads the document from this node although clients use it: its submits not yet committed are
   * refused with {@code draining} (as at any unload), every joined session is told
   * ({@link SessionListener#unloaded}: a connection closes with 1001, as in a drain) and dropped,
   * then the sequencer closes, with its application listeners. The next request loads the
   * document afresh from the store. Completes with the number of sessions told; with an
   * {@link IllegalStateException}, and nothing done, when the application listens to the document
   * on this node ({@code Collab.listen}): its listeners would stop hearing it.
   */
  CompletableFuture<Optional<Integer>> unload() {
    return onTurn(result -> {
      if (fanOut.hasListeners()) {
        result.completeExceptionally(new IllegalStateException("the application listens to document " + id
            + " on this node (Collab.listen): not unloaded, its listeners would stop hearing it"));
        return;
      }
      submits.failPending(ErrorCode.DRAINING, "document " + id + " was unloaded by an administrator; resubmit");
      List<Session> joined = List.copyOf(fanOut.subscribers());
      fanOut.clearSubscribers();
      presence.clear();
      lifecycle.close();
      for (Session session : joined) {
        session.dropped(id);
        session.listener().unloaded(id);
      }
      result.complete(Optional.of(joined.size()));
    });
  }

  /** Runs {@code task} on the turn if the document is loaded there; else completes empty. */
  private <T> CompletableFuture<Optional<T>> onTurn(Consumer<CompletableFuture<Optional<T>>> task) {
    CompletableFuture<Optional<T>> result = new CompletableFuture<>();
    turn.execute(() -> {
      try {
        if (lifecycle.isClosed() || !lifecycle.isLoaded()) {
          result.complete(Optional.empty());
        } else {
          task.accept(result);
        }
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }
}
