package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.ot.InvalidOpException;
import dev.collab.ot.OtType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prepares one batch of submits for an append: checks each (session, binding, write access, base),
 * answers resubmissions of committed ops (dedup by client and seq), transforms each over the ops
 * committed since its base and over the batch's earlier ops, and applies it to the document
 * tentatively. The batch's result is what goes to the store.
 *
 * <p>Confined to the document's turn.
 *
 * @param <O> the document's op type
 */
final class BatchTransform<O> {
  private static final System.Logger LOG = System.getLogger(BatchTransform.class.getName());
  private final DocumentSequencer<O> turn;
  private final DocumentContext context;
  private final String id;
  private final DocumentState<O> state;
  private final SubmitAnswers answers;

  /** What a batch became: the requests accepted, their ops as transformed, and as they are appended. */
  static final class Prepared<O> {
    final List<SubmitRequest<O>> accepted = new ArrayList<>();
    final List<CommittedOp> toAppend = new ArrayList<>();
    final List<O> transformed = new ArrayList<>();
    /** Whether the document was changed (and must be rebuilt if the append fails). */
    boolean documentChanged;
    /** The document's encoded size through the batch ({@code collab.max-document-bytes}). */
    final BatchSize<O> size;

    Prepared(BatchSize<O> size) {
      this.size = size;
    }
  }

  BatchTransform(DocumentSequencer<O> turn, DocumentContext context, String id, DocumentState<O> state,
      SubmitAnswers answers) {
    this.turn = turn;
    this.context = context;
    this.id = id;
    this.state = state;
    this.answers = answers;
  }

  /**
   * Transforms and checks every request of the batch against the head and against the requests
   * before it, applying each to the document tentatively. Requests that fail, or that were
   * committed already (a resubmission), are answered here and left out.
   */
  Prepared<O> prepare(List<SubmitRequest<O>> batch, int attempt) {
    turn.checkTurn();
    Prepared<O> prepared = new Prepared<>(new BatchSize<>(context, id, state));
    List<SubmitRequest<O>> accepted = prepared.accepted;
    List<O> transformed = prepared.transformed;
    OtType<O> t = state.type();
    long head = state.head();
    // Only a batch of several submits can hold one twice: no map for the usual batch of one.
    @Nullable Map<SubmitKey, Integer> inBatch = batch.size() > 1 ? new HashMap<>() : null;
    for (SubmitRequest<O> request : batch) {
      if (request.session != null && request.session.isClosed()) {
        request.result.completeExceptionally(new CollabException(ErrorCode.INTERNAL, "session closed"));
        continue;
      }
      if (request.session != null && !request.session.isBound()) {
        // Not reached through a join (which binds or refuses): never commit under an unbound id.
        answers.fail(request, ErrorCode.FORBIDDEN, "client " + request.client + " is not bound to user " + request.user.id());
        continue;
      }
      Access access = context.access().access(request.user, id, false);
      if (!access.allows(Access.WRITE)) {
        answers.fail(request, ErrorCode.FORBIDDEN, "no write access to document " + id);
        continue;
      }
      long base = request.base < 0 ? head : request.base;
      if (base > head) {
        answers.fail(request, ErrorCode.VERSION_AHEAD, "base " + base + " is ahead of the head " + head);
        continue;
      }
      state.noteLag(base);
      CommittedOp existing;
      try {
        existing = state.findCommitted(request.client, request.seq, base, attempt > 0);
      } catch (RuntimeException e) {
        context.metrics().observer.storeFailed("read");
        LOG.log(System.Logger.Level.WARNING, "collab: document " + id + ": looking up submit " + request.seq
            + " of client " + request.client + " (user " + request.user.id() + ") in the store failed; answered internal", e);
        answers.fail(request, ErrorCode.INTERNAL, "storage failed: " + e);
        continue;
      }
      if (existing != null) {
        answers.duplicate(request, existing);
        continue;
      }
      if (inBatch != null && inBatch.containsKey(request.key())) {
        // The same submit twice in one batch: answer the second with the first's result.
        SubmitRequest<O> first = accepted.get(inBatch.get(request.key()));
        first.result.whenComplete(
            (c, e) -> {
              if (c != null) {
                answers.duplicate(request, c);
              } else {
                ErrorCode code = e instanceof CollabException ? ((CollabException) e).code() : ErrorCode.INTERNAL;
                answers.fail(request, code, String.valueOf(e.getMessage()));
              }
            });
        continue;
      }
      O op;
      try {
        op = state.transformFromBase(request.op, base);
        for (O earlier : transformed) {
          op = t.transform(earlier, op, true);
        }
        CollabException tooLarge = prepared.size.refusal(op);
        if (tooLarge != null) {
          answers.fail(request, tooLarge.code(), tooLarge.getMessage());
          continue;
        }
        state.document().apply(op);
      } catch (InvalidOpException e) {
        answers.fail(request, e.code(), e.getMessage());
        continue;
      } catch (CollabException e) {
        answers.fail(request, e.code(), e.getMessage());
        continue;
      } catch (RuntimeException e) {
        // Not an invalid op (those are the two above): the store (reading old ops) or the OT type failed.
        LOG.log(System.Logger.Level.WARNING, "collab: document " + id + ": transforming submit " + request.seq
            + " of client " + request.client + " (user " + request.user.id() + ") failed; answered internal", e);
        answers.fail(request, ErrorCode.INTERNAL, "failed: " + e);
        continue;
      }
      prepared.documentChanged = true;
      if (state.document().length() > context.config().maxDocumentLength()) {
        // Undo by rebuilding, then redo the ones accepted so far (rare: a document at its limit).
        state.rebuildToHead();
        for (O earlier : transformed) {
          state.document().apply(earlier);
        }
        answers.fail(request, ErrorCode.TOO_LARGE,
            "the op would make the document longer than " + context.config().maxDocumentLength());
        continue;
      }
      prepared.size.applied();
      if (inBatch != null) {
        inBatch.put(request.key(), accepted.size());
      }
      context.metrics().observer.transformed((int) Math.min(Integer.MAX_VALUE, head - base + transformed.size()));
      accepted.add(request);
      transformed.add(op);
      prepared.toAppend.add(new CommittedOp(id, head + prepared.toAppend.size() + 1, t.encodeToString(op),
          request.client, request.seq, request.user.id(), request.user.name(), context.now()));
    }
    return prepared;
  }
}
