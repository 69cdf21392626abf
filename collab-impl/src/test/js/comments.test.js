// Unit tests of the comment threads of collab.js (client/comments.js): the anchor rule, the display
// anchors through pending ops, the queued create, the answers and the resend after a reconnect,
// against the fake server of fake.js (which keeps threads as the engine does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { CollabClient } from '../../main/js/collab.js';
import { moveAnchor, newCommentId, COMMENT_ID } from '../../main/js/client/comments.js';
import { Clock, FakeServer, MemoryStorage, Network } from './fake.js';

const URL = 'ws://test.invalid/app/collab/ws';

function world(contents = 'hello world\n') {
  const network = new Network();
  const server = new FakeServer(network);
  const clock = new Clock();
  server.createDocument('d1', new Delta().insert(contents));
  return { network, server, clock };
}

function client(w) {
  return new CollabClient({ url: URL, WebSocket: w.server.WebSocket, timers: w.clock, now: w.clock.now,
    random: () => 0.5, storage: new MemoryStorage(), fetch: null });
}

async function open(w, c, id = 'd1') {
  const p = c.open(id);
  w.network.run();
  return p;
}

const ins = (index, s) => (index > 0 ? new Delta().retain(index) : new Delta()).insert(s);
const del = (index, n) => (index > 0 ? new Delta().retain(index) : new Delta()).delete(n);
const a = (index, length) => ({ index, length, detached: length === 0 });
const textAt = (doc, anchor) => doc.contents.slice(anchor.index, anchor.index + anchor.length)
  .ops.map((o) => (typeof o.insert === 'string' ? o.insert : '')).join('');

// ------------------------------------------------------------------ the anchor rule

test('anchor rule: an insert at the start goes before the range, at the end after it, inside joins it', () => {
  assert.deepEqual(moveAnchor(a(6, 5), ins(6, 'big ')), a(10, 5), 'at the start: before');
  assert.deepEqual(moveAnchor(a(6, 5), ins(11, '!')), a(6, 5), 'at the end: after');
  assert.deepEqual(moveAnchor(a(6, 5), ins(8, 'XX')), a(6, 7), 'inside: joins');
  assert.deepEqual(moveAnchor(a(6, 5), ins(0, 'Oh, ')), a(10, 5), 'before: shifts');
  assert.deepEqual(moveAnchor(a(6, 5), ins(12, 'later')), a(6, 5), 'after: unchanged');
});

test('anchor rule: deletes shrink the range; deleting all of it detaches it for good, and its position still moves', () => {
  assert.deepEqual(moveAnchor(a(6, 5), del(4, 4)), a(4, 3), 'the start deleted, with text before');
  assert.deepEqual(moveAnchor(a(6, 5), del(9, 5)), a(6, 3), 'the end deleted, with text after');
  assert.deepEqual(moveAnchor(a(6, 5), del(7, 2)), a(6, 3), 'inside');
  const gone = moveAnchor(a(6, 5), del(6, 5));
  assert.deepEqual(gone, { index: 6, length: 0, detached: true });
  assert.deepEqual(moveAnchor(a(6, 5), del(2, 20)), { index: 2, length: 0, detached: true });
  // Detached stays detached: text typed where it was does not bring it back; it moves as a position.
  assert.deepEqual(moveAnchor(gone, ins(6, 'again')), { index: 11, length: 0, detached: true });
  assert.deepEqual(moveAnchor(gone, ins(0, 'ab')), { index: 8, length: 0, detached: true });
  assert.deepEqual(moveAnchor(gone, del(0, 3)), { index: 3, length: 0, detached: true });
  // formatting moves nothing
  assert.deepEqual(moveAnchor(a(6, 5), new Delta().retain(6).retain(5, { bold: true })), a(6, 5));
});

test('ids are 22 characters the server accepts, and differ', () => {
  const ids = new Set(Array.from({ length: 100 }, () => newCommentId()));
  assert.equal(ids.size, 100);
  for (const id of ids) assert.match(id, COMMENT_ID);
});

// ------------------------------------------------------------------ threads from the server

