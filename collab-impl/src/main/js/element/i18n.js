// The words <collab-editor> shows and announces, in English and German. The language comes from the
// element's `locale` attribute, else the nearest `lang` attribute (the element's own or an
// ancestor's), else the browser's; any language other than German is shown in English.

const EN = {
  editor: 'Document editor',
  toolbar: 'Formatting',
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Offline, reconnecting…',
  unauthorized: 'Signed out: log in again',
  closed: 'Disconnected',
  failed: (message) => `Editing stopped: ${message}. Reload the page`,
  saved: 'all changes saved',
  unsaved: (n) => `${n} unsaved edit${n === 1 ? '' : 's'}`,
  you: (name) => `${name} (you)`,
  participants: 'People in this document',
  joined: (name) => `${name} joined`,
  left: (name) => `${name} left`,
  connection: (state) => `Connection: ${state}`,
  history: 'History',
  historyEntry: (version, name, time) => `Version ${version} · ${name} · ${time}`,
  historyEmpty: 'No changes yet',
  historyFailed: 'The history could not be loaded',
  readonly: 'Read only',
  comments: 'Comments',
  comment: 'Comment',
  newComment: 'Comment on the selected text',
  save: 'Save',
  cancel: 'Cancel',
  reply: 'Reply',
  replyLabel: 'Reply…',
  resolve: 'Resolve',
  reopen: 'Reopen',
  deleteComment: 'Delete',
  resolvedThreads: (n) => `Resolved (${n})`,
  textDeleted: 'Text deleted',
  noComments: 'No open comments',
  commentFailed: 'The comment could not be saved',
  formats: {
    bold: 'Bold', italic: 'Italic', underline: 'Underline', strike: 'Strikethrough', code: 'Inline code',
    link: 'Link', image: 'Image', video: 'Video', blockquote: 'Quote', 'code-block': 'Code block',
    clean: 'Remove formatting', header: 'Heading', size: 'Text size', font: 'Font', color: 'Text colour',
    background: 'Highlight colour', align: 'Alignment', direction: 'Text direction',
    'list:ordered': 'Numbered list', 'list:bullet': 'Bulleted list', 'list:check': 'Checklist',
    'script:sub': 'Subscript', 'script:super': 'Superscript', 'indent:-1': 'Decrease indent',
    'indent:+1': 'Increase indent', 'direction:rtl': 'Right to left',
  },
};

const DE = {
  editor: 'Dokumenteditor',
  toolbar: 'Formatierung',
  connecting: 'Verbinde…',
  open: 'Verbunden',
  reconnecting: 'Offline, verbinde erneut…',
  unauthorized: 'Abgemeldet: bitte erneut anmelden',
  closed: 'Getrennt',
  failed: (message) => `Bearbeitung angehalten: ${message}. Bitte die Seite neu laden`,
  saved: 'alle Änderungen gespeichert',
  unsaved: (n) => `${n} ungespeicherte Änderung${n === 1 ? '' : 'en'}`,
  you: (name) => `${name} (du)`,
  participants: 'Personen in diesem Dokument',
  joined: (name) => `${name} ist beigetreten`,
  left: (name) => `${name} hat das Dokument verlassen`,
  connection: (state) => `Verbindung: ${state}`,
  history: 'Verlauf',
  historyEntry: (version, name, time) => `Version ${version} · ${name} · ${time}`,
  historyEmpty: 'Noch keine Änderungen',
  historyFailed: 'Der Verlauf konnte nicht geladen werden',
  readonly: 'Nur lesen',
  comments: 'Kommentare',
  comment: 'Kommentieren',
  newComment: 'Den markierten Text kommentieren',
  save: 'Speichern',
  cancel: 'Abbrechen',
  reply: 'Antworten',
  replyLabel: 'Antworten…',
  resolve: 'Erledigt',
  reopen: 'Wieder öffnen',
  deleteComment: 'Löschen',
  resolvedThreads: (n) => `Erledigt (${n})`,
  textDeleted: 'Text gelöscht',
  noComments: 'Keine offenen Kommentare',
  commentFailed: 'Der Kommentar konnte nicht gespeichert werden',
  formats: {
    bold: 'Fett', italic: 'Kursiv', underline: 'Unterstrichen', strike: 'Durchgestrichen', code: 'Code im Text',
    link: 'Link', image: 'Bild', video: 'Video', blockquote: 'Zitat', 'code-block': 'Codeblock',
    clean: 'Formatierung entfernen', header: 'Überschrift', size: 'Schriftgröße', font: 'Schriftart',
    color: 'Textfarbe', background: 'Hervorhebungsfarbe', align: 'Ausrichtung', direction: 'Textrichtung',
    'list:ordered': 'Nummerierte Liste', 'list:bullet': 'Aufzählung', 'list:check': 'Checkliste',
    'script:sub': 'Tiefgestellt', 'script:super': 'Hochgestellt', 'indent:-1': 'Einzug verkleinern',
    'indent:+1': 'Einzug vergrößern', 'direction:rtl': 'Von rechts nach links',
  },
};

/** The languages shipped, by primary language subtag. */
export const MESSAGES = { en: EN, de: DE };

/**
 * The language of `element`: its `locale` attribute, else the nearest `lang`, else the browser's.
 * Returns {lang: 'en'|'de', messages}.
 */
export function languageOf(element) {
  const tag = element.getAttribute('locale')
    || element.closest('[lang]')?.getAttribute('lang')
    || globalThis.navigator?.language
    || 'en';
  const primary = String(tag).toLowerCase().split(/[-_]/)[0];
  const lang = Object.hasOwn(MESSAGES, primary) ? primary : 'en';
  return { lang, tag: lang === primary ? tag : 'en', messages: MESSAGES[lang] };
}
