// The comments panel of <collab-editor> (panels="comments"): the document's comment threads
// (client/comments.js), open ones first in the order of the text, resolved ones under a collapsed
// "Resolved (n)", detached ones (their text deleted) marked so. Each thread shows its comments, a
// reply box, Resolve/Reopen and Delete for the user's own comments; a "Comment" button opens a
// thread on the text selected in the editor. Users with `comment` access or more can act; the
// others only read. Text is set with textContent only.

/** Whether `access` may comment (comment, write, admin). */
export function canComment(access) {
  return access === 'comment' || access === 'write' || access === 'admin';
}

/**
 * The threads in the panel's order: {open, resolved}; each in the order of the text (by the
 * anchor's index), threads whose text was deleted after those that still have it.
 */
export function orderThreads(threads) {
  const byText = (a, b) => (a.anchor.detached === b.anchor.detached ? 0 : a.anchor.detached ? 1 : -1)
    || a.anchor.index - b.anchor.index;
  const list = [...(threads || [])];
  return { open: list.filter((t) => !t.resolved).sort(byText), resolved: list.filter((t) => t.resolved).sort(byText) };
}

/**
 * One thread drawn from its data: an <li class="collab-thread" data-thread> with its comments, and,
 * when `ctx.canComment`, a reply box and the buttons (data-action: reply, resolve, reopen, delete).
 * ctx: {page, messages, user: {id}|null, canComment, time: (ms) => string, active: thread id|null}.
 */
