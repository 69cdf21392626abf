// Builds the browser assets that collab-impl's jar serves (see ClientAssetsServlet):
//   node src/main/js/build.mjs <project-version> <output-directory>
// 1. esbuild bundles collab.js (the protocol client, with quill-delta), collab-quill.js (the Quill
//    binding, with quill-cursors), quill.js (Quill 2 itself) and collab-editor.js (the
//    <collab-editor> element, which uses the three) as ES modules; code they share goes into shared
//    chunks, so every module sees the same Delta, Quill and CollabClient classes.
// 2. The CSS (Quill's snow theme, quill-cursors' styles) and the licences of every bundled package
//    are copied next to them.
// 3. The version is the project version plus a hash of all the files, so the URL changes whenever
//    any content changes; the files go to <output>/META-INF/collab-client/<version>/ and the version
//    to <output>/META-INF/collab-client/version.properties.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [projectVersion, outArg] = process.argv.slice(2);
if (!projectVersion || !outArg || !/^[A-Za-z0-9._-]+$/.test(projectVersion)) {
  console.error('usage: node build.mjs <project-version> <output-directory>');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const out = resolve(outArg);
const stage = join(out, 'stage');
rmSync(out, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: {
    'collab': join(here, 'collab.js'),
    'collab-quill': join(here, 'collab-quill.js'),
    'quill': join(here, 'quill.js'),
    'collab-editor': join(here, 'collab-editor.js'),
  },
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  chunkNames: 'shared-[hash]',
  outdir: stage,
  metafile: true,
  logLevel: 'warning',
});

// Stylesheets.
copyFileSync(join(root, 'node_modules/quill/dist/quill.snow.css'), join(stage, 'quill.snow.css'));
copyFileSync(join(root, 'node_modules/quill-cursors/dist/quill-cursors.min.css'), join(stage, 'quill-cursors.css'));
copyFileSync(join(here, 'collab.css'), join(stage, 'collab.css'));
copyFileSync(join(here, 'collab-editor.css'), join(stage, 'collab-editor.css'));

// Licences of the packages that ended up in the bundles.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.add(m[1]);
}
let notices = 'Third-party software bundled in these files (from the npm registry, at build time):\n';
for (const name of [...packages].sort()) {
  const dir = join(root, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const licenceFile = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  notices += `\n==== ${name} ${pkg.version} (${pkg.license}) ====\n`;
  notices += licenceFile ? readFileSync(join(dir, licenceFile), 'utf8') : `licence: ${pkg.license}\n`;
}
writeFileSync(join(stage, 'THIRD-PARTY-NOTICES.txt'), notices);

// Version = project version + hash of every file (names and contents, sorted).
const files = readdirSync(stage).sort();
const hash = createHash('sha256');
for (const f of files) {
  hash.update(f + '\0');
  hash.update(readFileSync(join(stage, f)));
  hash.update('\0');
}
const version = `${projectVersion}-${hash.digest('hex').slice(0, 10)}`;
const target = join(out, 'META-INF', 'collab-client', version);
mkdirSync(target, { recursive: true });
for (const f of files) copyFileSync(join(stage, f), join(target, f));
writeFileSync(join(out, 'META-INF', 'collab-client', 'version.properties'), `version=${version}\ncollab=${projectVersion}\nfiles=${files.join(',')}\n`);
rmSync(stage, { recursive: true, force: true });
console.log(`collab browser client ${version}: ${files.join(', ')} in ${relative(root, target) || target}`);
