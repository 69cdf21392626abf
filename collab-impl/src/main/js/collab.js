// collab.js: the Collab browser client, an ES module served by collab-impl at
// {context}/collab/client/{version}/collab.js. It speaks the wire protocol collab.v1 over one
// WebSocket per tab and follows the protocol's client rules, as the Java client
// (dev.collab.client.CollabClient / SharedDocument) does: one submit in flight per document, later
// edits composed into a buffer, incoming ops transformed over both; on reconnect `hello` with the
// same client id, `join` with `from`, the in-flight op recognised in the catch-up or resubmitted
// with its original seq. Reconnects use exponential backoff with jitter, promptly after 1001.
//
// Differences from the Java client, because a browser is not a JVM:
// - Pending work survives a page reload: the client id, the seq counter and, per document, the
//   confirmed version and contents, the in-flight op with its seq and the buffer are kept in
//   sessionStorage (per tab, survives a reload, not shared with other tabs). See docs.
// - It never gives up reconnecting, except after close 1008 (policy), which is final. A browser
//   cannot see why a handshake failed (401, 403 and a dead network all look like close 1006), so
//   after an attempt that never opened it asks the same URL over HTTP: a 401, or a redirect (to a
//   login page), means the login is gone, and the client says so (state 'unauthorized', event
//   'unauthorized') while it goes on trying, so that it recovers once the user logs in again. It
//   asks after a 1008 too (a container closes with 1008 when the HTTP session ends): only a 1008
//   with the login still there is final.
// - A frame that is not JSON, a message of unknown type or with mistyped fields is reported on
//   'error' (code 'bad-frame') and skipped; the connection stays.
import Delta from 'quill-delta';
import { ClientDocument, LostOpsError, requireApplies } from './client-document.js';

export { Delta };

export const PROTOCOL = 1;
export const SUBPROTOCOL = 'collab.v1';
const GOING_AWAY = 1001;
const POLICY = 1008;
const TOO_BIG = 1009;
const TRY_LATER = 1013;
/** After 1009 or 1013 the backoff starts at least at this step. */
const OVERLOAD_ATTEMPT = 2;
/** A connection up at least this long counts as healthy: the backoff starts over. */
const STABLE_MS = 10_000;
/** Error codes of a refused submit that are worth retrying with the same seq. */
const TRANSIENT = new Set(['rate-limited', 'retry-exhausted', 'draining', 'internal']);
const ID = /^[A-Za-z0-9_-]{1,64}$/;
// Not made only of dots: "." and ".." are removed from URLs (docs/PROTOCOL.md, document ids).
const DOC_ID = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

/** Colours given to remote users, chosen by a hash of the user id (the same on every client). */
export const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#008080',
  '#f032e6', '#9a6324', '#800000', '#808000', '#000075', '#2f4f4f'];

export function colorFor(userId) {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (Math.imul(h, 31) + userId.charCodeAt(i)) | 0;
  return COLORS[Math.abs(h) % COLORS.length];
}

/**
 * Reconnect delays: the n-th consecutive attempt waits a random time in [s/2, s] with
 * s = min(max, initial * 2^n) ("equal jitter"); a prompt reconnect (after 1001) waits a random
 * time in [0, initial]. `random` returns a number in [0, 1).
 */
export class Backoff {
  constructor(initial = 500, max = 30_000) {
    if (!(initial > 0)) throw new RangeError(`initial backoff must be positive, was ${initial}`);
    if (!(max >= initial)) throw new RangeError(`max backoff ${max} is less than the initial ${initial}`);
    this.initial = initial;
    this.max = max;
  }

  step(attempt) {
    return Math.min(this.max, this.initial * 2 ** Math.min(Math.max(attempt, 0), 30));
  }

  delay(attempt, random) {
    const step = this.step(attempt);
    const half = step / 2;
    return Math.round(half + random() * (step - half));
  }

  prompt(random) {
    return Math.round(random() * this.initial);
  }
}

/** A small event emitter: on() returns the function that unsubscribes. */
class Emitter {
  constructor() {
    this._listeners = new Map();
  }

  on(event, fn) {
    if (typeof fn !== 'function') throw new TypeError('a listener must be a function');
    let set = this._listeners.get(event);
    if (!set) this._listeners.set(event, (set = new Set()));
    const entry = (...args) => fn(...args);
    set.add(entry);
    return () => set.delete(entry);
  }

