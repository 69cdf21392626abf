// Presence of one document: this client's own cursor/selection (sent at most once per the server's
// presenceIntervalMs, the latest winning, announced again after every (re)join) and the others
// present (their ranges kept on the text they were at as changes are applied).
//
// A range is sent only when nothing local is pending: it is then a position in the server's
// document at our version, which is what the others can place (they shift it over their own
// pending edits). Sent earlier, it would count our unsent text, and the others would shift it
// again when that text arrives. The document flushes it after the ack.
import { isInt } from './wire.js';

/** Colours given to remote users, chosen by a hash of the user id (the same on every client). */
export const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#008080',
  '#f032e6', '#9a6324', '#800000', '#808000', '#000075', '#2f4f4f'];

export function colorFor(userId) {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (Math.imul(h, 31) + userId.charCodeAt(i)) | 0;
  return COLORS[Math.abs(h) % COLORS.length];
}

export class Presence {
  /**
   * @param host what presence needs of its document and client:
   *   id: the document id;
   *   clientId(): this client's id (its own presence, echoed, is not a participant);
   *   sendable(): whether a presence may go out now (joined, connected, nothing local pending);
   *   send(message); now(); interval(): the server's presenceIntervalMs (0 for none);
   *   setTimeout(fn, ms), clearTimeout(id);
   *   pending(): the local ops not yet acknowledged, in order (null for none);
   *   changed(list): the participants changed (list: as `participants`).
   */
  constructor(host) {
    this.host = host;
    /** client id -> {client, user, color, range, meta} */
    this.others = new Map();
    /** The own presence: set once setPresence (or a join) gave one; unsent until it went out. */
    this.set = false;
    this.range = null;
    this.meta = undefined;
    this.unsent = false;
    this.sentAt = -Infinity;
    this.timer = null;
  }

  /** The others present: [{client, user: {id, name}, color, range, meta}], copies. */
  get participants() {
    return [...this.others.values()].map((p) => ({ ...p, range: p.range && { ...p.range } }));
  }

  /** This client's range (null: none) and meta (a plain object, or undefined); throws if malformed. */
  update(range, meta) {
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
    const same = this.set && sameRange(this.range, range) && JSON.stringify(this.meta) === JSON.stringify(meta ?? undefined);
    this.set = true;
    this.range = range;
    this.meta = meta ?? undefined;
    if (!same) {
      this.unsent = true;
      this.flush();
    }
  }

  /** After a (re)join: tell the others we are here, with the latest presence (or none), at once. */
  announce() {
    if (!this.set) this.set = true;
    this.unsent = true;
    this.sentAt = -Infinity;
    this.flush();
  }

  /** Sends the own presence if it is unsent and may go now, else when the interval allows. */
  flush() {
    const host = this.host;
    if (!this.unsent || !host.sendable()) return;
    const now = host.now();
    const due = this.sentAt + host.interval();
    if (now >= due) {
      this.unsent = false;
      this.sentAt = now;
      const msg = { t: 'presence', doc: host.id, range: this.range };
      if (this.meta !== undefined) msg.meta = this.meta;
      host.send(msg);
    } else if (this.timer === null) {
      this.timer = host.setTimeout(() => {
        this.timer = null;
        this.flush();
      }, Math.max(1, Math.ceil(due - now)));
    }
  }

  /** Another client's presence message (checked: doc, client and user are there). */
  received(p) {
    const host = this.host;
    if (p.client === host.clientId()) return;
    if (p.gone === true) {
      if (this.others.delete(p.client)) host.changed(this.participants);
      return;
    }
    const known = this.others.has(p.client);
    const r = p.range;
    let range = r && typeof r === 'object' && isInt(r.index) && isInt(r.length) && r.index >= 0 && r.length >= 0
      ? { index: r.index, length: r.length } : null;
    if (range) {
      // The range is a position in the server's document; we show our pending edits on top.
      for (const pending of host.pending()) {
        if (!pending) continue;
        range = shift(range, pending);
      }
    }
    this.others.set(p.client, {
      client: p.client,
      user: { id: p.user.id, name: p.user.name },
      color: colorFor(p.user.id),
      range,
      meta: p.meta && typeof p.meta === 'object' ? p.meta : undefined,
    });
    host.changed(this.participants);
    if (!known && this.set) {
      // A newcomer (or someone back after a reconnect) learns about us only from our presence.
      this.unsent = true;
      this.flush();
    }
  }

  /** A change was applied to what the user sees: the others' ranges move with the text. */
  transform(delta) {
    for (const p of this.others.values()) {
      if (p.range) p.range = shift(p.range, delta);
    }
  }

  /** The connection is gone: whoever is still there announces themselves again after the rejoin. */
  disconnected() {
    this.stop();
    if (this.others.size > 0) {
      this.others.clear();
      this.host.changed([]);
    }
  }

  /** Forgets the others without telling (the document joins afresh). */
  forget() {
    this.others.clear();
  }

  /** Sends nothing more until flushed again. */
  stop() {
    if (this.timer !== null) {
      this.host.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}

/** `range` moved over `delta` (transformPosition of both ends). */
function shift(range, delta) {
  const start = delta.transformPosition(range.index);
  const end = delta.transformPosition(range.index + range.length);
  return { index: start, length: Math.max(0, end - start) };
}

function sameRange(a, b) {
  if (a === null || b === null) return a === b;
  return a.index === b.index && a.length === b.length;
}
