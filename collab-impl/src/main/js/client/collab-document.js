// One document opened through a CollabClient: its phases (opening, live, rejoining, closed), what
// each server message does to it (snapshot, the catch-up after a rejoin, others' ops, acks,
// errors), and its state saved after every change. The op bookkeeping (in flight, buffer,
// transforms) is client-document.js; presence is presence.js; sending, retrying and undoing the
// in-flight op is submitter.js.
import Delta from 'quill-delta';
import { ClientDocument, requireApplies } from './client-document.js';
import { Comments, Commenting } from './comments.js';
import { Presence } from './presence.js';
import { Submitter } from './submitter.js';
import { isInt, isStr, isUser } from './wire.js';

/**
 * One document opened through a CollabClient. Events: 'change' (delta, info) for every change not
 * made through submit() (info: {remote: true, user, client, version} for others' ops; {reset: true}
 * when a rejoin brought a new snapshot; {rejected: true, error} when the server refused a local
 * edit and it was undone); 'participants' (list); 'synced' (nothing local pending any more);
 * 'pending' (pendingCount changed); 'closed' (error: why);
 * 'error' ({code, message, doc, seq?}); 'threads' (list: the comment threads or an anchor changed,
 * see Commenting in client/comments.js for the threads and their commands); 'before-remote' (about to apply remote changes: an editor
 * flushes its own unreported input here, so that it is submitted first).
 */
export class CollabDocument extends Commenting {
  constructor(client, id, saved) {
    super();
    this.client = client;
    this.id = id;
    this.access = 'read';
    this._state = null;
    this._phase = 'opening';
    this._presence = new Presence({
      id,
      clientId: () => client.clientId,
      sendable: () => this._phase === 'live' && client._ready && !(this._state && this._state.hasPending),
      send: (message) => client._send(message),
      now: () => client.now(),
      interval: () => Number(client.limits && client.limits.presenceIntervalMs) || 0,
      setTimeout: (fn, ms) => client._setTimeout(fn, ms),
      clearTimeout: (timer) => client._clearTimeout(timer),
      pending: () => (this._state ? [this._state.inflight, this._state.buffer] : []),
      changed: (list) => this.emit('participants', list),
    });
    this._out = new Submitter(this);
    this._comments = new Comments(this);
    this._saveFailed = false;
    this._lastPending = 0;
    this._dropped = null;
    this._opened = new Promise((resolve, reject) => {
      this._resolveOpen = resolve;
      this._rejectOpen = reject;
    });
    this._opened.catch(() => {});
    this._openSettled = false;
    if (saved) {
      // Restored after a reload: rejoin from the saved version; the catch-up recognises the
      // in-flight op if it was committed, else it is resubmitted with its original seq.
      this._state = new ClientDocument(id, client.clientId, saved.version, new Delta(saved.contents),
        () => client._nextSeq(), saved);
      this._phase = 'rejoining';
    }
  }

  /** The last version the server confirmed. */
  get version() {
    return this._state ? this._state.version : 0;
  }

  /** What the user sees: the server's document with the pending local edits applied. */
  get contents() {
    return this._state ? this._state.document : new Delta();
  }

  /** Local edits not yet acknowledged by the server. */
  get pendingCount() {
    return this._state ? this._state.pendingCount : 0;
  }

  /** The others present: [{client, user: {id, name}, color, range, meta}]. */
  get participants() {
    return this._presence.participants;
  }

  /** True until close() (or the client closed, or the server refused the document). */
  get isOpen() {
    return this._phase !== 'closed';
  }

  /**
   * A local edit made on `contents` as it is now (a Delta, or an ops array). Sent when nothing is in
   * flight, else composed into the buffer. Throws if it does not apply (nothing changes).
   */
  submit(delta) {
    if (this._phase === 'closed') throw new Error(`document ${this.id} is closed`);
    if (!this._state) throw new Error(`document ${this.id} is not open yet`);
    const op = new Delta(Array.isArray(delta) ? delta : delta && delta.ops);
    if (!Array.isArray(delta) && !(delta && Array.isArray(delta.ops))) throw new TypeError('submit takes a Delta or an ops array');
    requireApplies(this._state.document, op);
    if (op.ops.length === 0) return;
    const submission = this._state.edit(op);
    this._moved(op);
    this._save();
    if (submission) this._out.send(submission);
  }

  /**
   * Sets this client's cursor/selection (null: none) and optional application meta (a plain
   * object). Sent at most once per the server's presenceIntervalMs; the latest wins; resent after a
   * reconnect.
   */
  setPresence(range, meta) {
    if (this._phase === 'closed') return;
    this._presence.update(range, meta);
  }

  /** Resolves when nothing local is pending (every edit made before is durable). */
  whenSynced() {
    if (this._phase === 'live' && this.pendingCount === 0) return Promise.resolve(this.version);
    return new Promise((resolve, reject) => {
      const offs = [
        this.on('synced', () => { offs.forEach((f) => f()); resolve(this.version); }),
        this.on('closed', (e) => { offs.forEach((f) => f()); reject(e); }),
      ];
    });
  }

