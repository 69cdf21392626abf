// The way out of a document's local edits: the in-flight op sent as a `submit` unless it is too
// large for the server, a transient refusal (rate-limited, retry-exhausted, draining, internal)
// retried with the same seq after a backoff, at most maxSubmitRetries times, and a refusal for
// good undone: the op is taken back out of what the user sees (a 'change' with `rejected`), and
// the buffer, rebased over that undo, goes next. The op state itself (in flight, buffer, rebase)
// is client-document.js's; this decides when to send, retry or undo.
//
// (The user's own undo, of edits the server accepted, is Quill's History module: see
// collab-quill.js.)

/** Error codes of a refused submit that are worth retrying with the same seq. */
export const TRANSIENT = new Set(['rate-limited', 'retry-exhausted', 'draining', 'internal']);

export class Submitter {
  /** @param doc the CollabDocument whose edits this sends */
  constructor(doc) {
    this.doc = doc;
    /** Resubmissions of the in-flight op after transient refusals, since it was last acked. */
    this.retries = 0;
    this.retryTimer = null;
  }

  /** Sends `s` (a submission of client-document.js) if the document is live. */
  send(s) {
    const doc = this.doc;
    const client = doc.client;
    if (doc._phase !== 'live') return;
    const message = { t: 'submit', doc: s.doc, base: s.base, seq: s.seq, op: s.op.ops };
    const max = Number(client.limits && client.limits.maxMessageBytes) || 0;
    if (max > 0) {
      const bytes = new TextEncoder().encode(JSON.stringify(message)).length;
      if (bytes > max) {
        // The server would close the connection (1009), and the resubmission after the reconnect
        // would meet the same fate: refuse it here, as the server refuses an op over its limits.
        this.undo(doc._state, s.seq, {
          code: 'too-large',
          message: `document ${doc.id}: an edit of ${bytes} bytes is over the server's maxMessageBytes (${max}); it was undone`,
          doc: doc.id,
          seq: s.seq,
        });
        return;
      }
    }
    client._send(message);
  }

  /** The server answered the in-flight op of `state` with error `e` (reported as `error`). */
  refused(state, e, error) {
    const doc = this.doc;
    const client = doc.client;
    const seq = e.seq;
    if (e.code === 'history-gone' || e.code === 'not-joined') {
      // Not a verdict on the op: rejoin, and the catch-up decides whether to resubmit it.
      doc._error(error);
      doc._rejoin();
      return;
    }
    if (TRANSIENT.has(e.code) && this.retries < client.maxSubmitRetries) {
      const delay = client.backoff.delay(this.retries++, client.random);
      this.cancelRetry();
      this.retryTimer = client._setTimeout(() => {
        this.retryTimer = null;
        if (doc._phase === 'live' && doc._state === state && state.inflightSeq === seq) {
          const again = state.resubmit();
          if (again) this.send(again);
        }
      }, delay);
      return;
    }
    this.undo(state, seq, error);
  }

  /** The server (or the size check) refused the in-flight op for good: undo it, send the buffer. */
  undo(state, seq, error) {
    const doc = this.doc;
    this.retries = 0;
    this.cancelRetry();
    const rejected = state.rejected(seq);
    doc._moved(rejected.undo);
    doc._save();
    doc.emit('change', rejected.undo, { rejected: true, error });
    doc._error(error);
    if (rejected.submit) this.send(rejected.submit);
    doc._checkSynced();
  }

  /** The in-flight op was acknowledged (or a fresh state replaced it): retries start over. */
  acked() {
    this.retries = 0;
  }

  cancelRetry() {
    if (this.retryTimer !== null) {
      this.doc.client._clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }
}
