// The history panel of <collab-editor> (panels="history"): who changed the document when, newest
// first, from the REST resource GET {collab}/api/documents/{id}/history. It follows the document's
// changes, at most once a second.

const PAGE = 20;
const FOLLOW_MS = 1000;

export class HistoryPanel {
  /**
   * @param element the <section> to draw into
   * @param apiBase the URL of the documents resource, ending with '/'
   * @param onError called with {code, message} when the history cannot be loaded
   */
  constructor(element, apiBase, onError) {
    this.element = element;
    this.apiBase = apiBase;
    this.onError = onError;
    this._timer = null;
    this._offs = [];
    this._doc = null;
  }

  /** Shows the history of `doc` and follows it. */
  show(doc, messages, locale) {
    this.hide();
    this._doc = doc;
    this._messages = messages;
    this._locale = locale;
    const heading = this.element.ownerDocument.createElement('h2');
    heading.className = 'collab-editor-history-title';
    heading.id = `${this.element.id}-title`;
    heading.textContent = messages.history;
    this._list = this.element.ownerDocument.createElement('ol');
    this._list.className = 'collab-editor-history-list';
    this.element.setAttribute('aria-labelledby', heading.id);
    this.element.replaceChildren(heading, this._list);
    const follow = () => {
      if (this._timer === null) this._timer = setTimeout(() => { this._timer = null; this.load(); }, FOLLOW_MS);
    };
    this._offs.push(doc.on('change', follow), doc.on('synced', follow));
    return this.load();
  }

  /** Loads and draws the newest entries; resolves when drawn (also after a failure, reported). */
  async load() {
    const doc = this._doc;
    if (!doc) return;
    const after = Math.max(0, doc.version - PAGE);
    const url = `${this.apiBase}${encodeURIComponent(doc.id)}/history?after=${after}&limit=${PAGE}`;
    let entries;
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail || problem.title || `HTTP ${response.status}`);
      }
      entries = await response.json();
    } catch (e) {
      if (this._doc !== doc) return;
      this._list.replaceChildren(this._item(this._messages.historyFailed));
      this.onError({ code: 'history-failed', message: `${this._messages.historyFailed}: ${e.message}` });
      return;
    }
    if (this._doc !== doc) return;
    const time = new Intl.DateTimeFormat(this._locale, { dateStyle: 'short', timeStyle: 'medium' });
    const items = entries.reverse().map((e) => {
      const item = this._item(this._messages.historyEntry(e.version, e.user.name, time.format(new Date(e.time))));
      item.dataset.version = String(e.version);
      return item;
    });
    this._list.replaceChildren(...(items.length > 0 ? items : [this._item(this._messages.historyEmpty)]));
  }

  _item(text) {
    const item = this.element.ownerDocument.createElement('li');
    item.textContent = text;
    return item;
  }

  hide() {
    this._offs.splice(0).forEach((off) => off());
    if (this._timer !== null) clearTimeout(this._timer);
    this._timer = null;
    this._doc = null;
    this.element.replaceChildren();
  }
}
