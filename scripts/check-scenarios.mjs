#!/usr/bin/env node
// Runs scenario files (answers + expected decision) through the igcheck CLI and compares.
// A copy of ../shared/bin/check-scenarios, so a clone of the repository tests alone.
// Usage, from the project root: node scripts/check-scenarios.mjs [FILE|DIR ...]
// IGCHECK overrides the command that starts the CLI (default: node bin/igcheck.js).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const requireFromProject = createRequire(join(process.cwd(), 'package.json'));
let YAML;
try { YAML = requireFromProject('yaml'); } catch {
  console.error('check-scenarios: run it from the project root after installing (the yaml package is needed)');
  process.exit(2);
}

const args = process.argv.slice(2);
const targets = args.length ? args : [resolve(here, '..', 'test', 'scenarios', 'acceptance')];
const files = targets.flatMap(t => statSync(t).isDirectory()
  ? readdirSync(t).filter(f => /\.ya?ml$/.test(f)).sort().map(f => join(t, f)) : [t]);

const cli = (process.env.IGCHECK || (existsSync('bin/igcheck.js') ? 'node bin/igcheck.js' : 'bin/igcheck')).split(' ');
const ids = list => (list || []).map(x => (typeof x === 'string' ? x : x && x.id));
let passed = 0, failed = 0;

for (const file of files) {
  const name = relative(process.cwd(), file);
  const problems = [];
  let scenario;
  try { scenario = YAML.parse(readFileSync(file, 'utf8')); } catch (e) { problems.push(`unreadable scenario: ${e.message}`); }
  let decision;
  if (scenario) {
    // A scenario may fix the date whose law it tests (`as_of:`, as `igcheck rules test` reads it).
    const asOf = scenario.as_of instanceof Date ? scenario.as_of.toISOString().slice(0, 10) : scenario.as_of;
    const run = spawnSync(cli[0], [...cli.slice(1), 'assess', '--answers', '-', '--json', ...(asOf ? ['--as-of', String(asOf)] : [])], {
      input: JSON.stringify(scenario.answers), encoding: 'utf8', timeout: 30000,
    });
    if (run.status !== 0 && run.status !== 1) {
      problems.push(`exit ${run.status}: ${(run.stderr || run.stdout || '').trim().split('\n').slice(0, 3).join(' | ')}`);
    } else {
      try { decision = JSON.parse(run.stdout); } catch { problems.push('stdout is not one JSON object'); }
    }
  }
  if (decision) {
    const exp = scenario.expect || {};
    const want = [].concat(exp.verdict);
    if (exp.verdict !== undefined && !want.includes(decision.verdict)) problems.push(`verdict ${decision.verdict}, expected ${want.join(' or ')}`);
    const has = { bases: ids(decision.bases), conditions: ids(decision.conditions), routes: ids(decision.routes) };
    for (const key of ['bases', 'conditions', 'routes']) {
      for (const id of exp[key] || []) if (!has[key].includes(id)) problems.push(`missing ${key.slice(0, -1)} ${id}`);
      for (const id of exp[`not_${key}`] || []) if (has[key].includes(id)) problems.push(`unexpected ${key.slice(0, -1)} ${id}`);
    }
  }
  if (problems.length) { failed++; console.log(`FAIL ${name}\n     ${problems.join('\n     ')}`); }
  else { passed++; console.log(`ok   ${name}`); }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
