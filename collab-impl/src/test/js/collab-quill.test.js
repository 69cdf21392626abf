// The Quill binding under node, against a fake Quill (a Delta with Quill's final newline) and a
// fake document: it loads the document, submits the editor's changes, applies the document's; and
// when the editor cannot show the document or a change (Quill throws, or shows something else),
// it stops: read-only, nothing more submitted or applied, the failure logged and emitted.
// Also the pure parts: the render checks and the video allow-list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { bindQuill, renderConnectionState, videoFrameAllowed, DEFAULT_VIDEO_HOSTS } from '../../main/js/collab-quill.js';
import { attributeDifference, contentDifference, insertedDifference } from '../../main/js/editor/render-check.js';
import { videoHostList } from '../../main/js/editor/quill-formats.js';

/** Enough of Quill 2 for the binding. `faults.set/update` make those calls throw. */
class FakeQuill {
  constructor() {
    this.contents = new Delta().insert('\n');
    this.enabled = true;
    this.handlers = new Map();
    this.faults = {};
    this.root = { ownerDocument: null };
  }

  setContents(delta, source) {
    if (this.faults.set) throw new Error(this.faults.set);
    const old = this.contents;
    const d = new Delta(delta.ops || delta);
    this.contents = this.faults.dropEmbeds ? new Delta(d.ops.filter((op) => typeof op.insert === 'string')) : d;
    if (!this.contents.length() || !String(this.contents.ops[this.contents.ops.length - 1].insert).endsWith('\n')) {
      this.contents = this.contents.insert('\n');
    }
    this.emit('text-change', old.diff(this.contents), old, source);
  }

  updateContents(delta, source) {
    if (this.faults.update) throw new Error(this.faults.update);
    const old = this.contents;
    this.contents = old.compose(delta);
    if (this.faults.extraNewline) this.contents = this.contents.compose(new Delta().insert('\n'));
    this.emit('text-change', delta, old, source);
  }

  /** A user's edit, as Quill reports it. */
  userEdit(delta) {
    const old = this.contents;
    this.contents = old.compose(delta);
    this.emit('text-change', delta, old, 'user');
  }

  getContents(index = 0, length = this.contents.length() - index) {
    return this.contents.slice(index, index + length);
  }

  getLength() { return this.contents.length(); }
  getSelection() { return null; }
  getModule() { return null; }
  enable(on = true) { this.enabled = on; }
  isEnabled() { return this.enabled; }
  update() {}
  on(event, fn) { (this.handlers.get(event) || this.handlers.set(event, new Set()).get(event)).add(fn); }
  off(event, fn) { this.handlers.get(event)?.delete(fn); }
  emit(event, ...args) { for (const fn of [...(this.handlers.get(event) || [])]) fn(...args); }
}

/** A CollabDocument as the binding sees it: contents, submit, change events. */
class FakeDoc {
  constructor(contents) {
    this.id = 'd1';
    this.contents = contents;
    this.access = 'write';
    this.participants = [];
    this.submitted = [];
    this.presence = [];
    this.handlers = new Map();
    this.pendingCount = 0;
  }

  submit(delta) {
    this.contents = this.contents.compose(delta);
    this.submitted.push(delta);
  }

  setPresence(range) { this.presence.push(range); }

  on(event, fn) {
    (this.handlers.get(event) || this.handlers.set(event, new Set()).get(event)).add(fn);
    return () => this.handlers.get(event).delete(fn);
  }

  /** A change of another user, as collab.js applies and emits it. */
  remote(delta) {
    for (const fn of [...(this.handlers.get('before-remote') || [])]) fn();
    this.contents = this.contents.compose(delta);
    for (const fn of [...(this.handlers.get('change') || [])]) fn(delta, { remote: true });
  }
}

/** console.error/warn collected while `fn` runs. */
function quietly(fn) {
  const logged = [];
  const { error, warn } = console;
  console.error = (...args) => logged.push(['error', args.map(String).join(' ')]);
  console.warn = (...args) => logged.push(['warn', args.map(String).join(' ')]);
  try {
    return { result: fn(), logged };
  } finally {
    Object.assign(console, { error, warn });
  }
}

