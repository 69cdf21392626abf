// The transport alone (client/transport.js), against the fake server of fake.js and a host that
// records what it is told: the backoff between attempts, its reset after a stable connection, the
// connect timeout, 1008, and sockets given up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from '../../main/js/client/backoff.js';
import { OVERLOAD_ATTEMPT, STABLE_MS, Transport } from '../../main/js/client/transport.js';
import { Clock, FakeServer, Network, seeded } from './fake.js';

const URL = 'ws://test.invalid/app/collab/ws';

/** A transport to a fake server; the host accepts every welcome. */
function world({ random = () => 0.5, initial = 100, max = 3200, fetch = null, authProbe = true, connectTimeout = 1000 } = {}) {
  const network = new Network();
  const server = new FakeServer(network);
  const clock = new Clock();
  const events = [];
  const gaveUp = [];
  let downs = 0;
  const host = {
    emit: (event, value) => events.push([event, value]),
    clientId: () => 'tab-1',
    welcome: () => transport.opened(),
    message: () => {},
    disconnected: () => downs++,
    renewIdentity: () => false,
    giveUp: (error) => {
      gaveUp.push(error);
      transport.halt();
      transport.close('client gave up');
    },
  };
  const transport = new Transport({
    url: URL, WebSocket: server.WebSocket, random, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout,
    now: clock.now, backoff: new Backoff(initial, max), pingInterval: 30_000, connectTimeout, authProbe, fetch,
  }, host);
  return {
    network, server, clock, transport, events, gaveUp,
    get downs() { return downs; },
    delays: () => events.filter(([e]) => e === 'reconnect').map(([, r]) => r.delay),
    states: () => events.filter(([e]) => e === 'state').map(([, s]) => s),
    /** Closes the open connection from the server's side. */
    drop(code) {
      server.close(server.connectionOf('tab-1'), code);
      network.run();
    },
    /** Runs the clock to the scheduled dial and delivers until quiet. */
    redial() {
      clock.advance(clock.pending()[0]);
      network.run();
    },
  };
}

test('hello goes out on open with the client id; a welcome makes the transport open', () => {
  const w = world();
  w.transport.dial();
  assert.equal(w.transport.state, 'connecting');
  w.network.run();
  assert.deepEqual(w.server.received[0], { t: 'hello', protocol: 1, client: 'tab-1' });
  assert.equal(w.transport.state, 'open');
  assert.equal(w.transport.ready, true);
  assert.deepEqual(w.states(), ['open']);
});

test('with the server down, each attempt waits the next step; the backoff starts over only after a stable connection', () => {
  const w = world({ random: () => 0.999999 }); // the top of every [step/2, step]
  w.transport.dial();
  w.network.run();
  w.server.stop();
  w.network.run();
  for (let i = 0; i < 6; i++) w.redial();
  assert.deepEqual(w.delays(), [100, 200, 400, 800, 1600, 3200, 3200], 'doubling to the cap');
  w.server.start();
  w.redial();
  assert.equal(w.transport.state, 'open');
  // up for less than STABLE_MS: the next loss goes on from the step reached
  w.clock.advance(STABLE_MS - 1);
  w.drop(1006);
  assert.equal(w.delays().at(-1), 3200);
  w.redial();
  // up for STABLE_MS: healthy, the next loss starts at the first step again
  w.clock.advance(STABLE_MS);
  w.drop(1006);
  assert.equal(w.delays().at(-1), 100);
});

test('1001 reconnects within the initial delay without moving the step; 1009 and 1013 start at a later step', () => {
  const w = world({ random: () => 0.999999 });
  w.transport.dial();
  w.network.run();
  w.drop(1001);
  assert.ok(w.delays().at(-1) <= 100);
  w.redial();
  w.drop(1006);
  assert.equal(w.delays().at(-1), 100, 'the prompt reconnect did not count as an attempt');
  w.redial();
  w.drop(1013);
  assert.equal(w.delays().at(-1), 100 * 2 ** OVERLOAD_ATTEMPT);
});

