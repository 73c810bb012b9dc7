#!/usr/bin/env node
// The igcheck command. The build (npm install runs it) bundles src/ into dist/.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(code => { process.exitCode = code; });
