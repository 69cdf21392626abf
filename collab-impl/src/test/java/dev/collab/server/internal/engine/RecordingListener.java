package dev.collab.server.internal.engine;

import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** A {@link SessionListener} that records every event, for tests to wait on. */
final class RecordingListener implements SessionListener {
  /** One event: its kind and fields. */
  record Event(String kind, String doc, @Nullable Object a, @Nullable Object b, @Nullable Object c) {
    @Override
    public String toString() {
      return kind + " " + doc + " " + a + " " + b + " " + c;
    }
  }

  final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  final List<Event> seen = new ArrayList<>();

  @Override
  public void joined(JoinReply reply) {
    events.add(new Event("joined", reply.documentId(), reply, null, null));
  }

  @Override
  public void op(String documentId, CommittedOp op) {
    events.add(new Event("op", documentId, op, null, null));
  }

  @Override
  public void ack(String documentId, long seq, long version) {
    // the thread that delivered the ack (SubmitThreadTest)
    events.add(new Event("ack", documentId, seq, version, Thread.currentThread().getName()));
  }

  @Override
  public void error(String documentId, @Nullable Long seq, ErrorCode code, String message) {
    events.add(new Event("error", documentId, seq, code, message));
  }

  @Override
  public void presence(String documentId, String client, String userId, String userName, JsonValue range, @Nullable JsonObject meta) {
    events.add(new Event("presence", documentId, client, range, meta));
  }

  @Override
  public void presenceGone(String documentId, String client, String userId, String userName) {
    events.add(new Event("gone", documentId, client, null, null));
  }

  @Override
  public void accessChanged(String documentId, dev.collab.Access access) {
    events.add(new Event("access", documentId, access, null, null));
  }

  @Override
  public void threads(String documentId, long version, List<dev.collab.comments.CommentThread> threads) {
    events.add(new Event("threads", documentId, version, threads, null));
  }

  @Override
  public void thread(String documentId, long version, dev.collab.comments.CommentThread thread) {
    events.add(new Event("thread", documentId, version, thread, null));
  }

  @Override
  public void threadDeleted(String documentId, long version, String threadId) {
    events.add(new Event("thread-deleted", documentId, version, threadId, null));
  }

  @Override
  public void commented(String documentId, long seq, String threadId) {
    events.add(new Event("commented", documentId, seq, threadId, null));
  }

  @Override
  public void left(String documentId) {
    events.add(new Event("left", documentId, null, null, null));
  }

  @Override
  public void beginBatch() {
    events.add(new Event("begin", "", null, null, null));
  }

  @Override
  public void endBatch() {
    events.add(new Event("end", "", null, null, null));
  }

  @Override
  public void replaced() {
    events.add(new Event("replaced", "", null, null, null));
  }

  @Override
  public void refused(@Nullable String documentId, String reason) {
    events.add(new Event("refused", documentId == null ? "" : documentId, reason, null, null));
  }

  /** Waits for the next event matching {@code match}, skipping others; fails after 10 s. */
  Event next(String kind) {
    return next(e -> e.kind().equals(kind), kind);
  }

  Event next(Predicate<Event> match, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try {
      while (true) {
        Event event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (event == null) {
          throw new AssertionError("no " + what + " event within 10 s; seen " + seen);
        }
        seen.add(event);
        if (match.test(event)) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The events that arrived so far, without waiting. */
  List<Event> drain() {
    List<Event> drained = new ArrayList<>();
    events.drainTo(drained);
    seen.addAll(drained);
    return drained;
  }
}
