// The toolbar of <collab-editor>: a preset name or a list of formats, turned into Quill's toolbar
// configuration, limited to what the server's schema (RichTextSchema.QUILL, docs/CONFIGURATION.md)
// accepts; and accessible names for the buttons and pickers Quill draws (Quill gives them none).

/** The controls of each format the schema accepts, in Quill's toolbar notation. */
const CONTROLS = {
  header: [{ header: [1, 2, 3, false] }],
  font: [{ font: [] }],
  size: [{ size: ['small', false, 'large', 'huge'] }],
  bold: ['bold'],
  italic: ['italic'],
  underline: ['underline'],
  strike: ['strike'],
  code: ['code'],
  color: [{ color: [] }],
  background: [{ background: [] }],
  script: [{ script: 'sub' }, { script: 'super' }],
  link: ['link'],
  image: ['image'],
  video: ['video'],
  blockquote: ['blockquote'],
  'code-block': ['code-block'],
  list: [{ list: 'ordered' }, { list: 'bullet' }, { list: 'check' }],
  indent: [{ indent: '-1' }, { indent: '+1' }],
  align: [{ align: [] }],
  direction: [{ direction: 'rtl' }],
  clean: ['clean'],
};

/** The formats a toolbar may offer: those of the schema that Quill has a control for, and `clean`. */
export const TOOLBAR_FORMATS = Object.freeze(Object.keys(CONTROLS));

/** The presets, as lists of groups of formats. */
export const PRESETS = Object.freeze({
  none: [],
  basic: [['bold', 'italic', 'underline'], ['link'], ['list'], ['clean']],
  standard: [['header'], ['bold', 'italic', 'underline', 'strike'], ['link', 'blockquote', 'code-block'], ['list'], ['clean']],
  full: [['header', 'font', 'size'], ['bold', 'italic', 'underline', 'strike', 'code'], ['color', 'background'],
    ['script'], ['link', 'image', 'video'], ['blockquote', 'code-block'], ['list', 'indent'], ['align', 'direction'], ['clean']],
});

export const DEFAULT_TOOLBAR = 'standard';

/**
 * Reads the `toolbar` attribute: a preset name (none, basic, standard, full) or formats separated by
 * spaces or commas (`|` starts a new group). Returns {config: Quill's toolbar option (false for
 * none), formats: the formats offered, unknown: the names that are no format the schema accepts}.
 */
export function parseToolbar(value) {
  const text = (value ?? '').trim() || DEFAULT_TOOLBAR;
  let groups;
  const unknown = [];
  if (Object.hasOwn(PRESETS, text)) {
    groups = PRESETS[text];
  } else {
    groups = [[]];
    for (const token of text.split(/[\s,]+/)) {
      if (token === '|') {
        groups.push([]);
      } else if (Object.hasOwn(CONTROLS, token)) {
        groups[groups.length - 1].push(token);
      } else if (token) {
        unknown.push(token);
      }
    }
    groups = groups.filter((g) => g.length > 0);
  }
  const formats = groups.flat();
  const config = formats.length === 0 ? false : groups.map((g) => g.flatMap((f) => CONTROLS[f]));
  return { config, formats, unknown };
}

/**
 * Gives the toolbar Quill drew a role, a name, and every button and picker an accessible name in
 * the element's language. Buttons keep Quill's behaviour (they are real <button>s, in the tab order).
 */
export function labelToolbar(toolbarElement, messages) {
  if (!toolbarElement) return;
  toolbarElement.setAttribute('role', 'toolbar');
  toolbarElement.setAttribute('aria-label', messages.toolbar);
  for (const button of toolbarElement.querySelectorAll('button')) {
    const format = [...button.classList].find((c) => c.startsWith('ql-'))?.slice(3);
    if (!format) continue;
    const key = button.value ? `${format}:${button.value}` : format;
    const label = messages.formats[key] || messages.formats[format] || format;
    button.setAttribute('aria-label', label);
    button.title = label;
  }
  for (const picker of toolbarElement.querySelectorAll('.ql-picker')) {
    const format = [...picker.classList].find((c) => c.startsWith('ql-') && c !== 'ql-picker' && !c.endsWith('-picker'))?.slice(3);
    const label = messages.formats[format] || format || '';
    const button = picker.querySelector('.ql-picker-label');
    if (button) {
      button.setAttribute('aria-label', label);
      button.title = label;
    }
    const options = picker.querySelector('.ql-picker-options');
    if (options) options.setAttribute('aria-label', label);
    for (const option of picker.querySelectorAll('.ql-picker-item')) {
      if (!option.getAttribute('aria-label')) {
        option.setAttribute('aria-label', option.dataset.value || messages.formats[format] || format || '');
      }
    }
  }
}
