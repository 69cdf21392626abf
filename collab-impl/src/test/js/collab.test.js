// Unit tests of collab.js's state machine under node, against the fake server of fake.js.
// Run: npm test (or node --test src/test/js/), also from the Maven build's test phase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { Backoff, CollabClient } from '../../main/js/collab.js';
import { Clock, FakeServer, MemoryStorage, Network, seeded } from './fake.js';

const URL = 'ws://test.invalid/app/collab/ws';

function world({ presenceIntervalMs = 50, maxMessageBytes } = {}) {
  const network = new Network();
  const server = new FakeServer(network, { presenceIntervalMs, maxMessageBytes });
  const clock = new Clock();
  server.createDocument('d1', new Delta().insert('hello\n'));
  return { network, server, clock };
}

function client(w, options = {}) {
  return new CollabClient({
    url: URL,
    WebSocket: w.server.WebSocket,
    timers: w.clock,
    now: w.clock.now,
    random: options.random || (() => 0.5),
    storage: options.storage === undefined ? new MemoryStorage() : options.storage,
    fetch: null, // no login probe unless a test brings its own (node has a real fetch)
    ...options,
  });
}

/** Opens `id` on `c` and delivers until the reply arrived. */
async function open(w, c, id = 'd1') {
  const p = c.open(id);
  w.network.run();
  return p;
}

const text = (delta) => delta.ops.map((o) => (typeof o.insert === 'string' ? o.insert : '')).join('');
const ins = (index, s) => (index > 0 ? new Delta().retain(index) : new Delta()).insert(s);

test('the state goes connecting, open; user and limits come from welcome', async () => {
  const w = world();
  const c = client(w);
  const states = [];
  c.on('state', (s) => states.push(s));
  assert.equal(c.state, 'connecting');
  w.network.run();
  assert.equal(c.state, 'open');
  assert.deepEqual(states, ['open']);
  assert.equal(c.user.id, 'u' + c.clientId);
  assert.match(c.clientId, /^[A-Za-z0-9_-]{22}$/);
  const hello = w.server.received[0];
  assert.deepEqual(hello, { t: 'hello', protocol: 1, client: c.clientId });
});

test('open refuses what is not a document id, ids made only of dots included, without asking the server', async () => {
  const w = world();
  const c = client(w);
  w.network.run();
  for (const id of ['.', '..', '...', 'a b', '', 'x'.repeat(129)]) {
    await assert.rejects(c.open(id), (e) => e.code === 'bad-argument' && e.doc === id, JSON.stringify(id));
  }
  w.network.run();
  assert.equal(w.server.received.filter((m) => m.t === 'join').length, 0);
  for (const id of ['a.', '.a', 'a..b']) {
    const doc = c.open(id);
    doc.catch(() => {}); // unknown to the fake server: refused by it, not by the client
    w.network.run();
  }
  assert.deepEqual(w.server.received.filter((m) => m.t === 'join').map((m) => m.doc), ['a.', '.a', 'a..b']);
});

test('a document deleted while open is closed with unknown-document; its pending edits are dropped, not sent again', async () => {
  const w = world();
  const storage = new MemoryStorage();
  const c = client(w, { storage });
  const doc = await open(w, c);
  const closed = [];
  doc.on('closed', (e) => closed.push(e));
  doc.submit(ins(0, 'gone '));
  const conn = w.server.connectionOf(c.clientId);
  w.server.send(conn, { t: 'error', code: 'unknown-document', message: 'document d1 was deleted', doc: 'd1' });
  w.server.send(conn, { t: 'left', doc: 'd1' });
  w.network.run();
  assert.equal(closed.length, 1);
  assert.equal(closed[0].code, 'unknown-document');
  assert.equal(closed[0].doc, 'd1');
  assert.deepEqual([...storage.map.keys()].filter((k) => k.endsWith('doc:d1')), [], 'nothing kept to resend');
  const sent = w.server.received.length;
  w.clock.advance(60_000);
  w.network.run();
  assert.equal(w.server.received.filter((m, i) => i >= sent && m.doc === 'd1').length, 0);
});

test('one op in flight; edits made meanwhile are composed into one buffer, sent after the ack', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  assert.equal(text(doc.contents), 'hello\n');
  doc.submit(ins(5, '1'));
  doc.submit(ins(6, '2'));
  doc.submit(ins(7, '3'));
  assert.equal(doc.pendingCount, 3);
  const sent = () => c._transport.ws.sent.filter((m) => m.t === 'submit');
  assert.equal(sent().length, 1, 'only one submit in flight');
  assert.deepEqual(sent()[0], { t: 'submit', doc: 'd1', base: 0, seq: 1, op: [{ retain: 5 }, { insert: '1' }] });
  let synced = 0;
  doc.on('synced', () => synced++);
  w.network.run();
  assert.equal(sent().length, 2);
  assert.deepEqual(sent()[1], { t: 'submit', doc: 'd1', base: 1, seq: 2, op: [{ retain: 6 }, { insert: '23' }] });
  assert.equal(doc.pendingCount, 0);
  assert.equal(synced, 1);
  assert.equal(doc.version, 2);
  assert.equal(text(w.server.docs.get('d1').contents), 'hello123\n');
  assert.equal(text(doc.contents), 'hello123\n');
});

