// One document as a client holds it, following the client rules of the protocol (a port of the
// Java client's dev.collab.client.ClientDocument, with the same semantics and edge cases): at most
// one op in flight; local edits made meanwhile composed into one buffer; every op the server
// commits transformed against the in-flight and buffered ops before it is applied, the server's op
// winning ties (it was committed first, and the server breaks ties the same way).
//
// Transport-free: methods take what arrived and return what to send or to show.
import Delta from 'quill-delta';

/** Thrown when the op stream has a gap or an unexpected ack: the caller rejoins. */
export class LostOpsError extends Error {}

export class ClientDocument {
  /**
   * @param {string} doc the document id
   * @param {string} client this client's id, to recognise its own ops in a catch-up
   * @param {number} version the version of `snapshot`
   * @param {Delta} snapshot the server's document at `version`
   * @param {() => number} nextSeq gives the next seq (shared by all documents of one client)
   * @param {object} [pending] restored pending work: {inflight, inflightSeq, buffer}
   */
  constructor(doc, client, version, snapshot, nextSeq, pending) {
    this.doc = doc;
    this.client = client;
    this.nextSeq = nextSeq;
    /** The last version the server confirmed to this client. */
    this.version = version;
    /** The server's document at `version`. */
    this.server = new Delta(snapshot);
    this.inflight = null;
    this.inflightSeq = 0;
    this.buffer = null;
    /** How many local edits the in-flight op and the buffer hold (for "N unsent edits"). */
    this.inflightEdits = 0;
    this.bufferEdits = 0;
    if (pending && pending.inflight) {
      this.inflight = new Delta(pending.inflight);
      this.inflightSeq = pending.inflightSeq;
      this.inflightEdits = pending.inflightEdits || 1;
      this.buffer = pending.buffer ? new Delta(pending.buffer) : null;
      this.bufferEdits = this.buffer ? pending.bufferEdits || 1 : 0;
    }
    /** What the user sees: server, then inflight, then buffer. */
    this.document = this.server;
    if (this.inflight) this.document = this.document.compose(this.inflight);
    if (this.buffer) this.document = this.document.compose(this.buffer);
  }

  get hasPending() {
    return this.inflight !== null || this.buffer !== null;
  }

  /** Local edits not yet acknowledged. */
  get pendingCount() {
    return this.inflightEdits + this.bufferEdits;
  }

  /** The user made `op` on `document`. Returns the submit to send, or null if the op was buffered. */
  edit(op) {
    requireApplies(this.document, op);
    this.document = this.document.compose(op);
    if (this.inflight === null) {
      this.inflight = op;
      this.inflightSeq = this.nextSeq();
      this.inflightEdits = 1;
      return this.submission();
    }
    this.buffer = this.buffer === null ? op : this.buffer.compose(op);
    this.bufferEdits++;
    return null;
  }

  /**
   * The server acknowledged `seq` as `ackVersion`. Returns the buffer, now to be sent, if any. An
   * ack of a version already reached is a repeat (a resubmission crossed the first ack): ignored.
   */
  ack(seq, ackVersion) {
    if ((this.inflight === null || seq !== this.inflightSeq) && ackVersion <= this.version) {
      return null;
    }
    if (this.inflight === null || seq !== this.inflightSeq) {
      throw new LostOpsError(`${this.doc}: ack for seq ${seq} but ${this.inflight === null ? 'nothing' : 'seq ' + this.inflightSeq} is in flight`);
    }
    this.requireNext(ackVersion, 'ack');
    this.committed(ackVersion);
    return this.flush();
  }

  /**
   * Someone else's op, committed as `opVersion`. Returns the op to apply to what the user sees
   * (transformed over the pending ops), or null for a duplicate already seen.
   */
  remote(opVersion, op) {
    if (opVersion <= this.version) return null;
    this.requireNext(opVersion, 'op');
    requireApplies(this.server, op);
    this.version = opVersion;
    this.server = this.server.compose(op);
    let toApply = op;
    if (this.inflight !== null) {
      const pending = this.inflight;
      this.inflight = toApply.transform(pending, true);
      toApply = pending.transform(toApply, false);
    }
    if (this.buffer !== null) {
      const pending = this.buffer;
      this.buffer = toApply.transform(pending, true);
      toApply = pending.transform(toApply, false);
    }
    this.document = this.document.compose(toApply);
    return toApply;
  }

