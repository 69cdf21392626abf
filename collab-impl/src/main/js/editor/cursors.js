// Presence in the editor: the other participants' carets and selections drawn with their name and
// colour (quill-cursors), and this user's selection sent as the document's presence.
import QuillCursors from 'quill-cursors/core';

export { QuillCursors };

export class EditorPresence {
  /**
   * @param quill the Quill 2 editor
   * @param doc the CollabDocument it shows
   * @param options bindQuill's: cursors (false: draw none), cursorOptions, cursorStyles (false: do
   *   not link the stylesheet)
   * @param linkStyles called with the page's document when this creates the cursors module and the
   *   page may lack quill-cursors' stylesheet
   */
  constructor(quill, doc, options, linkStyles) {
    this.quill = quill;
    this.doc = doc;
    /** The quill-cursors module drawing the others, or null (cursors: false). */
    this.cursors = null;
    /** True when this created the module (destroy() removes it), false when the editor had one. */
    this.own = false;
    this.lastRange = null;
    if (options.cursors !== false) {
      this.cursors = quill.getModule('cursors') || null;
      if (!this.cursors) {
        if (options.cursorStyles !== false) linkStyles(quill.root.ownerDocument);
        this.cursors = new QuillCursors(quill, { transformOnTextChange: true, ...(options.cursorOptions || {}) });
        this.own = true;
      }
    }
  }

  /** Starts following the selection and the participants; returns the functions that stop it. */
  listen() {
    // 'editor-change' also reports the selection changes Quill makes silently (the caret moving as
    // the user types, or as others' text lands before it), which 'selection-change' does not.
    const onEditorChange = (event, range) => {
      if (event === 'selection-change') this.sendSelection(range);
    };
    this.quill.on('editor-change', onEditorChange);
    return [
      () => this.quill.off('editor-change', onEditorChange),
      this.doc.on('participants', (list) => this.draw(list)),
    ];
  }

  /** Shows the participants there are now and sends the selection there is now. */
  show() {
    this.draw(this.doc.participants);
    this.sendSelection();
  }

  /** Sends `range` (default: the editor's selection) unless it is none or the one sent last. */
  sendSelection(range) {
    const r = range === undefined ? this.quill.getSelection() : range;
    if (!r) return; // blurred: others keep seeing where this user was
    if (this.lastRange && this.lastRange.index === r.index && this.lastRange.length === r.length) return;
    this.lastRange = { index: r.index, length: r.length };
    this.doc.setPresence(this.lastRange);
  }

  /** Draws `list` (the document's participants): a cursor for each with a range, none for others. */
  draw(list) {
    const cursors = this.cursors;
    if (!cursors) return;
    const present = new Set();
    for (const p of list) {
      present.add(p.client);
      if (p.range) {
        cursors.createCursor(p.client, p.user.name, p.color);
        const length = this.quill.getLength();
        const index = Math.min(p.range.index, length - 1);
        cursors.moveCursor(p.client, { index, length: Math.min(p.range.length, length - 1 - index) });
      } else {
        cursors.removeCursor(p.client);
      }
    }
    for (const c of cursors.cursors()) if (!present.has(c.id)) cursors.removeCursor(c.id);
  }

  /** Removes the cursors module this created, or the cursors this drew in the editor's own. */
  destroy() {
    if (!this.cursors) return;
    if (this.own) this.cursors.destroy();
    else this.cursors.clearCursors();
  }
}
