// The header's inbox (editor and document list): the comments that mentioned the user (@their-id)
// and the documents an owner or admin shared with them, newest first, from the sample's
// GET app/inbox (Inbox keeps the latest 50 per user in memory), each linking to its document (a
// mention to its thread). Asked again every few seconds and when the page comes back into view.
// Every text is shown as text. A failed request is skipped (and tried again later): unlike the
// page's own calls (api.js), this background poll never leaves the page, so a server error page
// cannot take the user away from what they are typing.
import { root } from './api.js';

const EVERY_MS = 5000;
const LEVELS = { read: 'view', comment: 'comment on', write: 'edit', admin: 'manage' };

const box = document.getElementById('inbox');
const count = document.getElementById('inbox-count');
const list = document.getElementById('inbox-list');

function span(className, text) {
  const element = document.createElement(className === 'text' ? 'div' : 'span');
  element.className = className === 'text' ? 'mention-text' : className;
  element.textContent = text;
  return element;
}

function item(n) {
  const li = document.createElement('li');
  li.dataset.kind = n.kind;
  li.dataset.doc = n.doc;
  const link = document.createElement('a');
  const where = n.title || n.doc;
  const who = document.createElement('strong');
  who.textContent = n.by.name;
  const when = new Date(n.time).toLocaleString();
  if (n.kind === 'shared') {
    link.href = 'editor.html?doc=' + encodeURIComponent(n.doc);
    link.append(who, span('', ' shared “' + where + '” with you: you may ' + (LEVELS[n.access] || n.access)),
      span('hint', ', ' + when));
  } else {
    li.dataset.thread = n.thread;
    link.href = 'editor.html?doc=' + encodeURIComponent(n.doc) + '&thread=' + encodeURIComponent(n.thread);
    link.append(who, span('hint', ' in ' + where + ', ' + when), span('text', n.text));
  }
  li.append(link);
  return li;
}

let shown = '';

async function refresh() {
  const response = await fetch(new URL('app/inbox', root), {
    headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store', redirect: 'manual',
  });
  const json = (response.headers.get('Content-Type') || '').startsWith('application/json');
  if (!response.ok || !json) throw new Error('the server answered ' + response.status);
  const notices = await response.json();
  if (!Array.isArray(notices)) throw new Error('not a list');
  const key = JSON.stringify(notices);
  if (key === shown) return;
  shown = key;
  count.textContent = String(notices.length);
  box.dataset.count = String(notices.length);
  if (notices.length === 0) {
    const li = document.createElement('li');
    li.className = 'hint';
    li.textContent = 'Nothing yet: mentions in comments and documents shared with you show here.';
    list.replaceChildren(li);
  } else {
    list.replaceChildren(...notices.map(item));
  }
}

function poll() {
  if (document.visibilityState === 'visible') refresh().catch((e) => console.warn('inbox: ' + e.message));
}

if (box) {
  poll();
  setInterval(poll, EVERY_MS);
  document.addEventListener('visibilitychange', poll);
}
