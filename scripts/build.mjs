// Build: bundle the CLI with esbuild (lazy chunks for heavy parts), then validate and cache the
// built-in rule pack. `npm install` runs this through the prepare script.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const common = {
  bundle: true, platform: 'node', format: 'esm', target: 'node20', outdir: 'dist', splitting: true,
  sourcemap: 'linked', logLevel: 'warning', chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "import { createRequire as __igcheckRequire } from 'node:module'; const require = __igcheckRequire(import.meta.url);" },
};
await build({ ...common, entryPoints: { cli: 'src/cli/main.ts', 'compile-pack': 'src/build/compile-pack.ts' } });
execFileSync(process.execPath, ['dist/compile-pack.js'], { stdio: 'inherit' });
