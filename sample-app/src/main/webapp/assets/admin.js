// The admin console: polls Collab's admin API (collab/api/admin, docs/OPERATIONS.md) and draws the
// last five minutes of this node with uPlot (bundled into assets/vendor/ at build time): committed
// ops per second (from the deltas of the committed counter), the submit-to-ack latency p50/p99, open
// connections and loaded documents; lists the open documents with who is in them, and closes
// clients, snapshots and unloads documents. Nothing here depends on a metrics library.
import uPlot from './vendor/uplot.js';
import { api, showMe } from './api.js';

const POLL_MS = 1000;
const KEEP_POINTS = 300; // five minutes at one point a second
const TABLE_EVERY = 2; // polls between refreshes of the documents table
const NODE_EVERY = 10; // polls between refreshes of the node line

const status = document.getElementById('status');
const rows = document.querySelector('#open-documents tbody');
const reasonInput = document.getElementById('reason');

function say(text, error) {
  status.textContent = text;
  status.className = error ? 'error' : '';
  status.dataset.source = '';
}

// ---------------------------------------------------------------- the charts

/** The series, oldest first: time (s), ops/s, p50, p99 (ms), connections, documents. */
const data = { time: [], ops: [], p50: [], p99: [], connections: [], documents: [] };

function chart(elementId, series) {
  const element = document.getElementById(elementId);
  const options = {
    width: Math.max(320, element.clientWidth || 480),
    height: 180,
    legend: { live: false },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
    series: [{}, ...series.map(([label, stroke]) => ({ label, stroke, width: 2, points: { show: false } }))],
  };
  return new uPlot(options, [[], ...series.map(() => [])], element);
}

const charts = {
  ops: chart('chart-ops', [['ops/s', '#1a4fa0']]),
  latency: chart('chart-latency', [['p50', '#2e7d32'], ['p99', '#b00020']]),
  connections: chart('chart-connections', [['connections', '#6a1b9a']]),
  documents: chart('chart-documents', [['documents', '#ef6c00']]),
};

function draw() {
  charts.ops.setData([data.time, data.ops]);
  charts.latency.setData([data.time, data.p50, data.p99]);
  charts.connections.setData([data.time, data.connections]);
  charts.documents.setData([data.time, data.documents]);
}

let previous = null;

function record(stats) {
  if (previous !== null && stats.time > previous.time) {
    const seconds = (stats.time - previous.time) / 1000;
    // A counter that went back (the node restarted) starts over rather than drawing a negative rate.
    const ops = Math.max(0, stats.committed - previous.committed) / seconds;
    data.time.push(stats.time / 1000);
    data.ops.push(Math.round(ops * 10) / 10);
    data.p50.push(stats.ackLatency.p50Ms);
    data.p99.push(stats.ackLatency.p99Ms);
    data.connections.push(stats.connections);
    data.documents.push(stats.documents);
    for (const series of Object.values(data)) {
      if (series.length > KEEP_POINTS) series.splice(0, series.length - KEEP_POINTS);
    }
    draw();
  }
  previous = stats;
}

// What the charts hold, for tests and the curious (the browser console): window.adminConsole.
window.adminConsole = {
  data,
  /** The largest ops/s drawn, as the chart holds it (uPlot's own data of the ops chart). */
  maxOpsDrawn: () => Math.max(0, ...(charts.ops.data[1] || []).filter((v) => v !== null)),
};

// ---------------------------------------------------------------- the documents

function button(label, className, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = label;
  b.addEventListener('click', action);
  return b;
}

function reason() {
  const text = reasonInput.value.trim();
  return text ? { reason: text } : {};
}

async function act(what, method, path, body) {
  try {
    const result = await api(method, 'collab/api/admin/' + path, body);
    say(what(result));
    await refreshDocuments();
  } catch (e) {
    say(e.message, true);
  }
}

function clientItem(doc, client) {
  const li = document.createElement('li');
  li.dataset.client = client.client;
  li.dataset.user = client.user.id;
  const queued = client.queuedChars === undefined ? '' : ' · ' + client.queuedChars;
  li.append(document.createTextNode(client.user.name + ' (' + client.client + queued + ') '));
  const docPath = 'documents/' + encodeURIComponent(doc.id);
  li.append(
    button('Close client', 'close-client', () => act((r) => 'Closed ' + r.closed + ' connection(s).', 'POST',
      docPath + '/clients/' + encodeURIComponent(client.client) + '/close', reason())),
    button('Close all of ' + client.user.name, 'close-user', () => act((r) => 'Closed ' + r.closed + ' connection(s).',
      'POST', docPath + '/users/' + encodeURIComponent(client.user.id) + '/close', reason())));
  return li;
}

function documentRow(doc) {
  const tr = document.createElement('tr');
  tr.dataset.doc = doc.id;
  const id = document.createElement('td');
  const link = document.createElement('a');
  link.href = 'editor.html?doc=' + encodeURIComponent(doc.id);
  link.textContent = doc.id;
  id.append(link);
  const version = document.createElement('td');
  version.textContent = doc.version;
  const who = document.createElement('td');
  const list = document.createElement('ul');
  list.className = 'clients';
  list.append(...doc.clients.map((c) => clientItem(doc, c)));
  who.append(list);
  const actions = document.createElement('td');
  const docPath = 'documents/' + encodeURIComponent(doc.id);
  actions.append(
    button('Snapshot', 'snapshot', () => act((r) => 'Snapshot of ' + r.id + ' saved at version ' + r.version + '.', 'POST',
      docPath + '/snapshot')),
    button('Unload', 'unload', () => {
      if (window.confirm('Unload ' + doc.id + '? Its ' + doc.clients.length + ' client(s) reconnect and load it again.')) {
        act((r) => 'Unloaded ' + r.id + '; ' + r.clients + ' client(s) reconnect.', 'POST', docPath + '/unload');
      }
    }));
  tr.append(id, version, who, actions);
  return tr;
}

async function refreshDocuments() {
  const answer = await api('GET', 'collab/api/admin/documents');
  rows.replaceChildren(...answer.documents.map(documentRow));
}

async function refreshNode() {
  const node = await api('GET', 'collab/api/admin/node');
  document.getElementById('node').textContent = 'Collab ' + node.version + ' · node ' + node.node + ' · store '
    + node.store + ' · bus ' + node.bus + ' · ' + (node.draining ? 'draining' : 'serving') + ' · up '
    + Math.floor(node.uptimeSeconds / 60) + ' min';
}

// ---------------------------------------------------------------- polling

let polls = 0;

async function poll() {
  try {
    record(await api('GET', 'collab/api/admin/stats?windowMs=5000'));
    if (polls % TABLE_EVERY === 0) await refreshDocuments();
    if (polls % NODE_EVERY === 0) await refreshNode();
    if (status.className === 'error' && status.dataset.source === 'poll') say('');
  } catch (e) {
    say('Could not read the node: ' + e.message, true);
    status.dataset.source = 'poll';
  }
  polls++;
  setTimeout(poll, POLL_MS);
}

showMe().catch((e) => say(e.message, true));
poll();
