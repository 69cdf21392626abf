// The document's title in the editor's header, editable in place by those who may write: Enter or
// leaving the field renames (Collab's PATCH collab/api/documents/{id}), Escape puts the title
// back. A refused rename puts the title back and says why.
import { api } from './api.js';

/**
 * Shows `title` in `input` and lets it be renamed when `mayRename`.
 *
 * @param say shows a message to the user
 */
export function editableTitle(input, { id, title, mayRename, say }) {
  let current = title;
  const show = () => {
    input.value = current;
    document.title = (current || 'Untitled document') + ' · Collab sample';
  };
  show();
  input.readOnly = !mayRename;
  input.title = mayRename ? 'Rename' : 'Only writers can rename this document';
  if (!mayRename) {
    return;
  }
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      input.blur();
    } else if (event.key === 'Escape') {
      input.value = current;
      input.blur();
    }
  });
  input.addEventListener('change', async () => {
    const wanted = input.value.trim();
    if (wanted === current) {
      show();
      return;
    }
    input.disabled = true;
    try {
      const renamed = await api('PATCH', 'collab/api/documents/' + encodeURIComponent(id), { title: wanted });
      current = renamed.title;
      say('Renamed.');
    } catch (e) {
      say('Could not rename: ' + e.message);
    } finally {
      input.disabled = false;
      show();
    }
  });
}