test('an incoming op is transformed over the in-flight op and the buffer; everyone converges', async () => {
  const w = world();
  const a = client(w);
  const b = client(w);
  const da = await open(w, a);
  const db = await open(w, b);
  const changes = [];
  da.on('change', (delta, info) => changes.push({ delta, info }));
  da.submit(ins(0, 'A'));   // in flight
  da.submit(ins(1, 'a'));   // buffered
  db.submit(ins(0, 'B'));   // B's op reaches the server first:
  // deliver B's submit before A's
  const order = [...w.network.queues.keys()];
  const bToServer = order.find((k) => k === b._transport.ws.toServer);
  while (w.network.queues.get(bToServer).length) w.network.queues.get(bToServer).shift()();
  w.network.run();
  assert.equal(text(w.server.docs.get('d1').contents), 'BAahello\n', 'ties go to the op committed first');
  assert.equal(text(da.contents), 'BAahello\n');
  assert.equal(text(db.contents), 'BAahello\n');
  const remote = changes.find((c) => c.info.remote);
  assert.deepEqual(remote.delta.ops, [{ insert: 'B' }]);
  assert.equal(remote.info.user.id, 'u' + b.clientId);
});

test('after a lost connection the in-flight op is resubmitted with its original seq, then the buffer', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  doc.submit(ins(0, 'x'));
  doc.submit(ins(1, 'y'));
  // the network dies before the server reads the submit
  const conn = w.server.connectionOf(c.clientId);
  w.network.queues.get(c._transport.ws.toServer).length = 0;
  w.server.close(conn, 1006);
  w.network.run();
  assert.equal(c.state, 'reconnecting');
  doc.submit(ins(2, 'z')); // typed while offline
  w.clock.advance(1000);
  w.network.run();
  assert.equal(c.state, 'open');
  const submits = w.server.submits();
  assert.deepEqual(submits.map((s) => [s.seq, s.base, s.op]), [
    [1, 0, [{ insert: 'x' }]],
    [2, 1, [{ retain: 1 }, { insert: 'yz' }]],
  ]);
  assert.equal(text(w.server.docs.get('d1').contents), 'xyzhello\n');
  assert.equal(doc.pendingCount, 0);
});

test('an ops reply holding the own in-flight entry counts as its ack (no second commit)', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  doc.submit(ins(0, 'x'));
  doc.submit(ins(1, 'y'));
  // the server commits the op, but the connection dies before the ack arrives
  w.network.queues.get(c._transport.ws.toServer).shift()();
  w.network.queues.get(c._transport.ws.toClient).length = 0;
  w.server.close(w.server.connectionOf(c.clientId), 1006);
  w.network.run();
  w.clock.advance(1000);
  w.network.run();
  const submits = w.server.submits();
  assert.deepEqual(submits.map((s) => s.seq), [1, 2], 'seq 1 was not sent again');
  assert.equal(text(w.server.docs.get('d1').contents), 'xyhello\n');
  assert.equal(text(doc.contents), 'xyhello\n');
  assert.equal(doc.version, 2);
});

test('a catch-up entry with the own client id and in-flight seq but another user is a remote op, not the ack', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  doc.submit(ins(0, 'A'));
  // the submit never reaches the server; meanwhile the log got another user's op under this
  // client id and seq (a server that let a client id be hijacked, or data from before binding)
  w.network.queues.get(c._transport.ws.toServer).length = 0;
  w.server.close(w.server.connectionOf(c.clientId), 1006);
  w.network.run();
  const d = w.server.docs.get('d1');
  const bob = { id: 'bob', name: 'Bob' };
  d.ops.push({ version: 1, op: [{ insert: 'BOB' }], client: c.clientId, seq: 1, user: bob });
  d.contents = d.contents.compose(new Delta().insert('BOB'));
  d.committed.set('bob/' + c.clientId + '/1', 1);
  w.clock.advance(1000);
  w.network.run();
  assert.equal(text(d.contents), 'BOBAhello\n', 'her op was resubmitted and committed');
  assert.equal(text(doc.contents), 'BOBAhello\n');
  assert.equal(doc.version, 2);
  assert.equal(doc.pendingCount, 0);
  assert.deepEqual(w.server.submits().map((s) => s.seq), [1], 'seq 1 sent again after the reconnect');
});

test('a resubmission the server had committed is acknowledged, not applied twice', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  doc.submit(ins(0, 'x'));
  // committed, but the ack is lost and so is the rejoin's catch-up: the client resubmits
  w.network.queues.get(c._transport.ws.toServer).shift()();
  w.network.queues.get(c._transport.ws.toClient).length = 0;
  w.server.close(w.server.connectionOf(c.clientId), 1006);
  w.network.run();
  w.clock.advance(1000);
  w.network.run();
  assert.equal(text(w.server.docs.get('d1').contents), 'xhello\n');
  assert.equal(doc.pendingCount, 0);
});

