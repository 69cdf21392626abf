// Test doubles for collab.js under node: a fake network of fake WebSockets, a fake Collab server
// that serializes ops with quill-delta's transform (as the real engine does: each submit is
// transformed over every op committed after its base, committed ops first), fake timers, a fake
// storage and a seeded random source.
import Delta from 'quill-delta';
import { moveAnchor } from '../../main/js/client/comments.js';

/** Mulberry32: a small seeded PRNG returning numbers in [0, 1). */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Timers on a virtual clock, advanced by the test. */
export class Clock {
  constructor() {
    this.time = 1_000_000;
    this.timers = new Map();
    this.nextId = 1;
    this.setTimeout = (fn, ms) => {
      const id = this.nextId++;
      this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
      return id;
    };
    this.clearTimeout = (id) => this.timers.delete(id);
    this.now = () => this.time;
  }

  /** Runs every timer due within `ms`, in order, moving the clock. */
  advance(ms, between = () => {}) {
    const end = this.time + ms;
    for (;;) {
      let next = null;
      for (const [id, t] of this.timers) if (t.at <= end && (next === null || t.at < next[1].at)) next = [id, t];
      if (next === null) break;
      this.timers.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].fn();
      between();
    }
    this.time = end;
  }

  pending() {
    return [...this.timers.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }
}

/** sessionStorage's interface over a Map. */
export class MemoryStorage {
  constructor() {
    this.map = new Map();
  }
  get length() { return this.map.size; }
  key(i) { return [...this.map.keys()][i] ?? null; }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

/**
 * Delivery between fake sockets and the fake server: every frame is queued per connection and
 * direction, and delivered when the test runs the network (in order, or in a random interleaving
 * of the queues, each queue staying FIFO as TCP keeps it).
 */
export class Network {
  constructor() {
    this.queues = new Map();
  }

  post(queue, fn) {
    if (!this.queues.has(queue)) this.queues.set(queue, []);
    this.queues.get(queue).push(fn);
  }

  /** Delivers until nothing is left; with `random`, picks a random non-empty queue each step. */
  run(random, maxSteps = 1_000_000) {
    for (let i = 0; i < maxSteps; i++) {
      const ready = [...this.queues.entries()].filter(([, q]) => q.length > 0);
      if (ready.length === 0) return i;
      const [, q] = random ? ready[Math.floor(random() * ready.length)] : ready[0];
      q.shift()();
    }
    throw new Error('the network did not settle');
  }

  /** One random delivery step; false when nothing is queued. */
  step(random) {
    const ready = [...this.queues.entries()].filter(([, q]) => q.length > 0);
    if (ready.length === 0) return false;
    const [, q] = ready[Math.floor(random() * ready.length)];
    q.shift()();
    return true;
  }
}

let connectionIds = 0;

/** The fake server; `WebSocket` is the constructor to hand to CollabClient. */
export class FakeServer {
  constructor(network = new Network(), { user = (n) => ({ id: 'u' + n, name: 'User ' + n }), presenceIntervalMs = 50, maxMessageBytes = 1 << 20 } = {}) {
    this.network = network;
    this.docs = new Map();
    this.connections = new Set();
    this.up = true;
    this.received = [];
    this.userFor = user;
    /** client id -> the user id it is bound to */
    this.bindings = new Map();
    this.presenceIntervalMs = presenceIntervalMs;
    this.maxMessageBytes = maxMessageBytes;
    /** Replies to override: (connection, message) => true when handled. */
    this.intercept = null;
    const server = this;
    this.WebSocket = class FakeWebSocket {
      constructor(url, protocol) {
        this.url = url;
        this.protocol = protocol;
        this.readyState = 0;
        this.sent = [];
        this.id = ++connectionIds;
        this.toClient = 'c' + this.id;
        this.toServer = 's' + this.id;
        server.sockets = (server.sockets || 0) + 1;
        network.post(this.toClient, () => {
          if (this.readyState !== 0) return;
          if (!server.up) {
            this.readyState = 3;
            this.onclose && this.onclose({ code: 1006, reason: 'refused' });
            return;
          }
          this.readyState = 1;
          this.conn = server.accept(this);
          this.onopen && this.onopen({});
        });
      }

      send(text) {
        if (this.readyState !== 1) throw new Error('send on a socket that is not open');
        this.sent.push(JSON.parse(text));
        const conn = this.conn;
        network.post(this.toServer, () => conn.open && server.receive(conn, text));
      }

      close(code = 1000, reason = '') {
        if (this.readyState >= 2) return;
        this.readyState = 3;
        const conn = this.conn;
        // frames sent before the close still reach the server, then it sees the close
        if (conn) network.post(this.toServer, () => server.drop(conn));
        network.post(this.toClient, () => this.onclose && this.onclose({ code: 1005, reason }));
      }
    };
  }

