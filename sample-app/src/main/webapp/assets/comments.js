// The editor page's comments column: the document's comment threads (collab.js: doc.threads, the
// 'threads' event, createThread/reply/editComment/deleteComment/resolveThread/reopenThread), each
// as a card beside its text (its top where the text is, from quill.getBounds); resolved threads
// folded under "Resolved (n)"; threads whose text was deleted under "Detached". Anyone with comment
// access or more (comment, write, admin) may comment on a selection, reply, resolve and reopen; a
// comment's author may edit and delete it, an admin delete it. The editor itself stays read-only
// below write (collab-quill.js). Every text is shown as text (textContent), never as HTML.
//
// Test hook: each card has data-thread (the id), data-state (open, resolved, detached) and
// data-text (the text its thread covers now).

const COMMENTING = new Set(['comment', 'write', 'admin']);

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(text, onClick, className) {
  const b = el('button', className, text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** Sets `parent`'s children to `nodes` unless they already are (moving a node would blur it). */
function setChildren(parent, nodes) {
  const now = parent.children;
  if (now.length === nodes.length && nodes.every((n, i) => now[i] === n)) return;
  parent.replaceChildren(...nodes);
}

function when(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}

/**
 * Mounts the comments column: `quill` the editor, `doc` the open CollabDocument, `highlights` the
 * binding's ThreadHighlights (or null), `me` the user ({id}), `say` for errors.
 */
export function initComments({ quill, doc, highlights, me, say }) {
  const column = document.getElementById('comments');
  const addButton = document.getElementById('comment-button');
  const form = document.getElementById('comment-form');
  const input = document.getElementById('comment-text');
  const cardsBox = document.getElementById('thread-cards');
  const resolvedBox = document.getElementById('resolved-threads');
  const resolvedCount = document.getElementById('resolved-count');
  const resolvedList = document.getElementById('resolved-list');
  const detachedBox = document.getElementById('detached-threads');
  const detachedList = document.getElementById('detached-list');
  column.hidden = false;

  const mayComment = () => COMMENTING.has(doc.access);
  const isAdmin = () => doc.access === 'admin';
  /** The last selection with text: the form comments on it even after the focus moved to the form. */
  let selection = null;
  let active = null;
  /** Thread id → {key, card}: a card is made again only when its thread changed. */
  const cards = new Map();
  /** Thread id → the reply being typed, kept across a card being made again. */
  const drafts = new Map();

  const fail = (what) => (e) => say('Could not ' + what + ': ' + (e.message || e.code));

  // ------------------------------------------------------------ a new thread on the selection

  const showAddButton = () => {
    addButton.hidden = !(mayComment() && selection && selection.length > 0) || !form.hidden;
  };
  quill.on('editor-change', (event, range) => {
    if (event !== 'selection-change' || !range) return;
    if (range.length > 0) selection = { index: range.index, length: range.length };
    else if (form.hidden) selection = null;
    showAddButton();
  });
  addButton.addEventListener('click', () => {
    if (!selection) return;
    form.hidden = false;
    addButton.hidden = true;
    input.value = '';
    input.focus();
  });
  document.getElementById('comment-cancel').addEventListener('click', () => {
    form.hidden = true;
    showAddButton();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value;
    if (!selection || !text.trim()) return;
    const range = selection;
    form.hidden = true;
    selection = null;
    showAddButton();
    doc.createThread(range, text).then((id) => activate(id)).catch(fail('add the comment'));
  });
  doc.on('access', () => {
    if (!mayComment()) form.hidden = true;
    showAddButton();
    cards.clear();
    render();
  });

  // ------------------------------------------------------------ cards

  function activate(id) {
    active = id;
    if (highlights) highlights.setActive(id);
    for (const { card } of cards.values()) card.classList.toggle('active', card.dataset.thread === id);
  }

  function commentView(thread, c, first) {
    const item = el('li', 'comment');
    item.dataset.comment = c.id;
    const head = el('div', 'comment-head');
    const author = el('span', 'author', c.user.name);
    const time = el('time', 'time', when(c.created));
    time.dateTime = c.created;
    head.append(author, ' ', time);
    if (c.edited) head.append(' ', el('span', 'edited', '(edited)'));
    const text = el('p', 'comment-text', c.text);
    item.append(head, text);
    const mine = me && c.user.id === me.id;
    const actions = el('div', 'comment-actions');
    if (mine && mayComment()) {
      actions.append(button('Edit', () => {
        const box = el('textarea', 'comment-edit');
        box.value = c.text;
        box.maxLength = 4000;
        box.setAttribute('aria-label', 'Edit the comment');
        const save = button('Save', () => doc.editComment(thread.id, c.id, box.value).catch(fail('edit the comment')));
        const cancel = button('Cancel', () => editing.replaceWith(text));
        const editing = el('div', 'editing');
        editing.append(box, save, cancel);
        text.replaceWith(editing);
        box.focus();
      }, 'link'));
    }
    if ((mine && mayComment()) || isAdmin()) {
      actions.append(button('Delete', () => {
        if (window.confirm(first ? 'Delete this thread with all its comments?' : 'Delete this comment?')) {
          doc.deleteComment(thread.id, c.id).catch(fail('delete the comment'));
        }
      }, 'link'));
    }
    if (actions.childElementCount > 0) item.append(actions);
    return item;
  }

  function cardFor(thread, state) {
    const card = el('article', 'thread-card');
    card.dataset.thread = thread.id;
    card.dataset.state = state;
    card.tabIndex = 0;
    const quote = el('blockquote', 'thread-quote');
    if (state === 'detached') quote.textContent = 'The commented text was deleted.';
    card.append(quote);
    const list = el('ol', 'comments');
    thread.comments.forEach((c, i) => list.append(commentView(thread, c, i === 0)));
    card.append(list);
    if (thread.resolved) {
      card.append(el('p', 'hint', 'Resolved by ' + (thread.resolvedBy || 'someone') + (thread.resolvedAt ? ', ' + when(thread.resolvedAt) : '')));
    }
    if (mayComment()) {
      const actions = el('div', 'thread-actions');
      if (!thread.resolved) {
        const reply = el('form', 'reply');
        const box = el('textarea');
        box.maxLength = 4000;
        box.rows = 1;
        box.placeholder = 'Reply… (@name to mention)';
        box.setAttribute('aria-label', 'Reply');
        box.value = drafts.get(thread.id) || '';
        box.addEventListener('input', () => drafts.set(thread.id, box.value));
        const send = el('button', null, 'Reply');
        send.type = 'submit';
        reply.append(box, send);
        reply.addEventListener('submit', (event) => {
          event.preventDefault();
          if (!box.value.trim()) return;
          const text = box.value;
          drafts.delete(thread.id);
          box.value = '';
          doc.reply(thread.id, text).catch((e) => {
            drafts.set(thread.id, text);
            fail('reply')(e);
          });
        });
        card.append(reply);
        actions.append(button('Resolve', () => doc.resolveThread(thread.id).catch(fail('resolve')), 'resolve'));
      } else {
        actions.append(button('Reopen', () => doc.reopenThread(thread.id).catch(fail('reopen')), 'reopen'));
      }
      card.append(actions);
    }
    card.addEventListener('click', (event) => {
      if (event.target.closest('button, textarea')) return;
      activate(thread.id);
      if (state === 'open') quill.setSelection(thread.anchor.index, 0, 'silent');
    });
    if (thread.id === active) card.classList.add('active');
    return card;
  }

  function stateOf(thread) {
    if (thread.anchor.detached) return 'detached';
    return thread.resolved ? 'resolved' : 'open';
  }

  function render() {
    const threads = doc.threads;
    const seen = new Set();
    const open = [];
    const resolved = [];
    const detached = [];
    for (const t of threads) {
      seen.add(t.id);
      const state = stateOf(t);
      const key = t.revision + '|' + state + '|' + doc.access + '|' + t.comments.length;
      let entry = cards.get(t.id);
      if (!entry || entry.key !== key || entry.thread.comments !== t.comments) {
        entry = { key, card: cardFor(t, state), thread: t };
        cards.set(t.id, entry);
      }
      entry.thread = t;
      if (state !== 'detached') {
        const covered = quill.getText(t.anchor.index, t.anchor.length);
        entry.card.dataset.text = covered;
        entry.card.querySelector('.thread-quote').textContent = covered;
      } else {
        entry.card.dataset.text = '';
      }
      (state === 'open' ? open : state === 'resolved' ? resolved : detached).push(entry);
    }
    for (const id of [...cards.keys()]) if (!seen.has(id)) cards.delete(id);
    setChildren(cardsBox, open.map((e) => e.card));
    setChildren(resolvedList, resolved.map((e) => e.card));
    setChildren(detachedList, detached.map((e) => e.card));
    resolvedCount.textContent = String(resolved.length);
    resolvedBox.hidden = resolved.length === 0;
    detachedBox.hidden = detached.length === 0;
    place(open);
  }

  /** Puts each open card at the height of its text, one below the other where they would overlap. */
  function place(entries) {
    const editorTop = quill.container.getBoundingClientRect().top;
    const boxTop = cardsBox.getBoundingClientRect().top;
    const wanted = entries.map((e) => {
      const bounds = quill.getBounds(Math.min(e.thread.anchor.index, quill.getLength() - 1), 0);
      return { e, top: (bounds ? bounds.top : 0) + editorTop - boxTop };
    }).sort((a, b) => a.top - b.top);
    let next = 0;
    for (const { e, top } of wanted) {
      const y = Math.max(top, next);
      e.card.style.top = Math.round(y) + 'px';
      next = y + e.card.offsetHeight + 8;
    }
    cardsBox.style.minHeight = next + 'px';
    // The cards follow the editor's order: keyboard users meet them in the text's order.
    setChildren(cardsBox, wanted.map((w) => w.e.card));
  }

  let frame = null;
  const later = () => {
    if (frame === null) {
      frame = requestAnimationFrame(() => {
        frame = null;
        render();
      });
    }
  };
  doc.on('threads', later);
  quill.on('text-change', later);
  window.addEventListener('resize', later);
  render();
  return { activate };
}