test('after close 1001 the client reconnects promptly; other closes back off exponentially with bounded jitter', async () => {
  for (const r of [0, 0.999]) {
    const w = world();
    const c = client(w, { random: () => r, reconnect: { initial: 500, max: 8000 } });
    await open(w, c);
    const delays = [];
    c.on('reconnect', (e) => delays.push([e.code, e.delay]));
    w.server.stop(1001);
    w.network.run();
    assert.equal(delays[0][0], 1001);
    assert.ok(delays[0][1] <= 500, 'prompt after 1001: at most the initial delay');
    // the server stays down: each failed attempt waits longer, within [step/2, step]
    for (let i = 0; i < 6; i++) {
      w.clock.advance(delays.at(-1)[1]);
      w.network.run();
    }
    const steps = delays.slice(1).map(([, d]) => d);
    const expectedSteps = [500, 1000, 2000, 4000, 8000, 8000];
    steps.forEach((d, i) => {
      assert.ok(d >= expectedSteps[i] / 2 && d <= expectedSteps[i], `attempt ${i}: ${d} within [${expectedSteps[i] / 2}, ${expectedSteps[i]}] (random ${r})`);
    });
    w.server.start();
    w.clock.advance(8000);
    w.network.run();
    assert.equal(c.state, 'open');
  }
});

test('Backoff: steps double to the cap, the jitter stays within [step/2, step], bad settings are refused', () => {
  const b = new Backoff(100, 1000);
  assert.deepEqual([0, 1, 2, 3, 4, 50].map((n) => b.step(n)), [100, 200, 400, 800, 1000, 1000]);
  assert.equal(b.delay(3, () => 0), 400);
  assert.equal(b.delay(3, () => 0.9999999), 800);
  assert.ok(b.prompt(() => 0.9999999) <= 100);
  assert.throws(() => new Backoff(0, 10), /positive/);
  assert.throws(() => new Backoff(100, 50), /less than/);
});

test('close 1009/1013 starts the backoff at a later step; 1008 is final', async () => {
  const w = world();
  const c = client(w, { random: () => 0.999, reconnect: { initial: 500, max: 30_000 } });
  await open(w, c);
  const delays = [];
  c.on('reconnect', (e) => delays.push(e.delay));
  w.server.close(w.server.connectionOf(c.clientId), 1013);
  w.network.run();
  assert.ok(delays[0] > 1000 && delays[0] <= 2000, `1013 waits at least step 2: ${delays[0]}`);
  w.clock.advance(delays[0]);
  w.network.run();
  const errors = [];
  c.on('error', (e) => errors.push(e));
  w.server.close(w.server.connectionOf(c.clientId), 1008);
  w.network.run();
  assert.equal(c.state, 'closed');
  assert.equal(errors[0].code, 'policy');
  w.clock.advance(60_000);
  w.network.run();
  assert.equal(w.server.connections.size, 0, 'no reconnect after 1008');
});

test('close 4000 (an administrator) is final: the client and its documents close with admin-closed and the reason', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  const errors = [];
  const closed = [];
  c.on('error', (e) => errors.push(e));
  doc.on('closed', (e) => closed.push(e));
  w.server.close(w.server.connectionOf(c.clientId), 4000, 'maintenance at noon');
  w.network.run();
  assert.equal(c.state, 'closed');
  assert.deepEqual(errors[0], { code: 'admin-closed', message: 'maintenance at noon' });
  assert.equal(closed[0].code, 'admin-closed');
  w.clock.advance(60_000);
  w.network.run();
  assert.equal(w.server.connections.size, 0, 'no reconnect after 4000');
});

test('a connection silent after a ping is replaced', async () => {
  const w = world();
  const c = client(w, { pingInterval: 1000 });
  await open(w, c);
  w.clock.advance(1000);
  w.network.run();
  assert.equal(c.state, 'open', 'pong arrived');
  w.server.intercept = (conn, m) => m.t === 'ping'; // the server stops answering pings
  w.clock.advance(1000);
  w.network.run();
  w.clock.advance(1000);
  assert.equal(c.state, 'reconnecting');
  w.server.intercept = null;
  w.clock.advance(1000);
  w.network.run();
  assert.equal(c.state, 'open');
});

test('edits survive a page reload: a new client on the same storage rejoins and resubmits them', async () => {
  const w = world();
  const storage = new MemoryStorage();
  const win = new EventTarget();
  const c1 = client(w, { storage, window: win });
  const d1 = await open(w, c1);
  d1.submit(ins(0, 'A'));
  w.network.run();
  w.server.stop();
  w.network.run();
  d1.submit(ins(1, 'B')); // in flight (never sent: offline)
  d1.submit(ins(2, 'C')); // buffered
  const seqBefore = c1._tab.seq;
  // reload: the page goes away without closing anything
  win.dispatchEvent(new Event('pagehide'));
  c1._transport.generation++; // the old page's timers and sockets are gone with it
  const win2 = new EventTarget();
  const c2 = client(w, { storage, window: win2 });
  assert.equal(c2.clientId, c1.clientId, 'the client id survives the reload');
  w.server.start();
  const p = c2.open('d1');
  w.network.run();
  const d2 = await p;
  assert.equal(text(d2.contents), 'ABChello\n');
  assert.equal(text(w.server.docs.get('d1').contents), 'ABChello\n');
  const submits = w.server.submits();
  assert.deepEqual(submits.map((s) => s.seq), [1, 2, 3]);
  assert.equal(submits[1].seq, seqBefore, 'the in-flight op kept its seq');
  assert.equal(d2.pendingCount, 0);
});