  createDocument(id, contents = new Delta()) {
    this.docs.set(id, { id, ops: [], base: new Delta(contents), contents: new Delta(contents), committed: new Map(), subscribers: new Set(), presence: new Map() });
  }

  /** Drops the ops before `version` (keeps a snapshot): joins from older versions get a snapshot. */
  pruneBefore(id, version) {
    const d = this.docs.get(id);
    d.prunedBefore = version;
  }

  accept(ws) {
    const conn = { ws, open: true, client: null, user: null, docs: new Set() };
    this.connections.add(conn);
    return conn;
  }

  send(conn, message) {
    if (!conn.open) return;
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.network.post(conn.ws.toClient, () => conn.ws.readyState === 1 && conn.ws.onmessage && conn.ws.onmessage({ data: text }));
  }

  /** The server closes a connection with `code` (1001 drain, 1006 network loss, ...). */
  close(conn, code = 1006, reason = '') {
    if (!conn.open) return;
    this.drop(conn);
    conn.ws.readyState = 3;
    this.network.post(conn.ws.toClient, () => conn.ws.onclose && conn.ws.onclose({ code, reason }));
  }

  /** Stops the server: every connection is lost and new ones are refused until start(). */
  stop(code = 1006) {
    this.up = false;
    for (const c of [...this.connections]) this.close(c, code);
  }

  start() {
    this.up = true;
  }

  drop(conn) {
    conn.open = false;
    this.connections.delete(conn);
    for (const id of conn.docs) {
      const d = this.docs.get(id);
      d.subscribers.delete(conn);
      if (d.presence.delete(conn.client)) this.relay(d, conn, { t: 'presence', doc: id, client: conn.client, user: conn.user, gone: true });
    }
  }

  relay(d, from, message) {
    for (const c of d.subscribers) if (c !== from) this.send(c, message);
  }

  receive(conn, text) {
    if (new TextEncoder().encode(text).length > this.maxMessageBytes) {
      this.close(conn, 1009, 'frame too large');
      return;
    }
    const m = JSON.parse(text);
    this.received.push(m);
    if (this.intercept && this.intercept(conn, m)) return;
    switch (m.t) {
      case 'hello': {
        const user = this.userFor(m.client);
        const bound = this.bindings.get(m.client);
        if (bound !== undefined && bound !== user.id) {
          // a client id is bound to the user who first used it
          this.close(conn, 1008, 'client id taken');
          return;
        }
        this.bindings.set(m.client, user.id);
        conn.client = m.client;
        conn.user = user;
        this.send(conn, { t: 'welcome', protocol: 1, user: conn.user, limits: { presenceIntervalMs: this.presenceIntervalMs, maxMessageBytes: this.maxMessageBytes } });
        return;
      }
      case 'ping':
        this.send(conn, { t: 'pong' });
        return;
      case 'join': {
        const d = this.docs.get(m.doc);
        if (!d) {
          this.send(conn, { t: 'error', code: 'unknown-document', message: 'no such document', doc: m.doc });
          return;
        }
        d.subscribers.add(conn);
        conn.docs.add(m.doc);
        const head = d.ops.length;
        if (m.from === undefined || (d.prunedBefore !== undefined && m.from < d.prunedBefore)) {
          this.send(conn, { t: 'snapshot', doc: m.doc, version: head, type: 'rich-text', data: d.contents.ops, access: 'write' });
        } else if (m.from > head) {
          this.send(conn, { t: 'error', code: 'version-ahead', message: 'ahead', doc: m.doc });
        } else {
          this.send(conn, { t: 'ops', doc: m.doc, type: 'rich-text', access: 'write', ops: d.ops.slice(m.from) });
        }
        if (d.threads && d.threads.size > 0) this.send(conn, { t: 'threads', doc: m.doc, version: head, threads: [...d.threads.values()] });
        return;
      }
      case 'submit': {
        const d = this.docs.get(m.doc);
        // A resubmission is recognised by (user, client, seq): another user's op never counts.
        const key = conn.user.id + '/' + conn.client + '/' + m.seq;
        if (d.committed.has(key)) {
          this.send(conn, { t: 'ack', doc: m.doc, seq: m.seq, version: d.committed.get(key) });
          return;
        }
        let op = new Delta(m.op);
        for (const e of d.ops.slice(m.base)) op = new Delta(e.op).transform(op, true);
        d.contents = d.contents.compose(op);
        if (d.threads) for (const t of d.threads.values()) t.anchor = moveAnchor(t.anchor, op);
        const version = d.ops.length + 1;
        const entry = { version, op: op.ops, client: conn.client, seq: m.seq, user: conn.user };
        d.ops.push(entry);
        d.committed.set(key, version);
        this.send(conn, { t: 'ack', doc: m.doc, seq: m.seq, version });
        this.relay(d, conn, { t: 'op', doc: m.doc, ...entry });
        return;
      }
      case 'presence': {
        const d = this.docs.get(m.doc);
        const p = { t: 'presence', doc: m.doc, client: conn.client, user: conn.user, range: m.range };
        if (m.meta) p.meta = m.meta;
        d.presence.set(conn.client, p);
        this.relay(d, conn, p);
        return;
      }
      case 'comment': {
        this.comment(conn, m);
        return;
      }
      case 'leave': {
        const d = this.docs.get(m.doc);
        d.subscribers.delete(conn);
        conn.docs.delete(m.doc);
        if (d.presence.delete(conn.client)) this.relay(d, conn, { t: 'presence', doc: m.doc, client: conn.client, user: conn.user, gone: true });
        this.send(conn, { t: 'left', doc: m.doc });
        return;
      }
      default:
        this.send(conn, { t: 'error', code: 'bad-message', message: 'unknown' });
    }
  }