  /** Leaves the document. Pending edits are abandoned and its saved state dropped. Idempotent. */
  close() {
    if (this._phase === 'closed') return;
    if (this._phase === 'live') this.client._send({ t: 'leave', doc: this.id });
    this._closeLocally({ code: 'closed', message: `document ${this.id} was closed`, doc: this.id }, true);
  }

  // ------------------------------------------------------------------ from the client

  _connected() {
    if (this._phase === 'opening') {
      this.client._send({ t: 'join', doc: this.id });
    } else if (this._phase === 'rejoining' || this._phase === 'live') {
      this._rejoin();
    }
  }

  _disconnected() {
    if (this._phase === 'live') this._phase = 'rejoining';
    this._out.cancelRetry();
    this._presence.disconnected();
  }

  /** Forgets the state and pending edits (they were another user's) and joins afresh. */
  _dropState() {
    if (this._phase === 'closed') return;
    this._out.cancelRetry();
    // Listeners keep showing this until the fresh snapshot replaces it (a 'change' with reset).
    if (this._openSettled && this._state) this._dropped = this._state.document;
    this._state = null;
    this._phase = 'opening';
    this._presence.forget();
  }

  _closeLocally(error, dropSaved) {
    this._phase = 'closed';
    this._out.cancelRetry();
    this._presence.stop();
    this._comments.failAll(error);
    if (!this._openSettled) {
      this._openSettled = true;
      this._rejectOpen(error);
    }
    if (dropSaved) this.client._dropSaved(this.id);
    this.client._forget(this);
    this.emit('closed', error);
  }

  _onMessage(m) {
    if (this._phase === 'closed') return;
    switch (m.t) {
      case 'snapshot': this._onSnapshot(m); break;
      case 'ops': this._onOps(m); break;
      case 'op': this._onOp(m); break;
      case 'ack': this._onAck(m); break;
      case 'presence': this._presence.received(m); break;
      case 'error': this._onError(m); break;
      case 'access': this._onAccess(m); break;
      case 'threads': case 'thread': this._comments.received(m); break;
      case 'commented': this._comments.answered(m); break;
      default: break;
    }
  }

  // ------------------------------------------------------------------ messages

  _onSnapshot(s) {
    if (s.type !== undefined && s.type !== 'rich-text') {
      const error = { code: 'invalid-op', message: `document ${this.id} is of type ${s.type}, not rich-text`, doc: this.id };
      this.emit('error', error);
      this._closeLocally(error, true);
      return;
    }
    if (this._state) this.emit('before-remote');
    const old = this._state;
    // What the listeners show, when the state was dropped before this join (see _dropState).
    const shown = old ? old.document : this._dropped;
    this._dropped = null;
    const snapshot = new Delta(s.data);
    const droppedPending = old !== null && old.hasPending;
    this._state = new ClientDocument(this.id, this.client.clientId, s.version, snapshot, () => this.client._nextSeq());
    this._phase = 'live';
    if (isStr(s.access)) this.access = s.access;
    this._out.acked();
    this._save();
    if (old) {
      // A rejoin answered with a snapshot: the server no longer has the ops since our version, so
      // nobody can tell whether the op in flight was committed. Pending edits are dropped rather
      // than risk applying one twice.
      if (droppedPending) {
        this._error({ code: 'history-gone', message: `document ${this.id}: the server's history no longer reaches version ${old.version}; local edits not yet acknowledged were dropped`, doc: this.id });
      }
    }
    if (shown) {
      const change = shown.diff(snapshot);
      this._moved(change);
      if (change.ops.length > 0) this.emit('change', change, { reset: true, version: s.version });
    }
    this._comments.joined();
    this._settleOpen();
    this._presence.announce();
    this._checkSynced();
  }

  /**
   * The server re-evaluated this user's access while joined (a grant changed or was revoked): the
   * editor follows at once (read-only below write); a submit already sent is answered forbidden.
   */
  _onAccess(m) {
    if (this.access === m.access) return;
    this.access = m.access;
    this.emit('access', m.access);
  }

