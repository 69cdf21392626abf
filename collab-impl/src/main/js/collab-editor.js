// collab-editor.js: the <collab-editor> custom element, served by collab-impl at
// {context}/collab/client/{version}/collab-editor.js. One module script and one tag put a
// collaborative editor on any page, with no build step:
//
//   <script type="module" src="collab/client/current/collab-editor.js"></script>
//   <collab-editor document="my-document" toolbar="basic"></collab-editor>
//
// It opens the document with the page's session (the WebSocket handshake carries the login
// cookie), shows Quill with the others' cursors, who is here, the connection state and, with
// panels="history", who changed the document when. Every <collab-editor> of a page shares one
// CollabClient, which multiplexes documents over one WebSocket (docs/PROTOCOL.md).
//
// Light DOM, not a shadow root: Quill 2.0.3 reads the selection from `document.getSelection()`,
// which does not reach into a shadow root, so selection, formatting and cursors would break there.
// Styles are scoped instead: collab-editor.css styles only what is inside a <collab-editor>
// (selectors start with `collab-editor`) and resets what a host's element selectors would change.
// Colours and fonts are CSS custom properties (`--collab-…`), with dark defaults under
// prefers-color-scheme: dark.
//
// Conventions of the Shoelace/Web Awesome and Lit ecosystems: attributes reflect to properties and
// back, `readonly` is a boolean attribute, events are CustomEvents that bubble and are composed,
// named collab-*, with a `detail` object.
import Quill from 'quill';
import { CollabClient } from './collab.js';
import { bindQuill, renderParticipants, renderConnectionState } from './collab-quill.js';
import { Announcer } from './element/announcer.js';
import { CommentsPanel } from './element/comments-panel.js';
import { HistoryPanel } from './element/history-panel.js';
import { languageOf } from './element/i18n.js';
import { linkStylesheets } from './element/stylesheets.js';
import { labelToolbar, parseToolbar } from './element/toolbar.js';

export { CollabClient };

const STRING_ATTRIBUTES = ['document', 'toolbar', 'placeholder', 'height', 'locale', 'panels', 'label'];
/** The panels the element can show; `comments` lists the comment threads (element/comments-panel.js). */
export const PANELS = Object.freeze(['participants', 'state', 'history', 'comments']);
const DEFAULT_PANELS = 'participants state';

// Tab and Shift+Tab move the focus, as in a <textarea>, instead of indenting (no keyboard trap):
// Quill's bindings that would take them are turned off.
const KEYBOARD = { bindings: { tab: null, indent: null, outdent: null, 'indent code-block': null, 'outdent code-block': null, 'table tab': null } };

let sharedClient = null;

/** The CollabClient every <collab-editor> of this page uses: the one given to useClient, else one made on first use. */
function pageClient() {
  if (sharedClient === null || sharedClient.state === 'closed') sharedClient = new CollabClient();
  return sharedClient;
}

let counter = 0;

export class CollabEditor extends HTMLElement {
  static get observedAttributes() {
    return [...STRING_ATTRIBUTES, 'readonly'];
  }

  /**
   * Makes every <collab-editor> of the page use `client` (for example one with other reconnect
   * options, a WebSocket url of a non-default path, or one the page also uses itself: a page may
   * run only one CollabClient per WebSocket URL). Editors already open keep theirs.
   */
  static useClient(client) {
    if (!client || typeof client.open !== 'function') throw new TypeError('useClient needs a CollabClient');
    sharedClient = client;
  }

  /** The client the editors of this page share (made when first asked for). */
  static get client() {
    return pageClient();
  }

  constructor() {
    super();
    this._id = `collab-editor-${++counter}`;
    this._generation = 0;
    this._built = false;
    this._session = null;
  }

  // ------------------------------------------------------------------ reflected properties

  get document() { return this.getAttribute('document') || ''; }
  set document(v) { this._reflect('document', v); }
  get toolbar() { return this.getAttribute('toolbar') || ''; }
  set toolbar(v) { this._reflect('toolbar', v); }
  get placeholder() { return this.getAttribute('placeholder') || ''; }
  set placeholder(v) { this._reflect('placeholder', v); }
  get height() { return this.getAttribute('height') || ''; }
  set height(v) { this._reflect('height', v); }
  get locale() { return this.getAttribute('locale') || ''; }
  set locale(v) { this._reflect('locale', v); }
  get panels() { return this.getAttribute('panels') ?? DEFAULT_PANELS; }
  set panels(v) { this._reflect('panels', v); }
  get label() { return this.getAttribute('label') || ''; }
  set label(v) { this._reflect('label', v); }
  get readonly() { return this.hasAttribute('readonly'); }
  set readonly(v) { this.toggleAttribute('readonly', !!v); }