test('after a reload, an in-flight op the server had committed is recognised in the catch-up', async () => {
  const w = world();
  const storage = new MemoryStorage();
  const win = new EventTarget();
  const c1 = client(w, { storage, window: win });
  const d1 = await open(w, c1);
  d1.submit(ins(0, 'A'));
  w.network.queues.get(c1._transport.ws.toServer).shift()(); // committed; the ack never arrives
  w.network.queues.get(c1._transport.ws.toClient).length = 0;
  win.dispatchEvent(new Event('pagehide'));
  c1._transport.generation++;
  const c2 = client(w, { storage, window: new EventTarget() });
  const d2 = await open(w, c2);
  assert.equal(text(w.server.docs.get('d1').contents), 'Ahello\n');
  assert.equal(text(d2.contents), 'Ahello\n');
  assert.equal(w.server.submits().length, 1);
  assert.equal(d2.pendingCount, 0);
});

test('a duplicated tab (storage copied while the page lives) gets a new client id and no pending edits', async () => {
  const w = world();
  const storage = new MemoryStorage();
  const c1 = client(w, { storage, window: new EventTarget() });
  const d1 = await open(w, c1);
  w.server.stop();
  w.network.run();
  d1.submit(ins(0, 'A'));
  const copy = new MemoryStorage();
  for (const [k, v] of storage.map) copy.setItem(k, v);
  const c2 = client(w, { storage: copy, window: new EventTarget() });
  assert.notEqual(c2.clientId, c1.clientId);
  w.server.start();
  const d2 = await open(w, c2);
  assert.equal(text(d2.contents), 'hello\n');
  assert.equal(d2.pendingCount, 0);
});

test('the saved state has a size limit: over it the document is not saved and an error says so', async () => {
  const w = world();
  const storage = new MemoryStorage();
  const c = client(w, { storage, maxStoredChars: 300 });
  const doc = await open(w, c);
  const key = `collab:${URL}:doc:d1`;
  assert.ok(storage.getItem(key).length < 300);
  const errors = [];
  doc.on('error', (e) => errors.push(e));
  doc.submit(ins(0, 'x'.repeat(400)));
  assert.equal(storage.getItem(key), null);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'storage-limit');
  w.network.run();
  doc.submit(new Delta().delete(400));
  w.network.run();
  assert.ok(storage.getItem(key) !== null, 'saved again once under the limit');
  // a storage that refuses (quota) is reported the same way
  storage.setItem = () => { throw new Error('QuotaExceededError'); };
  doc.submit(ins(0, 'q'));
  assert.equal(errors.length, 2);
  assert.equal(errors[1].code, 'storage-limit');
});

test('presence is sent at most once per presenceIntervalMs, the latest wins, and others see it', async () => {
  const w = world({ presenceIntervalMs: 100 });
  const a = client(w);
  const b = client(w);
  const da = await open(w, a);
  const db = await open(w, b);
  w.network.run();
  const sentPresence = () => a._transport.ws.sent.filter((m) => m.t === 'presence');
  const before = sentPresence().length;
  for (let i = 0; i < 5; i++) da.setPresence({ index: i, length: 0 });
  assert.equal(sentPresence().length, before, 'throttled right after the join announcement');
  w.clock.advance(100);
  w.network.run();
  assert.equal(sentPresence().length, before + 1);
  assert.deepEqual(sentPresence().at(-1).range, { index: 4, length: 0 });
  const seen = db.participants.find((p) => p.client === a.clientId);
  assert.deepEqual(seen.range, { index: 4, length: 0 });
  assert.equal(seen.user.name, 'User ' + a.clientId);
  assert.match(seen.color, /^#[0-9a-f]{6}$/);
  // b's local insert before a's cursor moves it
  db.submit(ins(0, '12'));
  assert.deepEqual(db.participants.find((p) => p.client === a.clientId).range, { index: 6, length: 0 });
  // leaving removes a from b's list
  const lists = [];
  db.on('participants', (l) => lists.push(l));
  a.close();
  w.network.run();
  assert.deepEqual(lists.at(-1), []);
  assert.throws(() => db.setPresence({ index: -1, length: 0 }), TypeError);
});

test('a newcomer learns who is here: the others answer its announcement with their presence', async () => {
  const w = world();
  const a = client(w);
  const da = await open(w, a);
  da.setPresence({ index: 2, length: 1 });
  w.clock.advance(100);
  w.network.run();
  const b = client(w);
  const db = await open(w, b);
  w.clock.advance(100);
  w.network.run();
  assert.deepEqual(db.participants.map((p) => [p.client, p.range]), [[a.clientId, { index: 2, length: 1 }]]);
  assert.deepEqual(da.participants.map((p) => p.client), [b.clientId]);
});

test('malformed and unknown server messages are reported and skipped; the client keeps working', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  const errors = [];
  c.on('error', (e) => errors.push(e));
  const conn = w.server.connectionOf(c.clientId);
  w.server.send(conn, 'not json {');
  w.server.send(conn, '42');
  w.server.send(conn, JSON.stringify({ t: 'from-the-future', x: 1 }));
  w.server.send(conn, JSON.stringify({ t: 'op', doc: 'd1', version: 'one', op: [] }));
  w.server.send(conn, JSON.stringify([{ t: 'ack', doc: 'd1' }, { t: 'pong' }]));
  w.server.send(conn, JSON.stringify({ t: 'presence', doc: 'd1', client: 'x' }));
  w.server.send(conn, JSON.stringify({ t: 'op', doc: 'nope', version: 1, op: [{ insert: 'x' }], client: 'z', seq: 1, user: { id: 'z', name: 'z' } }));
  w.network.run();
  assert.equal(errors.filter((e) => e.code === 'bad-frame').length, 5);
  assert.equal(c.state, 'open');
  doc.submit(ins(0, 'ok '));
  w.network.run();
  assert.equal(text(w.server.docs.get('d1').contents), 'ok hello\n');
  // an op that does not apply makes the document rejoin and catch up
  w.server.send(conn, { t: 'op', doc: 'd1', version: doc.version + 1, op: [{ retain: 999 }, { insert: '!' }], client: 'z', seq: 1, user: { id: 'z', name: 'z' } });
  w.network.run();
  assert.equal(doc.version, 1);
  assert.equal(text(doc.contents), 'ok hello\n');
  const joins = w.server.received.filter((m) => m.t === 'join');
  assert.deepEqual(joins.at(-1), { t: 'join', doc: 'd1', from: 1 });
});