test('a thread opened by another client shows with its anchor; it moves with the others\' ops and with local edits', async () => {
  const w = world();
  const alice = client(w);
  const bob = client(w);
  const da = await open(w, alice);
  const db = await open(w, bob);
  const events = [];
  db.on('threads', (list) => events.push(list));
  const created = da.createThread({ index: 6, length: 5 }, 'Which world?');
  w.network.run();
  const id = await created;
  assert.match(id, COMMENT_ID);
  assert.equal(db.threads.length, 1);
  assert.equal(db.threads[0].id, id);
  assert.equal(textAt(db, db.threads[0].anchor), 'world');
  assert.equal(db.threads[0].comments[0].text, 'Which world?');
  assert.ok(events.length >= 1);
  // bob types before the word (a local edit), alice types inside it (a remote op for bob)
  db.submit(ins(0, 'Oh, '));
  assert.equal(textAt(db, db.threads[0].anchor), 'world');
  w.network.run();
  da.submit(ins(da.threads[0].anchor.index + 2, 'R'));
  w.network.run();
  assert.equal(textAt(db, db.threads[0].anchor), 'woRrld');
  assert.equal(textAt(da, da.threads[0].anchor), 'woRrld');
  assert.deepEqual(da.threads[0].anchor, w.server.docs.get('d1').threads.get(id).anchor, 'as the server has it');
});

test('a thread message is moved through the in-flight op and the buffer into the display', async () => {
  const w = world();
  const alice = client(w);
  const bob = client(w);
  const da = await open(w, alice);
  const db = await open(w, bob);
  // bob's edits are pending (not yet delivered) when alice's thread arrives
  db.submit(ins(0, 'AB'));
  db.submit(ins(2, 'CD'));
  assert.equal(db.pendingCount, 2);
  const created = da.createThread({ index: 6, length: 5 }, 'x');
  // deliver only what goes to bob (the thread) and alice's command, not bob's submit yet
  w.network.queues.get(alice._transport.ws.toServer).splice(0).forEach((f) => f());
  w.network.queues.get(bob._transport.ws.toClient).splice(0).forEach((f) => f());
  assert.equal(db.threads.length, 1);
  assert.equal(db.pendingCount, 2, 'still pending');
  assert.deepEqual(db.threads[0].anchor, a(10, 5), 'moved past ABCD');
  assert.equal(textAt(db, db.threads[0].anchor), 'world');
  w.network.run();
  await created;
  assert.equal(textAt(db, db.threads[0].anchor), 'world');
  assert.equal(textAt(da, da.threads[0].anchor), 'world');
});

test('deleting the whole commented text detaches the thread in every client', async () => {
  const w = world();
  const alice = client(w);
  const bob = client(w);
  const da = await open(w, alice);
  const db = await open(w, bob);
  const created = da.createThread({ index: 6, length: 5 }, 'x');
  w.network.run();
  await created;
  db.submit(del(5, 6));
  assert.equal(db.threads[0].anchor.detached, true);
  w.network.run();
  assert.deepEqual(da.threads[0].anchor, { index: 5, length: 0, detached: true });
  db.submit(ins(5, 'world'));
  w.network.run();
  assert.equal(da.threads[0].anchor.detached, true, 'stays detached');
});

// ------------------------------------------------------------------ commands

test('a create made while edits are pending waits for their ack, its range moved by remote ops, then goes with base = confirmed version', async () => {
  const w = world();
  const alice = client(w);
  const bob = client(w);
  const da = await open(w, alice);
  const db = await open(w, bob);
  da.submit(ins(0, '>> ')); // pending: "> > hello world"
  const created = da.createThread({ index: 9, length: 5 }, 'Which?'); // "world" in the display
  assert.equal(w.server.received.filter((m) => m.t === 'comment').length, 0);
  assert.equal(alice._transport.ws.sent.filter((m) => m.t === 'comment').length, 0, 'not sent while an edit is pending');
  // bob's op lands first: the server commits it before alice's submit
  db.submit(ins(0, 'Bob: '));
  w.network.queues.get(bob._transport.ws.toServer).splice(0).forEach((f) => f());
  w.network.run();
  const id = await created;
  const sent = w.server.received.filter((m) => m.t === 'comment');
  assert.equal(sent.length, 1);
  assert.equal(sent[0].action, 'create');
  assert.equal(sent[0].base, 2, 'base = the version confirmed once nothing was pending');
  assert.ok(Number.isInteger(sent[0].seq) && sent[0].seq > 0);
  assert.equal(textAt(da, da.threads[0].anchor), 'world');
  assert.equal(textAt(db, db.threads.find((t) => t.id === id).anchor), 'world');
});

test('seqs of comments and submits come from one counter', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  doc.submit(ins(0, 'a'));
  w.network.run();
  const p = doc.createThread({ index: 0, length: 1 }, 'on a');
  w.network.run();
  await p;
  doc.submit(ins(0, 'b'));
  w.network.run();
  const seqs = w.server.received.filter((m) => (m.t === 'submit' || m.t === 'comment')).map((m) => [m.t, m.seq]);
  assert.deepEqual(seqs, [['submit', 1], ['comment', 2], ['submit', 3]]);
});

