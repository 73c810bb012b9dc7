// Runs the acceptance scenarios copied into the repository (test/scenarios/acceptance), the
// project's own (test/scenarios/principles) and, when ../shared is beside this checkout, the
// shared originals, through the real CLI with the scenario checker.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const checker = 'scripts/check-scenarios.mjs';
const dirs = ['test/scenarios/acceptance', 'test/scenarios/principles', '../shared/scenarios']
  .filter(d => existsSync(d) && readdirSync(d).some(f => /\.ya?ml$/.test(f)));
let status = 0;
for (const dir of dirs) {
  console.log(`scenarios in ${join(dir)}:`);
  const r = spawnSync(process.execPath, [checker, dir], { stdio: 'inherit' });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
