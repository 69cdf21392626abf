// The history panel's named versions and comparisons, over Collab's REST
// (collab/api/documents/{id}/versions): named versions on top (rename, remove), "Name this version"
// for the head, a "compare" box on every named and listed version, and the comparison of two
// picked versions as the server renders it (escaped HTML: <ins>/<del>/formatted spans with the
// author's class), coloured per author. The recent name changes come from the sample's own REST,
// fed by Collab's CDI event (VersionActivity).
import { api, root } from './api.js';

const PICKED = 2;
const COLOURS = 6; // .collab-author-0 to -5 in style.css; later authors reuse them

/**
 * Sets the panel up for document `id`. `head()` is the document's current version, `say(text)`
 * the page's status line, `historyList` the <ol> of the history whose <li>s carry their version as
 * `value`. Returns `refresh()`, to call when the names may have changed.
 */
export function initVersions({ id, mayWrite, head, say, historyList }) {
  const base = 'collab/api/documents/' + encodeURIComponent(id) + '/versions';
  const namedList = document.getElementById('named-versions');
  const nameForm = document.getElementById('name-form');
  const nameInput = document.getElementById('version-name');
  const compareButton = document.getElementById('compare');
  const comparePanel = document.getElementById('comparison');
  const activityList = document.getElementById('version-activity');
  const picked = new Set();

  nameForm.hidden = !mayWrite;

  function pickBox(version) {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'pick';
    box.dataset.version = version;
    box.title = 'Pick version ' + version + ' to compare';
    box.checked = picked.has(version);
    box.addEventListener('change', () => {
      if (box.checked) {
        picked.add(version);
      } else {
        picked.delete(version);
      }
      syncPicks();
    });
    return box;
  }

  // A version picked in one list is picked in the other; at most two, the compare button once two.
  function syncPicks() {
    while (picked.size > PICKED) {
      picked.delete(picked.values().next().value);
    }
    document.querySelectorAll('input.pick').forEach((box) => {
      box.checked = picked.has(Number(box.dataset.version));
    });
    compareButton.disabled = picked.size !== PICKED;
  }

  // The history list is redrawn by editor.js: give each entry its box as it appears.
  new MutationObserver(() => {
    historyList.querySelectorAll('li').forEach((li) => {
      if (!li.querySelector('input.pick')) {
        li.prepend(pickBox(li.value));
      }
    });
  }).observe(historyList, { childList: true });

  function namedEntry(named) {
    const li = document.createElement('li');
    li.dataset.version = named.version;
    const label = document.createElement('span');
    label.className = 'version-name';
    label.textContent = named.name;
    const detail = document.createElement('span');
    detail.className = 'hint';
    detail.textContent = ' v' + named.version + ' · ' + named.user;
    li.append(pickBox(named.version), label, detail);
    if (mayWrite) {
      const rename = document.createElement('button');
      rename.type = 'button';
      rename.className = 'link rename';
      rename.textContent = 'rename';
      rename.addEventListener('click', () => {
        const name = window.prompt('New name of version ' + named.version, named.name);
        if (name !== null) {
          nameVersion(named.version, name);
        }
      });
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'link remove';
      remove.textContent = 'remove';
      remove.addEventListener('click', () => api('DELETE', base + '/' + named.version)
        .then(refresh, (e) => say('Could not remove the name: ' + e.message)));
      li.append(' ', rename, ' ', remove);
    }
    return li;
  }

  async function refresh() {
    const names = await api('GET', base);
    namedList.replaceChildren(...names.map(namedEntry));
    const changes = await api('GET', 'app/documents/' + encodeURIComponent(id) + '/version-activity');
    activityList.replaceChildren(...changes.map((c) => {
      const li = document.createElement('li');
      li.textContent = c.user + (c.newName === null ? ' removed the name “' + c.oldName + '” of v' + c.version
        : c.oldName === null ? ' named v' + c.version + ' “' + c.newName + '”'
          : ' renamed v' + c.version + ' to “' + c.newName + '”');
      return li;
    }));
  }

  async function nameVersion(version, name) {
    try {
      await api('PUT', base + '/' + version, { name });
      say('Version ' + version + ' is now named “' + name + '”.');
      await refresh();
    } catch (e) {
      say('Could not name version ' + version + ': ' + e.message);
    }
  }

  nameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (name) {
      nameVersion(head(), name).then(() => { nameInput.value = ''; });
    }
  });

  compareButton.addEventListener('click', async () => {
    const [from, to] = [...picked].sort((a, b) => a - b);
    try {
      const response = await fetch(new URL(base + '/compare?from=' + from + '&to=' + to, root),
        { headers: { Accept: 'text/html' }, credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail || 'the server answered ' + response.status);
      }
      // The server escapes every text and name in it: its markup is only its own tags.
      document.getElementById('comparison-title').textContent = 'Changes from v' + from + ' to v' + to;
      const content = document.getElementById('comparison-content');
      content.innerHTML = await response.text();
      content.querySelectorAll('[class*="collab-author-"]').forEach((element) => {
        const n = /collab-author-(\d+)/.exec(element.className);
        if (n && Number(n[1]) >= COLOURS) {
          element.classList.add('collab-author-' + (Number(n[1]) % COLOURS));
        }
      });
      comparePanel.hidden = false;
    } catch (e) {
      say('Could not compare versions ' + from + ' and ' + to + ': ' + e.message);
    }
  });
  document.getElementById('close-comparison').addEventListener('click', () => { comparePanel.hidden = true; });

  syncPicks();
  refresh().catch((e) => say(e.message));
  return refresh;
}