const bind = (quill, doc, options = {}) => bindQuill(quill, doc, { cursors: false, ...options });

test('loads the document, submits the editor\'s edits and shows the others\'', () => {
  const doc = new FakeDoc(new Delta().insert('Hello').insert({ divider: true }).insert('after\n'));
  const quill = new FakeQuill();
  const binding = bind(quill, doc);
  assert.equal(binding.failure, null);
  assert.ok(quill.isEnabled());
  assert.deepEqual(quill.getContents().ops, doc.contents.ops);
  quill.userEdit(new Delta().retain(5).insert('!'));
  assert.deepEqual(doc.submitted, [new Delta().retain(5).insert('!')]);
  doc.remote(new Delta().insert('> '));
  assert.equal(quill.getContents().ops[0].insert, '> Hello!');
  assert.equal(doc.submitted.length, 1, 'a remote change is not sent back');
});

test('a document the editor cannot show: read-only, failed emitted and logged, nothing sent', () => {
  const doc = new FakeDoc(new Delta().insert('text ').insert({ divider: true }).insert('after\n'));
  const quill = new FakeQuill();
  quill.faults.set = '[Parchment] Unable to create divider blot';
  const seen = [];
  const { result: binding, logged } = quietly(() => bind(quill, doc, { onFailed: (f) => seen.push(f) }));
  assert.equal(binding.failure.reason, 'render');
  assert.match(binding.failure.message, /Unable to create divider blot/);
  assert.deepEqual(seen, [binding.failure]);
  assert.equal(quill.isEnabled(), false);
  assert.ok(logged.some(([level, text]) => level === 'error' && /collab-quill: document d1: .*divider.*nothing more is sent/.test(text)));
  quill.enable(true); // even if the page enables it again
  quill.userEdit(new Delta().insert('typed'));
  doc.remote(new Delta().insert('remote '));
  assert.deepEqual(doc.submitted, []);
  assert.equal(quill.getContents().ops[0].insert.includes('remote'), false, 'nothing more applied');
});

test('a document shown without an embed is a failure too (no exception needed)', () => {
  const doc = new FakeDoc(new Delta().insert('a').insert({ mention: { id: 'x', name: 'X' } }).insert('b\n'));
  const quill = new FakeQuill();
  quill.faults.dropEmbeds = true;
  const { result: binding } = quietly(() => bind(quill, doc));
  assert.equal(binding.failure.reason, 'mismatch');
  assert.match(binding.failure.message, /at 1: the editor shows "b\\n", the document has a mention embed/);
  assert.equal(quill.isEnabled(), false);
});

test('a change that throws: shown afresh when that works, failed when it does not', () => {
  const doc = new FakeDoc(new Delta().insert('one\n'));
  const quill = new FakeQuill();
  const binding = bind(quill, doc);
  quill.faults.update = 'cannot apply';
  const first = quietly(() => doc.remote(new Delta().insert('zero ')));
  assert.equal(binding.failure, null, 'setContents still works: the editor shows the document afresh');
  assert.equal(quill.getContents().ops[0].insert, 'zero one\n');
  assert.ok(first.logged.some(([level, text]) => level === 'error' && /disagree \(cannot apply\)/.test(text)));

  quill.faults.set = 'cannot show';
  const failures = [];
  binding.on('failed', (f) => failures.push(f));
  quietly(() => doc.remote(new Delta().insert('minus ')));
  assert.equal(failures.length, 1);
  assert.match(binding.failure.message, /cannot show/);
  assert.equal(quill.isEnabled(), false);
  quill.userEdit(new Delta().insert('x'));
  assert.deepEqual(doc.submitted, []);
});

test('a change shown with a newline the document lacks (a block embed mid-line) stops the binding', () => {
  const doc = new FakeDoc(new Delta().insert('one\n'));
  const quill = new FakeQuill();
  const binding = bind(quill, doc);
  quill.faults.extraNewline = true;
  quill.faults.set = 'still wrong';
  quietly(() => doc.remote(new Delta().retain(2).insert({ divider: true })));
  assert.ok(binding.failure);
  assert.equal(quill.isEnabled(), false);
});

