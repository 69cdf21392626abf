// A document's comment threads (an extension of the protocol, docs/PROTOCOL.md "Comments"): the
// list the server sends (`threads` after a join, `thread` on every change), kept in the display
// space (the confirmed document with this tab's pending edits applied), and the `comment` commands
// this tab sends, each answered `commented` or `error` with its seq.
//
// Anchors follow the rule of dev.collab.comments.Anchor#moved: the start moves as a position with
// priority false (text inserted at the start goes before the range), the end with priority true
// (text inserted at the end stays after it); a range whose end is no longer after its start is
// detached (length 0) for good, and its position keeps moving with priority false.
//
// - A `thread`/`threads` message's anchors are in the confirmed space (its `version` is the last
//   version this client was sent): they are moved through the in-flight op, then the buffer.
// - Every change of the display (a local edit, an op of someone else as applied, a reset, an undone
//   edit) moves every anchor, and the ranges of the creates still waiting.
// - Commands go out in the order they were made, with a seq from the client's counter (submit's).
//   A create waits until no local edit is pending (its range is in the display space, which is then
//   the confirmed one), then goes out with `base` = the confirmed version. Commands sent but not
//   answered when the connection drops are sent again, with the same seq and ids, after the rejoin
//   (the server answers a create or reply it already has `commented`); unsent ones follow. So are
//   those refused `not-joined` or `draining`; any other error rejects the command's promise.
//   They do not survive a page reload.
import { Emitter } from './emitter.js';
import { isInt, isStr } from './wire.js';

/** Ids the server accepts for threads and comments. */
export const COMMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The longest comment text, in UTF-16 units. */
export const MAX_COMMENT = 4000;

/**
 * `anchor` ({index, length, detached}) after `op` (a Delta) was applied to the text it refers to:
 * a new object, as dev.collab.comments.Anchor#moved computes it.
 */
export function moveAnchor(anchor, op) {
  const start = op.transformPosition(anchor.index, false);
  if (anchor.detached) return { index: start, length: 0, detached: true };
  const end = op.transformPosition(anchor.index + anchor.length, true);
  return end > start ? { index: start, length: end - start, detached: false } : { index: start, length: 0, detached: true };
}

/** `anchor` moved through each of `ops` (Deltas or null, skipped), in order. */
export function moveThrough(anchor, ops) {
  let a = anchor;
  for (const op of ops) if (op) a = moveAnchor(a, op);
  return a;
}

