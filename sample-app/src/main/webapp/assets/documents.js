// The document list: open, create, rename (writers and admins), delete (admins); the link to the
// admin console (admins).
import { api, showMe } from './api.js';

const PAGE = 100;
const rows = document.querySelector('#documents tbody');
const status = document.getElementById('status');
const create = document.getElementById('create');
let me = null;

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

async function allDocuments() {
  const documents = [];
  for (let offset = 0; offset < 100 * PAGE; offset += PAGE) {
    const page = await api('GET', 'collab/api/documents?offset=' + offset + '&limit=' + PAGE);
    documents.push(...page.documents);
    if (page.documents.length < PAGE) {
      break;
    }
  }
  return documents;
}

function row(doc) {
  const tr = document.createElement('tr');
  const title = document.createElement('td');
  const link = document.createElement('a');
  link.href = 'editor.html?doc=' + encodeURIComponent(doc.id);
  link.textContent = doc.title || '(untitled ' + doc.id + ')';
  title.append(link);
  const creator = document.createElement('td');
  creator.textContent = doc.creator;
  const created = document.createElement('td');
  created.textContent = new Date(doc.created).toLocaleString();
  const actions = document.createElement('td');
  if (me.mayCreate) {
    actions.append(button('Rename', () => rename(doc)));
  }
  if (me.admin) {
    actions.append(button('Delete', () => remove(doc)));
  }
  tr.append(title, creator, created, actions);
  return tr;
}

async function refresh() {
  const documents = await allDocuments();
  rows.replaceChildren(...documents.map(row));
  if (documents.length === 0) {
    say(me.mayCreate ? 'No documents yet: create one.' : 'No documents yet.');
  }
}

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
  // The console and its API are for the container role collab-admin (web.xml, collab.admin-role).
  document.getElementById('admin-link').hidden = !me.roles.includes('collab-admin');
  await refresh();
} catch (e) {
  say(e.message, true);
}
