// The editor page's banner: a bar above the editor saying, for as long as it is true, that the
// connection to the server is lost (edits are kept and go out when it is back), that the page is
// disconnected for good, that the document is read-only for this user (from the start, or since
// the server refused an edit or reported read access), or that the document is gone.

/** How long the connection may be down before the banner says so: a quick reconnect shows nothing. */
export const LOST_AFTER_MS = 2000;

const READ_ONLY = 'View only: you can read this document but not change it.';
const COMMENT_ONLY = 'Comment only: you can read this document and comment on it, but not change its text.';
const BECAME_READ_ONLY = 'This document became read-only for you: your edits are no longer accepted. Edits not yet saved were dropped.';

/**
 * Keeps `element` (hidden when all is well) showing the most important of these conditions; its
 * `data-kind` says which: `lost`, `closed`, `gone`, `read-only`.
 */
export class Banner {
  constructor(element) {
    this.element = element;
    this.connection = null; // null, 'lost' or 'closed'
    this.readOnly = null; // null, or the text saying why
    this.gone = null; // the text saying why the document is no longer shown
    this.pending = 0;
    this.lostTimer = null;
    this.wasOpen = false; // before the first connection, the state badge alone says "connecting"
  }

  /** Follows the client's connection state. */
  watchClient(client) {
    client.on('state', (state) => this.onState(state));
    this.onState(client.state);
  }

  /** Follows the opened document: its access, and whether it still exists. */
  watchDocument(doc) {
    const writable = () => doc.access === 'write' || doc.access === 'admin';
    let wasWritable = writable();
    this.readOnly = wasWritable ? null : doc.access === 'comment' ? COMMENT_ONLY : READ_ONLY;
    const checkAccess = () => {
      if (wasWritable && !writable()) {
        this.readOnly = BECAME_READ_ONLY;
      } else if (writable()) {
        this.readOnly = null;
      }
      wasWritable = writable();
      this.render();
    };
    doc.on('change', checkAccess);
    doc.on('synced', checkAccess);
    // The server re-evaluated the access while open (shared, changed or removed): at once.
    doc.on('access', checkAccess);
    doc.on('pending', (count) => {
      this.pending = count;
      this.render();
    });
    doc.on('error', (e) => {
      // An edit refused for want of write access: the access changed while this page was open.
      if (e.code === 'forbidden' && wasWritable) {
        this.readOnly = BECAME_READ_ONLY;
        this.render();
      }
    });
    doc.on('closed', (e) => {
      this.gone = e && e.code === 'unknown-document' ? 'This document was deleted.'
        : e && e.code === 'forbidden' ? 'You no longer have access to this document.' : null;
      this.render();
    });
    this.render();
  }

  onState(state) {
    clearTimeout(this.lostTimer);
    this.lostTimer = null;
    if (state === 'open') {
      this.wasOpen = true;
      this.connection = null;
    } else if (state === 'closed') {
      this.connection = 'closed';
    } else if ((state === 'reconnecting' || state === 'connecting') && this.wasOpen) {
      if (this.connection !== 'lost') {
        this.lostTimer = setTimeout(() => {
          this.connection = 'lost';
          this.render();
        }, LOST_AFTER_MS);
      }
    }
    this.render();
  }

  render() {
    let kind = null;
    let text = '';
    if (this.gone) {
      kind = 'gone';
      text = this.gone;
    } else if (this.connection === 'closed') {
      kind = 'closed';
      text = 'Disconnected from the server: changes are no longer saved or shown. Reload the page to connect again.';
    } else if (this.connection === 'lost') {
      kind = 'lost';
      text = 'Connection lost. Trying to reconnect…'
        + (this.pending > 0 ? ' ' + this.pending + (this.pending === 1 ? ' edit is' : ' edits are') + ' not saved yet: they are kept in this tab and sent once the connection is back.'
          : ' Your edits are kept in this tab and sent once the connection is back.');
    } else if (this.readOnly) {
      kind = 'read-only';
      text = this.readOnly;
    }
    this.element.hidden = kind === null;
    this.element.dataset.kind = kind || '';
    this.element.textContent = text;
  }
}
