// A small event emitter, the base of CollabClient and CollabDocument.

/**
 * on() returns the function that unsubscribes. A listener that throws is logged and does not stop
 * the others (nor the client, which emits from its message handling).
 */
export class Emitter {
  constructor() {
    this._listeners = new Map();
  }

  on(event, fn) {
    if (typeof fn !== 'function') throw new TypeError('a listener must be a function');
    let set = this._listeners.get(event);
    if (!set) this._listeners.set(event, (set = new Set()));
    const entry = (...args) => fn(...args);
    set.add(entry);
    return () => set.delete(entry);
  }

  emit(event, ...args) {
    const set = this._listeners.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(...args);
      } catch (e) {
        console.error(`collab: a '${event}' listener failed`, e);
      }
    }
  }
}
