// Builds the admin console's chart library into the WAR:
//   node src/main/js/build.mjs <output-directory>
// esbuild bundles uPlot (src/main/js/uplot.js) as one minified ES module; its stylesheet and
// licence go next to it. The files land in <output>/assets/vendor/, which the WAR plugin adds to
// the webapp (pom.xml), so admin.html loads them from the application itself.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [outArg] = process.argv.slice(2);
if (!outArg) {
  console.error('usage: node build.mjs <output-directory>');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const out = resolve(outArg);
const vendor = join(out, 'assets', 'vendor');
rmSync(out, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });

await esbuild.build({
  absWorkingDir: root,
  entryPoints: { uplot: join(here, 'uplot.js') },
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  outdir: vendor,
  logLevel: 'warning',
});
const uplot = join(root, 'node_modules', 'uplot');
copyFileSync(join(uplot, 'dist', 'uPlot.min.css'), join(vendor, 'uplot.css'));
const pkg = JSON.parse(readFileSync(join(uplot, 'package.json'), 'utf8'));
writeFileSync(join(vendor, 'THIRD-PARTY-NOTICES.txt'),
  'Third-party software bundled in these files (from the npm registry, at build time):\n\n'
  + `==== uplot ${pkg.version} (${pkg.license}) ====\n` + readFileSync(join(uplot, 'LICENSE'), 'utf8'));
console.log(`admin console: uplot ${pkg.version} in ${vendor}`);
