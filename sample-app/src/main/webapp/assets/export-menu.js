// Export and import in the sample (docs/EXPORT.md): the editor's "Download as" menu, which links to
// Collab's export resource (the browser downloads with the session cookie; the server names the
// file after the title), and the document list's "Import", which posts a chosen file to Collab's
// REST as a new document.
import { ApiError, root } from './api.js';

/** The formats of the menu: the server's format names and what the user reads. */
export const FORMATS = [
  ['docx', 'Word (.docx)'],
  ['pdf', 'PDF (.pdf)'],
  ['html', 'Web page (.html)'],
  ['md', 'Markdown (.md)'],
  ['txt', 'Plain text (.txt)'],
];

/** The types of the files the import takes, by extension. */
const IMPORT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
};

/** The export URL of a document at its head or, with a version, at that version. */
export function exportUrl(docId, format, version) {
  const url = new URL('collab/api/documents/' + encodeURIComponent(docId) + '/export', root);
  url.searchParams.set('format', format);
  if (version !== undefined && version !== null) {
    url.searchParams.set('version', String(version));
  }
  return url.href;
}

/**
 * A "Download as" menu (a <details> with a link per format) for a document; versionOf() names the
 * version to download, or null for the head. Placed right after the element anchor.
 */
export function mountDownloadMenu(anchor, docId, versionOf = () => null) {
  const menu = document.createElement('details');
  menu.className = 'menu';
  menu.id = 'download';
  const summary = document.createElement('summary');
  summary.textContent = 'Download as';
  const list = document.createElement('ul');
  for (const [format, label] of FORMATS) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.textContent = label;
    link.dataset.format = format;
    link.setAttribute('download', '');
    link.href = exportUrl(docId, format, versionOf());
    // the version may change while the page is open: the link is made when it is used
    link.addEventListener('click', () => {
      link.href = exportUrl(docId, format, versionOf());
      menu.open = false;
    });
    item.append(link);
    list.append(item);
  }
  menu.append(summary, list);
  anchor.after(menu);
  return menu;
}

/** Posts a file to Collab's REST as a new document titled after the file; resolves to its id. */
export async function importFile(file) {
  const extension = (file.name.split('.').pop() || '').toLowerCase();
  const type = IMPORT_TYPES[extension];
  if (!type) {
    throw new ApiError(415, 'unsupported', 'import takes .docx, .md or .html files, not "' + file.name + '"');
  }
  const title = file.name.replace(/\.[^.]*$/, '').slice(0, 256) || 'Imported document';
  const url = new URL('collab/api/documents', root);
  url.searchParams.set('title', title);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': type, 'X-Collab-Request': '1', Accept: 'application/json' },
    body: file,
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, data && data.title, (data && data.detail) || 'the server answered ' + response.status);
  }
  return data.id;
}

/** An "Import…" button with its hidden file input; onImported(id) is called after each import. */
export function mountImportButton(parent, onImported, onError) {
  const input = document.createElement('input');
  input.type = 'file';
  input.id = 'import-file';
  input.accept = '.docx,.md,.markdown,.html,.htm';
  input.hidden = true;
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'import';
  button.textContent = 'Import…';
  button.title = 'A new document from a Word, Markdown or HTML file';
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) {
      return;
    }
    try {
      onImported(await importFile(file));
    } catch (e) {
      onError(e);
    }
  });
  parent.append(button, input);
  return button;
}
