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
//   sessionStorage (client/tab-state.js).
// - It never gives up reconnecting, except after close 1008 (policy) with the login still there,
//   which is final; a login gone shows as state 'unauthorized' (client/transport.js).
// - A frame that is not JSON, a message of unknown type or with mistyped fields is reported on
//   'error' (code 'bad-frame') and skipped; the connection stays.
//
// This module is the public entry: CollabClient ties the parts together (the connection, the tab's
// saved state, the open documents) and routes each server message to its document. The parts, one
// concern each, are under client/.
import Delta from 'quill-delta';
import { Backoff } from './client/backoff.js';
import { CollabDocument } from './client/collab-document.js';
import { Emitter } from './client/emitter.js';
import { TabState } from './client/tab-state.js';
import { Transport } from './client/transport.js';
import { CLIENT_ID, DOC_ID, isStr } from './client/wire.js';

export { Delta, Backoff, CollabDocument };
export { PROTOCOL, SUBPROTOCOL } from './client/wire.js';
export { COLORS, colorFor } from './client/presence.js';

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
 * 'pagehide'/'pageshow' are heard; default globalThis.window). They are read once, here.
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
    const r = options.reconnect || {};
    this.backoff = new Backoff(r.initial ?? 500, r.max ?? 30_000);
    this.pingInterval = positive('pingInterval', options.pingInterval ?? 30_000);
    this.connectTimeout = positive('connectTimeout', options.connectTimeout ?? 15_000);
    this.maxSubmitRetries = options.maxSubmitRetries ?? 5;
    if (!Number.isInteger(this.maxSubmitRetries) || this.maxSubmitRetries < 0) {
      throw new RangeError(`maxSubmitRetries must be an integer of 0 or more, was ${options.maxSubmitRetries}`);
    }
    this.maxStoredChars = positive('maxStoredChars', options.maxStoredChars ?? 2_000_000);
    if (options.clientId !== undefined && (!isStr(options.clientId) || !CLIENT_ID.test(options.clientId))) {
      throw new TypeError(`clientId must be 1 to 64 letters, digits, '-' or '_', was ${JSON.stringify(options.clientId)}`);
    }
    /** {id, name} after welcome, else null */
    this.user = null;
    /** The server's limits from welcome. */
    this.limits = null;
    this._docs = new Map();
    this._transport = new Transport({
      url: this.url,
      WebSocket: this.WebSocket,
      random: this.random,
      setTimeout: this._setTimeout,
      clearTimeout: this._clearTimeout,
      now: this.now,
      backoff: this.backoff,
      pingInterval: this.pingInterval,
      connectTimeout: this.connectTimeout,
      authProbe: this.authProbe,
      fetch: this.fetch,
    }, {
      emit: (event, ...args) => this.emit(event, ...args),
      clientId: () => this.clientId,
      welcome: (m) => this._onWelcome(m),
      message: (m) => this._route(m),
      disconnected: () => this._eachDoc((doc) => doc._disconnected()),
      renewIdentity: () => {
        // Refused before any welcome, with the id a previous page of this tab used: the server
        // binds a client id to the user who first used it, and another user is now logged in.
        // Start over as a new client (dropping the saved state, which is the other user's).
        if (this.user !== null || !this._tab.idFromStorage) return false;
        this._freshIdentity();
        return true;
      },
      giveUp: (error) => this._stop(error),
    });
    this._tab = new TabState(this.storage, this.url, options.clientId, options.window, this.maxStoredChars);
    this._transport.dial();
  }

  /** 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed' */
  get state() {
    return this._transport.state;
  }

  /** This tab's client id, the same across reconnects and reloads. */
  get clientId() {
    return this._tab.clientId;
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
    const doc = new CollabDocument(this, id, this._tab.loadDoc(id));
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

  // ------------------------------------------------------------------ from the transport

  _onWelcome(m) {
    const savedUser = this._tab.savedUser();
    if (savedUser !== null && savedUser !== m.user.id) {
      // The saved state is another user's (someone else logged in, in this tab): not ours to send.
      this._freshIdentity();
      this._transport.redial('another user');
      return;
    }
    this._tab.saveUser(m.user.id);
    this.user = { id: m.user.id, name: m.user.name };
    this.limits = m.limits && typeof m.limits === 'object' ? m.limits : {};
    this._transport.opened();
    this._eachDoc((doc) => doc._connected());
  }

  /** A message for a document goes to it; an error for none is the client's. Others are ignored. */
  _route(m) {
    switch (m.t) {
      case 'snapshot': case 'ops': case 'op': case 'ack': case 'presence': case 'left': case 'error': case 'access':
      case 'threads': case 'thread': case 'commented': {
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

  /**
   * Starts this tab over as a new client: a new id, no seq, no saved documents, and the open
   * documents joined afresh without their pending edits. For a tab whose saved state belongs to
   * another user (someone else logged in, in this tab): their edits must not be sent as this one's.
   */
  _freshIdentity() {
    this._tab.renew();
    this._eachDoc((doc) => doc._dropState());
  }

  _stop(error) {
    this._transport.halt();
    for (const doc of [...this._docs.values()]) doc._closeLocally(error || { code: 'closed', message: 'the client is closed' }, false);
    this._docs.clear();
    this._tab.release();
    this._transport.close(error ? 'client gave up' : 'client closed');
  }

  _eachDoc(fn) {
    for (const doc of [...this._docs.values()]) fn(doc);
  }

  // ------------------------------------------------------------------ for the documents

  /** True from a welcome until the connection is lost. */
  get _ready() {
    return this._transport.ready;
  }

  /** Sends if a connection is ready; else drops it (a rejoin resends what matters). */
  _send(message) {
    this._transport.send(message);
  }

  _nextSeq() {
    return this._tab.nextSeq();
  }

  /** Saves a document's state; false when it is over maxStoredChars or the storage refused it. */
  _saveDoc(id, state) {
    return this._tab.saveDoc(id, state);
  }

  _dropSaved(id) {
    this._tab.dropDoc(id);
  }

  _forget(doc) {
    if (this._docs.get(doc.id) === doc) this._docs.delete(doc.id);
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

function positive(name, value) {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number, was ${value}`);
  }
  return value;
}