test('reconnect delays stay within the backoff bounds over random outages (seeded)', () => {
  const given = Number.parseInt(process.env.COLLAB_SEED ?? '', 10);
  const seed = Number.isFinite(given) ? given : Date.now() % 1_000_000_000;
  console.log(`transport backoff seed ${seed} (rerun with COLLAB_SEED=${seed})`);
  const random = seeded(seed);
  const backoff = new Backoff(100, 3200);
  const w = world({ random });
  w.transport.dial();
  w.network.run();
  // The model: consecutive failures since the last connection that stayed up STABLE_MS.
  let attempt = 0;
  for (let round = 0; round < 300; round++) {
    const code = [1001, 1006, 1006, 1009, 1013][Math.floor(random() * 5)];
    const upFor = random() < 0.3 ? STABLE_MS + Math.floor(random() * 1000) : Math.floor(random() * STABLE_MS);
    w.clock.advance(upFor);
    if (upFor >= STABLE_MS) attempt = 0;
    if (code === 1009 || code === 1013) attempt = Math.max(attempt, OVERLOAD_ATTEMPT);
    w.drop(code);
    const delay = w.delays().at(-1);
    if (code === 1001) {
      assert.ok(delay >= 0 && delay <= backoff.initial, `seed ${seed} round ${round}: 1001 waited ${delay}`);
    } else {
      const step = backoff.step(attempt++);
      assert.ok(delay >= step / 2 && delay <= step, `seed ${seed} round ${round}: ${delay} not within [${step / 2}, ${step}]`);
    }
    // sometimes the server is down for a few attempts too
    const failures = random() < 0.3 ? 1 + Math.floor(random() * 4) : 0;
    if (failures > 0) w.server.stop();
    for (let f = 0; f < failures; f++) {
      w.redial();
      const step = backoff.step(attempt++);
      const d = w.delays().at(-1);
      assert.ok(d >= step / 2 && d <= step, `seed ${seed} round ${round}: failed attempt waited ${d}, not within [${step / 2}, ${step}]`);
    }
    w.server.start();
    w.redial();
    assert.equal(w.transport.state, 'open', `seed ${seed} round ${round}`);
  }
});

test('an attempt without a welcome within connectTimeout is given up and retried', () => {
  const w = world({ connectTimeout: 1000 });
  w.server.intercept = (conn, m) => m.t === 'hello'; // opened, never welcomed
  w.transport.dial();
  w.network.run();
  assert.equal(w.transport.state, 'connecting');
  const first = w.transport.ws;
  w.clock.advance(1000);
  w.network.run();
  const reconnect = w.events.find(([e]) => e === 'reconnect')[1];
  assert.match(reconnect.reason, /no welcome within 1000 ms/);
  assert.equal(first.readyState, 3, 'the socket was closed');
  assert.equal(w.transport.state, 'reconnecting');
  w.server.intercept = null;
  w.redial();
  assert.equal(w.transport.state, 'open');
});

test('a socket given up is ignored: its late messages and close change nothing', () => {
  const w = world();
  w.transport.dial();
  w.network.run();
  const old = w.transport.ws;
  const received = [];
  w.transport.host.message = (m) => received.push(m);
  w.transport.redial('test');
  assert.equal(w.downs, 1);
  old.readyState = 1; // as if its frames were still arriving
  old.onmessage({ data: JSON.stringify({ t: 'left', doc: 'd1' }) });
  old.onclose({ code: 1006, reason: 'late' });
  assert.deepEqual(received, []);
  assert.equal(w.downs, 1, 'no second disconnect');
  w.network.run();
  w.redial();
  assert.equal(w.transport.state, 'open');
});

test('1008 is final without a login probe; with the login gone it is unauthorized and dials again', async () => {
  const final = world({ authProbe: false });
  final.transport.dial();
  final.network.run();
  final.drop(1008);
  assert.equal(final.gaveUp[0].code, 'policy');
  assert.equal(final.transport.state, 'closed');
  assert.deepEqual(final.clock.pending(), [], 'nothing scheduled');

  const asked = [];
  const w = world({ fetch: async (url, init) => { asked.push([url, init.redirect]); return { status: 401, type: 'basic' }; } });
  w.transport.dial();
  w.network.run();
  w.drop(1008);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(asked, [['http://test.invalid/app/collab/ws', 'manual']]);
  assert.equal(w.transport.state, 'unauthorized');
  assert.deepEqual(w.events.find(([e]) => e === 'unauthorized')[1], { status: 401 });
  assert.deepEqual(w.gaveUp, []);
  w.redial();
  assert.equal(w.transport.state, 'open');
});

test('4000 (closed by an administrator) is final: the reason is reported as admin-closed, nothing is dialed', () => {
  const w = world();
  w.transport.dial();
  w.network.run();
  w.server.close(w.server.connectionOf('tab-1'), 4000, 'maintenance at noon');
  w.network.run();
  assert.deepEqual(w.gaveUp, [{ code: 'admin-closed', message: 'maintenance at noon' }]);
  assert.deepEqual(w.events.find(([e]) => e === 'error')[1], { code: 'admin-closed', message: 'maintenance at noon' });
  assert.equal(w.transport.state, 'closed');
  assert.deepEqual(w.clock.pending(), [], 'nothing scheduled');
  assert.equal(w.events.filter(([e]) => e === 'reconnect').length, 0);

  const silent = world();
  silent.transport.dial();
  silent.network.run();
  silent.server.close(silent.server.connectionOf('tab-1'), 4000, '');
  silent.network.run();
  assert.equal(silent.gaveUp[0].message, 'closed by an administrator');
});
