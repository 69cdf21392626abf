package dev.collab.server.internal.engine;

import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * A session's listener that tells the {@link EngineObserver} of every submit refused with an error
 * (an error that carries a {@code seq}), wherever in the engine it was refused, and passes
 * everything on: every method of {@link SessionListener}, the defaults too, so that the connection
 * behind it acts as without an observer ({@code RejectionCounterTest}). Only put between a session and its listener when the engine has an observer.
 */
final class RejectionCounter implements SessionListener {
  private final SessionListener delegate;
  private final EngineObserver observer;

  private RejectionCounter(SessionListener delegate, EngineObserver observer) {
    this.delegate = delegate;
    this.observer = observer;
  }

  /** {@code listener}, counting its refused submits when there is an observer to count them. */
  static SessionListener wrap(SessionListener listener, EngineObserver observer) {
    return observer == EngineObserver.NONE ? listener : new RejectionCounter(listener, observer);
  }

  @Override
  public void error(String documentId, @Nullable Long seq, ErrorCode code, String message) {
    if (seq != null) {
      observer.rejected(code);
    }
    delegate.error(documentId, seq, code, message);
  }

  @Override
  public void joined(JoinReply reply) {
    delegate.joined(reply);
  }

  @Override
  public void op(String documentId, CommittedOp op) {
    delegate.op(documentId, op);
  }

  @Override
  public void ack(String documentId, long seq, long version) {
    delegate.ack(documentId, seq, version);
  }

  @Override
  public void presence(String documentId, String client, String userId, String userName, JsonValue range,
      @Nullable JsonObject meta) {
    delegate.presence(documentId, client, userId, userName, range, meta);
  }

  @Override
  public void presenceGone(String documentId, String client, String userId, String userName) {
    delegate.presenceGone(documentId, client, userId, userName);
  }

  @Override
  public void left(String documentId) {
    delegate.left(documentId);
  }

  @Override
  public void accessChanged(String documentId, dev.collab.Access access) {
    delegate.accessChanged(documentId, access);
  }

  @Override
  public void threads(String documentId, long version, java.util.List<dev.collab.comments.CommentThread> threads) {
    delegate.threads(documentId, version, threads);
  }

  @Override
  public void thread(String documentId, long version, dev.collab.comments.CommentThread thread) {
    delegate.thread(documentId, version, thread);
  }

  @Override
  public void threadDeleted(String documentId, long version, String threadId) {
    delegate.threadDeleted(documentId, version, threadId);
  }

  @Override
  public void commented(String documentId, long seq, String threadId) {
    delegate.commented(documentId, seq, threadId);
  }

  @Override
  public void unloaded(String documentId) {
    delegate.unloaded(documentId);
  }

  @Override
  public void replaced() {
    delegate.replaced();
  }

  @Override
  public void refused(@Nullable String documentId, String reason) {
    delegate.refused(documentId, reason);
  }

  @Override
  public void beginBatch() {
    delegate.beginBatch();
  }

  @Override
  public void endBatch() {
    delegate.endBatch();
  }
}
