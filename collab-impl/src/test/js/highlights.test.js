// The comment highlights of the Quill binding (editor/highlights.js) under node, with a fake Quill
// and a fake DOM: which threads are drawn, where (quill.getBounds when no DOM Range is to be had),
// the active one, the caret's thread; the document is never changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThreadHighlights } from '../../main/js/editor/highlights.js';
import { Emitter } from '../../main/js/client/emitter.js';

class FakeElement {
  constructor(tag) {
    this.tagName = tag;
    this.children = [];
    this.style = {};
    this.dataset = {};
    this.attributes = {};
    const classes = new Set();
    this.classList = {
      add: (c) => classes.add(c),
      contains: (c) => classes.has(c),
      toggle: (c, on) => (on ? classes.add(c) : classes.delete(c)),
    };
    Object.defineProperty(this, 'className', { set: (v) => { classes.clear(); classes.add(v); }, get: () => [...classes].join(' ') });
  }
  append(...nodes) { this.children.push(...nodes); }
  replaceChildren(...nodes) { this.children = nodes; }
  setAttribute(k, v) { this.attributes[k] = v; }
  remove() { this.removed = true; }
  addEventListener() {}
  removeEventListener() {}
  getBoundingClientRect() { return { left: 0, top: 0 }; }
}

function fakeQuill(text) {
  const page = { createElement: (tag) => new FakeElement(tag), defaultView: null, createRange: () => { throw new Error('no DOM'); } };
  const root = new FakeElement('div');
  root.ownerDocument = page;
  const container = new FakeElement('div');
  const handlers = new Map();
  const lines = text.split('\n').slice(0, -1);
  const quill = {
    root,
    container,
    changed: 0,
    addContainer() { const c = new FakeElement('div'); container.append(c); return c; },
    getLength: () => text.length,
    getLines(index, length) {
      const out = [];
      let at = 0;
      for (const l of lines) {
        const line = { start: at, length: () => l.length + 1 };
        if (at + l.length + 1 > index && at < index + length) out.push(line);
        at += l.length + 1;
      }
      return out;
    },
    getIndex: (line) => line.start,
    getLeaf: () => [null, -1],
    getBounds: (index, length) => ({ left: index * 10, top: 0, width: length * 10, height: 20 }),
    on(e, fn) { handlers.set(e, fn); },
    off(e) { handlers.delete(e); },
    fire(e, ...args) { handlers.get(e)?.(...args); },
    updateContents() { this.changed++; },
  };
  return quill;
}

const thread = (id, index, length, extra = {}) => ({ id, anchor: { index, length, detached: length === 0 }, comments: [], resolved: false, ...extra });

test('open, attached threads are drawn where their text is; resolved and detached ones are not; the document is untouched', () => {
  const quill = fakeQuill('hello world\nsecond line\n');
  const doc = new Emitter();
  doc.threads = [thread('a', 6, 5), thread('b', 0, 5, { resolved: true }), thread('c', 3, 0), thread('d', 9, 6)];
  const h = new ThreadHighlights(quill, doc).listen();
  const boxes = h.layer.children;
  assert.deepEqual(boxes.map((b) => b.dataset.thread), ['a', 'd']);
  assert.deepEqual(boxes[0].children.map((p) => [p.style.left, p.style.width]), [['60px', '50px']]);
  // 'd' spans the line break: one box per line, the newline left out
  assert.deepEqual(boxes[1].children.map((p) => [p.style.left, p.style.width]), [['90px', '20px'], ['120px', '30px']]);
  h.setActive('d');
  assert.equal(boxes[1].classList.contains('collab-thread-active'), true);
  assert.equal(boxes[0].classList.contains('collab-thread-active'), false);
  assert.equal(quill.changed, 0);
  h.destroy();
  assert.equal(h.layer.removed, true);
});

test('the caret moving into a thread tells onSelect, once, and null when it leaves', () => {
  const quill = fakeQuill('hello world\n');
  const doc = new Emitter();
  doc.threads = [thread('a', 6, 5)];
  const selected = [];
  new ThreadHighlights(quill, doc, { onSelect: (id) => selected.push(id) }).listen();
  quill.fire('editor-change', 'selection-change', { index: 7, length: 0 });
  quill.fire('editor-change', 'selection-change', { index: 8, length: 0 });
  quill.fire('editor-change', 'selection-change', { index: 1, length: 0 });
  assert.deepEqual(selected, ['a', null]);
});
