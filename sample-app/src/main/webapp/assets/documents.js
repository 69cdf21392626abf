// The document list: the documents this user may read with their access level, when each was last
// edited, by whom, its size; search by title (on the server:
// the sample's GET app/documents?q=, as the list is paged); open, create, rename (writers and
// admins), delete (admins); the link to the admin console (admins).
import { api, showMe } from './api.js';
import { mountImportButton } from './export-menu.js';

const PAGE = 100;
/** The user's access level to a document, as the list shows it. */
const ACCESS = { read: 'can read', comment: 'can comment', write: 'can edit', admin: 'can edit and share' };
const rows = document.querySelector('#documents tbody');
const status = document.getElementById('status');
const create = document.getElementById('create');
const search = document.getElementById('search');
const matches = document.getElementById('matches');
const SEARCH_DELAY_MS = 250; // typing in the search box asks the server once the typing pauses
let me = null;
let query = new URLSearchParams(window.location.search).get('q') || '';

function say(text, error) {
  status.textContent = text;
  status.className = error ? 'error' : '';
}

function button(label, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', action);
  return b;
}

/** The documents whose title contains the search text (all when it is empty), a page at a time. */
async function allDocuments() {
  const documents = [];
  for (let offset = 0; offset < 100 * PAGE; offset += PAGE) {
    const page = await api('GET', 'app/documents?q=' + encodeURIComponent(query) + '&offset=' + offset + '&limit=' + PAGE);
    documents.push(...page.documents);
    if (page.documents.length < PAGE) {
      break;
    }
  }
  return documents;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  return td;
}

function timeCell(iso, className) {
  const td = cell('', className);
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = new Date(iso).toLocaleString();
  td.append(time);
  return td;
}

const count = new Intl.NumberFormat();

/** "1,234 characters · 5.2 kB": the text's characters and the stored content's bytes. */
function size(doc) {
  const bytes = doc.bytes < 1000 ? count.format(doc.bytes) + ' B'
    : doc.bytes < 1e6 ? (doc.bytes / 1e3).toFixed(1) + ' kB' : (doc.bytes / 1e6).toFixed(1) + ' MB';
  return count.format(doc.characters) + (doc.characters === 1 ? ' character' : ' characters') + ' · ' + bytes;
}

function row(doc) {
  const tr = document.createElement('tr');
  const title = document.createElement('td');
  const link = document.createElement('a');
  link.href = 'editor.html?doc=' + encodeURIComponent(doc.id);
  link.textContent = doc.title || '(untitled ' + doc.id + ')';
  title.append(link);
  const edited = doc.lastEdited ? timeCell(doc.lastEdited.time, 'edited') : cell('never', 'edited');
  const editor = cell(doc.lastEdited ? doc.lastEdited.user.name : '', 'edited-by');
  const creator = cell(doc.creator, 'creator');
  const created = timeCell(doc.created, 'created');
  const access = cell(ACCESS[doc.access] || doc.access, 'access');
  const actions = document.createElement('td');
  // What the server allows this user on this document: write renames, admin (its owner, those it
  // was shared with as admin, the admin role) deletes.
  if (doc.access === 'write' || doc.access === 'admin') {
    actions.append(button('Rename', () => rename(doc)));
  }
  if (doc.access === 'admin') {
    actions.append(button('Delete', () => remove(doc)));
  }
  tr.dataset.doc = doc.id;
  tr.dataset.access = doc.access;
  tr.append(title, access, edited, editor, cell(size(doc), 'size'), creator, created, actions);
  return tr;
}

let refreshes = 0; // a later refresh (the search changed meanwhile) wins over an earlier one's late answer

async function refresh() {
  const mine = ++refreshes;
  const documents = await allDocuments();
  if (mine !== refreshes) {
    return;
  }
  rows.replaceChildren(...documents.map(row));
  matches.textContent = !query ? ''
    : documents.length === 0 ? 'No document has "' + query + '" in its title.'
      : documents.length + (documents.length === 1 ? ' document has "' : ' documents have "') + query + '" in its title.';
  if (documents.length === 0 && !query) {
    say(me.mayCreate ? 'No documents yet: create one.' : 'No documents yet.');
  }
}

let searchTimer = null;
search.elements.q.value = query;
search.addEventListener('submit', (event) => event.preventDefault());
search.elements.q.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    query = search.elements.q.value.trim();
    // The address keeps the search, so a reload or a link shows the same list.
    const url = new URL(window.location.href);
    if (query) {
      url.searchParams.set('q', query);
    } else {
      url.searchParams.delete('q');
    }
    window.history.replaceState(null, '', url);
    refresh().catch((e) => say('Could not search: ' + e.message, true));
  }, SEARCH_DELAY_MS);
});

async function rename(doc) {
  const title = window.prompt('New title', doc.title);
  if (title === null) {
    return;
  }
  try {
    await api('PATCH', 'collab/api/documents/' + encodeURIComponent(doc.id), { title });
    say('Renamed.');
    await refresh();
  } catch (e) {
    say('Could not rename: ' + e.message, true);
  }
}

async function remove(doc) {
  if (!window.confirm('Delete "' + doc.title + '" and all its history?')) {
    return;
  }
  try {
    await api('DELETE', 'collab/api/documents/' + encodeURIComponent(doc.id));
    say('Deleted.');
    await refresh();
  } catch (e) {
    say('Could not delete: ' + e.message, true);
  }
}

create.addEventListener('submit', async (event) => {
  event.preventDefault();
  const title = create.elements.title.value.trim();
  try {
    const doc = await api('POST', 'collab/api/documents', { title });
    window.location.assign('editor.html?doc=' + encodeURIComponent(doc.id));
  } catch (e) {
    say('Could not create: ' + e.message, true);
  }
});

try {
  me = await showMe();
  create.hidden = !me.mayCreate;
  if (me.mayCreate) { // a new document from a .docx, .md or .html file, opened once imported
    mountImportButton(create, (docId) => window.location.assign('editor.html?doc=' + encodeURIComponent(docId)),
      (e) => say('Could not import: ' + e.message, true));
  }
  // The console and its API are for the container role collab-admin (web.xml, collab.admin-role).
  document.getElementById('admin-link').hidden = !me.roles.includes('collab-admin');
  await refresh();
} catch (e) {
  say(e.message, true);
}
