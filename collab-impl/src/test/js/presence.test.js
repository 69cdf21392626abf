// Presence alone (client/presence.js), with a host that records what is sent and a virtual clock:
// the throttle (at most once per interval, the latest winning), when it may not send, the
// announcement after a join, and the others' ranges shifted over pending and applied changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { COLORS, Presence, colorFor } from '../../main/js/client/presence.js';
import { Clock, seeded } from './fake.js';

function presence({ interval = 100, pending = [] } = {}) {
  const clock = new Clock();
  const sent = [];
  const lists = [];
  const host = {
    id: 'd1',
    clientId: () => 'me',
    sendable: () => h.open && h.pending.every((p) => p === null),
    send: (m) => sent.push({ at: clock.time, ...m }),
    now: clock.now,
    interval: () => interval,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    pending: () => h.pending,
    changed: (list) => lists.push(list),
  };
  const h = { open: true, pending, clock, sent, lists, p: new Presence(host) };
  return h;
}

const other = (client, range, extra = {}) => ({ t: 'presence', doc: 'd1', client, user: { id: 'u-' + client, name: client }, range, ...extra });

test('the first range goes out at once; later ones at most once per interval, the latest winning', () => {
  const h = presence({ interval: 100 });
  h.p.update({ index: 1, length: 0 });
  assert.deepEqual(h.sent.map((m) => m.range), [{ index: 1, length: 0 }]);
  h.p.update({ index: 2, length: 0 });
  h.p.update({ index: 3, length: 2 }, { typing: true });
  h.clock.advance(99);
  assert.equal(h.sent.length, 1, 'throttled');
  h.clock.advance(1);
  assert.deepEqual(h.sent.at(-1), { at: h.clock.time, t: 'presence', doc: 'd1', range: { index: 3, length: 2 }, meta: { typing: true } });
  h.p.update({ index: 3, length: 2 }, { typing: true });
  h.clock.advance(1000);
  assert.equal(h.sent.length, 2, 'the same presence again is not sent');
});

test('random updates at random times: spaced by the interval, each the latest, the last one always sent (seeded)', () => {
  const given = Number.parseInt(process.env.COLLAB_SEED ?? '', 10);
  const seed = Number.isFinite(given) ? given : Date.now() % 1_000_000_000;
  console.log(`presence throttle seed ${seed} (rerun with COLLAB_SEED=${seed})`);
  for (let round = 0; round < 20; round++) {
    const random = seeded(seed + round);
    const interval = 1 + Math.floor(random() * 200);
    const h = presence({ interval });
    let latest = null;
    for (let i = 0; i < 200; i++) {
      latest = random() < 0.1 ? null : { index: Math.floor(random() * 5), length: Math.floor(random() * 2) };
      h.p.update(latest);
      const before = h.sent.length;
      h.clock.advance(Math.floor(random() * interval * 1.5));
      for (const m of h.sent.slice(before)) {
        assert.deepEqual(m.range, latest, `seed ${seed + round}: sent what was set last`);
      }
    }
    h.clock.advance(interval);
    assert.deepEqual(h.sent.at(-1).range, latest, `seed ${seed + round}: the last one went out`);
    for (let i = 1; i < h.sent.length; i++) {
      assert.ok(h.sent[i].at - h.sent[i - 1].at >= interval, `seed ${seed + round}: ${h.sent[i - 1].at} then ${h.sent[i].at}, interval ${interval}`);
    }
  }
});

test('nothing goes out while it may not (not joined, or local edits pending); flush sends it then', () => {
  const h = presence({ interval: 0 });
  h.open = false;
  h.p.update({ index: 1, length: 0 });
  h.open = true;
  h.pending = [new Delta().insert('x'), null];
  h.p.flush();
  assert.equal(h.sent.length, 0);
  h.pending = [null, null];
  h.p.flush();
  assert.deepEqual(h.sent.map((m) => m.range), [{ index: 1, length: 0 }]);
});

test('an announcement goes out at once, within the interval too, and with no range set yet', () => {
  const h = presence({ interval: 1000 });
  h.p.announce();
  assert.deepEqual(h.sent.map((m) => m.range), [null]);
  h.p.update({ index: 4, length: 0 });
  assert.equal(h.sent.length, 1, 'throttled');
  h.p.announce();
  assert.deepEqual(h.sent.map((m) => m.range), [null, { index: 4, length: 0 }]);
});

test("others' ranges: shifted over the pending ops, moved by applied changes; own echo ignored; gone removes", () => {
  const h = presence({ pending: [new Delta().insert('ab'), new Delta().insert('xyz')] });
  h.p.received(other('me', { index: 0, length: 0 }));
  assert.equal(h.p.participants.length, 0, 'not a participant of its own');
  // at 3 in the server's document: the in-flight "ab" moves it to 5, then the buffered "xyz" to 8
  h.p.received(other('bob', { index: 3, length: 3 }));
  assert.deepEqual(h.p.participants[0].range, { index: 8, length: 3 });
  assert.equal(h.p.participants[0].color, colorFor('u-bob'));
  h.p.transform(new Delta().retain(9).delete(1));
  assert.deepEqual(h.p.participants[0].range, { index: 8, length: 2 });
  h.p.received(other('ann', { index: -1, length: 0 }, { meta: { x: 1 } }));
  assert.deepEqual(h.p.participants.map((p) => [p.client, p.range, p.meta]), [['bob', { index: 8, length: 2 }, undefined], ['ann', null, { x: 1 }]]);
  h.p.received(other('bob', null, { gone: true }));
  assert.deepEqual(h.lists.at(-1).map((p) => p.client), ['ann']);
  const copy = h.p.participants;
  copy[0].range = 'changed';
  assert.equal(h.p.participants[0].range, null, 'participants are copies');
});

test('a newcomer gets our presence again at once; one already known does not', () => {
  const h = presence({ interval: 0 });
  h.p.update({ index: 2, length: 0 });
  h.p.received(other('bob', null));
  assert.equal(h.sent.length, 2);
  h.p.received(other('bob', { index: 1, length: 0 }));
  assert.equal(h.sent.length, 2);
});

test('a lost connection forgets the others and says so; forget() does not; nothing is sent after stop()', () => {
  const h = presence({ interval: 100 });
  h.p.update({ index: 1, length: 0 });
  h.p.update({ index: 2, length: 0 }); // due in 100 ms
  h.p.received(other('bob', null));
  h.p.disconnected();
  assert.deepEqual(h.lists.at(-1), []);
  h.clock.advance(1000);
  assert.equal(h.sent.length, 1, 'the pending send was cancelled');
  h.p.received(other('bob', null));
  const reported = h.lists.length;
  h.p.forget();
  assert.equal(h.p.participants.length, 0);
  assert.equal(h.lists.length, reported);
  assert.throws(() => h.p.update({ index: 0, length: -1 }), TypeError);
  assert.throws(() => h.p.update(null, ['not', 'a', 'plain', 'object']), TypeError);
  assert.ok(COLORS.includes(colorFor('anyone')));
});
