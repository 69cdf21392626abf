// The editor's toolbar: a control for every format and embed that the server's rich-text schema
// (RichTextSchema.QUILL) accepts, so whatever a document may hold can also be made here. The
// image attributes width, height and alt have no control: they come with pasted images and are
// kept. Quill's own handlers serve most controls; these add what Quill lacks or does otherwise:
// - image: by its web address (http/https), since the schema takes no data: URLs, which is what
//   Quill's file picker makes; dropped or pasted image files are refused with a message;
// - divider: a horizontal line (a block embed);
// - mention: someone who is here now (this user too), by name.

/** The controls, in groups: each names a format of the schema (and one value, or [] for a picker). */
export const TOOLBAR = [
  [{ font: [] }, { size: ['small', false, 'large', 'huge'] }, { header: [1, 2, 3, 4, 5, 6, false] }],
  ['bold', 'italic', 'underline', 'strike', 'code', { script: 'sub' }, { script: 'super' }],
  [{ color: [] }, { background: [] }],
  ['link', 'image', 'video', 'formula', 'divider', 'mention'],
  [{ list: 'ordered' }, { list: 'bullet' }, { list: 'check' }, { indent: '-1' }, { indent: '+1' }],
  ['blockquote', 'code-block', { align: [] }, { direction: 'rtl' }],
  ['clean'],
];

/** What each control does, for its tooltip (keys: Quill's aria-label of the control, or its format). */
const LABELS = {
  font: 'Font', size: 'Size', header: 'Heading', bold: 'Bold (Ctrl+B)', italic: 'Italic (Ctrl+I)',
  underline: 'Underline (Ctrl+U)', strike: 'Strikethrough', code: 'Code', 'script: sub': 'Subscript',
  'script: super': 'Superscript', color: 'Text colour', background: 'Highlight colour', link: 'Link (Ctrl+K)',
  image: 'Image by web address', video: 'Video by web address', formula: 'Formula', divider: 'Horizontal line',
  mention: 'Mention someone who is here', 'list: ordered': 'Numbered list', 'list: bullet': 'Bulleted list',
  'list: check': 'Checklist', 'indent: -1': 'Decrease indent', 'indent: +1': 'Increase indent',
  blockquote: 'Quote', 'code-block': 'Code block', align: 'Alignment', 'direction: rtl': 'Right-to-left text',
  clean: 'Clear formatting',
};

const ICONS = {
  divider: '<svg viewBox="0 0 18 18"><line class="ql-stroke" x1="2" x2="16" y1="9" y2="9"></line></svg>',
  mention: '<svg viewBox="0 0 18 18"><circle class="ql-stroke" cx="9" cy="9" r="2.5"></circle>'
    + '<path class="ql-stroke" d="M11.5 9v1.2a1.8 1.8 0 0 0 3.6 0V9a6.1 6.1 0 1 0-2.4 4.9"></path></svg>',
};

const MENTION_ID = /^[A-Za-z0-9._@+-]{1,128}$/;

/**
 * The toolbar and uploader modules of the editor's Quill options. Registers the icons of the
 * divider and mention controls on `Quill` (once for the page; call before creating the editor).
 *
 * @param say shows a message to the user
 * @param participants who is here now, this user included ([{user: {id, name}}]), for a mention
 */
export function toolbarModules(Quill, { say, participants }) {
  Object.assign(Quill.import('ui/icons'), ICONS);
  return {
    toolbar: {
      container: TOOLBAR,
      handlers: {
        image() {
          const range = this.quill.getSelection(true);
          const url = window.prompt('Web address of the image (http:// or https://)');
          if (url === null) {
            return;
          }
          if (!/^https?:\/\/\S+$/i.test(url.trim())) {
            say('An image is added by its web address, starting with http:// or https://.');
            return;
          }
          this.quill.insertEmbed(range.index, 'image', url.trim(), 'user');
          this.quill.setSelection(range.index + 1, 'user');
        },
        divider() {
          const range = this.quill.getSelection(true);
          this.quill.insertEmbed(range.index, 'divider', true, 'user');
          this.quill.setSelection(range.index + 1, 'user');
        },
        mention() {
          const range = this.quill.getSelection(true);
          const here = participants();
          const names = [...new Set(here.map((p) => p.user.name))];
          const wanted = window.prompt('Mention whom? Here now: ' + names.join(', '));
          if (wanted === null) {
            return;
          }
          const name = wanted.trim().replace(/^@/, '');
          const match = here.find((p) => p.user.name.toLowerCase() === name.toLowerCase() || p.user.id === name);
          if (!match || !MENTION_ID.test(match.user.id)) {
            say('Only someone who is here now can be mentioned: ' + names.join(', ') + '.');
            return;
          }
          this.quill.insertEmbed(range.index, 'mention', { id: match.user.id, name: match.user.name }, 'user');
          this.quill.insertText(range.index + 1, ' ', 'user');
          this.quill.setSelection(range.index + 2, 'user');
        },
      },
    },
    // Quill would insert a dropped or pasted image file as a data: URL, which the schema refuses.
    uploader: {
      handler() {
        say('Image files are not uploaded here: add an image by its web address (the image button).');
      },
    },
  };
}

/** Gives every control of the editor's toolbar a tooltip saying what it does. */
export function labelToolbar(quill) {
  const toolbar = quill.getModule('toolbar').container;
  for (const control of toolbar.querySelectorAll('button, .ql-picker')) {
    const format = [...control.classList].find((c) => c.startsWith('ql-') && !c.endsWith('picker'));
    const label = LABELS[control.getAttribute('aria-label')] || (format && LABELS[format.slice(3)]);
    if (label) {
      control.title = label;
    }
  }
}
