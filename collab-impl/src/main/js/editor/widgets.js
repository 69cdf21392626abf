// Small status widgets for an editor page: who is here, and the connection state with the count
// of edits not yet saved (or, when the binding stopped, why). Plain DOM, styled by collab.css.
// Their words are English unless a `messages` object (the shape of element/i18n.js) is given.

/**
 * Keeps `element` showing who is here: this user first, then the others, each with a swatch of
 * their colour. Returns a function that stops it.
 */
export function renderParticipants(element, doc, messages = null) {
  const draw = () => {
    const list = element.ownerDocument.createElement('ul');
    list.className = 'collab-participants';
    const me = doc.client.user;
    const entries = [];
    if (me) entries.push({ name: messages ? messages.you(me.name) : `${me.name} (you)`, color: null, client: doc.client.clientId });
    for (const p of doc.participants) entries.push({ name: p.user.name, color: p.color, client: p.client });
    for (const e of entries) {
      const item = element.ownerDocument.createElement('li');
      item.dataset.client = e.client;
      const swatch = element.ownerDocument.createElement('span');
      swatch.className = 'collab-swatch';
      if (e.color) swatch.style.background = e.color;
      item.append(swatch, element.ownerDocument.createTextNode(e.name));
      list.append(item);
    }
    element.replaceChildren(list);
  };
  const offs = [doc.on('participants', draw), doc.client.on('state', draw)];
  draw();
  return () => offs.forEach((off) => off());
}

const LABELS = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Offline, reconnecting…', unauthorized: 'Signed out: log in again', closed: 'Disconnected' };

/**
 * Keeps `element` showing the connection state (a class collab-state-<state>) and, when `doc` is
 * given, how many local edits are not yet saved on the server; when `binding` (of bindQuill) is
 * given and has stopped, that it failed and why (state `failed`). Returns a function that stops it.
 * `messages` (optional) gives the words: a label per state, failed(message), saved, unsaved(n).
 */
export function renderConnectionState(element, client, doc, binding, messages = null) {
  const draw = () => {
    const failure = binding ? binding.failure : null;
    const state = failure ? 'failed' : client.state;
    const pending = doc ? doc.pendingCount : 0;
    element.className = `collab-state collab-state-${state}`;
    element.dataset.state = state;
    element.dataset.pending = String(pending);
    if (failure) {
      element.textContent = messages ? messages.failed(failure.message) : `Editing stopped: ${failure.message}. Reload the page`;
      return;
    }
    let saved = '';
    if (doc && messages) saved = ` · ${pending > 0 ? messages.unsaved(pending) : messages.saved}`;
    else if (doc) saved = pending > 0 ? ` · ${pending} unsaved edit${pending === 1 ? '' : 's'}` : ' · all changes saved';
    element.textContent = (messages ? messages[client.state] : LABELS[client.state]) + saved;
  };
  const offs = [client.on('state', draw)];
  if (doc) offs.push(doc.on('pending', draw));
  if (binding) offs.push(binding.on('failed', draw));
  draw();
  return () => offs.forEach((off) => off());
}
