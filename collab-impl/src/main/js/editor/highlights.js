// Comment threads shown in the editor: every thread that is neither resolved nor detached has its
// text highlighted, the active one more strongly. The highlights are a layer over the editor
// (quill.addContainer, as quill-cursors draws its carets), boxes placed where the text's lines are,
// so the document itself never changes. They are drawn again when the threads change ('threads'),
// when the text changes, when the editor is resized or scrolled.
//
// Colours: CSS custom properties --collab-thread-highlight and --collab-thread-active on the editor
// (or any ancestor), with defaults; class names collab-thread-highlight (one per thread, with
// data-thread = its id) and collab-thread-active for styling further.

const LAYER_CLASS = 'collab-thread-highlights';
const BOX_CLASS = 'collab-thread-highlight';
const ACTIVE_CLASS = 'collab-thread-active';

export class ThreadHighlights {
  /**
   * @param quill the Quill 2 editor
   * @param doc the CollabDocument it shows (its `threads` and 'threads' event)
   * @param options {onSelect(threadId|null): called when the caret moves into a highlighted thread
   *   (the innermost, the last opened when several) or out of every one}
   */
  constructor(quill, doc, options = {}) {
    this.quill = quill;
    this.doc = doc;
    this.onSelect = typeof options.onSelect === 'function' ? options.onSelect : null;
    this.active = null;
    this.selected = null;
    this.layer = quill.addContainer(LAYER_CLASS);
    Object.assign(this.layer.style, { position: 'absolute', inset: '0', pointerEvents: 'none', overflow: 'hidden', zIndex: '1' });
    this.layer.setAttribute('aria-hidden', 'true');
    this.frame = null;
    this.offs = [];
  }

  /** Starts following the threads, the text, the size and the scroll; draws them now. */
  listen() {
    const later = () => this.schedule();
    const onText = () => this.schedule();
    const onSelection = (event, range) => {
      if (event === 'selection-change' && range) this.caretAt(range.index);
    };
    this.quill.on('text-change', onText);
    this.quill.on('editor-change', onSelection);
    this.offs.push(() => this.quill.off('text-change', onText), () => this.quill.off('editor-change', onSelection));
    this.offs.push(this.doc.on('threads', later));
    const view = this.quill.root.ownerDocument.defaultView;
    if (view) {
      view.addEventListener('resize', later);
      this.offs.push(() => view.removeEventListener('resize', later));
    }
    this.quill.root.addEventListener('scroll', later, { passive: true });
    this.offs.push(() => this.quill.root.removeEventListener('scroll', later));
    if (view && view.ResizeObserver) {
      const observer = new view.ResizeObserver(later);
      observer.observe(this.quill.root);
      this.offs.push(() => observer.disconnect());
    }
    this.draw();
    return this;
  }

  /** Highlights `threadId` more strongly (null: none). */
  setActive(threadId) {
    this.active = threadId || null;
    for (const box of this.layer.children) box.classList.toggle(ACTIVE_CLASS, box.dataset.thread === this.active);
    this.paint();
  }

  /** The threads highlighted: neither resolved nor detached. */
  shown() {
    return this.doc.threads.filter((t) => !t.resolved && !t.anchor.detached && t.anchor.length > 0);
  }

  schedule() {
    if (this.frame !== null) return;
    const view = this.quill.root.ownerDocument.defaultView;
    const run = () => {
      this.frame = null;
      this.draw();
    };
    this.frame = view && view.requestAnimationFrame ? view.requestAnimationFrame(run) : setTimeout(run, 0);
  }

  /** Draws every highlight afresh. */
  draw() {
    const page = this.quill.root.ownerDocument;
    const boxes = [];
    const max = this.quill.getLength() - 1;
    for (const t of this.shown()) {
      const index = Math.min(t.anchor.index, max);
      const length = Math.min(t.anchor.length, max - index);
      if (length <= 0) continue;
      const box = page.createElement('div');
      box.className = BOX_CLASS;
      box.dataset.thread = t.id;
      if (t.id === this.active) box.classList.add(ACTIVE_CLASS);
      for (const r of this.rectangles(index, length)) {
        const part = page.createElement('span');
        Object.assign(part.style, { position: 'absolute', left: r.left + 'px', top: r.top + 'px', width: r.width + 'px', height: r.height + 'px' });
        box.append(part);
      }
      boxes.push(box);
    }
    this.layer.replaceChildren(...boxes);
    this.paint();
  }