test('opening an unknown document rejects with its code; a bad id or a second open is refused', async () => {
  const w = world();
  const c = client(w);
  await assert.rejects(open(w, c, 'missing'), (e) => e.code === 'unknown-document' && e.doc === 'missing');
  await assert.rejects(c.open('bad id!'), (e) => e.code === 'bad-argument');
  const doc = await open(w, c);
  await assert.rejects(c.open('d1'), (e) => e.code === 'already-open');
  assert.throws(() => doc.submit(new Delta().retain(100).insert('x')), RangeError);
  assert.throws(() => doc.submit('text'), TypeError);
  assert.equal(doc.pendingCount, 0, 'a refused argument changes nothing');
});

test('a submit refused for good is undone locally; the buffer is rebased and sent', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  w.server.intercept = (conn, m) => {
    if (m.t === 'submit' && m.seq === 1) {
      w.server.send(conn, { t: 'error', code: 'invalid-op', message: 'no', doc: 'd1', seq: 1 });
      return true;
    }
    return false;
  };
  const changes = [];
  const errors = [];
  doc.on('change', (d, info) => changes.push([d, info]));
  doc.on('error', (e) => errors.push(e));
  doc.submit(ins(0, 'X'));
  doc.submit(ins(1, 'y'));
  w.network.run();
  assert.equal(errors[0].code, 'invalid-op');
  assert.equal(changes[0][1].rejected, true);
  assert.deepEqual(changes[0][0].ops, [{ delete: 1 }]);
  assert.equal(text(doc.contents), 'yhello\n');
  assert.equal(text(w.server.docs.get('d1').contents), 'yhello\n');
});

test('a transient refusal (rate-limited) is retried with the same seq after a backoff', async () => {
  const w = world();
  const c = client(w, { random: () => 0 });
  const doc = await open(w, c);
  let refusals = 2;
  w.server.intercept = (conn, m) => {
    if (m.t === 'submit' && refusals > 0) {
      refusals--;
      w.server.send(conn, { t: 'error', code: 'rate-limited', message: 'slow down', doc: 'd1', seq: m.seq });
      return true;
    }
    return false;
  };
  doc.submit(ins(0, 'X'));
  w.network.run();
  assert.equal(doc.pendingCount, 1);
  w.clock.advance(5000, () => w.network.run());
  w.network.run();
  assert.deepEqual(w.server.submits().map((s) => s.seq), [1, 1, 1]);
  assert.equal(doc.pendingCount, 0);
  assert.equal(text(w.server.docs.get('d1').contents), 'Xhello\n');
});

test('a rejoin answered with a snapshot (history gone) drops pending edits and says so', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  w.server.stop();
  w.network.run();
  doc.submit(ins(0, 'lost'));
  const other = w.server.docs.get('d1');
  other.contents = new Delta().insert('new\n');
  other.ops.push({ version: 1, op: [{ delete: 6 }, { insert: 'new\n' }], client: 'z', seq: 1, user: { id: 'z', name: 'z' } });
  w.server.pruneBefore('d1', 1);
  const errors = [];
  const changes = [];
  doc.on('error', (e) => errors.push(e.code));
  doc.on('change', (d, info) => changes.push(info));
  w.server.start();
  w.clock.advance(1000);
  w.network.run();
  assert.deepEqual(errors, ['history-gone']);
  assert.equal(changes[0].reset, true);
  assert.equal(text(doc.contents), 'new\n');
  assert.equal(doc.pendingCount, 0);
});

