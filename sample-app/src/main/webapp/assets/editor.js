// The editor page: Collab's browser client and its Quill binding (served by the library under
// collab/client/current/) with a toolbar of every format the schema accepts (editor-toolbar.js),
// the title editable in place (editor-title.js), who is here, the connection state and a banner
// when the connection is lost or the document is read-only (editor-banner.js), and the history
// panel (view a version, restore it as a new edit through the sample's REST), and the Share dialog
// for the document's owner and admins (share.js), and the comment threads beside the text
// (comments.js).
import { CollabClient } from '../collab/client/current/collab.js';
import Quill from '../collab/client/current/quill.js';
import { bindQuill, registerFormats } from '../collab/client/current/collab-quill.js';
import { api, root, showMe } from './api.js';
import { Banner } from './editor-banner.js';
import { editableTitle } from './editor-title.js';
import { labelToolbar, toolbarModules } from './editor-toolbar.js';
import { initVersions } from './versions.js';
import { mountDownloadMenu } from './export-menu.js';
import { initShare } from './share.js';
import { initComments } from './comments.js';

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

/** The number of the newest history request: an older answer that comes later is dropped. */
let historyRequest = 0;

/** Lists the newest HISTORY_PAGE versions up to head, newest first. */
async function loadHistory(head) {
  const request = ++historyRequest;
  const after = Math.max(0, head - HISTORY_PAGE);
  const entries = await api('GET', 'collab/api/documents/' + encodeURIComponent(id) + '/history?after=' + after + '&limit=' + HISTORY_PAGE);
  if (request !== historyRequest) {
    return;
  }
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
  const banner = new Banner(document.getElementById('banner'));
  banner.watchClient(client);
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
  // "Download as": the version shown in the history panel, else the head
  mountDownloadMenu(document.getElementById('title'), id, () => (versionPanel.hidden ? null : viewedVersion));

  const mayWrite = doc.access === 'write' || doc.access === 'admin';
  editableTitle(document.getElementById('title'), { id, title: info.title, mayRename: mayWrite, say });
  banner.watchDocument(doc);
  restoreButton.hidden = !mayWrite;
  // The formats first: the toolbar offers only formats Quill knows when it is made (divider, mention).
  registerFormats(Quill);
  const hereNow = () => (doc.client.user ? [{ user: doc.client.user }] : []).concat(doc.participants);
  const quill = new Quill('#editor', { theme: 'snow', readOnly: !mayWrite,
    modules: { history: { userOnly: true }, ...toolbarModules(Quill, { say, participants: hereNow }) } });
  labelToolbar(quill);
  // If the editor cannot show the document (or a later change), the binding stops and says why.
  let comments = null;
  const binding = bindQuill(quill, doc, { onFailed: showFailure, onThreadSelect: (thread) => thread && comments && comments.activate(thread) });
  window.sampleEditor = { doc }; // for the browser tests' failure messages (CommentsIT)
  comments = initComments({ quill, doc, highlights: binding.highlights, me: doc.client.user, say });
  // editor.html?doc=…&thread=… (a link of the mentions inbox): that thread is the active one.
  const thread = new URLSearchParams(window.location.search).get('thread');
  if (thread) comments.activate(thread);
  // Deleted, or access revoked: nothing typed here would be kept (the banner says why).
  doc.on('closed', () => quill.enable(false));

  showParticipants(doc.participants);
  doc.on('participants', showParticipants);
  initShare({ id, doc });

  await loadHistory(doc.version);
  initVersions({ id, mayWrite, head: () => doc.version, say, historyList });
  // The history follows the edits, at most once a second: others' ('change') and this user's own,
  // once acknowledged ('pending' falls as acks arrive). Not while the connection is down (the
  // banner says so; the REST call would fail too): once it is back.
  let scheduled = null;
  const followHistory = () => {
    if (scheduled === null && client.state === 'open') {
      scheduled = setTimeout(() => {
        scheduled = null;
        if (client.state === 'open') {
          loadHistory(doc.version).catch((e) => say('Could not update the history: ' + e.message));
        }
      }, 1000);
    }
  };
  doc.on('change', followHistory);
  doc.on('pending', followHistory);
  client.on('state', followHistory);
}

start().catch((e) => say(e.message));
