package dev.collab.client;

import dev.collab.ot.OtType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One document as a client holds it, following the client rules of the protocol: at most one op in
 * flight; local edits made meanwhile composed into one buffer; every op the server commits
 * transformed against the in-flight and buffered ops before it is applied, the server's op winning
 * ties (it was committed first, and the server breaks ties the same way, so everyone converges).
 *
 * <p>Transport-free: methods take what arrived and return what to send or to show. Not
 * thread-safe; one owner (a connection's reader, an editor's event loop) calls it.
 *
 * @param <O> the op type of the document's {@link OtType}
 */
public final class ClientDocument<O> {
  private final OtType<O> type;
  private final String doc;
  private final String client;
  /** The user this client's ops are committed as: a catch-up entry is its own only with both. */
  private final String userId;
  private final LongSupplier seqs;

  /** The last version the server confirmed to this client (by op, ack or catch-up). */
  private long version;
  /** The server's document at {@code version}. */
  private O server;
  /** What the user sees: {@code server}, then {@code inflight}, then {@code buffer}. */
  private O document;

  private @Nullable O inflight;
  private long inflightSeq;
  private @Nullable O buffer;
  /** Hears every op the server committed, in version order: {@link ClientComments} moves anchors with it. */
  private @Nullable BiConsumer<Long, O> onCommitted;

  /**
   * A document as it arrived in a {@code snapshot}, with nothing pending.
   *
   * @param type the document's OT type
   * @param doc the document's id
   * @param client this client's id, to recognise its own ops in a catch-up
   * @param userId the id of the user the server welcomed this client as: an entry of a catch-up is
   *     this client's own only when it has both this client id and this user (another user's op
   *     under the same client id is someone else's op, never this client's ack)
   * @param seqs gives the next {@code seq}; shared by every document of one client, since a seq
   *     numbers the client's submits across all documents
   * @param version the snapshot's version
   * @param snapshot the document at {@code version}
   * @throws NullPointerException when an argument is null
   */
  public ClientDocument(
      OtType<O> type, String doc, String client, String userId, long version, O snapshot, LongSupplier seqs) {
    this.type = Objects.requireNonNull(type, "type");
    this.doc = Objects.requireNonNull(doc, "doc");
    this.client = Objects.requireNonNull(client, "client");
    this.userId = Objects.requireNonNull(userId, "userId");
    this.seqs = Objects.requireNonNull(seqs, "seqs");
    this.version = version;
    this.server = Objects.requireNonNull(snapshot, "snapshot");
    this.document = snapshot;
  }

  /**
   * The document's id.
   *
   * @return the id given at construction
   */
  public String doc() {
    return doc;
  }

  /**
   * The last version the server confirmed (by snapshot, op, ack or catch-up).
   *
   * @return that version, 0 or more
   */
  public long version() {
    return version;
  }

  /**
   * What the user sees, pending ops included.
   *
   * @return the server's document with the in-flight and buffered ops applied
   */
  public O document() {
    return document;
  }

  /**
   * Whether local edits are not yet durable.
   *
   * @return true while an op is in flight or buffered
   */
  public boolean hasPending() {
    return inflight != null || buffer != null;
  }

  /**
   * The user made {@code op} on {@link #document()}. Returns the submit to send when nothing was
   * in flight; otherwise the op waits in the buffer.
   *
   * @param op an op made on {@link #document()}
   * @return the submit to send now, or empty when the op was buffered
   * @throws dev.collab.ot.InvalidOpException when {@code op} does not apply to {@link #document()};
   *     nothing changes then
   */
  public Optional<Submission<O>> edit(O op) {
    document = type.apply(document, op);
    if (inflight == null) {
      inflight = op;
      inflightSeq = seqs.getAsLong();
      return Optional.of(new Submission<>(doc, version, inflightSeq, op));
    }
    buffer = buffer == null ? op : type.compose(buffer, op);
    return Optional.empty();
  }