  _onOps(o) {
    const state = this._state;
    if (!state || this._phase !== 'rejoining') return;
    this.emit('before-remote');
    let caughtUp;
    try {
      caughtUp = state.catchUp(o.ops.map((e) => ({ version: e.version, op: new Delta(e.op), client: e.client, seq: e.seq, user: e.user })),
        this.client.user ? this.client.user.id : null);
    } catch (e) {
      // A catch-up that does not fit (a gap, or an op that does not apply): join afresh.
      console.warn(`collab: document ${this.id}: bad catch-up, joining afresh: ${e.message}`);
      if (state.hasPending) {
        this._error({ code: 'history-gone', message: `document ${this.id}: the catch-up did not fit (${e.message}); local edits not yet acknowledged were dropped`, doc: this.id });
      }
      this._dropState();
      this.client._send({ t: 'join', doc: this.id });
      return;
    }
    this._phase = 'live';
    if (isStr(o.access)) this.access = o.access;
    if (caughtUp.acked) this._out.acked();
    for (const { op, entry } of caughtUp.toApply) {
      this._moved(op);
      this.emit('change', op, { remote: true, user: isUser(entry.user) ? entry.user : null, client: entry.client, version: entry.version });
    }
    this._save();
    if (caughtUp.submit) this._out.send(caughtUp.submit);
    this._comments.joined();
    this._settleOpen();
    this._presence.announce();
    this._checkSynced();
  }

  _onOp(m) {
    const state = this._state;
    if (!state || this._phase !== 'live') return; // a rejoin's reply covers it
    if (m.version <= state.version) return;
    this.emit('before-remote');
    let applied;
    try {
      applied = state.remote(m.version, new Delta(m.op));
    } catch (e) {
      this._resync(e);
      return;
    }
    if (applied === null) return;
    this._moved(applied);
    this._save();
    this.emit('change', applied, { remote: true, user: isUser(m.user) ? m.user : null, client: m.client, version: m.version });
  }

  _onAck(a) {
    const state = this._state;
    if (!state || this._phase !== 'live') return;
    const ours = state.inflight !== null && a.seq === state.inflightSeq && a.version > state.version;
    let next;
    try {
      next = state.ack(a.seq, a.version);
    } catch (e) {
      this._resync(e);
      return;
    }
    if (ours) {
      this._out.acked();
      this._out.cancelRetry();
    }
    this._save();
    if (next) this._out.send(next);
    this._checkSynced();
  }

  _onError(e) {
    const error = { code: e.code, message: String(e.message ?? ''), doc: this.id };
    if (isInt(e.seq)) error.seq = e.seq;
    const state = this._state;
    if (isInt(e.seq) && this._comments.refused(e, error)) return;
    if (this._phase === 'opening' && !isInt(e.seq)) {
      // The answer to the first join: the document cannot be opened.
      this._closeLocally(error, true);
      return;
    }
    if (this._phase === 'rejoining' && !isInt(e.seq) && state) {
      if (e.code === 'version-ahead') {
        // The server is behind what we saw (it lost data): take its document as it is.
        this._error(error);
        this.client._send({ t: 'join', doc: this.id });
        return;
      }
      if (e.code === 'unknown-document' || e.code === 'forbidden') {
        this._error(error);
        this._closeLocally(error, true);
        return;
      }
    }
    if (this._phase === 'live' && !isInt(e.seq) && e.code === 'unknown-document') {
      // Deleted while joined (docs/PROTOCOL.md, "Joining"; a 'left' follows): the pending edits
      // belong to no document now, and one created again with this id is another document.
      this._error(error);
      this._closeLocally(error, true);
      return;
    }
    if (state && this._phase === 'live' && isInt(e.seq) && state.inflight !== null && e.seq === state.inflightSeq) {
      this._out.refused(state, e, error);
      return;
    }
    this._error(error);
  }

  // ------------------------------------------------------------------ helpers

  _error(error) {
    this.emit('error', error);
    this.client.emit('error', error);
  }

  _resync(why) {
    console.warn(`collab: document ${this.id}: ${why.message}; rejoining`);
    this._rejoin();
  }

  _rejoin() {
    this._phase = 'rejoining';
    this._out.cancelRetry();
    const msg = { t: 'join', doc: this.id };
    if (this._state) msg.from = this._state.version;
    this.client._send(msg);
  }

  _settleOpen() {
    if (!this._openSettled) {
      this._openSettled = true;
      this._resolveOpen(this);
    }
  }

  _save() {
    const s = this._state;
    if (!s) return;
    const ok = this.client._saveDoc(this.id, {
      v: 1,
      version: s.version,
      contents: s.server.ops,
      ...s.pendingState(),
    });
    if (!ok && !this._saveFailed) {
      this._error({
        code: 'storage-limit',
        message: `document ${this.id} is too large to keep in session storage (over ${this.client.maxStoredChars} characters, or the storage is full): edits not yet sent will not survive a page reload`,
        doc: this.id,
      });
    }
    this._saveFailed = !ok;
    if (s.pendingCount !== this._lastPending) {
      this._lastPending = s.pendingCount;
      this.emit('pending', s.pendingCount);
    }
  }

  /** What the user sees changed by `op`: the others' cursors and the threads' anchors move. */
  _moved(op) {
    this._presence.transform(op);
    this._comments.moved(op);
  }

  _checkSynced() {
    if (this._phase === 'live' && this._state && !this._state.hasPending) {
      this._presence.flush();
      this._comments.pump();
      this.emit('synced');
    }
  }
}
