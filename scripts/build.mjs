// Build: bundle the CLI with esbuild (lazy chunks for heavy parts), then validate and cache the
// built-in rule pack. `npm run build` runs it (and bin/igcheck.js on the first run in a checkout). The new bundle is built
// beside dist/ and swapped in, so a command running meanwhile never finds dist/ half-written.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const next = 'dist.next';
const old = 'dist.old';
rmSync(next, { recursive: true, force: true });
const common = {
  bundle: true, platform: 'node', format: 'esm', target: 'node20', outdir: next, splitting: true,
  sourcemap: 'linked', logLevel: 'warning', chunkNames: 'chunks/[name]-[hash]',
  // pdfkit reads its font metrics from files beside its own code, so it is loaded from node_modules, not bundled.
  external: ['pdfkit'],
  banner: { js: "import { createRequire as __igcheckRequire } from 'node:module'; const require = __igcheckRequire(import.meta.url);" },
};
await build({ ...common, entryPoints: { cli: 'src/cli/main.ts', 'compile-pack': 'src/build/compile-pack.ts' } });
// The PDF's font (src/docs/pdf.ts): the four DejaVu Sans faces and their licence, shipped in
// dist/fonts rather than installing the whole font family as a dependency.
const fonts = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
mkdirSync(join(next, 'fonts'));
for (const f of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf']) copyFileSync(join(fonts, f), join(next, 'fonts', f));
copyFileSync(join(fonts, '..', 'LICENSE'), join(next, 'fonts', 'LICENSE-DejaVu.txt'));
rmSync(old, { recursive: true, force: true });
if (existsSync('dist')) renameSync('dist', old);
renameSync(next, 'dist');
rmSync(old, { recursive: true, force: true });
execFileSync(process.execPath, ['dist/compile-pack.js'], { stdio: 'inherit' });