test('renderConnectionState shows the failure', () => {
  const doc = new FakeDoc(new Delta().insert('x\n'));
  const quill = new FakeQuill();
  quill.faults.set = 'no blot';
  const { result: binding } = quietly(() => bind(quill, doc));
  const element = { dataset: {}, className: '', textContent: '' };
  const client = { state: 'open', on: () => () => {} };
  renderConnectionState(element, client, doc, binding);
  assert.equal(element.dataset.state, 'failed');
  assert.equal(element.className, 'collab-state collab-state-failed');
  assert.match(element.textContent, /Editing stopped: the editor could not show the document: no blot/);
});

test('render checks: content exactly, attributes by name, inserts at their place', () => {
  const doc = new Delta().insert('ab', { color: '#c00' }).insert({ image: 'https://x/p.png' }).insert('c\n', { bold: true });
  assert.equal(contentDifference(doc, doc), null);
  assert.equal(contentDifference(new Delta().insert('ab').insert({ image: 'https://x/p.png' }).insert('c\n'), doc), null);
  assert.match(contentDifference(new Delta().insert('ab\nc\n'), doc), /at 2: the editor shows "\\nc\\n", the document has an? image embed/);
  assert.match(contentDifference(new Delta().insert('abX'), new Delta().insert('abY')), /^at 2:/);
  assert.equal(contentDifference(new Delta().insert({ mention: { name: 'n', id: 'i' } }), new Delta().insert({ mention: { id: 'i', name: 'n' } })), null);
  assert.equal(attributeDifference(new Delta().insert('ab', { color: '#cc0000' }).insert({ image: 'https://x/p.png' }).insert('c\n', { bold: true }), doc), null);
  assert.match(attributeDifference(new Delta().insert('ab').insert({ image: 'https://x/p.png' }).insert('c\n', { bold: true }), doc), /at 0: the editor lacks color/);
  const shown = new Delta().insert('xxAByy');
  const at = (i, n) => shown.slice(i, i + n);
  assert.equal(insertedDifference(new Delta().retain(2).insert('AB'), at), null);
  assert.match(insertedDifference(new Delta().retain(1).delete(1).insert('AB'), at), /^at 1:/);
});

test('video frames: only allowed hosts, never the page\'s own origin', () => {
  const hosts = DEFAULT_VIDEO_HOSTS;
  assert.ok(videoFrameAllowed('https://www.youtube-nocookie.com/embed/abc', hosts, 'https://app.example'));
  assert.ok(videoFrameAllowed('https://player.vimeo.com/video/1', hosts, null));
  assert.equal(videoFrameAllowed('https://www.youtube.com/embed/abc', hosts, null), false);
  assert.equal(videoFrameAllowed('https://evil.example/youtube-nocookie.com', hosts, null), false);
  assert.equal(videoFrameAllowed('https://youtube-nocookie.com.evil.example/x', hosts, null), false);
  assert.equal(videoFrameAllowed('javascript:alert(1)//player.vimeo.com', hosts, null), false);
  assert.equal(videoFrameAllowed('not a url', hosts, null), false);
  const own = videoHostList(['App.Example', 'localhost:8080']);
  assert.equal(videoFrameAllowed('https://app.example/video', own, 'https://app.example'), false);
  assert.ok(videoFrameAllowed('http://localhost:8080/v', own, 'https://app.example'));
  assert.equal(videoFrameAllowed('http://localhost:9090/v', own, null), false);
  assert.throws(() => videoHostList('youtube.com'), TypeError);
  assert.throws(() => videoHostList(['https://youtube.com/']), TypeError);
});

test('access pushed while joined: read turns the editor read-only, write turns it editable again', () => {
  const doc = new FakeDoc(new Delta().insert('text\n'));
  const quill = new FakeQuill();
  bind(quill, doc);
  assert.ok(quill.isEnabled());
  doc.access = 'read';
  for (const fn of [...(doc.handlers.get('access') || [])]) fn('read');
  assert.equal(quill.isEnabled(), false);
  doc.access = 'admin';
  for (const fn of [...(doc.handlers.get('access') || [])]) fn('admin');
  assert.ok(quill.isEnabled());
});
