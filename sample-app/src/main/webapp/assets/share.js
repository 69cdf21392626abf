// The editor page's Share dialog, for the document's owner and admins: who has access besides the
// demo roles (Collab's REST at collab/api/documents/{id}/grants), add a user with a level, change a
// level, remove. The server checks every call; the button shows only where it would allow them.
// A change reaches the other user's open editor at once (docs/SHARING.md).
import { api } from './api.js';

const LEVELS = [['read', 'can read'], ['comment', 'can comment'], ['write', 'can edit'], ['admin', 'can edit and share']];

function levelSelect(selected, label) {
  const select = document.createElement('select');
  select.setAttribute('aria-label', label);
  for (const [value, text] of LEVELS) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    option.selected = value === selected;
    select.append(option);
  }
  return select;
}

/**
 * Wires the Share button and dialog of the page to document `id`; `doc` is the open document (its
 * `access` decides whether the button shows, and follows the server's changes).
 */
export function initShare({ id, doc }) {
  const button = document.getElementById('share-button');
  const dialog = document.getElementById('share');
  const owner = document.getElementById('share-owner');
  const list = document.getElementById('share-grants');
  const form = document.getElementById('share-form');
  const user = document.getElementById('share-user');
  const status = document.getElementById('share-status');
  const path = 'collab/api/documents/' + encodeURIComponent(id) + '/grants';
  form.querySelector('#share-level-slot').replaceWith(levelSelect('write', 'Access of the user to add'));

  const say = (text, error) => {
    status.textContent = text;
    status.className = error ? 'error' : '';
  };
  const showButton = () => {
    button.hidden = doc.access !== 'admin';
    if (button.hidden && dialog.open) dialog.close();
  };
  showButton();
  doc.on('access', showButton);

  async function load() {
    const grants = await api('GET', path);
    owner.textContent = grants.owner + ' owns this document.';
    list.replaceChildren(...grants.grants.map((g) => {
      const li = document.createElement('li');
      li.dataset.user = g.user;
      const name = document.createElement('span');
      name.className = 'user';
      name.textContent = g.user;
      const select = levelSelect(g.access, 'Access of ' + g.user);
      select.addEventListener('change', () => change(g.user, select.value));
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      remove.addEventListener('click', () => revoke(g.user));
      li.append(name, ' ', select, ' ', remove);
      return li;
    }));
    if (grants.grants.length === 0) {
      const li = document.createElement('li');
      li.className = 'hint';
      li.textContent = 'Not shared with anyone yet.';
      list.append(li);
    }
  }

  async function change(userId, access) {
    try {
      await api('PUT', path + '/' + encodeURIComponent(userId), { access });
      say(userId + ' ' + LEVELS.find(([v]) => v === access)[1] + '.');
    } catch (e) {
      say('Could not share with ' + userId + ': ' + e.message, true);
    }
    await load().catch((e) => say(e.message, true));
  }

  async function revoke(userId) {
    try {
      await api('DELETE', path + '/' + encodeURIComponent(userId));
      say(userId + ' no longer has access through sharing.');
    } catch (e) {
      say('Could not remove ' + userId + ': ' + e.message, true);
    }
    await load().catch((e) => say(e.message, true));
  }

  button.addEventListener('click', () => {
    say('');
    load().then(() => dialog.showModal()).catch((e) => say(e.message, true));
  });
  document.getElementById('share-close').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = user.value.trim();
    if (name) {
      change(name, form.querySelector('select').value).then(() => {
        user.value = '';
      });
    }
  });
}
