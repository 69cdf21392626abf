// collab-quill.js: binds a Quill 2 editor to a CollabDocument of collab.js.
//
//   const binding = bindQuill(quill, doc, { cursors: true });
//
// - Sets the editor's contents from the document and clears its undo history.
// - Every change the editor makes (typing, paste, formatting, undo/redo, and 'api' changes the
//   host makes itself) is submitted to the document; every change of the document that did not
//   come from the editor (others' ops, a reset after a rejoin, an own edit the server refused) is
//   applied to the editor with source 'api'.
// - Undo is per user: with Quill's History module configured `userOnly: true`, the undo stack holds
//   only this user's changes and Quill transforms it over the changes applied with source 'api'
//   (the others'), so undo takes back only this user's own edits.
// - Draws the other participants' cursors and selections with their name and colour
//   (quill-cursors), and sends this user's selection as presence.
// - The editor is read-only unless the server granted write (or admin) access.
// - Registers a safe rendering for every embed and attribute the server's schema accepts
//   (quill-formats.js), with a host allow-list for video frames.
// - Never keeps editing a document it could not show: when Quill throws while showing the document
//   or a change, or shows something else (render-check.js), and showing the document afresh does
//   not help, the binding stops: the editor becomes read-only, nothing more is sent, the error is
//   logged, and `failed` is emitted (renderConnectionState shows it).
import QuillCursors from 'quill-cursors/core';
import Delta from 'quill-delta';
import { registerFormats, setVideoHosts, DEFAULT_VIDEO_HOSTS, VIDEO_SANDBOX, videoFrameAllowed } from './editor/quill-formats.js';
import { asShown, attributeDifference, contentDifference, endsWithNewline, insertedDifference } from './editor/render-check.js';

export { QuillCursors, registerFormats, DEFAULT_VIDEO_HOSTS, VIDEO_SANDBOX, videoFrameAllowed };

/**
 * @param quill a Quill 2 instance
 * @param doc a CollabDocument (from CollabClient.open)
 * @param options {cursors: true|false (draw remote cursors, default true), cursorOptions: options of
 *   quill-cursors (default {transformOnTextChange: true}), cursorStyles: false (do not link
 *   quill-cursors.css when the page lacks it), videoHosts: the hosts whose videos play in a
 *   sandboxed frame in this editor (default DEFAULT_VIDEO_HOSTS; others show as a link),
 *   onFailed: called with {reason, message} when the binding stops (as on('failed'))}
 * @returns {{destroy(): void, cursors: QuillCursors|null, failure: {reason, message}|null,
 *   on(event: 'failed', fn): () => void}}
 */