test('close() leaves, stops reconnecting and forgets the saved state', async () => {
  const w = world();
  const storage = new MemoryStorage();
  const c = client(w, { storage });
  const doc = await open(w, c);
  doc.submit(ins(0, 'a'));
  c.close();
  w.network.run();
  assert.equal(c.state, 'closed');
  assert.equal(doc.isOpen, false);
  assert.equal(storage.getItem(`collab:${URL}:doc:d1`), null);
  assert.ok(w.server.received.some((m) => m.t === 'leave'));
  await assert.rejects(c.open('d1'), (e) => e.code === 'closed');
});

test('random edits and disconnects by several clients converge to the server document (seeded)', async () => {
  const given = Number.parseInt(process.env.COLLAB_SEED ?? '', 10);
  const seed = Number.isFinite(given) ? given : Date.now() % 1_000_000_000;
  console.log(`convergence seed ${seed} (rerun with COLLAB_SEED=${seed})`);
  for (let round = 0; round < 20; round++) {
    const random = seeded(seed + round);
    const w = world();
    const clients = [];
    const docs = [];
    for (let i = 0; i < 4; i++) {
      const c = client(w, { random, reconnect: { initial: 10, max: 200 } });
      clients.push(c);
      docs.push(c.open('d1'));
    }
    w.network.run(random);
    const opened = await Promise.all(docs);
    for (let step = 0; step < 300; step++) {
      const r = random();
      const i = Math.floor(random() * clients.length);
      const doc = opened[i];
      if (r < 0.45) {
        const len = doc.contents.length();
        const at = Math.floor(random() * len);
        if (random() < 0.7 || len < 3) {
          doc.submit(ins(at, String.fromCharCode(97 + Math.floor(random() * 26)).repeat(1 + Math.floor(random() * 3))));
        } else {
          const n = 1 + Math.floor(random() * Math.min(3, len - 1 - at));
          if (at + n < len) doc.submit(new Delta().retain(at).delete(n));
        }
      } else if (r < 0.5) {
        const conn = w.server.connectionOf(clients[i].clientId);
        if (conn) w.server.close(conn, random() < 0.5 ? 1001 : 1006);
      } else if (r < 0.52) {
        w.server.stop(1006);
        w.network.run(random);
        w.clock.advance(50);
        w.server.start();
      } else if (r < 0.9) {
        w.network.step(random);
      } else {
        w.clock.advance(Math.floor(random() * 100), () => w.network.step(random));
      }
    }
    // quiesce: let every client reconnect and sync
    for (let k = 0; k < 50; k++) {
      w.clock.advance(250);
      w.network.run(random);
    }
    const server = text(w.server.docs.get('d1').contents);
    for (const [i, d] of opened.entries()) {
      assert.equal(d.pendingCount, 0, `seed ${seed + round}: client ${i} still has pending edits`);
      assert.equal(text(d.contents), server, `seed ${seed + round}: client ${i} diverged`);
      assert.equal(d.version, w.server.docs.get('d1').ops.length);
    }
    // no op was committed twice: every (client, seq) is unique and every submit seq was acked once
    const keys = w.server.docs.get('d1').ops.map((e) => e.client + '/' + e.seq);
    assert.equal(new Set(keys).size, keys.length);
  }
});

test('presence waits until local edits are acknowledged; the receiver shifts it over its own pending edits', async () => {
  const w = world({ presenceIntervalMs: 0 });
  const a = client(w);
  const b = client(w);
  const da = await open(w, a);
  const db = await open(w, b);
  w.network.run();
  const presenceOf = () => a._transport.ws.sent.filter((m) => m.t === 'presence');
  const before = presenceOf().length;
  da.submit(ins(0, 'abc'));
  da.setPresence({ index: 3, length: 0 });
  assert.equal(presenceOf().length, before, 'not sent while the edit is pending');
  // b types at the start meanwhile; its edit is pending when a's presence arrives
  db.submit(ins(0, 'XY'));
  const bOut = w.network.queues.get(b._transport.ws.toServer);
  const held = bOut.splice(0); // b's submit is held back
  w.network.run();
  assert.equal(presenceOf().length, before + 1, 'sent after the ack');
  assert.deepEqual(presenceOf().at(-1).range, { index: 3, length: 0 });
  // a's "abc" was committed first, so b shows "abc" + its pending "XY" + "hello"; a's caret (after
  // "abc" in the server's document) lands after b's pending "XY" at the same place: index 5
  assert.equal(text(db.contents), 'abcXYhello\n');
  assert.deepEqual(db.participants.find((p) => p.client === a.clientId).range, { index: 5, length: 0 });
  held.forEach((f) => f());
  w.network.run();
  assert.equal(text(da.contents), 'abcXYhello\n');
  assert.deepEqual(db.participants.find((p) => p.client === a.clientId).range, { index: 5, length: 0 });
});