  paint() {
    for (const box of this.layer.children) {
      const active = box.classList.contains(ACTIVE_CLASS);
      for (const part of box.children) {
        part.style.background = active ? 'var(--collab-thread-active, rgba(255, 170, 0, 0.45))'
          : 'var(--collab-thread-highlight, rgba(255, 210, 0, 0.28))';
        part.style.borderBottom = active ? '2px solid var(--collab-thread-active-line, #d08000)' : '';
      }
    }
  }

  /**
   * The boxes the text [index, index + length) takes, relative to the editor's container: one per
   * line box (a DOM Range's client rects), or quill.getBounds per line where that fails.
   */
  rectangles(index, length) {
    const quill = this.quill;
    const origin = quill.container.getBoundingClientRect();
    const out = [];
    let offset = index;
    const end = index + length;
    for (const line of quill.getLines(index, length)) {
      const lineStart = quill.getIndex(line);
      const from = Math.max(offset, lineStart);
      const to = Math.min(end, lineStart + line.length() - 1); // not the line's newline
      offset = lineStart + line.length();
      if (to <= from) continue;
      const rects = domRects(quill, from, to);
      if (rects) {
        for (const r of rects) {
          if (r.width > 0 && r.height > 0) out.push({ left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height });
        }
      } else {
        const b = quill.getBounds(from, to - from);
        if (b) out.push({ left: b.left, top: b.top, width: b.width, height: b.height });
      }
    }
    return out;
  }

  /** The caret moved to `index`: tells onSelect which thread it is in (the last opened of those). */
  caretAt(index) {
    if (!this.onSelect) return;
    let found = null;
    for (const t of this.shown()) if (index >= t.anchor.index && index <= t.anchor.index + t.anchor.length) found = t.id;
    if (found === this.selected) return;
    this.selected = found;
    this.onSelect(found);
  }

  destroy() {
    this.offs.splice(0).forEach((off) => off());
    if (this.frame !== null) {
      const view = this.quill.root.ownerDocument.defaultView;
      if (view && view.cancelAnimationFrame) view.cancelAnimationFrame(this.frame);
      else clearTimeout(this.frame);
      this.frame = null;
    }
    this.layer.remove();
  }
}

/** The client rects of the text [from, to) through a DOM Range over Quill's leaves, or null. */
function domRects(quill, from, to) {
  try {
    const [startLeaf, startOffset] = quill.getLeaf(from);
    // The leaf of the last unit (the one at `to` may be none, at the end of a line).
    const [endLeaf, lastOffset] = quill.getLeaf(to - 1);
    const endOffset = lastOffset + 1;
    if (!startLeaf || !endLeaf || !startLeaf.domNode || !endLeaf.domNode) return null;
    const range = quill.root.ownerDocument.createRange();
    const TEXT = 3;
    if (startLeaf.domNode.nodeType === TEXT) range.setStart(startLeaf.domNode, startOffset);
    else range.setStartBefore(startLeaf.domNode);
    if (endLeaf.domNode.nodeType === TEXT) range.setEnd(endLeaf.domNode, endOffset);
    else range.setEndAfter(endLeaf.domNode);
    if (range.collapsed) return null;
    // Merge the rects of one line box (a range over several text nodes gives one per node).
    return mergeRows([...range.getClientRects()]);
  } catch (e) {
    return null;
  }
}

function mergeRows(rects) {
  const rows = [];
  for (const r of rects) {
    const row = rows.find((x) => Math.abs(x.top - r.top) < 1 && Math.abs(x.bottom - r.bottom) < 1);
    if (row) {
      row.left = Math.min(row.left, r.left);
      row.right = Math.max(row.right, r.right);
    } else {
      rows.push({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
    }
  }
  return rows.map((r) => ({ left: r.left, top: r.top, width: r.right - r.left, height: r.bottom - r.top }));
}
