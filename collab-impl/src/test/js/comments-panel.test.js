// The comments panel of <collab-editor> (element/comments-panel.js) under node, with a fake DOM:
// the order and grouping of the threads, and one thread drawn from its data. The panel in the
// element runs in Chromium (EmbedBrowserIT).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canComment, orderThreads, renderThread, timeText } from '../../main/js/element/comments-panel.js';
import { MESSAGES } from '../../main/js/element/i18n.js';

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.dataset = {};
    this.attributes = {};
    this.textContent = '';
    const classes = new Set();
    this.classList = {
      add: (c) => classes.add(c),
      contains: (c) => classes.has(c),
      toggle: (c, on) => (on ? classes.add(c) : classes.delete(c)),
    };
    Object.defineProperty(this, 'className', { set: (v) => { classes.clear(); for (const c of v.split(' ')) classes.add(c); }, get: () => [...classes].join(' ') });
    Object.defineProperty(this, 'innerHTML', { set: () => { throw new Error('innerHTML used'); } });
  }
  append(...nodes) { this.children.push(...nodes); }
  setAttribute(k, v) { this.attributes[k] = v; }
  /** Every descendant, depth first. */
  all() { return this.children.flatMap((c) => [c, ...c.all()]); }
  find(className) { return this.all().filter((e) => e.classList.contains(className)); }
}

const page = { createElement: (tag) => new FakeElement(tag) };

function thread(id, index, extra = {}) {
  return { id, anchor: { index, length: extra.detached ? 0 : 3, detached: !!extra.detached }, resolved: !!extra.resolved,
    comments: extra.comments || [{ id: `${id}c1`, user: { id: 'ann', name: 'Ann' }, text: `about ${id}`, created: 0 }] };
}

function ctx(extra = {}) {
  return { page, messages: MESSAGES.en, user: { id: 'ann', name: 'Ann' }, canComment: true, time: (ms) => `t${ms}`, active: null, ...extra };
}

test('open threads first, in the order of the text, detached ones last; resolved ones apart', () => {
  const threads = [thread('c', 30), thread('r2', 50, { resolved: true }), thread('a', 2), thread('gone', 0, { detached: true }),
    thread('r1', 5, { resolved: true }), thread('b', 10)];
  const { open, resolved } = orderThreads(threads);
  assert.deepEqual(open.map((t) => t.id), ['a', 'b', 'c', 'gone']);
  assert.deepEqual(resolved.map((t) => t.id), ['r1', 'r2']);
  assert.deepEqual(threads.map((t) => t.id), ['c', 'r2', 'a', 'gone', 'r1', 'b'], 'the document\'s list is not sorted in place');
  assert.deepEqual(orderThreads(undefined), { open: [], resolved: [] });
});

test('who may comment: comment, write and admin access', () => {
  assert.deepEqual(['read', 'comment', 'write', 'admin', undefined].map(canComment), [false, true, true, true, false]);
});

test('a thread drawn: its comments as text, a reply box, Resolve, Delete on the own comments only', () => {
  const t = thread('t1', 4, { comments: [
    { id: 'x1', user: { id: 'bob', name: 'Bob' }, text: '<img src=x onerror=alert(1)>', created: 7 },
    { id: 'x2', user: { id: 'ann', name: 'Ann' }, text: 'mine', created: 8 },
  ] });
  const card = renderThread(t, ctx({ active: 't1' }));
  assert.equal(card.dataset.thread, 't1');
  assert.ok(card.classList.contains('collab-thread-selected'));
  const comments = card.find('collab-comment');
  assert.deepEqual(comments.map((c) => c.dataset.comment), ['x1', 'x2']);
  assert.deepEqual(card.find('collab-comment-author').map((e) => e.textContent), ['Bob', 'Ann']);
  assert.deepEqual(card.find('collab-comment-time').map((e) => e.textContent), ['t7', 't8']);
  assert.equal(card.find('collab-comment-text')[0].textContent, '<img src=x onerror=alert(1)>');
  const actions = card.all().filter((e) => e.dataset.action);
  assert.deepEqual(actions.map((e) => [e.dataset.action, e.dataset.comment ?? null]), [['delete', 'x2'], ['reply', null], ['resolve', null]]);
  assert.ok(actions.every((e) => e.dataset.thread === 't1' && e.type === 'button'));
  assert.equal(card.find('collab-comment-input')[0].dataset.draft, 't1');
});

test('a resolved thread offers Reopen and no reply; a detached one says its text was deleted; read access only reads', () => {
  const resolved = renderThread(thread('r', 1, { resolved: true }), ctx({ messages: MESSAGES.de }));
  assert.deepEqual(resolved.all().filter((e) => e.dataset.action).map((e) => [e.dataset.action, e.textContent]),
    [['delete', 'Löschen'], ['reopen', 'Wieder öffnen']]);
  assert.equal(resolved.find('collab-comment-input').length, 0);
  const detached = renderThread(thread('d', 0, { detached: true }), ctx());
  assert.ok(detached.classList.contains('collab-thread-detached'));
  assert.equal(detached.find('collab-thread-note')[0].textContent, 'Text deleted');
  const reader = renderThread(thread('t', 0), ctx({ canComment: false }));
  assert.equal(reader.all().filter((e) => e.dataset.action).length, 0);
  assert.equal(reader.find('collab-comment-text')[0].textContent, 'about t');
});

test('the resolved group is counted in both languages', () => {
  assert.equal(MESSAGES.en.resolvedThreads(2), 'Resolved (2)');
  assert.equal(MESSAGES.de.resolvedThreads(3), 'Erledigt (3)');
});

test('a comment\'s time from the server\'s ISO string; nothing for none or garbage', () => {
  const format = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'UTC' });
  assert.equal(timeText('2026-12-07T16:00:00Z', format), '2026');
  assert.equal(timeText(0, format), '1970');
  assert.equal(timeText(undefined, format), '');
  assert.equal(timeText('soon', format), '');
});
