// Runs the acceptance scenarios (../shared/scenarios) and the project's own (test/scenarios)
// through the real CLI with the shared checker.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const checker = '../shared/bin/check-scenarios';
if (!existsSync(checker)) {
  console.log('scenarios: skipped, ../shared is not beside this checkout (CI provides it)');
  process.exit(0);
}
const targets = ['../shared/scenarios', ...(existsSync('test/scenarios') ? ['test/scenarios'] : [])];
const r = spawnSync(process.execPath, [checker, ...targets], { stdio: 'inherit' });
process.exit(r.status ?? 1);
