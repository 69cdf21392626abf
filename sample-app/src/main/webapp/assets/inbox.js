// The header's mentions inbox (editor and document list): the comments that mentioned the user
// (@their-id), newest first, from the sample's GET app/mentions (MentionInbox keeps the latest 50 per
// user in memory), each linking to its document. Asked again every few seconds and when the page
// comes back into view. Every text is shown as text. A failed request is skipped (and tried again
// later): unlike the page's own calls (api.js), this background poll never leaves the page, so a
// server error page cannot take the user away from what they are typing.
import { root } from './api.js';

const EVERY_MS = 5000;

const box = document.getElementById('inbox');
const count = document.getElementById('inbox-count');
const list = document.getElementById('inbox-list');

function item(m) {
  const li = document.createElement('li');
  li.dataset.thread = m.thread;
  const link = document.createElement('a');
  link.href = 'editor.html?doc=' + encodeURIComponent(m.doc) + '&thread=' + encodeURIComponent(m.thread);
  const who = document.createElement('strong');
  who.textContent = m.by.name;
  const where = document.createElement('span');
  where.className = 'hint';
  where.textContent = ' in ' + m.doc + ', ' + new Date(m.time).toLocaleString();
  const text = document.createElement('div');
  text.className = 'mention-text';
  text.textContent = m.text;
  link.append(who, where, text);
  li.append(link);
  return li;
}

let shown = '';

async function refresh() {
  const response = await fetch(new URL('app/mentions', root), {
    headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store', redirect: 'manual',
  });
  const json = (response.headers.get('Content-Type') || '').startsWith('application/json');
  if (!response.ok || !json) throw new Error('the server answered ' + response.status);
  const mentions = await response.json();
  if (!Array.isArray(mentions)) throw new Error('not a list');
  const key = JSON.stringify(mentions);
  if (key === shown) return;
  shown = key;
  count.textContent = String(mentions.length);
  box.dataset.count = String(mentions.length);
  if (mentions.length === 0) {
    const li = document.createElement('li');
    li.className = 'hint';
    li.textContent = 'Nobody mentioned you yet.';
    list.replaceChildren(li);
  } else {
    list.replaceChildren(...mentions.map(item));
  }
}

function poll() {
  if (document.visibilityState === 'visible') refresh().catch((e) => console.warn('mentions: ' + e.message));
}

if (box) {
  poll();
  setInterval(poll, EVERY_MS);
  document.addEventListener('visibilitychange', poll);
}