  // ------------------------------------------------------------------ state for the host

  /** The CollabClient this editor uses (shared by the page's editors), or null before it connects. */
  get client() { return this._session?.client ?? null; }
  /** The open CollabDocument, or null. */
  get doc() { return this._session?.doc ?? null; }
  /** The Quill instance, or null before the document is open. */
  get quill() { return this._session?.quill ?? null; }
  /** True from collab-ready until the document changes or the element leaves the page. */
  get ready() { return !!this._session?.quill; }
  /** 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed' | 'failed' | 'idle' */
  get state() { return this.getAttribute('state') || 'idle'; }
  /** The others present: [{client, user: {id, name}, color}]. */
  get participants() { return (this.doc?.participants ?? []).map((p) => ({ client: p.client, user: { ...p.user }, color: p.color })); }

  /** Focuses the editor's text (or the element, before it is ready). */
  focus(options) {
    if (this.quill) this.quill.focus(options);
    else super.focus(options);
  }

  blur() {
    if (this.quill) this.quill.blur();
    else super.blur();
  }

  /** The editor's text (Quill's getText: ends with a newline); '' before it is ready. */
  getText() {
    return this.quill ? this.quill.getText() : '';
  }

  /** The editor's contents as a Delta ({ops}); the document's before the editor is ready, null without one. */
  getContents() {
    if (this.quill) return this.quill.getContents();
    return this.doc ? this.doc.contents : null;
  }

  // ------------------------------------------------------------------ lifecycle

  connectedCallback() {
    this._styles = linkStylesheets(this.ownerDocument, import.meta.url);
    this._build();
    // Opened in a microtask: an element moved (removed and inserted again) or replaced by an Ajax
    // update with the same document closes the old one before the new one opens it.
    const generation = ++this._generation;
    queueMicrotask(() => {
      if (generation === this._generation && this.isConnected) this._open(generation);
    });
  }

