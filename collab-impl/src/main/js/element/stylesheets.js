// stylesheets.js: links the stylesheets <collab-editor> needs into its page, once per page.

const STYLES = new WeakMap(); // page -> Promise of its stylesheets, linked once

/**
 * Links the served stylesheets (Quill's snow theme, the cursors, Collab's widgets and the
 * element's) into the page once; resolves when they have loaded (or failed: {file} of the first
 * that did not load), so that the editor is never shown unstyled. `base` is the URL of the
 * served collab-editor.js: the stylesheets sit beside it.
 */
export function linkStylesheets(page, base) {
  let loaded = STYLES.get(page);
  if (loaded) return loaded;
  const waits = [];
  for (const file of ['quill.snow.css', 'quill-cursors.css', 'collab.css', 'collab-editor.css']) {
    const href = new URL(`./${file}`, base).href;
    const present = [...page.querySelectorAll('link[rel="stylesheet"]')].find((l) => l.href === href || new RegExp(`/${file.replace('.', '\\.')}(\\?|$)`).test(l.href));
    if (present && present.sheet) continue;
    const link = present || page.createElement('link');
    waits.push(new Promise((resolve) => {
      link.addEventListener('load', () => resolve(null), { once: true });
      link.addEventListener('error', () => resolve({ file }), { once: true });
    }));
    if (!present) {
      link.rel = 'stylesheet';
      link.href = href;
      page.head.append(link);
    }
  }
  loaded = Promise.all(waits).then((results) => results.find((r) => r !== null) || null);
  STYLES.set(page, loaded);
  return loaded;
}
