// Test helpers: the built-in pack loaded from source, and the acceptance scenarios.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import YAML from 'yaml';
import { loadPacks, readPackDir } from '../../src/load/load-pack.js';
import { builtinDir } from '../../src/pack/active.js';
import type { Facts, Pack } from '../../src/core/types.js';
import { validateFacts } from '../../src/load/answers.js';

let cached: Pack | undefined;
export function builtinPack(): Pack {
  return (cached ??= loadPacks([readPackDir(builtinDir(), true)]));
}

export function factsOf(answers: Record<string, unknown>, pack = builtinPack()): Facts {
  const problems: string[] = [];
  const facts = validateFacts(answers, pack.facts, (p, m) => problems.push(`${p.join('.')}: ${m}`));
  if (problems.length) throw new Error(problems.join('\n'));
  return facts;
}

/** The acceptance scenarios, as copied into the repository (scripts/scenarios.mjs also runs the shared originals when they sit beside the checkout). */
export const SCENARIO_DIR = join(import.meta.dirname, '..', 'scenarios', 'acceptance');
export function scenarios(): { file: string; answers: Record<string, unknown>; expect: Record<string, unknown> }[] {
  // Never an empty list: a test over no scenarios would pass without testing anything.
  if (!existsSync(SCENARIO_DIR)) throw new Error(`no acceptance scenarios at ${SCENARIO_DIR}`);
  return readdirSync(SCENARIO_DIR).filter(f => f.endsWith('.yaml')).sort().map(f => {
    const s = YAML.parse(readFileSync(join(SCENARIO_DIR, f), 'utf8'));
    return { file: f, answers: s.answers, expect: s.expect };
  });
}

/** Run the real binary. */
export function igcheck(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['bin/igcheck.js', ...args], {
    input, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
