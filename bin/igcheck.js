#!/usr/bin/env node
// The igcheck command. The build (npm install runs it) bundles src/ into dist/.
import { main } from '../dist/cli.js';

// Output piped into `head` or a closed pager is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', e => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
}

main(process.argv.slice(2)).then(code => { process.exitCode = code; });
