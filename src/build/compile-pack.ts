// Build step: validate the built-in pack and cache it as JSON, so `assess` starts without
// loading YAML or compiling the schema. The cache is used only while its digest matches the files.
import { makeDir, writeFile } from '../io/write.js';
import { dirname } from 'node:path';
import { InputError, formatProblem } from '../errors.js';
import { loadPacks, readPackDir } from '../load/load-pack.js';
import { builtinDir, cachePath } from '../pack/active.js';

try {
  const pack = loadPacks([readPackDir(builtinDir(), true)]);
  makeDir(dirname(cachePath()));
  writeFile(cachePath(), JSON.stringify(pack));
  console.log(`built-in pack ${pack.meta.name} ${pack.meta.version}: ${pack.bases.length} bases, ${pack.conditions.length} conditions, ${pack.facts.length} facts (${pack.digest.slice(0, 19)}…)`);
} catch (e) {
  if (e instanceof InputError) {
    console.error(`${e.title}\n${e.problems.map(p => `  ${formatProblem(p)}`).join('\n')}`);
    process.exit(2);
  }
  throw e;
}
