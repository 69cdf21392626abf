// quill-formats.js: a safe rendering in Quill 2 for every embed and attribute that the server's
// schema (RichTextSchema.QUILL) accepts, so that every document the server stores can be shown.
// Quill 2.0.3 alone cannot: it has no divider or mention blot ("[Parchment] Unable to create
// divider blot"), its formula blot throws without KaTeX, and it drops values its whitelists lack
// (font "arial", size "18px", align "left", direction "ltr").
//
// Nothing here writes markup from an op: every value reaches the DOM as text, as an attribute, or
// as a class or style value the schema has already restricted to a token or a CSS length.
//
// - divider: <hr> (a block embed, like video: it must start a line, as Quill places block embeds).
// - mention: a non-editable <span class="ql-mention">@name</span>, id and name in data attributes.
// - formula: rendered by KaTeX when the page has window.katex, else its source as text in a
//   <span class="ql-formula collab-formula-source">.
// - video: a <div class="ql-video"> holding a sandboxed <iframe> when the URL's host is on the
//   editor's allow-list (bindQuill's `videoHosts`, default DEFAULT_VIDEO_HOSTS), else a link.
// - font, size: Quill's classes for its own keywords, a style for other names and CSS lengths;
//   align also takes "left", direction "ltr". (A code block keeps its language already: the
//   quill.js served registers Quill's syntax module's code block, which reads `true` back as
//   "plain".)
//
// Formats are registered once per Quill class (Quill's registry is global to the page).

/** The hosts whose videos play in a frame unless bindQuill is given others. */
export const DEFAULT_VIDEO_HOSTS = Object.freeze(['www.youtube-nocookie.com', 'youtube-nocookie.com', 'player.vimeo.com']);

/**
 * The sandbox of a video frame: the least a hosted player needs. allow-scripts (the player is a
 * script), allow-same-origin (the player keeps its own origin: YouTube's and Vimeo's players read
 * their cookies and storage and refuse to play in an opaque origin), allow-presentation (casting).
 * Not allowed: top navigation, popups, forms, downloads, pointer lock. Scripts with the same origin
 * could lift a sandbox only for a page of the editor's own origin, which is never framed.
 */
export const VIDEO_SANDBOX = 'allow-scripts allow-same-origin allow-presentation';

const TOKEN = /^[A-Za-z0-9-]{1,64}$/;
const CSS_LENGTH = /^\d{1,5}(\.\d{1,3})?(px|em|rem|pt|%)$/;
const registered = new WeakSet();
// Per editor (its root element): the allow-list bindQuill was given. Others use pageVideoHosts.
const videoHostsByRoot = new WeakMap();
let pageVideoHosts = DEFAULT_VIDEO_HOSTS;

/**
 * Whether a video at `url` plays in a frame: an http(s) URL whose host (or host:port) is on
 * `hosts`, and not of the page's own origin (`pageOrigin`), whose scripts could leave the sandbox.
 */
