// The memo must never change an answer: a remembered decision equals evaluating afresh.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { evaluate } from '../../src/core/evaluate.js';
import type { Facts, Pack } from '../../src/core/types.js';
import { validateFacts } from '../../src/load/answers.js';
import { Decider, decisiveFacts } from '../../src/audit/decide.js';
import { cellOf, scenarios } from './register.js';
import { headingTable, resolveHeader } from '../../src/audit/headings.js';
import { RowReader, factsOf } from '../../src/audit/row.js';

const pack: Pack = JSON.parse(readFileSync(join(__dirname, '..', '..', 'dist', 'builtin-pack.json'), 'utf8'));
const asOf = '2026-06-01';
const compact = (f: Facts) => {
  const d = evaluate(pack, f, asOf);
  return { verdict: d.verdict, bases: d.bases.map(b => b.id), conditions: d.conditions.map(c => c.id), routes: d.routes.map(r => r.id), missing: d.missing };
};

test('descriptions and data items enter the key only as far as the rules read them', () => {
  const byId = new Map(decisiveFacts(pack).map(k => [k.id, k]));
  expect(byId.get('description')).toMatchObject({ presenceOnly: true });
  expect(byId.get('data.items')).toMatchObject({ presenceOnly: true, itemFields: ['justification'] });
  expect(byId.get('purpose')).toMatchObject({ presenceOnly: false });
  expect(byId.has('title')).toBe(false);
});

test('remembered decisions equal fresh ones, over scenarios varied fact by fact', () => {
  const base = scenarios().map(s => validateFacts(s.answers, pack.facts, () => {}));
  const decider = new Decider(pack, asOf);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const bools = pack.facts.filter(f => f.type === 'bool').map(f => f.id);
  for (let i = 0; i < 600; i++) {
    const f: Facts = { ...base[i % base.length] };
    const k = bools[Math.floor(rand() * bools.length)];
    if (rand() < 0.3) delete f[k]; else f[k] = rand() < 0.5;
    if (rand() < 0.5) f.description = `wording ${i}`;
    if (rand() < 0.3) f['data.items'] = [{ name: `item ${i}`, ...(rand() < 0.5 ? { justification: 'needed' } : {}) }];
    expect(decider.decide(f)).toEqual(compact(f));
  }
  expect(decider.hits).toBeGreaterThan(100);
});

test('rows remembered by their coded cells decide as their facts do, mixed with keys of facts', () => {
  const ids = pack.facts.filter(f => f.type !== 'contacts').map(f => f.id);
  // Contacts take a column per field: left out here.
  const base = scenarios().map(s => Object.fromEntries(Object.entries(validateFacts(s.answers, pack.facts, () => {})).filter(([id]) => ids.includes(id))) as Facts);
  const reader = new RowReader(resolveHeader(ids, headingTable(pack.facts).table).columns, pack.facts);
  const decider = new Decider(pack, asOf);
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const coded = pack.facts.filter(f => f.type === 'bool' || f.type === 'enum').map(f => f.id);
  for (let i = 0; i < 600; i++) {
    const f: Facts = { ...base[i % base.length] };
    const k = coded[Math.floor(rand() * coded.length)];
    const def = pack.facts.find(x => x.id === k)!;
    if (rand() < 0.3) delete f[k]; else f[k] = def.type === 'bool' ? rand() < 0.5 : def.values![Math.floor(rand() * def.values!.length)];
    if (rand() < 0.5) f.description = `wording ${i}`; else delete f.description;
    const rf = reader.read(ids.map(id => cellOf(f[id])));
    expect(rf.problems).toEqual([]);
    expect(factsOf(rf)).toEqual(f);
    // Every third flow by its facts alone: both kinds of key share one memo.
    expect(i % 3 ? decider.decide(rf.facts, rf.coded) : decider.decide(factsOf(rf))).toEqual(compact(f));
  }
  expect(decider.hits).toBeGreaterThan(100);
});

test('a coded key means something only among rows of one reader', () => {
  const ids = pack.facts.filter(f => f.type !== 'contacts').map(f => f.id);
  const columns = resolveHeader(ids, headingTable(pack.facts).table).columns;
  const base = scenarios().map(s => Object.fromEntries(Object.entries(validateFacts(s.answers, pack.facts, () => {})).filter(([id]) => ids.includes(id))) as Facts);
  const decider = new Decider(pack, asOf);
  // Each reader meets its first row's values first, so every reader's first key is alike; past a
  // thousand readers the decider keys facts in full.
  for (let i = 0; i < 1010; i++) {
    const f = base[i % base.length];
    const rf = new RowReader(columns, pack.facts).read(ids.map(id => cellOf(f[id])));
    expect(decider.decide(rf.facts, rf.coded)).toEqual(compact(f));
  }
});

test('what an undecided flow still needs is the same from the decider\'s outcome, a fresh one or a traced decision', async () => {
  const { stillNeeded } = await import('../../src/audit/complete.js');
  const base = scenarios().map(s => validateFacts(s.answers, pack.facts, () => {}));
  const decider = new Decider(pack, asOf);
  let seed = 23;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const ids = pack.facts.map(f => f.id);
  let undecided = 0;
  for (let i = 0; i < 400; i++) {
    const f: Facts = { ...base[i % base.length] };
    // Blank a few facts, so many flows are undecided.
    for (let k = 0; k < 3; k++) delete f[ids[Math.floor(rand() * ids.length)]];
    const d = decider.decide(f);
    const outcome = decider.outcomeOf(d);
    if (!d.missing.length || !outcome) continue;
    undecided++;
    const sorted = (xs: string[]) => [...xs].sort();
    const traced = sorted(stillNeeded(pack, f, asOf, evaluate(pack, f, asOf)));
    expect(sorted(stillNeeded(pack, f, asOf, outcome))).toEqual(traced);
    expect(sorted(stillNeeded(pack, f, asOf))).toEqual(traced);
    for (const m of d.missing) expect(traced).toContain(m);
  }
  expect(undecided).toBeGreaterThan(20);
});
