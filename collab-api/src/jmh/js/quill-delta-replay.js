// Reference figure for docs/PERFORMANCE.md: replays an editing trace with npm quill-delta 5.1.0,
// composing each patch into an immutable document (what a naive server does), three times, and
// prints the time and the sha256 of the final text. Not part of the build.
//
// From the repository root, with quill-delta installed in a scratch directory outside it:
//   (mkdir -p ../qd && cd ../qd && npm install quill-delta@5.1.0)
//   NODE_PATH=../qd/node_modules node collab-api/src/jmh/js/quill-delta-replay.js \
//       ../shared/data/editing-traces/automerge-paper.json.gz
const Delta = require('quill-delta');
const fs = require('fs');
const zlib = require('zlib');
const crypto = require('crypto');
const file = process.argv[2];
const limit = process.argv[3] ? parseInt(process.argv[3]) : Infinity;
const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8'));
const patches = [];
for (const txn of trace.txns) for (const p of txn.patches) patches.push(p);
const ops = patches.slice(0, Math.min(limit, patches.length)).map(([pos, del, text]) => {
  const d = new Delta().retain(pos).delete(del);
  return text ? d.insert(text) : d;
});
for (let run = 0; run < 3; run++) {
  const t0 = process.hrtime.bigint();
  let doc = new Delta();
  for (const op of ops) doc = doc.compose(op);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const text = doc.ops.map(o => typeof o.insert === 'string' ? o.insert : '').join('');
  const sha = crypto.createHash('sha256').update(text, 'utf8').digest('hex');
  console.log(`${file.split('/').pop()} patches=${ops.length} run=${run} ms=${ms.toFixed(0)} sha256=${sha}`);
}