  /**
   * The server acknowledged {@code seq} as {@code ackVersion}. Returns the buffered ops, now to
   * be sent, if there were any.
   *
   * <p>An ack for a version already reached is a repeat (a resubmission crossed the first ack) and
   * is ignored.
   *
   * @param seq the {@code seq} the ack names
   * @param ackVersion the version the op was committed as
   * @return the submit of the buffered ops, or empty when nothing was buffered (or the ack was a
   *     repeat)
   * @throws IllegalStateException if {@code seq} is not the one in flight, or the ack is not the
   *     next version (the connection lost ops: rejoin)
   */
  public Optional<Submission<O>> ack(long seq, long ackVersion) {
    if ((inflight == null || seq != inflightSeq) && ackVersion <= version) {
      // A repeated ack of an op already counted (a resubmission crossed the first ack).
      return Optional.empty();
    }
    if (inflight == null || seq != inflightSeq) {
      throw new IllegalStateException(
          doc + ": ack for seq " + seq + " but " + (inflight == null ? "nothing" : "seq " + inflightSeq) + " is in flight");
    }
    requireNext(ackVersion, "ack");
    committed(ackVersion);
    return flush();
  }

  /**
   * Someone else's op, committed as {@code opVersion}. Returns the op to apply to what the user
   * sees (transformed over this client's pending ops), or empty for a duplicate already seen.
   *
   * @param opVersion the version the op was committed as
   * @param op the op, made on version {@code opVersion - 1}
   * @return the op to apply to what the user sees, or empty for a version already reached
   * @throws IllegalStateException on a gap (the connection lost ops: rejoin)
   */
  public Optional<O> remote(long opVersion, O op) {
    if (opVersion <= version) {
      return Optional.empty();
    }
    requireNext(opVersion, "op");
    version = opVersion;
    server = type.apply(server, op);
    if (onCommitted != null) {
      onCommitted.accept(opVersion, op);
    }
    O toApply = op;
    if (inflight != null) {
      O pending = inflight;
      inflight = type.transform(toApply, pending, true);
      toApply = type.transform(pending, toApply, false);
    }
    if (buffer != null) {
      O pending = buffer;
      buffer = type.transform(toApply, pending, true);
      toApply = type.transform(pending, toApply, false);
    }
    document = type.apply(document, toApply);
    return Optional.of(toApply);
  }

  /**
   * One entry of an {@code ops} catch-up, with the id of the user who made it.
   *
   * @param <O> the op type
   * @param version the op's version
   * @param op the op, decoded
   * @param client the id of the client that submitted it
   * @param seq that client's number for the submit
   * @param userId the id of the user who made it
   */
  public record Entry<O>(long version, O op, String client, long seq, String userId) {}

  /**
   * After a reconnect: the {@code ops} reply to {@code join} with {@code from = version()}. An entry
   * that is this client's in-flight op (this client id, this user, the in-flight seq) counts as its
   * ack; the others are remote ops. Returns the
   * submit to send next: the in-flight op again, with its original seq, if it was not committed, or
   * else the buffer.
   *
   * @param entries the {@code ops} reply's entries, in version order; versions already reached
   *     are skipped
   * @return the ops to apply to what the user sees, and the submit to send, if any
   * @throws IllegalStateException on a gap in the entries (rejoin)
   */
  public CatchUp<O> catchUp(List<Entry<O>> entries) {
    List<O> toApply = new java.util.ArrayList<>();
    for (Entry<O> entry : entries) {
      if (entry.version() <= version) {
        continue;
      }
      if (inflight != null && isOwn(entry)) {
        requireNext(entry.version(), "catch-up ack");
        committed(entry.version());
        flush();
      } else {
        remote(entry.version(), entry.op()).ifPresent(toApply::add);
      }
    }
    Optional<Submission<O>> next =
        inflight == null
            ? Optional.empty()
            : Optional.of(new Submission<>(doc, version, inflightSeq, inflight));
    return new CatchUp<>(List.copyOf(toApply), next);
  }