test('reply, edit, resolve, reopen and delete are answered; deleting the first comment deletes the thread', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  const run = async (p) => {
    w.network.run();
    return p;
  };
  const id = await run(doc.createThread({ index: 0, length: 5 }, 'first'));
  await run(doc.reply(id, 'second @bob'));
  assert.deepEqual(doc.threads[0].comments.map((x) => x.text), ['first', 'second @bob']);
  const second = doc.threads[0].comments[1].id;
  await run(doc.editComment(id, second, 'second, edited'));
  assert.equal(doc.threads[0].comments[1].text, 'second, edited');
  assert.notEqual(doc.threads[0].comments[1].edited, null);
  await run(doc.resolveThread(id));
  assert.equal(doc.threads[0].resolved, true);
  await run(doc.reopenThread(id));
  assert.equal(doc.threads[0].resolved, false);
  await run(doc.deleteComment(id, second));
  assert.equal(doc.threads[0].comments.length, 1);
  await run(doc.deleteComment(id, doc.threads[0].comments[0].id));
  assert.deepEqual(doc.threads, []);
});

test('an error answering a command rejects its promise with the code; bad arguments are refused without asking', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  const p = doc.reply('nothread', 'hi');
  w.network.run();
  await assert.rejects(p, (e) => e.code === 'bad-message' && e.doc === 'd1' && Number.isInteger(e.seq));
  await assert.rejects(doc.createThread({ index: 0, length: 0 }, 'x'), (e) => e.code === 'bad-argument');
  await assert.rejects(doc.createThread({ index: 10, length: 50 }, 'x'), (e) => e.code === 'bad-argument');
  await assert.rejects(doc.createThread({ index: 0, length: 1 }, '   '), (e) => e.code === 'bad-argument');
  await assert.rejects(doc.reply('t', 'x'.repeat(4001)), (e) => e.code === 'too-large');
  await assert.rejects(doc.reply('bad id!', 'x'), (e) => e.code === 'bad-argument');
  assert.equal(w.server.received.filter((m) => m.t === 'comment').length, 1);
});

test('a create whose text is deleted before it could be sent is refused as detached', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  doc.submit(ins(0, 'x'));
  const p = doc.createThread({ index: 7, length: 5 }, 'on world');
  doc.submit(del(7, 5));
  w.network.run();
  await assert.rejects(p, (e) => e.code === 'detached');
  assert.equal(w.server.received.filter((m) => m.t === 'comment').length, 0);
});

test('commands unanswered when the connection drops are sent again after the rejoin, with the same seq and ids; the thread list comes again', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  const first = doc.createThread({ index: 0, length: 5 }, 'hello?');
  // the server handles the command, but the answer is lost with the connection
  w.network.queues.get(c._transport.ws.toServer).shift()();
  w.network.queues.get(c._transport.ws.toClient).length = 0;
  w.server.close(w.server.connectionOf(c.clientId), 1006);
  w.network.run();
  assert.equal(c.state, 'reconnecting');
  const second = doc.createThread({ index: 6, length: 5 }, 'world?'); // made while offline
  w.clock.advance(1000);
  w.network.run();
  assert.equal(c.state, 'open');
  await first;
  await second;
  const sent = w.server.received.filter((m) => m.t === 'comment');
  assert.equal(sent.length, 3, 'the first twice, the second once');
  assert.equal(sent[1].seq, sent[0].seq);
  assert.equal(sent[1].thread, sent[0].thread);
  assert.equal(sent[1].comment, sent[0].comment);
  assert.equal(w.server.docs.get('d1').threads.size, 2, 'no second copy');
  assert.deepEqual(doc.threads.map((t) => textAt(doc, t.anchor)), ['hello', 'world']);
});

test('closing the document rejects the commands not answered', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  doc.submit(ins(0, 'x'));
  const p = doc.createThread({ index: 1, length: 5 }, 'waits');
  doc.close();
  await assert.rejects(p, (e) => e.code === 'closed');
  assert.deepEqual(doc.threads, []);
});

test('a command refused not-joined is sent again after the rejoin that follows', async () => {
  const w = world();
  const c = client(w);
  const doc = await open(w, c);
  let refusedOnce = false;
  w.server.intercept = (conn, m) => {
    if (m.t === 'comment' && !refusedOnce) {
      refusedOnce = true;
      w.server.send(conn, { t: 'error', code: 'not-joined', message: 'not joined', doc: m.doc, seq: m.seq });
      return true;
    }
    return false;
  };
  const p = doc.createThread({ index: 0, length: 5 }, 'again');
  w.network.run();
  await p;
  const sent = w.server.received.filter((m) => m.t === 'comment');
  assert.equal(sent.length, 2);
  assert.equal(sent[1].seq, sent[0].seq);
  assert.ok(w.server.received.filter((m) => m.t === 'join').length >= 2, 'joined again');
  assert.equal(doc.threads.length, 1);
});
