#!/usr/bin/env node
// The igcheck command. The package carries the bundle in dist/; a source checkout builds it on
// first use (`npm run build` rebuilds it after changes). No install script: installing runs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url);
if (!existsSync(new URL('dist/cli.js', root)) && existsSync(new URL('scripts/build.mjs', root))) {
  process.stderr.write('igcheck: building dist/ from src/ (first run in this checkout)\n');
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) { process.stderr.write('igcheck: the build failed; run `npm install` then `npm run build`\n'); process.exit(2); }
}
const { main } = await import('../dist/cli.js');

// Output piped into `head` or a closed pager is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', e => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
}

// A failure outside the command's own promise (a stray stream error) still ends in exit 2 and one
// line, never a stack trace and never exit 1, which would read as "not lawful".
const crash = e => {
  const text = String(e?.message ?? e).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  process.stderr.write(`igcheck: internal error: ${text}\n${process.env.IGCHECK_DEBUG ? `${e?.stack}\n` : 'Please report it, with IGCHECK_DEBUG=1 set for the details.\n'}`);
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

main(process.argv.slice(2)).then(code => { process.exitCode = code; });