  /** Whether {@code entry} is this client's in-flight op: its client id, its user and its seq. */
  private boolean isOwn(Entry<O> entry) {
    return entry.seq() == inflightSeq && entry.client().equals(client) && entry.userId().equals(userId);
  }

  /**
   * What {@link #catchUp} produced.
   *
   * @param <O> the op type
   * @param toApply the ops to apply to what the user sees, in order
   * @param submit the submit to send next, if any
   */
  public record CatchUp<O>(List<O> toApply, Optional<Submission<O>> submit) {}

  /**
   * The in-flight op to send again (after a reconnect with nothing to catch up), if any.
   *
   * @return the in-flight op's submit with its original {@code seq} and the current base, or empty
   *     when nothing is in flight
   */
  public Optional<Submission<O>> resubmit() {
    return inflight == null
        ? Optional.empty()
        : Optional.of(new Submission<>(doc, version, inflightSeq, inflight));
  }

  /**
   * The server refused the in-flight op (an {@code error} answering its seq): it was not committed.
   * Its effect is undone locally, the buffered ops kept, and the buffer (if any) is sent next.
   *
   * @param seq the {@code seq} the error names
   * @return the op that undoes the refused one on what the user sees, and the next submit
   * @throws IllegalStateException when {@code seq} is not the one in flight
   */
  public Rejected<O> rejected(long seq) {
    if (inflight == null || seq != inflightSeq) {
      throw new IllegalStateException(doc + ": error for seq " + seq + ", which is not in flight");
    }
    // document = server ∘ inflight ∘ buffer. Undo inflight under the buffer: invert it against the
    // server's document, then move the inverse past the buffer.
    O undoInflight = type.invert(inflight, server);
    O undo = undoInflight;
    if (buffer != null) {
      O pending = buffer;
      buffer = type.transform(undoInflight, pending, true);
      undo = type.transform(pending, undoInflight, false);
    }
    inflight = null;
    document = type.apply(document, undo);
    return new Rejected<>(undo, flush());
  }

  /**
   * What {@link #rejected} produced.
   *
   * @param <O> the op type
   * @param undo the op to apply to what the user sees, undoing the refused op
   * @param submit the buffered ops' submit to send next, if any
   */
  public record Rejected<O>(O undo, Optional<Submission<O>> submit) {}

  /**
   * The server's document at {@link #version()}: what the user sees without pending ops.
   *
   * @return the document as last confirmed
   */
  public O serverDocument() {
    return server;
  }

  /** The in-flight op was committed as {@code committedVersion}. */
  private void committed(long committedVersion) {
    // The server committed the in-flight op transformed over the same ops this client transformed
    // it over, so applying the client's form gives the server's document.
    server = type.apply(server, inflight);
    version = committedVersion;
    if (onCommitted != null) {
      onCommitted.accept(committedVersion, inflight);
    }
    inflight = null;
  }

  /** Calls {@code hook} with every op committed from now on (remote ops and this client's acknowledged ones). */
  void onCommitted(BiConsumer<Long, O> hook) {
    onCommitted = hook;
  }

  /** This client's pending edits, in order: the in-flight op, then the buffer (each if any). */
  List<O> pending() {
    O first = inflight;
    O second = buffer;
    return first == null ? List.of() : second == null ? List.of(first) : List.of(first, second);
  }

  private Optional<Submission<O>> flush() {
    if (buffer == null) {
      return Optional.empty();
    }
    inflight = buffer;
    inflightSeq = seqs.getAsLong();
    buffer = null;
    return Optional.of(new Submission<>(doc, version, inflightSeq, inflight));
  }

  private void requireNext(long next, String what) {
    if (next != version + 1) {
      throw new IllegalStateException(
          doc + ": " + what + " for version " + next + " while at " + version + ": ops were lost, rejoin");
    }
  }
}
