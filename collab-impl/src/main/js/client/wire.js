// The wire protocol collab.v1 as the browser client sees it: its constants, the ids it accepts,
// and the checks of the fields of a server message (docs/PROTOCOL.md). No state, no I/O.

export const PROTOCOL = 1;
export const SUBPROTOCOL = 'collab.v1';

/** Close codes the client treats apart from the others. */
export const GOING_AWAY = 1001;
export const POLICY = 1008;
export const TOO_BIG = 1009;
export const TRY_LATER = 1013;
/** An administrator closed this client (an extension, docs/PROTOCOL.md): final; the reason is for the user. */
export const ADMIN_CLOSE = 4000;

/** A client id: what the server accepts in hello. */
export const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
// Not made only of dots: "." and ".." are removed from URLs (docs/PROTOCOL.md, document ids).
export const DOC_ID = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

export const isInt = (v) => Number.isSafeInteger(v);
export const isStr = (v) => typeof v === 'string';
export const isUser = (u) => u !== null && typeof u === 'object' && isStr(u.id) && isStr(u.name);
export const isOps = (v) => Array.isArray(v) && v.every((o) => o !== null && typeof o === 'object');

/** Checks the fields of a server message; returns an error text, or null when it is usable. */
export function malformed(m) {
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
    case 'access':
      return isStr(m.doc) && isStr(m.access) ? null : 'access without doc or access';
    case 'threads':
      return isStr(m.doc) && isInt(m.version) && Array.isArray(m.threads) ? null : 'threads without doc, version or threads';
    case 'thread':
      return isStr(m.doc) && isInt(m.version) && m.thread !== null && typeof m.thread === 'object' && isStr(m.thread.id)
        ? null : 'thread without doc, version or thread id';
    case 'commented':
      return isStr(m.doc) && isInt(m.seq) ? null : 'commented without doc or seq';
    default:
      return null;
  }
}