/** A new random id of 22 characters of [A-Za-z0-9_-]. */
export function newCommentId(random = Math.random) {
  const bytes = new Uint8Array(16);
  if (globalThis.crypto && globalThis.crypto.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Whether `t` looks like a thread object of the wire (CommentJson). */
export function isThread(t) {
  return t !== null && typeof t === 'object' && isStr(t.id) && t.anchor !== null && typeof t.anchor === 'object'
    && isInt(t.anchor.index) && isInt(t.anchor.length) && Array.isArray(t.comments);
}

/**
 * The comment API of a CollabDocument (its base class): the threads and the commands, which
 * Comments (`this._comments`) carries out.
 */
export class Commenting extends Emitter {
  /**
   * The comment threads: [{id, anchor: {index, length, detached}, comments: [{id, user: {id, name},
   * text, created, edited}], resolved, resolvedBy, resolvedAt, revision}], anchors in the display
   * space (what `contents` shows); empty until the server sent them after the join. 'threads' is
   * emitted whenever the list or an anchor changes. The commands below resolve when the server
   * answers `commented` (createThread with the new thread's id), and reject with {code, message}.
   */
  get threads() {
    return this._comments.list;
  }

  /** Opens a thread on `range` ({index, length ≥ 1} of `contents` as it is now) with a first comment. */
  createThread(range, text) {
    return this._comments.create(range, text);
  }

  reply(threadId, text) {
    return this._comments.reply(threadId, text);
  }

  editComment(threadId, commentId, text) {
    return this._comments.edit(threadId, commentId, text);
  }

  /** Deletes a comment; deleting the first one deletes the thread. */
  deleteComment(threadId, commentId) {
    return this._comments.delete(threadId, commentId);
  }

  resolveThread(threadId) {
    return this._comments.setResolved(threadId, true);
  }

  reopenThread(threadId) {
    return this._comments.setResolved(threadId, false);
  }

}

export class Comments {
  /**
   * @param doc the CollabDocument (its `_state`, `_phase`, `client`, `emit`)
   */
  constructor(doc) {
    this.doc = doc;
    /** Thread id → thread, anchors in the display space, in the order the threads were opened. */
    this.threads = new Map();
    /** Commands not yet answered, in the order made: {action, fields, seq|null, range?, resolve, reject}. */
    this.queue = [];
    this._list = [];
  }

  /** The threads now, anchors in the display space (a new array after every change). */
  get list() {
    return this._list;
  }

  // ------------------------------------------------------------------ the API (CollabDocument's)

  create(range, text) {
    if (!range || !isInt(range.index) || !isInt(range.length) || range.index < 0 || range.length < 1) {
      return Promise.reject(argument('a thread needs a range {index, length} of length 1 or more'));
    }
    const length = this.doc.contents.length();
    if (range.index + range.length > length) {
      return Promise.reject(argument(`the range ${range.index}+${range.length} is outside the document (length ${length})`));
    }
    const bad = badText(text);
    if (bad) return Promise.reject(bad);
    const thread = newCommentId(this.doc.client.random);
    return this._command('create', { thread, comment: newCommentId(this.doc.client.random), text },
      { index: range.index, length: range.length, detached: false }).then(() => thread);
  }

  reply(thread, text) {
    return checkIds(thread) || badText(text) ? Promise.reject(checkIds(thread) || badText(text))
      : this._command('reply', { thread, comment: newCommentId(this.doc.client.random), text });
  }

  edit(thread, comment, text) {
    return checkIds(thread, comment) || badText(text) ? Promise.reject(checkIds(thread, comment) || badText(text))
      : this._command('edit', { thread, comment, text });
  }

  delete(thread, comment) {
    return checkIds(thread, comment) ? Promise.reject(checkIds(thread, comment)) : this._command('delete', { thread, comment });
  }

  setResolved(thread, resolved) {
    return checkIds(thread) ? Promise.reject(checkIds(thread)) : this._command(resolved ? 'resolve' : 'reopen', { thread });
  }

  // ------------------------------------------------------------------ from the document

  /** A thread message: `threads` (the whole list) or `thread` (one opened, changed or deleted). */
  received(m) {
    const doc = this.doc;
    const state = doc._state;
    if (!state || doc._phase !== 'live') return; // the reply to the rejoin is followed by `threads`
    if (m.version !== state.version) {
      console.warn(`collab: document ${doc.id}: a '${m.t}' message at version ${m.version} while at ${state.version}`);
    }
    const pending = [state.inflight, state.buffer];
    const shown = (t) => ({ ...t, anchor: moveThrough(normal(t.anchor), pending) });
    if (m.t === 'threads') {
      this.threads = new Map(m.threads.filter(isThread).map((t) => [t.id, shown(t)]));
    } else if (m.deleted === true) {
      if (!this.threads.delete(m.thread.id)) return;
    } else if (isThread(m.thread)) {
      this.threads.set(m.thread.id, shown(m.thread));
    } else {
      return;
    }
    this._changed();
  }

  /** `commented`: the command with this seq is done. */
  answered(m) {
    const i = this.queue.findIndex((c) => c.seq === m.seq);
    if (i < 0) return;
    const [c] = this.queue.splice(i, 1);
    c.resolve(m.thread);
  }

  /**
   * An error with a seq: true when it answers a comment command. Its promise is rejected, except for
   * `not-joined` (the document is joined again, and the command sent again after the reply) and
   * `draining` (the server closes the connection; the command goes again after the rejoin).
   */
  refused(e, error) {
    const i = this.queue.findIndex((c) => c.seq !== null && c.seq === e.seq);
    if (i < 0) return false;
    if (e.code === 'not-joined' || e.code === 'draining') {
      if (e.code === 'not-joined' && this.doc._phase === 'live') this.doc._rejoin();
      return true;
    }
    const [c] = this.queue.splice(i, 1);
    c.reject(error);
    return true;
  }

  /** The display changed by `op` (a Delta): every anchor, and every waiting create's range, moves. */
  moved(op) {
    if (op.ops.length === 0) return;
    for (const c of this.queue) {
      if (c.range && c.seq === null) c.range = moveAnchor(c.range, op);
    }
    if (this.threads.size === 0) return;
    let changed = false;
    for (const [id, t] of this.threads) {
      const a = moveAnchor(t.anchor, op);
      if (a.index !== t.anchor.index || a.length !== t.anchor.length || a.detached !== t.anchor.detached) {
        this.threads.set(id, { ...t, anchor: a });
        changed = true;
      }
    }
    if (changed) this._changed();
  }

  /**
   * A join was answered (snapshot or ops): the list is empty until `threads` comes; the commands
   * sent before are sent again, then the others.
   */
  joined() {
    if (this.threads.size > 0) {
      this.threads = new Map();
      this._changed();
    }
    for (const c of this.queue) if (c.seq !== null) this._send(c);
    this.pump();
  }

  /** Sends the commands not sent yet, in order; stops at a create while local edits are pending. */
  pump() {
    const doc = this.doc;
    if (doc._phase !== 'live' || !doc.client._ready || !doc._state) return;
    for (const c of [...this.queue]) {
      if (c.seq !== null) continue;
      if (c.action === 'create') {
        if (doc._state.hasPending) return;
        if (c.range.detached) {
          this.queue.splice(this.queue.indexOf(c), 1);
          c.reject({ code: 'detached', message: `document ${doc.id}: the text to comment on was deleted before the thread was opened`, doc: doc.id });
          continue;
        }
        c.fields.base = doc._state.version;
        c.fields.range = { index: c.range.index, length: c.range.length };
      }
      c.seq = doc.client._nextSeq();
      this._send(c);
    }
  }

  /** The document closed (or was dropped): the commands not answered fail with `error`. */
  failAll(error) {
    for (const c of this.queue.splice(0)) c.reject(error);
    if (this.threads.size > 0) {
      this.threads = new Map();
      this._changed();
    }
  }

  // ------------------------------------------------------------------ helpers

  _command(action, fields, range) {
    const doc = this.doc;
    if (doc._phase === 'closed') return Promise.reject({ code: 'closed', message: `document ${doc.id} is closed`, doc: doc.id });
    if (!doc._state) return Promise.reject({ code: 'not-open', message: `document ${doc.id} is not open yet`, doc: doc.id });
    return new Promise((resolve, reject) => {
      this.queue.push({ action, fields, range: range || null, seq: null, resolve, reject });
      this.pump();
    });
  }

  _send(c) {
    this.doc.client._send({ t: 'comment', doc: this.doc.id, seq: c.seq, action: c.action, ...c.fields });
  }

  _changed() {
    this._list = [...this.threads.values()];
    this.doc.emit('threads', this._list);
  }
}

function normal(a) {
  const length = Math.max(0, a.length);
  return { index: Math.max(0, a.index), length, detached: a.detached === true || length === 0 };
}

function argument(message) {
  return { code: 'bad-argument', message };
}

function checkIds(...ids) {
  for (const id of ids) if (!isStr(id) || !COMMENT_ID.test(id)) return argument(`not a thread or comment id: ${JSON.stringify(id)}`);
  return null;
}

function badText(text) {
  if (!isStr(text) || text.trim() === '') return argument('a comment needs a text that is not blank');
  if (text.length > MAX_COMMENT) return { code: 'too-large', message: `a comment is at most ${MAX_COMMENT} characters, this one has ${text.length}` };
  return null;
}
