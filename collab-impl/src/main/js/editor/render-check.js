// render-check.js: does the editor show the document? The Quill binding compares what Quill
// reports (getContents) with the document model after loading it and after every change it
// applies, so that an editor that could not show something (an embed it has no blot for, a block
// embed in the middle of a line, for which Quill adds a newline) is noticed before its user edits
// at positions that no longer match the document's.
//
// Text and embeds must be equal: positions depend on them. Attributes are compared by name only
// (the browser rewrites some values, #c00 as #cc0000); a missing one is reported, not fatal, since
// it moves no position.
import Delta, { OpIterator } from 'quill-delta';

/** Whether `delta` (a document) ends with a newline. Quill always shows one at the end. */
export function endsWithNewline(delta) {
  const last = delta.ops[delta.ops.length - 1];
  return !!last && typeof last.insert === 'string' && last.insert.endsWith('\n');
}

/** The document as Quill shows it: with the final newline Quill adds when it lacks one. */
export function asShown(document) {
  return endsWithNewline(document) ? document : document.concat(new Delta().insert('\n'));
}

/**
 * Where the text and embeds of `shown` differ from those of `expected` (both documents), as a
 * sentence, or null when they are the same.
 */
export function contentDifference(shown, expected) {
  const a = pieces(shown);
  const b = pieces(expected);
  let index = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) {
      return `at ${index}: the editor shows ${describe(x)}, the document has ${describe(y)}`;
    }
    if (typeof x === 'string' && typeof y === 'string') {
      if (x !== y) {
        let k = 0;
        while (k < x.length && k < y.length && x[k] === y[k]) k++;
        // where one run is a prefix of the other, what follows it is the other piece
        const restX = x.length > k ? x.slice(k) : a[i + 1];
        const restY = y.length > k ? y.slice(k) : b[i + 1];
        return `at ${index + k}: the editor shows ${describe(restX)}, the document has ${describe(restY)}`;
      }
      index += x.length;
    } else if (typeof x === 'string' || typeof y === 'string' || !sameValue(x, y)) {
      return `at ${index}: the editor shows ${describe(x)}, the document has ${describe(y)}`;
    } else {
      index += 1;
    }
  }
  return null;
}

/**
 * The first place where `shown` lacks an attribute `expected` has or has one it lacks (names only),
 * as a sentence, or null. Both must have the same content (contentDifference null).
 */
export function attributeDifference(shown, expected) {
  const a = new OpIterator(shown.ops);
  const b = new OpIterator(expected.ops);
  let index = 0;
  while (a.hasNext() && b.hasNext()) {
    const length = Math.min(a.peekLength(), b.peekLength());
    const x = Object.keys(a.next(length).attributes || {}).sort();
    const y = Object.keys(b.next(length).attributes || {}).sort();
    if (x.join() !== y.join()) {
      const missing = y.filter((n) => !x.includes(n));
      const extra = x.filter((n) => !y.includes(n));
      return `at ${index}: the editor ${missing.length ? `lacks ${missing.join(', ')}` : ''}${missing.length && extra.length ? ' and ' : ''}${extra.length ? `adds ${extra.join(', ')}` : ''}`;
    }
    index += length;
  }
  return null;
}

/**
 * After `change` was applied: whether each insert of it is shown where it landed (`contentsAt(index,
 * length)` gives what the editor shows there). Costs the size of the change, not of the document.
 */
export function insertedDifference(change, contentsAt) {
  let index = 0;
  for (const op of change.ops) {
    if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      const difference = contentDifference(contentsAt(index, length), new Delta([{ insert: op.insert }]));
      if (difference) return difference.replace(/^at (\d+)/, (_, at) => `at ${index + Number(at)}`);
      index += length;
    } else if (op.retain !== undefined) {
      index += typeof op.retain === 'number' ? op.retain : 1;
    }
  }
  return null;
}

/** Text runs merged, each embed on its own. */
function pieces(delta) {
  const out = [];
  for (const op of delta.ops) {
    if (typeof op.insert === 'string') {
      if (typeof out[out.length - 1] === 'string') out[out.length - 1] += op.insert;
      else out.push(op.insert);
    } else if (op.insert !== undefined) {
      out.push(op.insert);
    }
  }
  return out;
}

function describe(piece) {
  if (piece === undefined) return 'nothing more';
  if (typeof piece === 'string') return JSON.stringify(piece.length > 20 ? `${piece.slice(0, 20)}…` : piece);
  const type = Object.keys(piece)[0];
  return `a ${type} embed`;
}

/** Deep equality of JSON values, object keys in any order. */
export function sameValue(x, y) {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length !== ky.length) return false;
  return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && sameValue(x[k], y[k]));
}
