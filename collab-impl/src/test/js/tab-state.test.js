// What a tab keeps (client/tab-state.js), alone: a storage that refuses is as good as none, a
// saved state that is not usable is ignored, the seq counter never goes back below a saved
// in-flight seq, and the one-client-per-page rule follows the page's life.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TabState } from '../../main/js/client/tab-state.js';
import { MemoryStorage } from './fake.js';

const URL = 'ws://test.invalid/app/collab/ws';
const KEY = `collab:${URL}:`;

test('a storage that throws on every call: a client id all the same, nothing saved, nothing thrown', () => {
  const refusing = {
    get length() { throw new Error('denied'); },
    key() { throw new Error('denied'); },
    getItem() { throw new Error('denied'); },
    setItem() { throw new Error('denied'); },
    removeItem() { throw new Error('denied'); },
  };
  const tab = new TabState(refusing, URL, undefined, null, 1000);
  assert.match(tab.clientId, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(tab.idFromStorage, false);
  assert.equal(tab.nextSeq(), 1);
  assert.equal(tab.saveDoc('d1', { version: 1, contents: [] }), false);
  assert.equal(tab.loadDoc('d1'), null);
  tab.renew();
  tab.release();
});

test('a saved state that is not usable is ignored; a saved in-flight seq raises the counter', () => {
  const storage = new MemoryStorage();
  storage.setItem(KEY + 'seq', '3');
  storage.setItem(KEY + 'doc:bad-json', '{');
  storage.setItem(KEY + 'doc:no-version', JSON.stringify({ contents: [] }));
  storage.setItem(KEY + 'doc:bad-seq', JSON.stringify({ version: 1, contents: [], inflight: [{ insert: 'x' }], inflightSeq: 0 }));
  storage.setItem(KEY + 'doc:ok', JSON.stringify({ version: 2, contents: [{ insert: 'a\n' }], inflight: [{ insert: 'x' }], inflightSeq: 7 }));
  const tab = new TabState(storage, URL, 'tab-1', null, 1000);
  for (const id of ['bad-json', 'no-version', 'bad-seq', 'missing']) assert.equal(tab.loadDoc(id), null, id);
  assert.equal(tab.seq, 3);
  assert.equal(tab.loadDoc('ok').inflightSeq, 7);
  assert.equal(tab.nextSeq(), 8, 'never a seq the saved in-flight op holds');
  assert.equal(storage.getItem(KEY + 'seq'), '8');
  tab.release();
});

test('one client per URL and storage while the page lives; a hidden page lets another run, a shown one takes it back; a duplicated tab starts afresh', () => {
  const storage = new MemoryStorage();
  const win = new EventTarget();
  const first = new TabState(storage, URL, undefined, win, 1000);
  assert.throws(() => new TabState(storage, URL, undefined, null, 1000), /already running in this page/);
  const other = new TabState(storage, 'ws://elsewhere.invalid/ws', undefined, null, 1000);
  win.dispatchEvent(new Event('pagehide'));
  assert.equal(storage.getItem(KEY + 'live'), null);
  new TabState(storage, URL, undefined, null, 1000).release(); // the page hidden: another may run
  win.dispatchEvent(new Event('pageshow'));
  assert.equal(storage.getItem(KEY + 'live'), '1');
  assert.throws(() => new TabState(storage, URL, undefined, null, 1000), /already running/);
  first.saveDoc('d1', { version: 1, contents: [] });
  // a duplicated tab: the browser copied the storage of a page that still runs
  const copy = new MemoryStorage();
  for (const [k, v] of storage.map) copy.setItem(k, v);
  const duplicate = new TabState(copy, URL, undefined, null, 1000);
  assert.notEqual(duplicate.clientId, first.clientId, 'a client id of its own');
  assert.equal(duplicate.loadDoc('d1'), null, 'and none of the pending work');
  duplicate.release();
  first.release();
  const reloaded = new TabState(storage, URL, undefined, null, 1000);
  assert.equal(reloaded.clientId, first.clientId, 'a reload keeps the id');
  assert.equal(reloaded.idFromStorage, true);
  assert.equal(reloaded.loadDoc('d1').version, 1);
  reloaded.release();
  other.release();
});