  /**
   * A `comment` command, as the engine answers it (no access checks): the thread message to every
   * subscriber, then `commented`; a create or reply with an id it has is answered `commented` again.
   */
  comment(conn, m) {
    const d = this.docs.get(m.doc);
    if (!d.threads) d.threads = new Map();
    const fail = (code) => this.send(conn, { t: 'error', code, message: code, doc: m.doc, seq: m.seq });
    const t = d.threads.get(m.thread);
    const now = new Date(this.now ? this.now() : 0).toISOString();
    const user = { id: conn.user.id, name: conn.user.name };
    if ((m.action === 'create' && t) || (m.action === 'reply' && t && t.comments.some((c) => c.id === m.comment))) {
      this.send(conn, { t: 'commented', doc: m.doc, seq: m.seq, thread: m.thread });
      return;
    }
    if (m.action !== 'create' && !t) {
      fail('bad-message');
      return;
    }
    let deleted = false;
    switch (m.action) {
      case 'create': {
        if (m.base > d.ops.length) return fail('version-ahead');
        let anchor = { index: m.range.index, length: m.range.length, detached: false };
        for (const e of d.ops.slice(m.base)) anchor = moveAnchor(anchor, new Delta(e.op));
        d.threads.set(m.thread, { id: m.thread, anchor, comments: [{ id: m.comment, user, text: m.text, created: now, edited: null }],
          resolved: false, resolvedBy: null, resolvedAt: null, revision: 1 });
        break;
      }
      case 'reply': t.comments.push({ id: m.comment, user, text: m.text, created: now, edited: null }); break;
      case 'edit': {
        const c = t.comments.find((x) => x.id === m.comment);
        if (!c || c.user.id !== user.id) return fail('forbidden');
        c.text = m.text;
        c.edited = now;
        break;
      }
      case 'delete':
        if (t.comments[0].id === m.comment) {
          d.threads.delete(m.thread);
          deleted = true;
        } else {
          t.comments = t.comments.filter((x) => x.id !== m.comment);
        }
        break;
      case 'resolve': Object.assign(t, { resolved: true, resolvedBy: user.id, resolvedAt: now }); break;
      case 'reopen': Object.assign(t, { resolved: false, resolvedBy: null, resolvedAt: null }); break;
      default: return fail('bad-message');
    }
    if (!deleted && m.action !== 'create') t.revision++;
    const version = d.ops.length;
    const changed = deleted ? { t: 'thread', doc: m.doc, version, thread: { id: m.thread }, deleted: true }
      : { t: 'thread', doc: m.doc, version, thread: structuredClone(d.threads.get(m.thread)) };
    for (const c of d.subscribers) this.send(c, changed);
    this.send(conn, { t: 'commented', doc: m.doc, seq: m.seq, thread: m.thread });
  }

  /** The open connection of client id `client`. */
  connectionOf(client) {
    return [...this.connections].find((c) => c.client === client);
  }

  /** The submits the server received, in order. */
  submits() {
    return this.received.filter((m) => m.t === 'submit');
  }
}
