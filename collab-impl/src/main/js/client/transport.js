// The connection of a CollabClient: one WebSocket at a time, `hello` on open, the wait for
// `welcome`, pings, and reconnects with exponential backoff and jitter (promptly after 1001, from a
// later step after 1009/1013, never after a final 1008 or an administrator's 4000). Frames are parsed and their fields
// checked here (wire.js); what they mean is the host's business (collab.js, the documents).
//
// A browser cannot see why a handshake failed (401, 403 and a dead network all look like close
// 1006), so after an attempt that never opened the transport asks the same URL over HTTP: a 401,
// or a redirect (to a login page), means the login is gone (state 'unauthorized', event
// 'unauthorized') while it goes on trying, so that it recovers once the user logs in again. It asks
// after a 1008 too (a container closes with 1008 when the HTTP session ends): only a 1008 with the
// login still there is final.
//
// Every socket belongs to a generation: a callback of a socket given up (replaced, closed) finds a
// newer generation and does nothing.
import { ADMIN_CLOSE, GOING_AWAY, POLICY, PROTOCOL, SUBPROTOCOL, TOO_BIG, TRY_LATER, isStr, malformed } from './wire.js';

/** After 1009 or 1013 the backoff starts at least at this step. */
export const OVERLOAD_ATTEMPT = 2;
/** A connection up at least this long counts as healthy: the backoff starts over. */
export const STABLE_MS = 10_000;

export class Transport {
  /**
   * @param settings {url, WebSocket, random, setTimeout, clearTimeout, now, backoff (a Backoff),
   *   pingInterval, connectTimeout (ms), authProbe (boolean), fetch (or null)}, already checked
   * @param host what the transport reports to, all called synchronously:
   *   emit(event, ...args): 'state', 'reconnect', 'unauthorized' and 'error' events;
   *   clientId(): the id to send in hello;
   *   welcome(message): a welcome arrived (the connect timeout is cleared); the host answers with
   *     opened(), or redial() when it cannot use this connection;
   *   message(message): any other checked message but pong, of any type (the host ignores the
   *     types it does not know);
   *   disconnected(): the connection is gone, nothing can be sent until the next welcome;
   *   renewIdentity(): a 1008 came: true when the host started over as a new client (the id was
   *     refused), and the transport then dials again at once;
   *   giveUp(error): the 1008 is final: the host closes everything (halt(), then close()).
   */
  constructor(settings, host) {
    this.settings = settings;
    this.host = host;
    /** 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed' */
    this.state = 'connecting';
    /** True from a welcome until the connection is lost: messages may be sent. */
    this.ready = false;
    /** The socket of the current attempt or connection, or null. */
    this.ws = null;
    this.generation = 0;
    /** Consecutive failed attempts: the backoff's step. */
    this.attempt = 0;
    this.readySince = 0;
    this.lastReceived = 0;
    this.lastPing = 0;
    /** The connect timeout, or the scheduled dial. */
    this.timer = null;
    this.pingTimer = null;
    /** True from a probe that found the login gone until the next welcome. */
    this.unauthorized = false;
    this.probing = false;
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.host.emit('state', state);
  }

  /** Opens a socket (a new generation) and gives it connectTimeout to be welcomed. */
  dial() {
    const s = this.settings;
    this.timer = null;
    if (this.state === 'closed') return;
    const gen = ++this.generation;
    let ws;
    try {
      ws = new s.WebSocket(s.url, SUBPROTOCOL);
    } catch (e) {
      this.lost(gen, 1006, String(e));
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      if (gen !== this.generation) return;
      this.lastReceived = s.now();
      this.sendRaw({ t: 'hello', protocol: PROTOCOL, client: this.host.clientId() });
    };
    ws.onmessage = (event) => {
      if (gen === this.generation) this.onFrame(event.data);
    };
    ws.onclose = (event) => this.lost(gen, event.code, event.reason, opened);
    ws.onerror = () => {
      // a close event follows
    };
    // No welcome in time: give up this attempt.
    this.timer = s.setTimeout(() => {
      if (gen === this.generation && !this.ready) this.abort(gen, 'no welcome within ' + s.connectTimeout + ' ms');
    }, s.connectTimeout);
  }

