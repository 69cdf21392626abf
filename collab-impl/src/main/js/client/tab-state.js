// What a tab keeps in sessionStorage, so that pending work survives a page reload: the client id,
// the seq counter, the user of the last welcome and, per document, the confirmed version and
// contents, the in-flight op with its seq and the buffer. Keys are `collab:<ws-url>:…`.
// sessionStorage because it is per tab (two tabs must not share a client id, nor resubmit the same
// ops) and survives a reload; a duplicated tab (the browser copies sessionStorage) is told apart by
// a `live` flag the page clears on 'pagehide'.
//
// A storage that refuses (blocked, full, private mode) is as good as none: reads give null, writes
// report false.
import { CLIENT_ID, isInt, isOps } from './wire.js';

/** The clients alive in this page, per storage: one per WebSocket URL (it multiplexes documents). */
const LIVE = new WeakMap();

export class TabState {
  /**
   * Takes the tab's identity: the given client id, else the saved one, else a new one. Throws when
   * a client of `url` on `storage` is already running in this page.
   * @param storage a Storage (sessionStorage), or null to keep nothing
   * @param url the WebSocket URL, part of every key
   * @param given a client id the application chose, or undefined
   * @param windowOption where 'pagehide'/'pageshow' are heard (undefined: globalThis.window)
   * @param maxStoredChars the longest saved state of one document
   */
  constructor(storage, url, given, windowOption, maxStoredChars) {
    this.storage = storage;
    this.url = url;
    this.maxStoredChars = maxStoredChars;
    this._prefix = `collab:${url}:`;
    this._windowOption = windowOption;
    const s = storage;
    if (s) {
      // Two clients of one URL on one storage in one page would share the client id, and the
      // server lets only one connection hold a client id: refuse the second.
      let urls = LIVE.get(s);
      if (!urls) LIVE.set(s, (urls = new Set()));
      if (urls.has(url)) {
        throw new Error(`a CollabClient for ${url} is already running in this page: use it (it multiplexes documents) or close() it first`);
      }
      urls.add(url);
    }
    let id = given || this.get('client');
    const live = this.get('live');
    if (live && !given) {
      // This tab's storage says a page of it is still running: the tab was duplicated (the
      // browser copies sessionStorage). Two tabs must not share a client id, nor resubmit the
      // same pending ops: start afresh.
      this.clearAll();
      id = null;
    }
    /** True when the id came from storage (a reload), which the server may have bound to another user. */
    this.idFromStorage = !given && !!id && CLIENT_ID.test(id);
    if (!id || !CLIENT_ID.test(id)) id = newClientId();
    this.clientId = id;
    this.seq = Number(this.get('seq')) || 0;
    this.set('client', id);
    this.set('live', '1');
    if (s) {
      const w = this.win();
      if (w && typeof w.addEventListener === 'function') {
        this._onPageHide = () => {
          this.remove('live');
          this.unregister();
        };
        this._onPageShow = () => {
          this.set('live', '1');
          LIVE.get(s)?.add(url);
        };
        w.addEventListener('pagehide', this._onPageHide);
        w.addEventListener('pageshow', this._onPageShow);
      }
    }
  }

  /** Starts over as a new client: a new id, no seq, nothing saved. */
  renew() {
    this.clearAll();
    this.clientId = newClientId();
    this.idFromStorage = false;
    this.seq = 0;
    this.set('client', this.clientId);
    this.set('live', '1');
  }

  /** The page is done with the client: another may run, and a reload is not a duplicated tab. */
  release() {
    this.remove('live');
    this.unregister();
    const w = this.win();
    if (w && this._onPageHide && typeof w.removeEventListener === 'function') {
      w.removeEventListener('pagehide', this._onPageHide);
      w.removeEventListener('pageshow', this._onPageShow);
    }
  }

  /** The next seq, shared by every document of the client; saved at once. */
  nextSeq() {
    this.seq += 1;
    this.set('seq', String(this.seq));
    return this.seq;
  }

  /** The id of the user the saved state belongs to (of the last welcome), or null. */
  savedUser() {
    return this.get('user');
  }

  saveUser(userId) {
    this.set('user', userId);
  }

  /** A document's saved state if it is usable, else null. */
  loadDoc(id) {
    const raw = this.get('doc:' + id);
    if (!raw) return null;
    try {
      const saved = JSON.parse(raw);
      if (!isInt(saved.version) || !isOps(saved.contents)) return null;
      if (saved.inflight && (!isOps(saved.inflight) || !isInt(saved.inflightSeq) || saved.inflightSeq < 1)) return null;
      if (saved.inflightSeq > this.seq) {
        this.seq = saved.inflightSeq;
        this.set('seq', String(this.seq));
      }
      return saved;
    } catch (e) {
      return null; // not JSON: as if nothing was saved
    }
  }

  /** Saves a document's state; false when it is over maxStoredChars or the storage refused it. */
  saveDoc(id, state) {
    if (!this.storage) return true;
    const text = JSON.stringify(state);
    if (text.length > this.maxStoredChars || !this.set('doc:' + id, text)) {
      this.remove('doc:' + id);
      return false;
    }
    return true;
  }

  dropDoc(id) {
    this.remove('doc:' + id);
  }

  unregister() {
    if (this.storage) LIVE.get(this.storage)?.delete(this.url);
  }

  win() {
    return this._windowOption !== undefined ? this._windowOption : globalThis.window;
  }

  get(key) {
    try {
      return this.storage ? this.storage.getItem(this._prefix + key) : null;
    } catch (e) {
      return null;
    }
  }

  set(key, value) {
    try {
      if (this.storage) this.storage.setItem(this._prefix + key, value);
      return true;
    } catch (e) {
      return false;
    }
  }

  remove(key) {
    try {
      if (this.storage) this.storage.removeItem(this._prefix + key);
    } catch (e) {
      // a storage that refuses keeps nothing of ours to remove
    }
  }

  clearAll() {
    if (!this.storage) return;
    try {
      const keys = [];
      for (let i = 0; i < this.storage.length; i++) {
        const k = this.storage.key(i);
        if (k && k.startsWith(this._prefix)) keys.push(k);
      }
      keys.forEach((k) => this.storage.removeItem(k));
    } catch (e) {
      // a storage that refuses keeps nothing of ours to remove
    }
  }
}

function newClientId() {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