  disconnectedCallback() {
    this._generation++;
    this._close();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this._built) return;
    switch (name) {
      case 'document':
      case 'toolbar':
        if (this.isConnected) this._reopen();
        return;
      case 'readonly':
        this._applyEditable();
        return;
      case 'placeholder':
        if (this.quill) this.quill.root.dataset.placeholder = this.placeholder;
        return;
      case 'height':
        this._applyHeight();
        return;
      case 'panels':
        this._applyPanels();
        return;
      case 'locale':
      case 'label':
        if (this.isConnected) this._reopen();
        return;
      default:
    }
  }

  // ------------------------------------------------------------------ building

  _build() {
    if (this._built) return;
    this._built = true;
    const page = this.ownerDocument;
    const make = (tag, className, attributes = {}) => {
      const e = page.createElement(tag);
      e.className = className;
      for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
      return e;
    };
    this._base = make('div', 'collab-editor-base');
    const header = make('div', 'collab-editor-header');
    this._stateEl = make('span', 'collab-state');
    this._peopleEl = make('div', 'collab-editor-people', { role: 'group' });
    header.append(this._stateEl, this._peopleEl);
    const body = make('div', 'collab-editor-body');
    this._editorHost = make('div', 'collab-editor-main');
    this._historyEl = make('section', 'collab-editor-history', { id: `${this._id}-history` });
    this._commentsEl = make('section', 'collab-editor-comments', { id: `${this._id}-comments` });
    this._commentsEl.hidden = true;
    body.append(this._editorHost, this._historyEl, this._commentsEl);
    this._live = make('div', 'collab-editor-live', { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this._base.append(header, body, this._live);
    this.replaceChildren(this._base);
    this._announcer = new Announcer(this._live);
    this._history = new HistoryPanel(this._historyEl, apiBase(), (error) => this._error(error));
    this._comments = new CommentsPanel(this._commentsEl, (done) => this._emit('collab-comment', { document: this.document, documentId: this.document, ...done }), (error) => this._error(error));
    this._applyHeight();
    this._applyPanels();
  }

  _reflect(name, value) {
    if (value === null || value === undefined || value === '') this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  }

  _reopen() {
    const generation = ++this._generation;
    this._close();
    this._open(generation);
  }

  async _open(generation) {
    const id = this.document;
    const { lang, tag, messages } = languageOf(this);
    this._messages = messages;
    this._lang = tag;
    this._base.lang = lang;
    this._peopleEl.setAttribute('aria-label', messages.participants);
    if (!id) {
      this._setState('idle');
      return;
    }
    let client;
    try {
      client = pageClient();
    } catch (e) {
      this._error({ code: 'client', message: e.message });
      return;
    }
    const session = { client, doc: null, quill: null, offs: [] };
    this._session = session;
    session.offs.push(client.on('state', (state) => {
      this._announcer.state(state, messages);
      this._setState(session.binding?.failure ? 'failed' : state);
    }));
    session.offs.push(client.on('error', (error) => {
      if (!error.doc || error.doc === id) this._error(error);
    }));
    this._announcer.state(client.state, messages);
    this._setState(client.state);
    session.offs.push(renderConnectionState(this._stateEl, client, null, null, messages));

    let doc;
    try {
      doc = await client.open(id);
    } catch (error) {
      if (generation === this._generation) this._error({ code: error.code || 'open-failed', message: error.message || String(error) });
      return;
    }
    const styleFailure = await this._styles;
    if (styleFailure && generation === this._generation) {
      this._error({ code: 'styles', message: `the stylesheet ${styleFailure.file} did not load` });
    }
    if (generation !== this._generation) {
      doc.close();
      return;
    }
    session.doc = doc;
    this._showEditor(session, messages);
  }

  _showEditor(session, messages) {
    const { client, doc } = session;
    const toolbar = parseToolbar(this.getAttribute('toolbar'));
    if (toolbar.unknown.length > 0) {
      this._error({ code: 'bad-attribute', message: `toolbar: not a format the schema accepts: ${toolbar.unknown.join(', ')}` });
    }
    const container = this.ownerDocument.createElement('div');
    container.className = 'collab-editor-quill';
    this._editorHost.replaceChildren(container);
    const quill = new Quill(container, {
      theme: 'snow',
      placeholder: this.placeholder,
      modules: { toolbar: toolbar.config, history: { userOnly: true }, keyboard: KEYBOARD },
    });
    const toolbarModule = quill.getModule('toolbar');
    session.toolbarEl = toolbarModule ? toolbarModule.container : null;
    labelToolbar(session.toolbarEl, messages);
    const root = quill.root;
    root.setAttribute('role', 'textbox');
    root.setAttribute('aria-multiline', 'true');
    root.setAttribute('aria-label', this.label || messages.editor);
    root.setAttribute('lang', this._lang);
    const binding = bindQuill(quill, doc, { onThreadSelect: (id) => this._comments.select(id) });
    session.quill = quill;
    session.binding = binding;

    session.offs.splice(0).forEach((off) => off()); // the early state widget and listeners
    const offs = session.offs;
    offs.push(renderConnectionState(this._stateEl, client, doc, binding, messages));
    offs.push(renderParticipants(this._peopleEl, doc, messages));
    offs.push(client.on('state', (state) => {
      this._announcer.state(state, messages);
      this._setState(binding.failure ? 'failed' : state);
    }));
    offs.push(client.on('error', (error) => {
      if (!error.doc) this._error(error);
    }));
    offs.push(doc.on('error', (error) => this._error(error)));
    offs.push(doc.on('participants', (list) => this._announcer.participants(list, messages)));
    offs.push(doc.on('access', () => this._applyEditable()));
    offs.push(doc.on('closed', () => {
      // Closed by the server (the document deleted, access revoked) or with the client: nothing
      // more can be edited here; the error came as collab-error.
      quill.enable(false);
      if (session.toolbarEl) session.toolbarEl.hidden = true;
      this._setState('closed');
    }));
    this._announcer.participants(doc.participants, messages);
    offs.push(doc.on('change', (delta, info) => {
      this._applyEditable(); // bindQuill enables by access; readonly stays read-only
      const source = info && info.reset ? 'reset' : info && info.rejected ? 'rejected' : 'remote';
      this._emit('collab-change', { document: doc.id, source, delta: copy(delta), version: doc.version, user: info && info.user ? { ...info.user } : null });
    }));
    const onText = (delta, old, source) => {
      if (source === 'user') this._emit('collab-change', { document: doc.id, source: 'local', delta: copy(delta), version: doc.version, user: client.user ? { ...client.user } : null });
    };
    quill.on('text-change', onText);
    offs.push(() => quill.off('text-change', onText));
    offs.push(binding.on('failed', (failure) => {
      this._setState('failed');
      this._applyEditable();
      this._error({ code: failure.reason, message: failure.message });
    }));
    offs.push(() => binding.destroy());
    if (this.panelList().includes('history')) this._history.show(doc, messages, this._lang);
    if (this.panelList().includes('comments')) this._comments.show(doc, quill, binding, messages, this._lang);
    this._applyEditable();
    this._setState(binding.failure ? 'failed' : client.state);
    this._emit('collab-ready', { document: doc.id, version: doc.version, access: doc.access, user: client.user ? { ...client.user } : null });
  }

  _close() {
    const session = this._session;
    this._session = null;
    if (!this._built) return;
    this._history.hide();
    this._comments.hide();
    this._announcer.reset();
    if (session) {
      session.offs.splice(0).forEach((off) => off());
      if (session.doc) session.doc.close();
    }
    this._editorHost.replaceChildren();
    this._stateEl.replaceChildren();
    this._peopleEl.replaceChildren();
    this._setState('idle');
  }

  // ------------------------------------------------------------------ attributes applied

  /** The panels asked for, known ones only. */
  panelList() {
    return this.panels.split(/[\s,]+/).filter((p) => PANELS.includes(p));
  }

  _applyPanels() {
    const panels = this.panelList();
    const unknown = this.panels.split(/[\s,]+/).filter((p) => p && !PANELS.includes(p));
    if (unknown.length > 0) this._error({ code: 'bad-attribute', message: `panels: unknown panel ${unknown.join(', ')} (known: ${PANELS.join(', ')})` });
    this._peopleEl.hidden = !panels.includes('participants');
    this._stateEl.hidden = !panels.includes('state');
    const history = panels.includes('history');
    this._historyEl.hidden = !history;
    this._base.classList.toggle('collab-editor-with-history', history);
    if (!history) this._history.hide();
    else if (this.doc && this._messages) this._history.show(this.doc, this._messages, this._lang);
    const comments = panels.includes('comments');
    this._commentsEl.hidden = !comments;
    this._base.classList.toggle('collab-editor-with-comments', comments);
    if (!comments) this._comments.hide();
    else if (this.quill && this._messages) this._comments.show(this.doc, this.quill, this._session.binding, this._messages, this._lang);
  }

  _applyHeight() {
    const height = this.height;
    if (height && !(globalThis.CSS && CSS.supports('height', height))) {
      this._error({ code: 'bad-attribute', message: `height: not a CSS length: ${height}` });
      this._base.style.removeProperty('--collab-editor-height-attribute');
      return;
    }
    if (height) this._base.style.setProperty('--collab-editor-height-attribute', height);
    else this._base.style.removeProperty('--collab-editor-height-attribute');
  }

  _applyEditable() {
    const session = this._session;
    if (!session || !session.quill) return;
    const writable = session.doc.access === 'write' || session.doc.access === 'admin';
    const editable = writable && !this.readonly && !session.binding.failure;
    if (session.quill.isEnabled() !== editable) session.quill.enable(editable);
    session.quill.root.setAttribute('aria-readonly', String(!editable));
    if (session.toolbarEl) session.toolbarEl.hidden = !editable;
  }

  _setState(state) {
    if (this.getAttribute('state') === state) return;
    this.setAttribute('state', state);
    const doc = this.doc;
    this._emit('collab-state', { document: this.document, state, pending: doc ? doc.pendingCount : 0, failure: this._session?.binding?.failure ?? null });
  }

  _error(error) {
    this._emit('collab-error', { document: this.document, code: error.code || 'error', message: error.message || String(error) });
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

function copy(delta) {
  return { ops: JSON.parse(JSON.stringify(delta.ops || delta)) };
}

/** The documents resource next to the served client: .../collab/client/{version}/ -> .../collab/api/documents/ */
function apiBase() {
  return new URL('../../api/documents/', import.meta.url).href;
}

if (!customElements.get('collab-editor')) customElements.define('collab-editor', CollabEditor);