test('a transiently refused edit is retried at most maxSubmitRetries times, then undone', async () => {
  const w = world();
  const c = client(w, { random: () => 0, maxSubmitRetries: 3 });
  const doc = await open(w, c);
  w.server.intercept = (conn, m) => {
    if (m.t !== 'submit') return false;
    w.server.send(conn, { t: 'error', code: 'draining', message: 'later', doc: 'd1', seq: m.seq });
    return true;
  };
  const errors = [];
  doc.on('error', (e) => errors.push(e.code));
  doc.submit(ins(0, 'X'));
  w.clock.advance(60_000, () => w.network.run());
  w.network.run();
  assert.equal(w.server.submits().length, 4, 'the first submit and 3 retries');
  assert.deepEqual(errors, ['draining']);
  assert.equal(text(doc.contents), 'hello\n');
  assert.equal(doc.pendingCount, 0);
});

test('bad options are refused with a message naming them', () => {
  const w = world();
  assert.throws(() => client(w, { clientId: 'not ok!' }), /clientId/);
  assert.throws(() => client(w, { pingInterval: 0 }), /pingInterval/);
  assert.throws(() => client(w, { maxStoredChars: -1 }), /maxStoredChars/);
  assert.throws(() => client(w, { maxSubmitRetries: 1.5 }), /maxSubmitRetries/);
  assert.throws(() => client(w, { reconnect: { initial: 1000, max: 10 } }), /max backoff/);
  assert.equal(client(w, { clientId: 'tab-1_A' }).clientId, 'tab-1_A');
});

test('a second client for the same URL and storage in one page is refused until the first is closed', () => {
  const w = world();
  const storage = new MemoryStorage();
  const first = client(w, { storage, window: new EventTarget() });
  assert.throws(() => client(w, { storage, window: new EventTarget() }), /already running in this page/);
  first.close();
  const second = client(w, { storage, window: new EventTarget() });
  assert.equal(second.clientId, first.clientId, 'closing keeps the tab identity');
});

test("an edit over the server's maxMessageBytes is undone locally instead of being sent (no 1009 loop)", async () => {
  const w = world({ maxMessageBytes: 200 });
  const c = client(w);
  const doc = await open(w, c);
  const errors = [];
  const changes = [];
  doc.on('error', (e) => errors.push(e));
  doc.on('change', (d, info) => changes.push(info));
  doc.submit(ins(0, 'é'.repeat(80))); // 160 bytes of UTF-8 in the frame: over 200 with the rest
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'too-large');
  assert.match(errors[0].message, /maxMessageBytes \(200\)/);
  assert.equal(changes[0].rejected, true);
  assert.equal(text(doc.contents), 'hello\n');
  doc.submit(ins(0, 'é'.repeat(40))); // under the limit: sent and committed
  w.network.run();
  assert.equal(c.state, 'open');
  assert.equal(text(w.server.docs.get('d1').contents), 'é'.repeat(40) + 'hello\n');
  assert.equal(w.server.submits().length, 1);
});

test('after another user logs in in the tab, a reload starts a new client and drops the saved edits', async () => {
  for (const serverRemembers of [true, false]) {
    const w = world();
    const storage = new MemoryStorage();
    const win = new EventTarget();
    w.server.userFor = () => ({ id: 'ann', name: 'Ann' });
    const c1 = client(w, { storage, window: win });
    const d1 = await open(w, c1);
    w.server.stop();
    w.network.run();
    d1.submit(ins(0, "ann's unsent edit "));
    win.dispatchEvent(new Event('pagehide'));
    c1._transport.generation++;
    // bob logs in in the same tab and the page reloads
    w.server.userFor = () => ({ id: 'bob', name: 'Bob' });
    if (!serverRemembers) w.server.bindings.clear(); // e.g. a restarted server
    w.server.start();
    const c2 = client(w, { storage, window: new EventTarget() });
    const p = c2.open('d1');
    w.network.run();
    w.clock.advance(10);
    w.network.run();
    const d2 = await p;
    assert.equal(c2.state, 'open');
    assert.equal(c2.user.id, 'bob');
    assert.notEqual(c2.clientId, c1.clientId, 'a new client id');
    assert.equal(text(d2.contents), 'hello\n', "ann's edit is not shown as bob's");
    assert.equal(text(w.server.docs.get('d1').contents), 'hello\n', "nor sent as bob's");
    assert.equal(w.server.submits().length, 0);
  }
});

