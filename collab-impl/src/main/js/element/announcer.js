// Polite screen-reader announcements of <collab-editor>: who joined or left the document, and
// changes of the connection. One visually hidden aria-live="polite" region per editor; the first
// state and the people already there when the editor opens are not announced.

export class Announcer {
  /** @param region the element with role="status" (aria-live polite) the words go to */
  constructor(region) {
    this.region = region;
    this._known = null; // client id -> name, of the others present
    this._state = null;
  }

  /** The others present now (doc.participants); announces who came and who went. */
  participants(list, messages) {
    const now = new Map(list.map((p) => [p.client, p.user.name]));
    if (this._known !== null) {
      const said = [];
      for (const [client, name] of now) if (!this._known.has(client)) said.push(messages.joined(name));
      for (const [client, name] of this._known) if (!now.has(client)) said.push(messages.left(name));
      if (said.length > 0) this.say(said.join('. '));
    }
    this._known = now;
  }

  /** The connection's state now; announces a change. */
  state(state, messages) {
    if (this._state !== null && this._state !== state) this.say(messages.connection(messages[state] || state));
    this._state = state;
  }

  say(text) {
    // A new text node each time, so that the same words said twice are announced twice.
    this.region.replaceChildren(this.region.ownerDocument.createTextNode(text));
  }

  reset() {
    this._known = null;
    this._state = null;
    this.region.replaceChildren();
  }
}