  abort(gen, reason) {
    const ws = this.ws;
    this.lost(gen, 1006, reason);
    closeQuietly(ws);
  }

  onFrame(data) {
    this.lastReceived = this.settings.now();
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch (e) {
      this.host.emit('error', { code: 'bad-frame', message: 'the server sent a frame that is not JSON' });
      return;
    }
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    const gen = this.generation;
    for (const m of messages) {
      if (gen !== this.generation || this.state === 'closed') return;
      if (m === null || typeof m !== 'object' || !isStr(m.t)) {
        this.host.emit('error', { code: 'bad-frame', message: 'the server sent a message without a type' });
        continue;
      }
      const problem = malformed(m);
      if (problem) {
        this.host.emit('error', { code: 'bad-frame', message: `the server sent a ${m.t} message: ${problem}`, doc: isStr(m.doc) ? m.doc : undefined });
        continue;
      }
      try {
        this.dispatch(m);
      } catch (e) {
        console.error('collab: failed to handle a server message', m.t, e);
      }
    }
  }

  dispatch(m) {
    if (m.t === 'welcome') {
      if (this.timer !== null) {
        this.settings.clearTimeout(this.timer);
        this.timer = null;
      }
      this.host.welcome(m);
    } else if (m.t !== 'pong') {
      this.host.message(m);
    }
  }

  /** The host accepted the welcome: the connection is open. */
  opened() {
    this.ready = true;
    this.unauthorized = false;
    this.readySince = this.settings.now();
    this.lastReceived = this.readySince;
    this.lastPing = this.readySince;
    this.schedulePing();
    this.setState('open');
  }

  /** Drops the current connection and dials again at once (a new identity needs a new hello). */
  redial(reason) {
    this.generation++;
    const ws = this.ws;
    this.ws = null;
    this.ready = false;
    this.clearTimers();
    this.host.disconnected();
    closeQuietly(ws, 1000, reason);
    this.setState('reconnecting');
    this.timer = this.settings.setTimeout(() => this.dial(), 0);
  }

  schedulePing() {
    const s = this.settings;
    if (this.pingTimer !== null) s.clearTimeout(this.pingTimer);
    this.pingTimer = s.setTimeout(() => {
      this.pingTimer = null;
      if (!this.ready) return;
      if (this.lastPing > this.lastReceived) {
        // Nothing arrived since the last ping, not even its pong: the connection is dead.
        this.abort(this.generation, 'no answer to ping within ' + s.pingInterval + ' ms');
        return;
      }
      this.lastPing = s.now();
      this.sendRaw({ t: 'ping' });
      this.schedulePing();
    }, s.pingInterval);
  }

  /**
   * The connection `gen` ended: unless that is final, schedule a reconnect. `opened` is false when
   * the handshake failed, which may be a login gone: then the login is checked over HTTP.
   */
  lost(gen, code, reason, opened = true) {
    const s = this.settings;
    if (gen !== this.generation || this.state === 'closed') return;
    this.generation++;
    this.ws = null;
    const wasReady = this.ready;
    this.ready = false;
    this.clearTimers();
    this.host.disconnected();
    if (code === POLICY && this.host.renewIdentity()) {
      // Refused with an id the host no longer uses: try the new one at once.
      this.setState('reconnecting');
      this.host.emit('reconnect', { code, reason, delay: 0 });
      this.timer = s.setTimeout(() => this.dial(), 0);
      return;
    }
    if (code === POLICY) {
      this.policyClose(code, reason);
      return;
    }
    if (code === ADMIN_CLOSE) {
      // An administrator closed this client on purpose: reconnecting at once would undo that (and,
      // closed again, loop). Final; the reason is theirs, for the user (event 'error', code 'admin-closed').
      const error = { code: 'admin-closed', message: reason || 'closed by an administrator' };
      this.host.emit('error', error);
      this.host.giveUp(error);
      return;
    }
    if (wasReady && s.now() - this.readySince >= STABLE_MS) this.attempt = 0;
    if (code === TOO_BIG || code === TRY_LATER) this.attempt = Math.max(this.attempt, OVERLOAD_ATTEMPT);
    const delay = code === GOING_AWAY ? s.backoff.prompt(s.random) : s.backoff.delay(this.attempt++, s.random);
    this.scheduleDial(code, reason, delay);
    if (!opened) this.probeLogin();
  }

