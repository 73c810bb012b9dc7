// Checking one scenario's decision against its `expect:` block, and the coverage of a set of runs.
// Pure: the command adapter reads the files and prints.
import type { Decision, Pack, Verdict } from '../core/types.js';
import { suggest } from '../load/suggest.js';

export interface Expect {
  verdict?: Verdict | Verdict[];
  bases?: string[]; not_bases?: string[];
  conditions?: string[]; not_conditions?: string[];
  routes?: string[]; not_routes?: string[];
}

const VERDICTS: Verdict[] = ['lawful', 'lawful_with_conditions', 'needs_review', 'not_lawful', 'incomplete'];
const LISTS = ['bases', 'conditions', 'routes'] as const;
const EXPECT_KEYS = ['verdict', ...LISTS, ...LISTS.map(k => `not_${k}`)];

/** Problems with the `expect:` block itself: a typo in an id would make a check pass vacuously. */
export function checkExpect(expect: unknown, pack: Pack): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  if (expect === undefined || expect === null) return out;
  if (typeof expect !== 'object' || Array.isArray(expect)) return [{ path: ['expect'], message: 'expected a mapping (verdict, bases, conditions, routes, not_…)' }];
  const known = { bases: pack.bases.map(b => b.id), conditions: pack.conditions.map(c => c.id), routes: pack.routes.map(r => r.id) };
  for (const [key, value] of Object.entries(expect)) {
    if (!EXPECT_KEYS.includes(key)) {
      const s = suggest(key, EXPECT_KEYS);
      out.push({ path: ['expect', key], message: `unknown key${s ? `; did you mean \`${s}\`?` : ''}` });
      continue;
    }
    if (key === 'verdict') {
      const list = ([] as unknown[]).concat(value);
      list.forEach(v => { if (!VERDICTS.includes(v as Verdict)) out.push({ path: ['expect', 'verdict'], message: `unknown verdict ${JSON.stringify(v)} (one of ${VERDICTS.join(', ')})` }); });
      continue;
    }
    if (!Array.isArray(value)) { out.push({ path: ['expect', key], message: 'expected a list of ids' }); continue; }
    const kind = key.replace(/^not_/, '') as typeof LISTS[number];
    value.forEach((id, i) => {
      if (typeof id !== 'string' || !known[kind].includes(id)) {
        const s = typeof id === 'string' ? suggest(id, known[kind]) : undefined;
        out.push({ path: ['expect', key, i], message: `no ${kind === 'bases' ? 'basis' : kind.slice(0, -1)} \`${String(id)}\` in the active packs${s ? `; did you mean \`${s}\`?` : ''}` });
      }
    });
  }
  return out;
}

/** What the decision got wrong, in the words of the shared scenario checker. */
export function compareDecision(d: Decision, expect: Expect): string[] {
  const problems: string[] = [];
  if (expect.verdict !== undefined) {
    const want = ([] as Verdict[]).concat(expect.verdict);
    if (!want.includes(d.verdict)) problems.push(`verdict ${d.verdict}, expected ${want.join(' or ')}`);
  }
  const has = { bases: d.bases.map(b => b.id), conditions: d.conditions.map(c => c.id), routes: d.routes.map(r => r.id) };
  for (const key of LISTS) {
    const one = key === 'bases' ? 'basis' : key.slice(0, -1);
    for (const id of expect[key] ?? []) if (!has[key].includes(id)) problems.push(`missing ${one} ${id}`);
    for (const id of expect[`not_${key}`] ?? []) if (has[key].includes(id)) problems.push(`unexpected ${one} ${id}`);
  }
  return problems;
}

export interface Coverage { kind: 'bases' | 'conditions' | 'routes'; total: number; exercised: number; missing: string[] }

/** The bases, conditions and routes that no decision used: rules no scenario ever exercised. */
export function coverage(pack: Pack, decisions: Decision[]): Coverage[] {
  const used = { bases: new Set<string>(), conditions: new Set<string>(), routes: new Set<string>() };
  for (const d of decisions) {
    for (const b of d.bases) used.bases.add(b.id);
    for (const l of d.layers) for (const id of l.chosen) used.bases.add(id);
    for (const c of d.conditions) used.conditions.add(c.id);
    for (const r of d.routes) used.routes.add(r.id);
  }
  const all = { bases: pack.bases.map(b => b.id), conditions: pack.conditions.map(c => c.id), routes: pack.routes.map(r => r.id) };
  return LISTS.map(kind => {
    const missing = all[kind].filter(id => !used[kind].has(id));
    return { kind, total: all[kind].length, exercised: all[kind].length - missing.length, missing };
  });
}