test('a catch-up that does not fit makes the document join afresh, and listeners get the new contents', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  doc.submit(ins(0, 'mine '));
  w.network.run();
  const changes = [];
  const errors = [];
  doc.on('change', (d, info) => changes.push({ d, info }));
  doc.on('error', (e) => errors.push(e.code));
  // the server answers the rejoin with a catch-up that has a gap
  w.server.intercept = (conn, m) => {
    if (m.t === 'join' && m.from !== undefined) {
      w.server.send(conn, { t: 'ops', doc: 'd1', type: 'rich-text', access: 'write', ops: [
        { version: m.from + 2, op: [{ insert: 'x' }], client: 'z', seq: 1, user: { id: 'z', name: 'z' } }] });
      return true;
    }
    return false;
  };
  const d = w.server.docs.get('d1');
  d.contents = new Delta().insert('replaced\n');
  d.ops.push({ version: 2, op: [{ delete: 11 }, { insert: 'replaced\n' }], client: 'z', seq: 1, user: { id: 'z', name: 'z' } });
  w.server.close(w.server.connectionOf(c.clientId), 1001);
  w.network.run();
  w.clock.advance(1000);
  w.network.run();
  assert.equal(text(doc.contents), 'replaced\n');
  assert.deepEqual(errors, []);
  const reset = changes.find((x) => x.info.reset);
  assert.ok(reset, 'a reset change was emitted');
  assert.equal(text(new Delta().insert('mine hello\n').compose(reset.d)), 'replaced\n');
});

test('a handshake refused because the login is gone shows as unauthorized; a network failure does not; both recover', async () => {
  const w = world();
  let loggedIn = true;
  const probes = [];
  const fetch = async (url, init) => {
    probes.push([url, init.redirect]);
    if (!w.server.up && !loggedIn) return { status: 401, type: 'basic' };
    throw new TypeError('network down');
  };
  const c = client(w, { fetch, reconnect: { initial: 500, max: 4000 } });
  await open(w, c);
  const states = [];
  const unauthorized = [];
  c.on('state', (s) => states.push(s));
  c.on('unauthorized', (e) => unauthorized.push(e));
  const settle = async () => {
    w.network.run();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  // The network goes: attempts fail, the probe fails too, the state stays 'reconnecting'.
  w.server.stop(1006);
  await settle();
  w.clock.advance(4000);
  await settle();
  assert.equal(c.state, 'reconnecting');
  assert.deepEqual(unauthorized, []);
  assert.ok(probes.length >= 1, 'a failed handshake is followed by a probe');
  assert.deepEqual(probes[0], ['http://test.invalid/app/collab/ws', 'manual']);

  // The session expires meanwhile: the next failed handshake's probe gets 401.
  loggedIn = false;
  w.clock.advance(4000);
  await settle();
  assert.equal(c.state, 'unauthorized');
  assert.deepEqual(unauthorized, [{ status: 401 }]);
  w.clock.advance(4000);
  await settle();
  assert.equal(c.state, 'unauthorized', 'later failures keep the state');
  assert.equal(unauthorized.length, 1, 'said once');

  // The user logs in again (in another tab) and the server is back: the client recovers by itself.
  loggedIn = true;
  w.server.start();
  w.clock.advance(4000);
  await settle();
  assert.equal(c.state, 'open');
  assert.ok(states.includes('unauthorized') && states.at(-1) === 'open', states.join(' '));
});

test('a probe that is redirected (a login page) counts as unauthorized; authProbe: false never asks', async () => {
  for (const authProbe of [true, false]) {
    const w = world();
    let asked = 0;
    const fetch = async () => {
      asked++;
      return { status: 0, type: 'opaqueredirect' };
    };
    const c = client(w, { fetch, authProbe });
    await open(w, c);
    w.server.stop(1006);
    w.network.run();
    w.clock.advance(1000);
    w.network.run();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    assert.equal(c.state, authProbe ? 'unauthorized' : 'reconnecting');
    assert.equal(asked > 0, authProbe);
  }
});

test('close 1008 with the login gone (the session ended) is not final: unauthorized, then open again; with the login there it is final', async () => {
  for (const loginThere of [false, true]) {
    const w = world();
    let loggedIn = true;
    const fetch = async () => ({ status: loggedIn ? 404 : 401, type: 'basic' });
    const c = client(w, { fetch, reconnect: { initial: 500, max: 2000 } });
    await open(w, c);
    const errors = [];
    c.on('error', (e) => errors.push(e.code));
    loggedIn = loginThere;
    w.server.close(w.server.connectionOf(c.clientId), 1008);
    w.network.run();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    if (loginThere) {
      assert.equal(c.state, 'closed');
      assert.deepEqual(errors, ['policy']);
      continue;
    }
    assert.equal(c.state, 'unauthorized');
    assert.deepEqual(errors, []);
    loggedIn = true;
    w.clock.advance(2000);
    w.network.run();
    assert.equal(c.state, 'open');
  }
});

test('access re-evaluated while joined: doc.access follows and access is emitted once per change', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  const heard = [];
  doc.on('access', (a) => heard.push(a));
  const before = doc.access;
  const conn = w.server.connectionOf(c.clientId);
  w.server.send(conn, { t: 'access', doc: 'd1', access: 'read' });
  w.server.send(conn, { t: 'access', doc: 'd1', access: 'read' });
  w.network.run();
  assert.equal(doc.access, 'read');
  w.server.send(conn, { t: 'access', doc: 'd1', access: before });
  w.server.send(conn, { t: 'access', doc: 'd1' });
  w.network.run();
  assert.equal(doc.access, before);
  assert.deepEqual(heard, before === 'read' ? [] : ['read', before]);
});