  /** A 1008: final, unless the login is gone (the user may log in again). */
  policyClose(code, reason) {
    const s = this.settings;
    const final = () => {
      const error = { code: 'policy', message: `the server closed the connection for good (1008 ${reason || ''}); not reconnecting` };
      this.host.emit('error', error);
      this.host.giveUp(error);
    };
    if (!s.authProbe || !s.fetch) {
      final();
      return;
    }
    // A container closes with 1008 when the HTTP session of the handshake ends (the WebSocket
    // specification asks it to): a login gone is not final, the user may log in again.
    const gen = this.generation;
    this.setState('reconnecting');
    this.loginGone().then((answer) => {
      if (gen !== this.generation || this.state === 'closed') return;
      if (answer === null || !answer.gone) {
        final();
        return;
      }
      this.markUnauthorized(answer.status);
      this.scheduleDial(code, reason, s.backoff.delay(this.attempt++, s.random));
    });
  }

  scheduleDial(code, reason, delay) {
    this.setState(this.unauthorized ? 'unauthorized' : 'reconnecting');
    this.host.emit('reconnect', { code, reason, delay });
    this.timer = this.settings.setTimeout(() => this.dial(), delay);
  }

  /** After a handshake that failed: asks whether the login is gone (see 'unauthorized'). */
  probeLogin() {
    const s = this.settings;
    if (!s.authProbe || !s.fetch || this.probing) return;
    this.probing = true;
    this.loginGone().then((answer) => {
      this.probing = false;
      if (answer !== null && answer.gone && !this.ready && this.state !== 'closed') this.markUnauthorized(answer.status);
    });
  }

  /**
   * GETs the WebSocket URL over HTTP (same-origin credentials, redirects not followed): resolves to
   * {gone, status}, gone when it answers 401 or redirects (a login page), or to null when there is
   * no answer (the network itself is down: 'reconnecting' says that).
   */
  loginGone() {
    const url = this.settings.url.replace(/^ws(s?):/i, 'http$1:');
    return Promise.resolve()
      .then(() => this.settings.fetch(url, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' }))
      .then(
        (r) => ({ gone: r.status === 401 || r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400), status: r.status }),
        () => null,
      );
  }

  markUnauthorized(status) {
    if (this.unauthorized) return;
    this.unauthorized = true;
    this.setState('unauthorized');
    this.host.emit('unauthorized', { status });
  }

  clearTimers() {
    if (this.timer !== null) this.settings.clearTimeout(this.timer);
    if (this.pingTimer !== null) this.settings.clearTimeout(this.pingTimer);
    this.timer = null;
    this.pingTimer = null;
  }

  /** Stops for good, first step: nothing more is received, sent or dialed. */
  halt() {
    this.generation++;
    this.ready = false;
    this.clearTimers();
  }

  /** Stops for good, last step (after halt()): closes the socket; the state becomes 'closed'. */
  close(reason) {
    const ws = this.ws;
    this.ws = null;
    closeQuietly(ws, 1000, reason);
    this.setState('closed');
  }

  /** Sends if a connection is ready; else drops it (a rejoin resends what matters). */
  send(message) {
    if (this.ready) this.sendRaw(message);
  }

  sendRaw(message) {
    const ws = this.ws;
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(message));
  }
}

/** Closes a socket that may be closed already (then close throws in some browsers: nothing to do). */
function closeQuietly(ws, ...args) {
  if (!ws) return;
  try {
    ws.close(...args);
  } catch (e) {
    // already closed
  }
}
