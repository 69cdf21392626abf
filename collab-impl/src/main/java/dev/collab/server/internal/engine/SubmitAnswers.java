package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;

/**
 * How one document answers a submit that is not committed now: an error to the submitting session
 * (which counts it as answered) and to the request's future, or, for a resubmission of a committed
 * op, the ack of its original version. Every submit is answered exactly once.
 */
final class SubmitAnswers {
  private final String id;
  private final EngineMetrics metrics;

  SubmitAnswers(String id, EngineMetrics metrics) {
    this.id = id;
    this.metrics = metrics;
  }

  void fail(SubmitRequest<?> request, ErrorCode code, String message) {
    if (request.session != null) {
      error(request.session, request.seq, code, message);
    } else {
      // A session's refusals are counted where they reach its listener (RejectionCounter).
      metrics.observer.rejected(code);
    }
    request.result.completeExceptionally(new CollabException(code, message));
  }

  void error(Session session, long seq, ErrorCode code, String message) {
    session.answered(id);
    session.listener().error(id, seq, code, message);
  }

  /** The request was committed before as {@code existing}: acknowledged again, not applied twice. */
  void duplicate(SubmitRequest<?> request, CommittedOp existing) {
    if (!existing.userId().equals(request.user.id())) {
      fail(request, ErrorCode.FORBIDDEN, "client " + request.client + " belongs to another user");
      return;
    }
    metrics.duplicates.incrementAndGet();
    if (request.session != null) {
      request.session.answered(id);
      request.session.listener().ack(id, request.seq, existing.version());
    }
    request.result.complete(existing);
  }
}
