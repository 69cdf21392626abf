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
//   (quill-cursors), and sends this user's selection as presence (editor/cursors.js).
// - Highlights the text of every open comment thread, in a layer over the text: the document does
//   not change (editor/highlights.js).
// - The editor is read-only unless the server granted write (or admin) access.
// - Registers a safe rendering for every embed and attribute the server's schema accepts
//   (quill-formats.js), with a host allow-list for video frames.
// - Never keeps editing a document it could not show: when Quill throws while showing the document
//   or a change, or shows something else (render-check.js), and showing the document afresh does
//   not help, the binding stops: the editor becomes read-only, nothing more is sent, the error is
//   logged, and `failed` is emitted (renderConnectionState shows it).
//
// This module is the public entry of the editor side: bindQuill keeps the editor and the document
// in step; the formats, the render checks, the cursors and the status widgets (renderParticipants,
// renderConnectionState) are under editor/, and re-exported here.
import Delta from 'quill-delta';
import { EditorPresence, QuillCursors } from './editor/cursors.js';
import { ThreadHighlights } from './editor/highlights.js';
import { registerFormats, setVideoHosts, DEFAULT_VIDEO_HOSTS, VIDEO_SANDBOX, videoFrameAllowed } from './editor/quill-formats.js';
import { asShown, attributeDifference, contentDifference, endsWithNewline, insertedDifference } from './editor/render-check.js';

export { QuillCursors, ThreadHighlights, registerFormats, DEFAULT_VIDEO_HOSTS, VIDEO_SANDBOX, videoFrameAllowed };
export { renderParticipants, renderConnectionState } from './editor/widgets.js';

/**
 * @param quill a Quill 2 instance
 * @param doc a CollabDocument (from CollabClient.open)
 * @param options {cursors: true|false (draw remote cursors, default true), cursorOptions: options of
 *   quill-cursors (default {transformOnTextChange: true}), cursorStyles: false (do not link
 *   quill-cursors.css when the page lacks it), videoHosts: the hosts whose videos play in a
 *   sandboxed frame in this editor (default DEFAULT_VIDEO_HOSTS; others show as a link),
 *   threads: false (do not highlight the comment threads), onThreadSelect: called with a thread id
 *   when the caret moves into a highlighted thread, null when it leaves every one,
 *   onFailed: called with {reason, message} when the binding stops (as on('failed'))}
 * @returns {{destroy(): void, cursors: QuillCursors|null, highlights: ThreadHighlights|null (its
 *   setActive(threadId) highlights one thread more strongly), failure: {reason, message}|null,
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

  const presence = new EditorPresence(quill, doc, options, ensureCursorStyles);
  const highlights = options.threads !== false && Array.isArray(doc.threads) && typeof quill.addContainer === 'function'
    ? new ThreadHighlights(quill, doc, { onSelect: options.onThreadSelect }) : null;

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

  offs.push(...presence.listen());

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
  // The server re-evaluated the access while joined (docs/SHARING.md): read-only below write.
  offs.push(doc.on('access', () => {
    if (failure || doc.access === access) return;
    access = doc.access;
    quill.enable(writable());
  }));

  if (loaded) {
    fail(loaded);
  } else {
    presence.show();
    if (highlights) highlights.listen();
  }

  return {
    cursors: presence.cursors,
    highlights,
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
      presence.destroy();
      if (highlights) highlights.destroy();
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