export function bindQuill(quill, doc, options = {}) {
  if (!quill || typeof quill.updateContents !== 'function') throw new TypeError('bindQuill needs a Quill instance');
  if (!doc || typeof doc.submit !== 'function') throw new TypeError('bindQuill needs a CollabDocument');
  registerFormats(quill.constructor);
  if (options.videoHosts !== undefined) setVideoHosts(quill.root, options.videoHosts);
  let applying = false;
  const offs = [];
  let failure = null;
  const failedListeners = new Set();
  if (typeof options.onFailed === 'function') failedListeners.add(options.onFailed);

  // Shows the whole document; returns why the editor does not show it, or null.
  const load = () => {
    applying = true;
    try {
      quill.setContents(doc.contents, 'api');
    } catch (e) {
      return { reason: 'render', message: `the editor could not show the document: ${e && e.message}`, error: e };
    } finally {
      applying = false;
    }
    const shown = quill.getContents();
    const expected = asShown(doc.contents);
    const difference = contentDifference(shown, expected);
    if (difference) return { reason: 'mismatch', message: `the editor does not show the document ${difference}` };
    const attributes = attributeDifference(shown, expected);
    if (attributes) console.warn(`collab-quill: document ${doc.id}: formats the editor does not show, ${attributes}`);
    return null;
  };

  // Stops for good: read-only, nothing more sent or applied, the failure logged and emitted.
  const fail = (why) => {
    if (failure) return;
    failure = { reason: why.reason, message: why.message };
    console.error(`collab-quill: document ${doc.id}: ${why.message}; editing stopped, nothing more is sent`, why.error || '');
    offs.splice(0).forEach((off) => off());
    quill.enable(false);
    for (const fn of [...failedListeners]) {
      try {
        fn(failure);
      } catch (e) {
        console.error('collab-quill: a failed listener threw', e);
      }
    }
  };

  // The editor and the document disagree: show the document afresh, or stop if that fails too.
  const resync = (why) => {
    console.error(`collab-quill: document ${doc.id}: the editor and the document disagree (${why.message || why}); showing the document afresh`);
    const again = load();
    if (again) fail(again);
  };

  const loaded = load();
  const history = quill.getModule('history');
  if (history) history.clear();
  const writable = () => doc.access === 'write' || doc.access === 'admin';
  // Enabled or disabled by access, and again only when the access changes (the host may disable
  // the editor for its own reasons in between).
  let access = doc.access;
  quill.enable(!loaded && writable());

  let cursors = null;
  let ownCursors = false;
  if (options.cursors !== false) {
    cursors = quill.getModule('cursors') || null;
    if (!cursors) {
      if (options.cursorStyles !== false) ensureCursorStyles(quill.root.ownerDocument);
      cursors = new QuillCursors(quill, { transformOnTextChange: true, ...(options.cursorOptions || {}) });
      ownCursors = true;
    }
  }

  const onText = (delta, oldContents, source) => {
    if (applying && source !== 'user') return;
    try {
      const length = doc.contents.length();
      if (!endsWithNewline(doc.contents) && reach(delta) > length) {
        // The change formats the editor's last line, whose newline the document does not have
        // (see endsWithNewline): add that newline to the document first.
        doc.submit(new Delta().retain(length).insert('\n'));
      }
      doc.submit(delta);
    } catch (e) {
      resync(e);
    }
  };
  quill.on('text-change', onText);
  offs.push(() => quill.off('text-change', onText));

  let lastRange = null;
  const sendSelection = (range) => {
    const r = range === undefined ? quill.getSelection() : range;
    if (!r) return; // blurred: others keep seeing where this user was
    if (lastRange && lastRange.index === r.index && lastRange.length === r.length) return;
    lastRange = { index: r.index, length: r.length };
    doc.setPresence(lastRange);
  };
  // 'editor-change' also reports the selection changes Quill makes silently (the caret moving as
  // the user types, or as others' text lands before it), which 'selection-change' does not.
  const onEditorChange = (event, range) => {
    if (event === 'selection-change') sendSelection(range);
  };
  quill.on('editor-change', onEditorChange);
  offs.push(() => quill.off('editor-change', onEditorChange));

  // Before the document applies remote changes, let Quill report input it has not reported yet
  // (pending DOM mutations), so that it is submitted first and the remote change lands on a
  // document that already contains it.
  offs.push(doc.on('before-remote', () => quill.update('user')));
  offs.push(doc.on('change', (delta) => {
    applying = true;
    try {
      quill.updateContents(delta, 'api');
    } catch (e) {
      applying = false;
      resync(e);
      return;
    } finally {
      applying = false;
    }
    // The length costs nothing; the inserts cost their own size, not the document's.
    const difference = quill.getLength() !== shownLength(doc.contents)
      ? `length ${quill.getLength()} instead of ${shownLength(doc.contents)}`
      : insertedDifference(delta, (index, length) => quill.getContents(index, length));
    if (difference) {
      resync(new Error(difference));
      if (failure) return;
    }
    if (doc.access !== access) {
      access = doc.access;
      quill.enable(writable());
    }
  }));

  const drawCursors = (list) => {
    if (!cursors) return;
    const present = new Set();
    for (const p of list) {
      present.add(p.client);
      if (p.range) {
        cursors.createCursor(p.client, p.user.name, p.color);
        const length = quill.getLength();
        const index = Math.min(p.range.index, length - 1);
        cursors.moveCursor(p.client, { index, length: Math.min(p.range.length, length - 1 - index) });
      } else {
        cursors.removeCursor(p.client);
      }
    }
    for (const c of cursors.cursors()) if (!present.has(c.id)) cursors.removeCursor(c.id);
  };
  offs.push(doc.on('participants', drawCursors));
  if (loaded) {
    fail(loaded);
  } else {
    drawCursors(doc.participants);
    sendSelection();
  }

  return {
    cursors,
    /** Why the binding stopped ({reason: 'render'|'mismatch', message}), or null while it works. */
    get failure() {
      return failure;
    },
    on(event, fn) {
      if (event !== 'failed') throw new TypeError(`bindQuill: unknown event ${event}`);
      failedListeners.add(fn);
      return () => failedListeners.delete(fn);
    },
    destroy() {
      offs.splice(0).forEach((off) => off());
      if (cursors) {
        if (ownCursors) cursors.destroy();
        else cursors.clearCursors();
      }
    },
  };
}