export function renderThread(thread, ctx) {
  const { page, messages } = ctx;
  const make = (tag, className, text) => {
    const e = page.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const button = (action, label, comment) => {
    const b = make('button', `collab-comment-${action}`, label);
    b.type = 'button';
    b.dataset.action = action;
    b.dataset.thread = thread.id;
    if (comment) b.dataset.comment = comment;
    return b;
  };
  const card = make('li', 'collab-thread');
  card.dataset.thread = thread.id;
  card.tabIndex = 0;
  if (thread.resolved) card.classList.add('collab-thread-resolved');
  if (thread.anchor.detached) {
    card.classList.add('collab-thread-detached');
    card.append(make('p', 'collab-thread-note', messages.textDeleted));
  }
  if (thread.id === ctx.active) card.classList.add('collab-thread-selected');
  const list = make('ol', 'collab-thread-comments');
  for (const c of thread.comments) {
    const item = make('li', 'collab-comment');
    item.dataset.comment = c.id;
    const head = make('p', 'collab-comment-head');
    head.append(make('span', 'collab-comment-author', c.user?.name ?? ''), make('span', 'collab-comment-time', ctx.time(c.created)));
    item.append(head, make('p', 'collab-comment-text', c.text));
    if (ctx.canComment && ctx.user && c.user?.id === ctx.user.id) item.append(button('delete', messages.deleteComment, c.id));
    list.append(item);
  }
  card.append(list);
  if (ctx.canComment) {
    const actions = make('div', 'collab-thread-actions');
    if (!thread.resolved) {
      const reply = make('textarea', 'collab-comment-input');
      reply.rows = 1;
      reply.dataset.draft = thread.id;
      reply.setAttribute('aria-label', messages.replyLabel);
      reply.placeholder = messages.replyLabel;
      actions.append(reply, button('reply', messages.reply));
    }
    actions.append(thread.resolved ? button('reopen', messages.reopen) : button('resolve', messages.resolve));
    card.append(actions);
  }
  return card;
}

/** A comment's time (an ISO string, as the server sends it, or milliseconds) in `format`; '' if none. */
export function timeText(when, format) {
  const date = new Date(when);
  return when === null || when === undefined || Number.isNaN(date.getTime()) ? '' : format.format(date);
}

export class CommentsPanel {
  /**
   * @param element the <section> to draw into
   * @param onDone called with {threadId, action} after one of the user's commands succeeded
   * @param onError called with {code, message} when one failed
   */
  constructor(element, onDone, onError) {
    this.element = element;
    this.onDone = onDone;
    this.onError = onError;
    this._offs = [];
    this._doc = null;
    this._active = null;
    this._range = null; // the last non-empty selection in the editor
    this._resolvedOpen = false;
    this._drafts = new Map();
  }

  /** Shows the threads of `doc`, edited in `quill` (binding: bindQuill's, for its highlights). */
  show(doc, quill, binding, messages, locale) {
    this.hide();
    this._doc = doc;
    this._quill = quill;
    this._binding = binding;
    this._messages = messages;
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    this._time = (when) => timeText(when, format);
    const page = this.element.ownerDocument;
    const heading = page.createElement('h2');
    heading.className = 'collab-editor-comments-title';
    heading.id = `${this.element.id}-title`;
    heading.textContent = messages.comments;
    this._newButton = page.createElement('button');
    this._newButton.type = 'button';
    this._newButton.className = 'collab-comment-new';
    this._newButton.textContent = messages.comment;
    this._newButton.dataset.action = 'new';
    this._form = page.createElement('div');
    this._form.className = 'collab-comment-form';
    this._body = page.createElement('div');
    this._body.className = 'collab-editor-comments-body';
    this.element.setAttribute('aria-labelledby', heading.id);
    this.element.replaceChildren(heading, this._newButton, this._form, this._body);
    this._onClick = (event) => this._clicked(event);
    this._onToggle = (event) => { if (event.target.tagName === 'DETAILS') this._resolvedOpen = event.target.open; };
    this._onKey = (event) => {
      // Enter or Space on a focused card selects its thread, as a click does.
      if ((event.key === 'Enter' || event.key === ' ') && event.target.classList?.contains('collab-thread')) {
        event.preventDefault();
        this.select(event.target.dataset.thread);
      }
    };
    this.element.addEventListener('click', this._onClick);
    this.element.addEventListener('keydown', this._onKey);
    this.element.addEventListener('toggle', this._onToggle, true);
    this._offs.push(() => {
      this.element.removeEventListener('click', this._onClick);
      this.element.removeEventListener('keydown', this._onKey);
      this.element.removeEventListener('toggle', this._onToggle, true);
    });
    const onSelection = (event, range) => {
      if (event !== 'selection-change' || !range) return;
      this._range = range.length > 0 ? { index: range.index, length: range.length } : null;
      this._updateNew();
    };
    quill.on('editor-change', onSelection);
    this._offs.push(() => quill.off('editor-change', onSelection));
    this._offs.push(doc.on('threads', () => this.render()), doc.on('access', () => this.render()));
    this.render();
  }

  /** Marks `threadId` as the selected thread (null: none), here and in the editor's highlights. */
  select(threadId) {
    this._active = threadId || null;
    if (this._binding?.highlights) this._binding.highlights.setActive(this._active);
    if (!this._body) return;
    for (const card of this._body.querySelectorAll('.collab-thread')) {
      const on = card.dataset.thread === this._active;
      card.classList.toggle('collab-thread-selected', on);
      if (on && typeof card.scrollIntoView === 'function') card.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Draws the threads again, keeping the drafts of replies and the focus. */
  render() {
    const doc = this._doc;
    if (!doc) return;
    const page = this.element.ownerDocument;
    const focused = page.activeElement?.dataset?.draft ?? null;
    for (const input of this._body.querySelectorAll('textarea[data-draft]')) {
      if (input.value) this._drafts.set(input.dataset.draft, input.value);
      else this._drafts.delete(input.dataset.draft);
    }
    const messages = this._messages;
    const ctx = { page, messages, user: doc.client?.user ?? null, canComment: canComment(doc.access), time: this._time, active: this._active };
    const { open, resolved } = orderThreads(doc.threads);
    const openList = page.createElement('ol');
    openList.className = 'collab-threads';
    openList.append(...open.map((t) => renderThread(t, ctx)));
    const parts = [];
    if (open.length === 0) {
      const none = page.createElement('p');
      none.className = 'collab-comments-empty';
      none.textContent = messages.noComments;
      parts.push(none);
    } else {
      parts.push(openList);
    }
    if (resolved.length > 0) {
      const details = page.createElement('details');
      details.className = 'collab-threads-resolved';
      details.open = this._resolvedOpen;
      const summary = page.createElement('summary');
      summary.textContent = messages.resolvedThreads(resolved.length);
      const list = page.createElement('ol');
      list.className = 'collab-threads';
      list.append(...resolved.map((t) => renderThread(t, ctx)));
      details.append(summary, list);
      parts.push(details);
    }
    this._body.replaceChildren(...parts);
    for (const input of this._body.querySelectorAll('textarea[data-draft]')) {
      const draft = this._drafts.get(input.dataset.draft);
      if (draft) input.value = draft;
      if (input.dataset.draft === focused) input.focus();
    }
    if (!ctx.canComment) this._form.replaceChildren();
    this._updateNew();
  }

  _updateNew() {
    if (!this._newButton) return;
    const allowed = canComment(this._doc?.access);
    this._newButton.hidden = !allowed;
    this._newButton.disabled = !allowed || this._range === null;
  }

  _openForm() {
    const range = this._range;
    if (!range) return;
    const page = this.element.ownerDocument;
    const messages = this._messages;
    const input = page.createElement('textarea');
    input.className = 'collab-comment-input';
    input.rows = 3;
    input.setAttribute('aria-label', messages.newComment);
    input.placeholder = messages.newComment;
    const save = page.createElement('button');
    save.type = 'button';
    save.dataset.action = 'create';
    save.className = 'collab-comment-create';
    save.textContent = messages.save;
    const cancel = page.createElement('button');
    cancel.type = 'button';
    cancel.dataset.action = 'cancel';
    cancel.textContent = messages.cancel;
    this._formRange = range;
    this._form.replaceChildren(input, save, cancel);
    input.focus();
  }

  _clicked(event) {
    const target = event.target.closest?.('[data-action], .collab-thread');
    if (!target || !this._doc) return;
    const action = target.dataset.action;
    const threadId = target.dataset.thread;
    const doc = this._doc;
    if (!action) {
      this.select(threadId);
      return;
    }
    switch (action) {
      case 'new':
        this._openForm();
        return;
      case 'cancel':
        this._form.replaceChildren();
        return;
      case 'create': {
        const input = this._form.querySelector('textarea');
        if (!input.value.trim()) return;
        const text = input.value;
        this._form.replaceChildren();
        this._run('create', null, doc.createThread(this._formRange, text), (id) => this.select(id));
        return;
      }
      case 'reply': {
        const input = target.parentElement.querySelector('textarea');
        if (!input || !input.value.trim()) return;
        const text = input.value;
        input.value = '';
        this._drafts.delete(threadId);
        this._run('reply', threadId, doc.reply(threadId, text));
        return;
      }
      case 'resolve':
        this._run('resolve', threadId, doc.resolveThread(threadId));
        return;
      case 'reopen':
        this._run('reopen', threadId, doc.reopenThread(threadId));
        return;
      case 'delete':
        this._run('delete', threadId, doc.deleteComment(threadId, target.dataset.comment));
        return;
      default:
    }
  }

  _run(action, threadId, promise, then) {
    const doc = this._doc;
    promise.then((result) => {
      const id = action === 'create' ? result : threadId;
      if (then) then(id);
      this.onDone({ threadId: id, action });
    }, (error) => {
      if (this._doc !== doc) return;
      this.onError({ code: error?.code || 'comment-failed', message: `${this._messages.commentFailed}: ${error?.message || String(error)}` });
    });
  }

  hide() {
    this._offs.splice(0).forEach((off) => off());
    this._doc = null;
    this._binding = null;
    this._active = null;
    this._range = null;
    this._drafts.clear();
    this._newButton = null;
    this.element.replaceChildren();
  }
}
