// The editor's presence alone (editor/cursors.js), with a fake Quill and a fake quill-cursors
// module: the others' cursors drawn inside the editor, removed when gone or without a range; this
// user's selection sent once per change, a blur sending nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EditorPresence } from '../../main/js/editor/cursors.js';

/** quill-cursors' interface, recording the cursors it holds. */
class FakeCursors {
  constructor() {
    this.map = new Map();
    this.cleared = false;
  }
  createCursor(id, name, color) {
    if (!this.map.has(id)) this.map.set(id, { id, name, color, range: null });
    return this.map.get(id);
  }
  moveCursor(id, range) { this.map.get(id).range = range; }
  removeCursor(id) { this.map.delete(id); }
  cursors() { return [...this.map.values()]; }
  clearCursors() { this.map.clear(); this.cleared = true; }
}

function setup() {
  const handlers = new Map();
  const cursors = new FakeCursors();
  const quill = {
    length: 10,
    selection: null,
    getLength() { return this.length; },
    getSelection() { return this.selection; },
    getModule: (name) => (name === 'cursors' ? cursors : null),
    on: (event, fn) => handlers.set(event, fn),
    off: (event) => handlers.delete(event),
    root: { ownerDocument: null },
  };
  const listeners = new Map();
  const doc = {
    participants: [],
    presence: [],
    setPresence(range) { this.presence.push(range); },
    on(event, fn) {
      listeners.set(event, fn);
      return () => listeners.delete(event);
    },
  };
  const view = new EditorPresence(quill, doc, {}, () => assert.fail('the editor has its cursors module: no stylesheet to link'));
  return { quill, doc, cursors, view, handlers, listeners };
}

const p = (client, range) => ({ client, user: { id: 'u-' + client, name: 'Name ' + client }, color: '#123456', range });

test("the others' cursors are drawn within the editor; one without a range, or gone, is removed", () => {
  const { cursors, view, listeners } = setup();
  const offs = view.listen();
  listeners.get('participants')([p('a', { index: 2, length: 3 }), p('b', { index: 40, length: 5 }), p('c', null)]);
  assert.deepEqual(cursors.cursors().map((c) => [c.id, c.name, c.range]), [
    ['a', 'Name a', { index: 2, length: 3 }],
    ['b', 'Name b', { index: 9, length: 0 }], // past the end: at the editor's last position
  ]);
  listeners.get('participants')([p('a', null), p('c', { index: 0, length: 20 })]);
  assert.deepEqual(cursors.cursors().map((c) => [c.id, c.range]), [['c', { index: 0, length: 9 }]]);
  offs.forEach((off) => off());
  assert.equal(listeners.size, 0);
  view.destroy();
  assert.equal(cursors.cleared, true, "the editor's own module is cleared, not destroyed");
});

test("this user's selection is sent when it changes; a blur or the same range sends nothing", () => {
  const { quill, doc, view, handlers } = setup();
  view.listen();
  quill.selection = { index: 1, length: 0 };
  view.show();
  handlers.get('editor-change')('selection-change', { index: 1, length: 0 });
  handlers.get('editor-change')('selection-change', null);
  handlers.get('editor-change')('text-change', { index: 7, length: 0 });
  handlers.get('editor-change')('selection-change', { index: 4, length: 2 });
  assert.deepEqual(doc.presence, [{ index: 1, length: 0 }, { index: 4, length: 2 }]);
});