/**
 * Links quill-cursors' stylesheet (served next to this module) unless the page already has it: a
 * same-origin stylesheet, so a Content-Security-Policy of style-src 'self' allows it.
 */
function ensureCursorStyles(page) {
  const links = page.querySelectorAll('link[rel="stylesheet"]');
  for (const link of links) if (/\/quill-cursors\.css(\?|$)/.test(link.href)) return;
  const link = page.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./quill-cursors.css', import.meta.url).href;
  page.head.append(link);
}

// Quill's document always ends with a newline; a Collab document need not (one created empty is
// empty). The editor shows the document plus that newline when the document lacks it; the newline
// is added to the document only when an edit formats that last line (endsWithNewline).
function shownLength(delta) {
  return delta.length() + (endsWithNewline(delta) ? 0 : 1);
}

/** How far into the document an edit reaches (its retains and deletes). */
function reach(delta) {
  let n = 0;
  for (const op of delta.ops) {
    if (typeof op.retain === 'number') n += op.retain;
    else if (op.retain) n += 1;
    else if (typeof op.delete === 'number') n += op.delete;
  }
  return n;
}

/**
 * Keeps `element` showing who is here: this user first, then the others, each with a swatch of
 * their colour. Returns a function that stops it.
 */
export function renderParticipants(element, doc) {
  const draw = () => {
    const list = element.ownerDocument.createElement('ul');
    list.className = 'collab-participants';
    const me = doc.client.user;
    const entries = [];
    if (me) entries.push({ name: `${me.name} (you)`, color: null, client: doc.client.clientId });
    for (const p of doc.participants) entries.push({ name: p.user.name, color: p.color, client: p.client });
    for (const e of entries) {
      const item = element.ownerDocument.createElement('li');
      item.dataset.client = e.client;
      const swatch = element.ownerDocument.createElement('span');
      swatch.className = 'collab-swatch';
      if (e.color) swatch.style.background = e.color;
      item.append(swatch, element.ownerDocument.createTextNode(e.name));
      list.append(item);
    }
    element.replaceChildren(list);
  };
  const offs = [doc.on('participants', draw), doc.client.on('state', draw)];
  draw();
  return () => offs.forEach((off) => off());
}

const LABELS = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Offline, reconnecting…', unauthorized: 'Signed out: log in again', closed: 'Disconnected' };

/**
 * Keeps `element` showing the connection state (a class collab-state-<state>) and, when `doc` is
 * given, how many local edits are not yet saved on the server; when `binding` (of bindQuill) is
 * given and has stopped, that it failed and why (state `failed`). Returns a function that stops it.
 */
export function renderConnectionState(element, client, doc, binding) {
  const draw = () => {
    const failure = binding ? binding.failure : null;
    const state = failure ? 'failed' : client.state;
    const pending = doc ? doc.pendingCount : 0;
    element.className = `collab-state collab-state-${state}`;
    element.dataset.state = state;
    element.dataset.pending = String(pending);
    if (failure) {
      element.textContent = `Editing stopped: ${failure.message}. Reload the page`;
      return;
    }
    let saved = '';
    if (doc) saved = pending > 0 ? ` · ${pending} unsaved edit${pending === 1 ? '' : 's'}` : ' · all changes saved';
    element.textContent = LABELS[client.state] + saved;
  };
  const offs = [client.on('state', draw)];
  if (doc) offs.push(doc.on('pending', draw));
  if (binding) offs.push(binding.on('failed', draw));
  draw();
  return () => offs.forEach((off) => off());
}