  /**
   * After a reconnect: the `ops` reply to `join` with `from = version`. An entry that is this
   * client's in-flight op (this client id, this user and the in-flight seq) counts as its ack; the
   * others are remote ops, also one of another user under this client id: taking it for the ack
   * would lose the in-flight op without an error.
   * @param {object[]} entries the reply's entries: {version, op, client, seq, user}
   * @param {string|null} userId the user the server welcomed this connection as; without one no
   *     entry counts as the ack (the in-flight op is resubmitted, and the server acks it if it was
   *     committed)
   * @returns {{toApply: {op: Delta, entry}[], submit: object|null, acked: {seq, version}|null}}
   */
  catchUp(entries, userId) {
    const toApply = [];
    let acked = null;
    for (const entry of entries) {
      if (entry.version <= this.version) continue;
      if (this.inflight !== null && this.isOwn(entry, userId)) {
        this.requireNext(entry.version, 'catch-up ack');
        acked = { seq: this.inflightSeq, version: entry.version };
        this.committed(entry.version);
        this.flush();
      } else {
        const applied = this.remote(entry.version, entry.op);
        if (applied !== null) toApply.push({ op: applied, entry });
      }
    }
    return { toApply, submit: this.inflight === null ? null : this.submission(), acked };
  }

  /** Whether `entry` is this client's in-flight op: its client id, its user and its seq. */
  isOwn(entry, userId) {
    return entry.seq === this.inflightSeq && entry.client === this.client
      && typeof userId === 'string' && entry.user != null && entry.user.id === userId;
  }

  /** The in-flight op to send again, or null. */
  resubmit() {
    return this.inflight === null ? null : this.submission();
  }

  /**
   * The server refused the in-flight op: it was not committed. Its effect is undone locally, the
   * buffer kept (and sent next).
   * @returns {{undo: Delta, submit: object|null}}
   */
  rejected(seq) {
    if (this.inflight === null || seq !== this.inflightSeq) {
      throw new Error(`${this.doc}: error for seq ${seq}, which is not in flight`);
    }
    // document = server ∘ inflight ∘ buffer: invert inflight against the server's document, then
    // move the inverse past the buffer.
    const undoInflight = this.inflight.invert(this.server);
    let undo = undoInflight;
    if (this.buffer !== null) {
      const pending = this.buffer;
      this.buffer = undoInflight.transform(pending, true);
      undo = pending.transform(undoInflight, false);
    }
    this.inflight = null;
    this.inflightSeq = 0;
    this.inflightEdits = 0;
    this.document = this.document.compose(undo);
    return { undo, submit: this.flush() };
  }

  /** What survives a page reload: see tab-state.js. */
  pendingState() {
    return {
      inflight: this.inflight && this.inflight.ops,
      inflightSeq: this.inflightSeq,
      inflightEdits: this.inflightEdits,
      buffer: this.buffer && this.buffer.ops,
      bufferEdits: this.bufferEdits,
    };
  }

  submission() {
    return { doc: this.doc, base: this.version, seq: this.inflightSeq, op: this.inflight };
  }

  committed(version) {
    // The server committed the in-flight op transformed over the same ops this client transformed
    // it over, so applying the client's form gives the server's document.
    this.server = this.server.compose(this.inflight);
    this.version = version;
    this.inflight = null;
    this.inflightSeq = 0;
    this.inflightEdits = 0;
  }

  flush() {
    if (this.buffer === null) return null;
    this.inflight = this.buffer;
    this.inflightSeq = this.nextSeq();
    this.inflightEdits = this.bufferEdits;
    this.buffer = null;
    this.bufferEdits = 0;
    return this.submission();
  }

  requireNext(next, what) {
    if (next !== this.version + 1) {
      throw new LostOpsError(`${this.doc}: ${what} for version ${next} while at ${this.version}: ops were lost, rejoin`);
    }
  }
}

/** Length of a document delta (inserts only). */
export function documentLength(delta) {
  return delta.length();
}

/**
 * Throws unless `op` is a well-formed delta whose retains and deletes fit in `document` (quill-delta
 * itself would silently extend or clip).
 */
export function requireApplies(document, op) {
  if (!op || !Array.isArray(op.ops)) throw new TypeError('an op must be a Delta');
  let reach = 0;
  for (const o of op.ops) {
    if (o === null || typeof o !== 'object') throw new TypeError('an op component must be an object');
    if (typeof o.retain === 'number') {
      if (!(o.retain > 0) || !Number.isInteger(o.retain)) throw new TypeError('retain must be a positive integer');
      reach += o.retain;
    } else if (typeof o.delete === 'number') {
      if (!(o.delete > 0) || !Number.isInteger(o.delete)) throw new TypeError('delete must be a positive integer');
      reach += o.delete;
    } else if (o.insert === undefined && !(o.retain && typeof o.retain === 'object')) {
      throw new TypeError('an op component must insert, retain or delete');
    } else if (o.retain && typeof o.retain === 'object') {
      reach += 1;
    }
  }
  const length = document.length();
  if (reach > length) {
    throw new RangeError(`the op reaches ${reach} but the document is ${length} long`);
  }
}