  emit(event, ...args) {
    const set = this._listeners.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(...args);
      } catch (e) {
        console.error(`collab: a '${event}' listener failed`, e);
      }
    }
  }
}

function defaultUrl() {
  const u = new URL('../../ws', import.meta.url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new Error(`collab.js was loaded from ${u.protocol} URL: pass the WebSocket url to CollabClient`);
  }
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.href;
}

function defaultStorage() {
  try {
    return globalThis.sessionStorage || null;
  } catch (e) {
    return null; // blocked by the browser's settings
  }
}

function newClientId() {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The clients alive in this page, per storage: one per WebSocket URL (it multiplexes documents). */
const LIVE = new WeakMap();

const isInt = (v) => Number.isSafeInteger(v);

function positive(name, value) {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number, was ${value}`);
  }
  return value;
}
const isStr = (v) => typeof v === 'string';
const isUser = (u) => u !== null && typeof u === 'object' && isStr(u.id) && isStr(u.name);
const isOps = (v) => Array.isArray(v) && v.every((o) => o !== null && typeof o === 'object');

/** Checks the fields of a server message; returns an error text, or null when it is usable. */
function malformed(m) {
  switch (m.t) {
    case 'welcome':
      return isUser(m.user) ? null : 'welcome without a user';
    case 'snapshot':
      return isStr(m.doc) && isInt(m.version) && m.version >= 0 && isOps(m.data) ? null : 'snapshot without doc, version or data';
    case 'ops':
      return isStr(m.doc) && Array.isArray(m.ops) && m.ops.every((e) => e && isInt(e.version) && isOps(e.op) && isStr(e.client) && isInt(e.seq))
        ? null : 'ops with a malformed entry';
    case 'op':
      return isStr(m.doc) && isInt(m.version) && isOps(m.op) ? null : 'op without doc, version or op';
    case 'ack':
      return isStr(m.doc) && isInt(m.seq) && isInt(m.version) ? null : 'ack without doc, seq or version';
    case 'presence':
      return isStr(m.doc) && isStr(m.client) && isUser(m.user) ? null : 'presence without doc, client or user';
    case 'error':
      return isStr(m.code) ? null : 'error without code';
    default:
      return null;
  }
}

/**
 * The connection to a Collab server, multiplexing any number of documents.
 *
 * Options (all optional): `url` (default: ws(s)://same-host/…/collab/ws next to this module's URL),
 * `storage` (default sessionStorage; null for none), `reconnect: {initial, max}` in ms (500, 30000),
 * `pingInterval` ms (30000), `connectTimeout` ms (15000), `maxSubmitRetries` (5),
 * `maxStoredChars` (2,000,000: a document whose saved state is longer is not saved),
 * `clientId`, `authProbe` (true: after a connection attempt that never opened, GET the same URL
 * over http(s) to tell an expired login from a network failure; false to never ask), and for tests
 * `WebSocket`, `fetch`, `random`, `timers: {setTimeout, clearTimeout}`, `now`, `window` (where
 * 'pagehide'/'pageshow' are heard; default globalThis.window).
 *
 * Events: 'state' ('connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed'),
 * 'reconnect', 'unauthorized' ({status}: the server answered 401, or redirected the probe, which a
 * container's login page does; the application may send the user to log in), 'error'.
 */
export class CollabClient extends Emitter {
  constructor(options = {}) {
    super();
    this.url = options.url || defaultUrl();
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.WebSocket = options.WebSocket || globalThis.WebSocket;
    this.random = options.random || Math.random;
    const timers = options.timers || globalThis;
    this._setTimeout = timers.setTimeout.bind(timers);
    this._clearTimeout = timers.clearTimeout.bind(timers);
    this.now = options.now || (() => Date.now());
    this.authProbe = options.authProbe ?? true;
    this.fetch = options.fetch !== undefined ? options.fetch : globalThis.fetch ? globalThis.fetch.bind(globalThis) : null;
    /** True from a probe that found the login gone until the next welcome. */
    this._unauthorized = false;
    const r = options.reconnect || {};
    this.backoff = new Backoff(r.initial ?? 500, r.max ?? 30_000);
    this.pingInterval = positive('pingInterval', options.pingInterval ?? 30_000);
    this.connectTimeout = positive('connectTimeout', options.connectTimeout ?? 15_000);
    this.maxSubmitRetries = options.maxSubmitRetries ?? 5;
    if (!Number.isInteger(this.maxSubmitRetries) || this.maxSubmitRetries < 0) {
      throw new RangeError(`maxSubmitRetries must be an integer of 0 or more, was ${options.maxSubmitRetries}`);
    }
    this.maxStoredChars = positive('maxStoredChars', options.maxStoredChars ?? 2_000_000);
    if (options.clientId !== undefined && (!isStr(options.clientId) || !ID.test(options.clientId))) {
      throw new TypeError(`clientId must be 1 to 64 letters, digits, '-' or '_', was ${JSON.stringify(options.clientId)}`);
    }
    this._prefix = `collab:${this.url}:`;
    /** 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed' */
    this.state = 'connecting';
    /** {id, name} after welcome, else null */
    this.user = null;
    /** The server's limits from welcome. */
    this.limits = null;
    this._docs = new Map();
    this._generation = 0;
    this._ws = null;
    this._ready = false;
    this._attempt = 0;
    this._readySince = 0;
    this._timer = null;
    this._pingTimer = null;
    this._lastReceived = 0;
    this._lastPing = 0;
    this._windowOption = options.window;
    this._initIdentity(options.clientId);
    this._dial();
  }

  /** This tab's client id, the same across reconnects and reloads. */
  get clientId() {
    return this._clientId;
  }

  /**
   * Joins document `id`; resolves with its CollabDocument after the first snapshot (or, when it
   * had pending edits saved before a reload, the catch-up) arrived. Rejects with
   * {code, message, doc} if the server refused (unknown-document, forbidden, ...).
   */
  open(id) {
    if (this.state === 'closed') return Promise.reject({ code: 'closed', message: 'the client is closed', doc: id });
    if (!isStr(id) || !DOC_ID.test(id)) {
      return Promise.reject({ code: 'bad-argument', message: `not a document id: ${JSON.stringify(id)}`, doc: id });
    }
    if (this._docs.has(id)) {
      return Promise.reject({ code: 'already-open', message: `document ${id} is already open on this client`, doc: id });
    }
    const doc = new CollabDocument(this, id, this._loadDoc(id));
    this._docs.set(id, doc);
    if (this._ready) doc._connected();
    return doc._opened;
  }

  /** Leaves every document, closes the connection and stops reconnecting. Idempotent. */
  close() {
    if (this.state === 'closed') return;
    for (const doc of [...this._docs.values()]) doc.close();
    this._stop(null);
  }

  // ------------------------------------------------------------------ identity and storage

  _initIdentity(given) {
    const s = this.storage;
    if (s) {
      // Two clients of one URL on one storage in one page would share the client id, and the
      // server lets only one connection hold a client id: refuse the second.
      let urls = LIVE.get(s);
      if (!urls) LIVE.set(s, (urls = new Set()));
      if (urls.has(this.url)) {
        throw new Error(`a CollabClient for ${this.url} is already running in this page: use it (it multiplexes documents) or close() it first`);
      }
      urls.add(this.url);
    }
    let id = given || this._get('client');
    const live = this._get('live');
    if (live && !given) {
      // This tab's storage says a page of it is still running: the tab was duplicated (the
      // browser copies sessionStorage). Two tabs must not share a client id, nor resubmit the
      // same pending ops: start afresh.
      this._clearAll();
      id = null;
    }
    /** True when the id came from storage (a reload), which the server may have bound to another user. */
    this._idFromStorage = !given && !!id && ID.test(id);
    if (!id || !ID.test(id)) id = newClientId();
    this._clientId = id;
    this._seq = Number(this._get('seq')) || 0;
    this._set('client', id);
    this._set('live', '1');
    if (s) {
      const w = this._win();
      if (w && typeof w.addEventListener === 'function') {
        this._onPageHide = () => {
          this._remove('live');
          this._unregister();
        };
        this._onPageShow = () => {
          this._set('live', '1');
          LIVE.get(s)?.add(this.url);
        };
        w.addEventListener('pagehide', this._onPageHide);
        w.addEventListener('pageshow', this._onPageShow);
      }
    }
  }

  /**
   * Starts this tab over as a new client: a new id, no seq, no saved documents, and the open
   * documents joined afresh without their pending edits. For a tab whose saved state belongs to
   * another user (someone else logged in, in this tab): their edits must not be sent as this one's.
   */
  _freshIdentity() {
    this._clearAll();
    this._clientId = newClientId();
    this._idFromStorage = false;
    this._seq = 0;
    this._set('client', this._clientId);
    this._set('live', '1');
    for (const doc of this._docs.values()) doc._dropState();
  }

  _unregister() {
    if (this.storage) LIVE.get(this.storage)?.delete(this.url);
  }

  _win() {
    return this._windowOption !== undefined ? this._windowOption : globalThis.window;
  }

  _get(key) {
    try {
      return this.storage ? this.storage.getItem(this._prefix + key) : null;
    } catch (e) {
      return null;
    }
  }

  _set(key, value) {
    try {
      if (this.storage) this.storage.setItem(this._prefix + key, value);
      return true;
    } catch (e) {
      return false;
    }
  }

  _remove(key) {
    try {
      if (this.storage) this.storage.removeItem(this._prefix + key);
    } catch (e) {
      // nothing to do
    }
  }

  _clearAll() {
    if (!this.storage) return;
    try {
      const keys = [];
      for (let i = 0; i < this.storage.length; i++) {
        const k = this.storage.key(i);
        if (k && k.startsWith(this._prefix)) keys.push(k);
      }
      keys.forEach((k) => this.storage.removeItem(k));
    } catch (e) {
      // nothing to do
    }
  }

  _nextSeq() {
    this._seq += 1;
    this._set('seq', String(this._seq));
    return this._seq;
  }

  _loadDoc(id) {
    const raw = this._get('doc:' + id);
    if (!raw) return null;
    try {
      const saved = JSON.parse(raw);
      if (!isInt(saved.version) || !isOps(saved.contents)) return null;
      if (saved.inflight && (!isOps(saved.inflight) || !isInt(saved.inflightSeq) || saved.inflightSeq < 1)) return null;
      if (saved.inflightSeq > this._seq) {
        this._seq = saved.inflightSeq;
        this._set('seq', String(this._seq));
      }
      return saved;
    } catch (e) {
      return null;
    }
  }

  /** Saves a document's state; false when it is over maxStoredChars or the storage refused it. */
  _saveDoc(id, state) {
    if (!this.storage) return true;
    const text = JSON.stringify(state);
    if (text.length > this.maxStoredChars || !this._set('doc:' + id, text)) {
      this._remove('doc:' + id);
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ connection

  _setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  _dial() {
    this._timer = null;
    if (this.state === 'closed') return;
    const gen = ++this._generation;
    let ws;
    try {
      ws = new this.WebSocket(this.url, SUBPROTOCOL);
    } catch (e) {
      this._lost(gen, 1006, String(e));
      return;
    }
    this._ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      if (gen !== this._generation) return;
      this._lastReceived = this.now();
      this._sendRaw({ t: 'hello', protocol: PROTOCOL, client: this._clientId });
    };
    ws.onmessage = (event) => {
      if (gen === this._generation) this._onFrame(event.data);
    };
    ws.onclose = (event) => this._lost(gen, event.code, event.reason, opened);
    ws.onerror = () => {
      // a close event follows
    };
    // No welcome in time: give up this attempt.
    this._timer = this._setTimeout(() => {
      if (gen === this._generation && !this._ready) this._abort(gen, 'no welcome within ' + this.connectTimeout + ' ms');
    }, this.connectTimeout);
  }

  _abort(gen, reason) {
    const ws = this._ws;
    this._lost(gen, 1006, reason);
    if (ws) {
      try {
        ws.close();
      } catch (e) {
        // already closed
      }
    }
  }

  _onFrame(data) {
    this._lastReceived = this.now();
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch (e) {
      this.emit('error', { code: 'bad-frame', message: 'the server sent a frame that is not JSON' });
      return;
    }
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    const gen = this._generation;
    for (const m of messages) {
      if (gen !== this._generation || this.state === 'closed') return;
      if (m === null || typeof m !== 'object' || !isStr(m.t)) {
        this.emit('error', { code: 'bad-frame', message: 'the server sent a message without a type' });
        continue;
      }
      const problem = malformed(m);
      if (problem) {
        this.emit('error', { code: 'bad-frame', message: `the server sent a ${m.t} message: ${problem}`, doc: isStr(m.doc) ? m.doc : undefined });
        continue;
      }
      try {
        this._dispatch(m);
      } catch (e) {
        console.error('collab: failed to handle a server message', m.t, e);
      }
    }
  }

  _dispatch(m) {
    switch (m.t) {
      case 'welcome':
        this._onWelcome(m);
        return;
      case 'pong':
        return;
      case 'snapshot': case 'ops': case 'op': case 'ack': case 'presence': case 'left': case 'error': {
        const doc = isStr(m.doc) ? this._docs.get(m.doc) : undefined;
        if (doc) {
          doc._onMessage(m);
        } else if (m.t === 'error' && !isStr(m.doc)) {
          this.emit('error', { code: m.code, message: String(m.message ?? '') });
        }
        return;
      }
      default:
        // A message type this client does not know (a newer server): ignored.
    }
  }

  _onWelcome(m) {
    if (this._timer !== null) {
      this._clearTimeout(this._timer);
      this._timer = null;
    }
    const savedUser = this._get('user');
    if (savedUser !== null && savedUser !== m.user.id) {
      // The saved state is another user's (someone else logged in, in this tab): not ours to send.
      this._freshIdentity();
      this._redial('another user');
      return;
    }
    this._set('user', m.user.id);
    this.user = { id: m.user.id, name: m.user.name };
    this.limits = m.limits && typeof m.limits === 'object' ? m.limits : {};
    this._ready = true;
    this._unauthorized = false;
    this._readySince = this.now();
    this._lastReceived = this._readySince;
    this._lastPing = this._readySince;
    this._schedulePing();
    this._setState('open');
    for (const doc of [...this._docs.values()]) doc._connected();
  }

  /** Drops the current connection and dials again at once (a new identity needs a new hello). */
  _redial(reason) {
    this._generation++;
    const ws = this._ws;
    this._ws = null;
    this._ready = false;
    this._clearTimers();
    for (const doc of [...this._docs.values()]) doc._disconnected();
    if (ws) {
      try {
        ws.close(1000, reason);
      } catch (e) {
        // already closed
      }
    }
    this._setState('reconnecting');
    this._timer = this._setTimeout(() => this._dial(), 0);
  }

  _schedulePing() {
    if (this._pingTimer !== null) this._clearTimeout(this._pingTimer);
    this._pingTimer = this._setTimeout(() => {
      this._pingTimer = null;
      if (!this._ready) return;
      if (this._lastPing > this._lastReceived) {
        // Nothing arrived since the last ping, not even its pong: the connection is dead.
        this._abort(this._generation, 'no answer to ping within ' + this.pingInterval + ' ms');
        return;
      }
      this._lastPing = this.now();
      this._sendRaw({ t: 'ping' });
      this._schedulePing();
    }, this.pingInterval);
  }

  /**
   * The connection `gen` ended: unless that is final, schedule a reconnect. `opened` is false when
   * the handshake failed, which may be a login gone: then the login is checked over HTTP.
   */
  _lost(gen, code, reason, opened = true) {
    if (gen !== this._generation || this.state === 'closed') return;
    this._generation++;
    this._ws = null;
    const wasReady = this._ready;
    this._ready = false;
    this._clearTimers();
    for (const doc of [...this._docs.values()]) doc._disconnected();
    if (code === POLICY && this.user === null && this._idFromStorage) {
      // Refused before any welcome, with the id a previous page of this tab used: the server binds
      // a client id to the user who first used it, and another user is now logged in. Start over
      // as a new client (dropping the saved state, which is the other user's).
      this._freshIdentity();
      this._setState('reconnecting');
      this.emit('reconnect', { code, reason, delay: 0 });
      this._timer = this._setTimeout(() => this._dial(), 0);
      return;
    }
    if (code === POLICY) {
      const final = () => {
        const error = { code: 'policy', message: `the server closed the connection for good (1008 ${reason || ''}); not reconnecting` };
        this.emit('error', error);
        this._stop(error);
      };
      if (!this.authProbe || !this.fetch) {
        final();
        return;
      }
      // A container closes with 1008 when the HTTP session of the handshake ends (the WebSocket
      // specification asks it to): a login gone is not final, the user may log in again.
      const gen = this._generation;
      this._setState('reconnecting');
      this._loginGone().then((answer) => {
        if (gen !== this._generation || this.state === 'closed') return;
        if (answer === null || !answer.gone) {
          final();
          return;
        }
        this._markUnauthorized(answer.status);
        this._scheduleDial(code, reason, this.backoff.delay(this._attempt++, this.random));
      });
      return;
    }
    if (wasReady && this.now() - this._readySince >= STABLE_MS) this._attempt = 0;
    if (code === TOO_BIG || code === TRY_LATER) this._attempt = Math.max(this._attempt, OVERLOAD_ATTEMPT);
    const delay = code === GOING_AWAY ? this.backoff.prompt(this.random) : this.backoff.delay(this._attempt++, this.random);
    this._scheduleDial(code, reason, delay);
    if (!opened) this._probeLogin();
  }

  _scheduleDial(code, reason, delay) {
    this._lastDelay = delay;
    this._setState(this._unauthorized ? 'unauthorized' : 'reconnecting');
    this.emit('reconnect', { code, reason, delay });
    this._timer = this._setTimeout(() => this._dial(), delay);
  }

  /** After a handshake that failed: asks whether the login is gone (see 'unauthorized'). */
  _probeLogin() {
    if (!this.authProbe || !this.fetch || this._probing) return;
    this._probing = true;
    this._loginGone().then((answer) => {
      this._probing = false;
      if (answer !== null && answer.gone && !this._ready && this.state !== 'closed') this._markUnauthorized(answer.status);
    });
  }

  /**
   * GETs the WebSocket URL over HTTP (same-origin credentials, redirects not followed): resolves to
   * {gone, status}, gone when it answers 401 or redirects (a login page), or to null when there is
   * no answer (the network itself is down: 'reconnecting' says that).
   */
  _loginGone() {
    const url = this.url.replace(/^ws(s?):/i, 'http$1:');
    return Promise.resolve()
      .then(() => this.fetch(url, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' }))
      .then(
        (r) => ({ gone: r.status === 401 || r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400), status: r.status }),
        () => null,
      );
  }

  _markUnauthorized(status) {
    if (this._unauthorized) return;
    this._unauthorized = true;
    this._setState('unauthorized');
    this.emit('unauthorized', { status });
  }

  _clearTimers() {
    if (this._timer !== null) this._clearTimeout(this._timer);
    if (this._pingTimer !== null) this._clearTimeout(this._pingTimer);
    this._timer = null;
    this._pingTimer = null;
  }

  _stop(error) {
    this._generation++;
    this._ready = false;
    this._clearTimers();
    for (const doc of [...this._docs.values()]) doc._closeLocally(error || { code: 'closed', message: 'the client is closed' }, false);
    this._docs.clear();
    const ws = this._ws;
    this._ws = null;
    if (ws) {
      try {
        ws.close(1000, error ? 'client gave up' : 'client closed');
      } catch (e) {
        // already closed
      }
    }
    this._remove('live');
    this._unregister();
    const w = this._win();
    if (w && this._onPageHide && typeof w.removeEventListener === 'function') {
      w.removeEventListener('pagehide', this._onPageHide);
      w.removeEventListener('pageshow', this._onPageShow);
    }
    this._setState('closed');
  }

  /** Sends if a connection is ready; else drops it (a rejoin resends what matters). */
  _send(message) {
    if (this._ready) this._sendRaw(message);
  }

  _sendRaw(message) {
    const ws = this._ws;
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(message));
  }

  _forget(doc) {
    if (this._docs.get(doc.id) === doc) this._docs.delete(doc.id);
  }
}

/**
 * One document opened through a CollabClient. Events: 'change' (delta, info) for every change not
 * made through submit() (info: {remote: true, user, client, version} for others' ops; {reset: true}
 * when a rejoin brought a new snapshot; {rejected: true, error} when the server refused a local
 * edit and it was undone); 'participants' (list); 'synced' (nothing local pending any more);
 * 'pending' (pendingCount changed); 'closed' (error: why);
 * 'error' ({code, message, doc, seq?}); 'before-remote' (about to apply remote changes: an editor
 * flushes its own unreported input here, so that it is submitted first).
 */
export class CollabDocument extends Emitter {
  constructor(client, id, saved) {
    super();
    this.client = client;
    this.id = id;
    this.access = 'read';
    this._state = null;
    this._phase = 'opening';
    this._participants = new Map();
    this._retries = 0;
    this._retryTimer = null;
    this._presence = { set: false, range: null, meta: undefined, unsent: false, sentAt: -Infinity, timer: null };
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
    return [...this._participants.values()].map((p) => ({ ...p, range: p.range && { ...p.range } }));
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
    this._transformParticipants(op);
    this._save();
    if (submission) this._submit(submission);
  }

  /**
   * Sets this client's cursor/selection (null: none) and optional application meta (a plain
   * object). Sent at most once per the server's presenceIntervalMs; the latest wins; resent after a
   * reconnect.
   */
  setPresence(range, meta) {
    if (this._phase === 'closed') return;
    if (range !== null && range !== undefined) {
      if (!isInt(range.index) || !isInt(range.length) || range.index < 0 || range.length < 0) {
        throw new TypeError('a presence range is {index, length} of non-negative integers, or null');
      }
      range = { index: range.index, length: range.length };
    } else {
      range = null;
    }
    if (meta !== undefined && meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) {
      throw new TypeError('presence meta must be a plain object');
    }
    const p = this._presence;
    const same = p.set && sameRange(p.range, range) && JSON.stringify(p.meta) === JSON.stringify(meta ?? undefined);
    p.set = true;
    p.range = range;
    p.meta = meta ?? undefined;
    if (!same) {
      p.unsent = true;
      this._flushPresence();
    }
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
    this._cancelRetry();
    if (this._presence.timer !== null) {
      this.client._clearTimeout(this._presence.timer);
      this._presence.timer = null;
    }
    if (this._participants.size > 0) {
      // Whoever is still there announces themselves again after the rejoin.
      this._participants.clear();
      this.emit('participants', []);
    }
  }

  /** Forgets the state and pending edits (they were another user's) and joins afresh. */
  _dropState() {
    if (this._phase === 'closed') return;
    this._cancelRetry();
    // Listeners keep showing this until the fresh snapshot replaces it (a 'change' with reset).
    if (this._openSettled && this._state) this._dropped = this._state.document;
    this._state = null;
    this._phase = 'opening';
    this._participants.clear();
  }

  _closeLocally(error, dropSaved) {
    this._phase = 'closed';
    this._cancelRetry();
    if (this._presence.timer !== null) this.client._clearTimeout(this._presence.timer);
    if (!this._openSettled) {
      this._openSettled = true;
      this._rejectOpen(error);
    }
    if (dropSaved) this.client._remove('doc:' + this.id);
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
      case 'presence': this._onPresence(m); break;
      case 'error': this._onError(m); break;
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
    this._retries = 0;
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
      this._transformParticipants(change);
      if (change.ops.length > 0) this.emit('change', change, { reset: true, version: s.version });
    }
    this._settleOpen();
    this._announce();
    this._checkSynced();
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
    if (caughtUp.acked) this._retries = 0;
    for (const { op, entry } of caughtUp.toApply) {
      this._transformParticipants(op);
      this.emit('change', op, { remote: true, user: isUser(entry.user) ? entry.user : null, client: entry.client, version: entry.version });
    }
    this._save();
    if (caughtUp.submit) this._submit(caughtUp.submit);
    this._settleOpen();
    this._announce();
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
    this._transformParticipants(applied);
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
      this._retries = 0;
      this._cancelRetry();
    }
    this._save();
    if (next) this._submit(next);
    this._checkSynced();
  }

  _onPresence(p) {
    if (p.client === this.client.clientId) return;
    if (p.gone === true) {
      if (this._participants.delete(p.client)) this.emit('participants', this.participants);
      return;
    }
    const known = this._participants.has(p.client);
    const r = p.range;
    let range = r && typeof r === 'object' && isInt(r.index) && isInt(r.length) && r.index >= 0 && r.length >= 0
      ? { index: r.index, length: r.length } : null;
    const state = this._state;
    if (range && state) {
      // The range is a position in the server's document; we show our pending edits on top.
      for (const pending of [state.inflight, state.buffer]) {
        if (!pending) continue;
        const start = pending.transformPosition(range.index);
        const end = pending.transformPosition(range.index + range.length);
        range = { index: start, length: Math.max(0, end - start) };
      }
    }
    this._participants.set(p.client, {
      client: p.client,
      user: { id: p.user.id, name: p.user.name },
      color: colorFor(p.user.id),
      range,
      meta: p.meta && typeof p.meta === 'object' ? p.meta : undefined,
    });
    this.emit('participants', this.participants);
    if (!known && this._presence.set) {
      // A newcomer (or someone back after a reconnect) learns about us only from our presence.
      this._presence.unsent = true;
      this._flushPresence();
    }
  }

  _onError(e) {
    const error = { code: e.code, message: String(e.message ?? ''), doc: this.id };
    if (isInt(e.seq)) error.seq = e.seq;
    const state = this._state;
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
      this._onSubmitRefused(state, e, error);
      return;
    }
    this._error(error);
  }

  _onSubmitRefused(state, e, error) {
    const seq = e.seq;
    if (e.code === 'history-gone' || e.code === 'not-joined') {
      // Not a verdict on the op: rejoin, and the catch-up decides whether to resubmit it.
      this._error(error);
      this._rejoin();
      return;
    }
    if (TRANSIENT.has(e.code) && this._retries < this.client.maxSubmitRetries) {
      const delay = this.client.backoff.delay(this._retries++, this.client.random);
      this._cancelRetry();
      this._retryTimer = this.client._setTimeout(() => {
        this._retryTimer = null;
        if (this._phase === 'live' && this._state === state && state.inflightSeq === seq) {
          const again = state.resubmit();
          if (again) this._submit(again);
        }
      }, delay);
      return;
    }
    this._undoRefused(state, seq, error);
  }

  /** The server (or the size check) refused the in-flight op for good: undo it, send the buffer. */
  _undoRefused(state, seq, error) {
    this._retries = 0;
    this._cancelRetry();
    const rejected = state.rejected(seq);
    this._transformParticipants(rejected.undo);
    this._save();
    this.emit('change', rejected.undo, { rejected: true, error });
    this._error(error);
    if (rejected.submit) this._submit(rejected.submit);
    this._checkSynced();
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
    this._cancelRetry();
    const msg = { t: 'join', doc: this.id };
    if (this._state) msg.from = this._state.version;
    this.client._send(msg);
  }

  _submit(s) {
    if (this._phase !== 'live') return;
    const message = { t: 'submit', doc: s.doc, base: s.base, seq: s.seq, op: s.op.ops };
    const max = Number(this.client.limits && this.client.limits.maxMessageBytes) || 0;
    if (max > 0) {
      const bytes = new TextEncoder().encode(JSON.stringify(message)).length;
      if (bytes > max) {
        // The server would close the connection (1009), and the resubmission after the reconnect
        // would meet the same fate: refuse it here, as the server refuses an op over its limits.
        this._undoRefused(this._state, s.seq, {
          code: 'too-large',
          message: `document ${this.id}: an edit of ${bytes} bytes is over the server's maxMessageBytes (${max}); it was undone`,
          doc: this.id,
          seq: s.seq,
        });
        return;
      }
    }
    this.client._send(message);
  }

  _cancelRetry() {
    if (this._retryTimer !== null) {
      this.client._clearTimeout(this._retryTimer);
      this._retryTimer = null;
    }
  }

  _settleOpen() {
    if (!this._openSettled) {
      this._openSettled = true;
      this._resolveOpen(this);
    }
  }

  /** After a (re)join: tell the others we are here, with the latest presence (or none). */
  _announce() {
    const p = this._presence;
    if (!p.set) p.set = true;
    p.unsent = true;
    p.sentAt = -Infinity;
    this._flushPresence();
  }

  _flushPresence() {
    const p = this._presence;
    if (!p.unsent || this._phase !== 'live' || !this.client._ready) return;
    // A range is sent only when nothing local is pending: it is then a position in the server's
    // document at our version, which is what the others can place (they shift it over their own
    // pending edits). Sent earlier, it would count our unsent text, and the others would shift it
    // again when that text arrives. It goes out after the ack (see _checkSynced).
    if (this._state && this._state.hasPending) return;
    const now = this.client.now();
    const interval = Number(this.client.limits && this.client.limits.presenceIntervalMs) || 0;
    const due = p.sentAt + interval;
    if (now >= due) {
      p.unsent = false;
      p.sentAt = now;
      const msg = { t: 'presence', doc: this.id, range: p.range };
      if (p.meta !== undefined) msg.meta = p.meta;
      this.client._send(msg);
    } else if (p.timer === null) {
      p.timer = this.client._setTimeout(() => {
        p.timer = null;
        this._flushPresence();
      }, Math.max(1, Math.ceil(due - now)));
    }
  }

  _transformParticipants(delta) {
    for (const p of this._participants.values()) {
      if (!p.range) continue;
      const start = delta.transformPosition(p.range.index);
      const end = delta.transformPosition(p.range.index + p.range.length);
      p.range = { index: start, length: Math.max(0, end - start) };
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

  _checkSynced() {
    if (this._phase === 'live' && this._state && !this._state.hasPending) {
      this._flushPresence();
      this.emit('synced');
    }
  }
}

function sameRange(a, b) {
  if (a === null || b === null) return a === b;
  return a.index === b.index && a.length === b.length;
}