export function videoFrameAllowed(url, hosts, pageOrigin) {
  let u;
  try {
    u = new URL(String(url));
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (pageOrigin && u.origin === pageOrigin) return false;
  const host = u.hostname.toLowerCase();
  const hostPort = u.host.toLowerCase();
  return hosts.some((h) => h === host || h === hostPort);
}

/** Checks and normalises an allow-list: host names (or host:port), lower case. */
export function videoHostList(hosts) {
  if (!Array.isArray(hosts)) throw new TypeError('videoHosts must be an array of host names');
  return Object.freeze(hosts.map((h) => {
    if (typeof h !== 'string' || !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(h)) throw new TypeError(`videoHosts: not a host name: ${h}`);
    return h.toLowerCase();
  }));
}

/** The allow-list of the editor whose root element is `root` (bindQuill's `videoHosts`). */
export function setVideoHosts(root, hosts) {
  videoHostsByRoot.set(root, videoHostList(hosts));
}

/**
 * Registers Collab's formats on `Quill` (once; later calls only change the page's video allow-list
 * when `videoHosts` is given). bindQuill calls it; a page that shows documents in a Quill of its own
 * without bindQuill (a read-only viewer) calls it before setting contents.
 */
export function registerFormats(Quill, { videoHosts } = {}) {
  if (videoHosts !== undefined) pageVideoHosts = videoHostList(videoHosts);
  if (!Quill || typeof Quill.import !== 'function' || typeof Quill.register !== 'function' || registered.has(Quill)) return;
  registered.add(Quill);
  const imports = Quill.imports || {};
  const { Scope, ClassAttributor, StyleAttributor } = Quill.import('parchment');
  const Embed = Quill.import('blots/embed');
  const BlockEmbed = Quill.import('blots/block/embed');

  class Divider extends BlockEmbed {
    static blotName = 'divider';
    static tagName = 'HR';
  }

  class Mention extends Embed {
    static blotName = 'mention';
    static className = 'ql-mention';
    static tagName = 'SPAN';

    static create(value) {
      const node = super.create(value);
      const id = value && typeof value.id === 'string' ? value.id : '';
      const name = value && typeof value.name === 'string' ? value.name : '';
      node.setAttribute('data-id', id);
      node.setAttribute('data-name', name);
      node.textContent = `@${name}`;
      return node;
    }

    static value(node) {
      return { id: node.getAttribute('data-id'), name: node.getAttribute('data-name') };
    }
  }

  class Formula extends Embed {
    static blotName = 'formula';
    static className = 'ql-formula';
    static tagName = 'SPAN';

    static create(value) {
      const node = super.create(value);
      const source = typeof value === 'string' ? value : '';
      node.setAttribute('data-value', source);
      const katex = globalThis.katex;
      if (katex && typeof katex.render === 'function') {
        try {
          katex.render(source, node, { throwOnError: false, errorColor: '#f00' });
          return node;
        } catch (e) {
          console.warn('collab-quill: KaTeX could not render a formula; showing its source', e);
          node.textContent = '';
        }
      }
      node.classList.add('collab-formula-source');
      node.textContent = source;
      return node;
    }

    static value(node) {
      return node.getAttribute('data-value');
    }

    html() {
      return `<span>${escapeHtml(this.value().formula)}</span>`;
    }
  }

  const VIDEO_ATTRIBUTES = ['height', 'width'];
  class Video extends BlockEmbed {
    static blotName = 'video';
    static className = 'ql-video';
    static tagName = 'IFRAME'; // what pasted HTML is matched by; the blot itself is a <div>

    static create(value) {
      const node = document.createElement('div');
      node.className = 'ql-video collab-video';
      node.setAttribute('contenteditable', 'false');
      node.setAttribute('data-url', typeof value === 'string' ? value : '');
      return node;
    }

    constructor(scroll, node) {
      super(scroll, node);
      if (node.tagName === 'IFRAME') node.setAttribute('sandbox', VIDEO_SANDBOX);
      else if (!node.firstChild) showVideo(node, videoHostsByRoot.get(scroll.domNode) || pageVideoHosts);
    }

    static formats(node) {
      const formats = {};
      for (const a of VIDEO_ATTRIBUTES) if (node.hasAttribute(a)) formats[a] = node.getAttribute(a);
      return formats;
    }

    static value(node) {
      return node.getAttribute('data-url') ?? node.getAttribute('src');
    }

    format(name, value) {
      if (!VIDEO_ATTRIBUTES.includes(name)) {
        super.format(name, value);
        return;
      }
      for (const target of [this.domNode, this.domNode.querySelector('iframe')]) {
        if (!target) continue;
        if (value) target.setAttribute(name, value);
        else target.removeAttribute(name);
      }
    }

    html() {
      const url = escapeHtml(this.value().video);
      return `<a href="${url}">${url}</a>`;
    }
  }

  // font and size: Quill's classes for its own keywords (its stylesheet and toolbar use them), a
  // style for any other font name or CSS length. Registered style-only first, under the style's
  // name, so that Parchment recognises the style when it rebuilds a blot from the DOM.
  class StyleValue extends StyleAttributor {
    constructor(name, style, pattern, quoted) {
      super(name, style, { scope: Scope.INLINE });
      this.pattern = pattern;
      this.quoted = quoted;
    }

    canAdd(_node, value) {
      return typeof value === 'string' && this.pattern.test(value);
    }

    add(node, value) {
      if (!this.canAdd(node, value)) return false;
      node.style.setProperty(this.keyName, this.quoted ? `"${value}"` : value);
      return true;
    }

    value(node) {
      let v = node.style.getPropertyValue(this.keyName) || '';
      if (this.quoted) v = v.replace(/["']/g, '');
      return this.canAdd(node, v) ? v : '';
    }
  }
  class ClassOrStyle extends ClassAttributor {
    constructor(name, prefix, keywords, style) {
      super(name, prefix, { scope: Scope.INLINE });
      this.keywords = keywords;
      this.style = style;
    }

    canAdd(node, value) {
      return this.keywords.includes(value) || this.style.canAdd(node, value);
    }

    add(node, value) {
      if (!this.canAdd(node, value)) return false;
      this.remove(node);
      if (this.keywords.includes(value)) node.classList.add(`${this.keyName}-${value}`);
      else this.style.add(node, value);
      return true;
    }

    remove(node) {
      super.remove(node);
      this.style.remove(node);
    }

    value(node) {
      return super.value(node) || this.style.value(node);
    }
  }
  const fontStyle = new StyleValue('font', 'font-family', TOKEN, true);
  const sizeStyle = new StyleValue('size', 'font-size', CSS_LENGTH, false);
  Quill.register(fontStyle, true);
  Quill.register(sizeStyle, true);
  const formats = {
    'formats/font': new ClassOrStyle('font', 'ql-font', ['serif', 'monospace'], fontStyle),
    'formats/size': new ClassOrStyle('size', 'ql-size', ['small', 'large', 'huge'], sizeStyle),
    'formats/align': new ClassAttributor('align', 'ql-align', { scope: Scope.BLOCK, whitelist: ['left', 'right', 'center', 'justify'] }),
    'formats/direction': new ClassAttributor('direction', 'ql-direction', { scope: Scope.BLOCK, whitelist: ['rtl', 'ltr'] }),
    'formats/formula': Formula,
    'formats/video': Video,
  };
  // An application's own divider or mention blot (quill-mention, say) stays.
  if (!imports['formats/divider']) formats['formats/divider'] = Divider;
  if (!imports['formats/mention']) formats['formats/mention'] = Mention;
  Quill.register(formats, true);
}

/** Fills a video blot's <div>: a sandboxed frame for an allowed host, else a link (never a frame). */
function showVideo(node, hosts) {
  const url = node.getAttribute('data-url') || '';
  const page = node.ownerDocument;
  const origin = globalThis.location ? globalThis.location.origin : null;
  if (videoFrameAllowed(url, hosts, origin)) {
    const frame = page.createElement('iframe');
    frame.setAttribute('sandbox', VIDEO_SANDBOX);
    frame.setAttribute('frameborder', '0');
    frame.setAttribute('allowfullscreen', 'true');
    frame.setAttribute('src', url);
    node.append(frame);
    return;
  }
  node.classList.add('collab-video-link');
  const link = page.createElement('a');
  if (/^https?:\/\//i.test(url)) link.setAttribute('href', url);
  link.setAttribute('target', '_blank');
  link.setAttribute('rel', 'noopener noreferrer nofollow');
  link.textContent = url;
  node.append(link);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
