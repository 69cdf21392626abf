// The parts of <collab-editor> that need no browser: the toolbar attribute, the language, the
// announcements. The element itself runs in Chromium (EmbedBrowserIT).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolbar, PRESETS, TOOLBAR_FORMATS } from '../../main/js/element/toolbar.js';
import { languageOf, MESSAGES } from '../../main/js/element/i18n.js';
import { Announcer } from '../../main/js/element/announcer.js';

// The attributes and embeds RichTextSchema.QUILL accepts (docs/CONFIGURATION.md, "The format schema").
const SCHEMA = ['bold', 'italic', 'underline', 'strike', 'code', 'blockquote', 'link', 'color', 'background', 'font',
  'size', 'script', 'header', 'list', 'code-block', 'align', 'direction', 'indent', 'width', 'height', 'alt',
  'image', 'video', 'formula', 'divider', 'mention'];

test('a toolbar offers only formats the schema accepts (and clean)', () => {
  for (const format of TOOLBAR_FORMATS) {
    assert.ok(format === 'clean' || SCHEMA.includes(format), `${format} is not in the schema`);
  }
  for (const [name, groups] of Object.entries(PRESETS)) {
    for (const format of groups.flat()) assert.ok(TOOLBAR_FORMATS.includes(format), `preset ${name}: ${format}`);
  }
});

test('presets by name; the default is standard; none is no toolbar', () => {
  assert.deepEqual(parseToolbar('basic').formats, ['bold', 'italic', 'underline', 'link', 'list', 'clean']);
  assert.deepEqual(parseToolbar(null).formats, parseToolbar('standard').formats);
  assert.deepEqual(parseToolbar('  ').formats, parseToolbar('standard').formats);
  assert.deepEqual(parseToolbar('none'), { config: false, formats: [], unknown: [] });
});

test('a list of formats, in groups split by |, unknown names reported and left out', () => {
  const toolbar = parseToolbar('bold, italic | header list blink formula');
  assert.deepEqual(toolbar.formats, ['bold', 'italic', 'header', 'list']);
  assert.deepEqual(toolbar.unknown, ['blink', 'formula']);
  assert.deepEqual(toolbar.config, [['bold', 'italic'],
    [{ header: [1, 2, 3, false] }, { list: 'ordered' }, { list: 'bullet' }, { list: 'check' }]]);
  assert.deepEqual(parseToolbar('blink').config, false);
});

function element(attributes, ancestorLang) {
  return {
    getAttribute: (name) => attributes[name] ?? null,
    closest: () => (ancestorLang ? { getAttribute: () => ancestorLang } : null),
  };
}

test('the language: locale, else the nearest lang, else the browser; German or English', () => {
  assert.equal(languageOf(element({ locale: 'de-AT' }, 'en')).lang, 'de');
  assert.equal(languageOf(element({}, 'de')).messages, MESSAGES.de);
  assert.equal(languageOf(element({}, 'fr-CA')).lang, 'en');
  assert.equal(languageOf(element({ locale: 'EN_gb' }, 'de')).lang, 'en');
  assert.equal(languageOf(element({}, null)).lang, globalThis.navigator?.language?.startsWith('de') ? 'de' : 'en');
});

test('both languages have every message', () => {
  const keys = (o) => Object.keys(o).sort();
  assert.deepEqual(keys(MESSAGES.de), keys(MESSAGES.en));
  assert.deepEqual(keys(MESSAGES.de.formats), keys(MESSAGES.en.formats));
  // every control of the fullest toolbar has a name: a button by format (or format:value), a picker by format
  const controls = parseToolbar(TOOLBAR_FORMATS.join(' ')).config.flat();
  for (const control of controls) {
    const [format, value] = typeof control === 'string' ? [control, null] : Object.entries(control)[0];
    const key = typeof value === 'string' ? `${format}:${value}` : format;
    for (const lang of ['en', 'de']) assert.ok(MESSAGES[lang].formats[key], `no ${lang} name for ${key}`);
  }
});

function region() {
  const said = [];
  return {
    said,
    ownerDocument: { createTextNode: (text) => text },
    replaceChildren: (...nodes) => { if (nodes.length > 0) said.push(nodes.join('')); },
  };
}

test('announces who joins and leaves, not those already there', () => {
  const r = region();
  const announcer = new Announcer(r);
  const ann = { client: 'c1', user: { name: 'ann' } };
  const bob = { client: 'c2', user: { name: 'bob' } };
  announcer.participants([ann], MESSAGES.en);
  assert.deepEqual(r.said, []);
  announcer.participants([ann, bob], MESSAGES.en);
  announcer.participants([bob], MESSAGES.de);
  assert.deepEqual(r.said, ['bob joined', 'ann hat das Dokument verlassen']);
});

test('announces changes of the connection, not the first state nor a repeat', () => {
  const r = region();
  const announcer = new Announcer(r);
  announcer.state('connecting', MESSAGES.en);
  announcer.state('open', MESSAGES.en);
  announcer.state('open', MESSAGES.en);
  announcer.state('reconnecting', MESSAGES.en);
  assert.deepEqual(r.said, ['Connection: Connected', 'Connection: Offline, reconnecting…']);
});
