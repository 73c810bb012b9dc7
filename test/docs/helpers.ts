// Shared test helpers: the acceptance scenarios (test/scenarios/acceptance), evaluated in-process, and throwaway directories.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { evaluate } from '../../src/core/evaluate.js';
import type { Pack } from '../../src/core/types.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadActivePack } from '../../src/pack/active.js';

export const SCENARIOS = join(__dirname, '..', 'scenarios', 'acceptance');
export const scenarioFiles = () => readdirSync(SCENARIOS).filter(f => f.endsWith('.yaml')).sort();
export const scenarioAnswers = (file: string) => (parse(readFileSync(join(SCENARIOS, file), 'utf8')) as { answers: Record<string, unknown> }).answers;

let pack: Pack | undefined;
export async function assessed(answers: Record<string, unknown>) {
  pack ??= await loadActivePack([]);
  const { facts, raw } = await parseAnswers(JSON.stringify(answers), 'answers.json', pack.facts);
  return { pack, facts, raw, decision: evaluate(pack, facts, '2026-11-22') };
}

export const tmp = (prefix = 'igcheck-docs-') => mkdtempSync(join(tmpdir(), prefix));

/** Every string in a nested answers object replaced by f(original, path). */
export function mapStrings(v: unknown, f: (s: string, path: string) => string, path = ''): unknown {
  if (typeof v === 'string') return f(v, path);
  if (Array.isArray(v)) return v.map((x, i) => mapStrings(x, f, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f, path ? `${path}.${k}` : k)]));
  return v;
}
