// The editor page: Collab's browser client and its Quill binding (served by the library under
// collab/client/current/), who is here, the connection state, and the history panel (view a
// version, restore it as a new edit through the sample's REST).
import { CollabClient } from '../collab/client/current/collab.js';
import Quill from '../collab/client/current/quill.js';
import { bindQuill } from '../collab/client/current/collab-quill.js';
import { api, root, showMe } from './api.js';

const HISTORY_PAGE = 50;
const STATES = { connecting: 'connecting…', open: 'connected', reconnecting: 'reconnecting…', unauthorized: 'signed out: log in again', closed: 'disconnected', failed: 'editing stopped' };

const id = new URLSearchParams(window.location.search).get('doc');
const status = document.getElementById('status');
const stateBadge = document.getElementById('state');
const participants = document.getElementById('participants');
const historyList = document.getElementById('history');
const older = document.getElementById('older');
const versionPanel = document.getElementById('version');
const restoreButton = document.getElementById('restore');

function say(text) {
  status.textContent = text;
}

let failed = false; // the editor could not show the document: the badge says so from then on

function showState(state) {
  if (failed) {
    return;
  }
  stateBadge.textContent = STATES[state] || state;
  stateBadge.dataset.state = state;
}

function showFailure(failure) {
  showState('failed');
  failed = true;
  say('This document cannot be shown in this editor (' + failure.message + '). Nothing more is sent; reload the page.');
}

function showParticipants(list) {
  participants.replaceChildren(...list.map((p) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.backgroundColor = p.color;
    li.append(swatch, document.createTextNode(p.user.name));
    return li;
  }));
}

// ---------------------------------------------------------------- history

let oldestShown = null; // the lowest version listed
let viewer = null;
let viewedVersion = null;

function entry(e) {
  const li = document.createElement('li');
  li.value = e.version;
  const view = document.createElement('button');
  view.type = 'button';
  view.className = 'link';
  view.textContent = 'v' + e.version + ' · ' + e.user.name + ' · ' + new Date(e.time).toLocaleString();
  view.addEventListener('click', () => viewVersion(e.version).catch((error) => say('Could not show version ' + e.version + ': ' + error.message)));
  li.append(view);
  return li;
}

/** Lists the newest HISTORY_PAGE versions up to head, newest first. */
async function loadHistory(head) {
  const after = Math.max(0, head - HISTORY_PAGE);
  const entries = await api('GET', 'collab/api/documents/' + encodeURIComponent(id) + '/history?after=' + after + '&limit=' + HISTORY_PAGE);
  historyList.replaceChildren(...entries.reverse().map(entry));
  oldestShown = after + 1;
  older.hidden = after === 0;
}

older.addEventListener('click', () => showOlder().catch((e) => say(e.message)));

async function showOlder() {
  const after = Math.max(0, oldestShown - 1 - HISTORY_PAGE);
  const entries = await api('GET', 'collab/api/documents/' + encodeURIComponent(id) + '/history?after=' + after + '&limit=' + (oldestShown - 1 - after));
  historyList.append(...entries.reverse().map(entry));
  oldestShown = after + 1;
  older.hidden = after === 0;
}

async function viewVersion(version) {
  const content = await api('GET', 'collab/api/documents/' + encodeURIComponent(id) + '?version=' + version);
  if (!viewer) {
    viewer = new Quill('#version-content', { theme: 'snow', readOnly: true, modules: { toolbar: false } });
  }
  viewer.setContents(content.data);
  viewedVersion = version;
  document.getElementById('version-title').textContent = 'Version ' + version;
  versionPanel.hidden = false;
}

document.getElementById('close-version').addEventListener('click', () => {
  versionPanel.hidden = true;
  viewedVersion = null;
});

restoreButton.addEventListener('click', async () => {
  if (viewedVersion === null) {
    return;
  }
  try {
    const result = await api('POST', 'app/documents/' + encodeURIComponent(id) + '/restore', { version: viewedVersion });
    say(result.changed ? 'Version ' + viewedVersion + ' restored as version ' + result.version + '.'
      : 'The document already has the content of version ' + viewedVersion + '.');
  } catch (e) {
    say('Could not restore: ' + e.message);
  }
});

// ---------------------------------------------------------------- start

async function start() {
  if (!id) {
    say('No document given.');
    return;
  }
  showMe().catch((e) => say(e.message));
  const client = new CollabClient();
  showState(client.state);
  client.on('state', showState);
  // The login is gone (the session expired, or the user logged out in another tab): log in again.
  // Unsent edits wait in this tab's sessionStorage and go out when this document is opened again.
  client.on('unauthorized', () => window.location.assign(new URL('login.html', root)));
  // An administrator closed this client (close code 4000): the client stops; say why, for good.
  client.on('error', (e) => {
    if (e.code === 'admin-closed') {
      showState('closed');
      failed = true;
      status.classList.add('notice');
      say('An administrator disconnected you: ' + e.message + '. Reload the page to connect again.');
    }
  });

  let doc;
  try {
    doc = await client.open(id);
  } catch (e) {
    say(e.code === 'unknown-document' ? 'There is no such document (or you may not see it).'
      : 'Could not open the document: ' + (e.message || e.code));
    return;
  }
  const info = await api('GET', 'collab/api/documents/' + encodeURIComponent(id));
  document.getElementById('title').textContent = info.title || '(untitled)';
  document.title = (info.title || id) + ' · Collab sample';

  const mayWrite = doc.access === 'write' || doc.access === 'admin';
  restoreButton.hidden = !mayWrite;
  if (!mayWrite) {
    say('You can read this document but not change it.');
  }
  const quill = new Quill('#editor', { theme: 'snow', readOnly: !mayWrite, modules: { history: { userOnly: true } } });
  // If the editor cannot show the document (or a later change), the binding stops and says why.
  bindQuill(quill, doc, { onFailed: showFailure });

  showParticipants(doc.participants);
  doc.on('participants', showParticipants);

  await loadHistory(doc.version);
  // The history follows the edits, at most once a second: others' ('change') and this user's own,
  // once acknowledged ('pending' falls as acks arrive).
  let scheduled = null;
  const followHistory = () => {
    if (scheduled === null) {
      scheduled = setTimeout(() => {
        scheduled = null;
        loadHistory(doc.version).catch((e) => say(e.message));
      }, 1000);
    }
  };
  doc.on('change', followHistory);
  doc.on('pending', followHistory);
}

start().catch((e) => say(e.message));
