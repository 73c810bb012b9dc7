// The trace-free decideOutcome() must give evaluate()'s decision exactly, on random answers and dates.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from '../../src/core/evaluate.js';
import { decideOutcome } from '../../src/core/outcome.js';
import type { Facts, Pack } from '../../src/core/types.js';
import { loadPacks, readPackDir } from '../../src/load/load-pack.js';
import { builtinDir } from '../../src/pack/active.js';
import { builtinPack, factsOf, scenarios } from '../helpers/pack.js';

const builtin = builtinPack();
const withLocal = loadPacks([readPackDir(builtinDir(), true), readPackDir(join(__dirname, '..', 'fixtures', 'packs', 'dpia-routine')), readPackDir(join(__dirname, '..', 'fixtures', 'packs', 'dpo-review'))]);

const answersFor = (pack: Pack): fc.Arbitrary<Facts> => {
  const decisive = pack.facts.filter(f => f.type === 'bool' || f.type === 'enum' || f.type === 'list');
  const valueOf = (f: typeof decisive[number]): fc.Arbitrary<unknown> =>
    f.type === 'bool' ? fc.boolean() : f.type === 'enum' ? fc.constantFrom(...f.values!) : fc.uniqueArray(fc.constantFrom(...f.values!), { maxLength: 4 });
  const item = fc.record({ name: fc.constantFrom('NHS number', 'Diagnoses'), justification: fc.constantFrom('needed', ' ', '') }, { requiredKeys: ['name'] });
  const arbs: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(decisive.map(f => [f.id, valueOf(f)]));
  if (pack.facts.some(f => f.id === 'data.items')) arbs['data.items'] = fc.array(item, { maxLength: 3 });
  if (pack.facts.some(f => f.id === 'description')) arbs.description = fc.constant('A routine share');
  return fc.record(arbs, { requiredKeys: [] }) as fc.Arbitrary<Facts>;
};
// Dates either side of rules coming into force, so in_force_from is exercised.
const dates = fc.constantFrom('2018-05-25', '2024-01-01', '2025-06-19', '2026-11-22', '2030-01-01');
const outcomeOf = (pack: Pack, facts: Facts, asOf: string) => {
  const d = evaluate(pack, facts, asOf);
  return { verdict: d.verdict, bases: d.bases, conditions: d.conditions, routes: d.routes, missing: d.missing, undetermined: d.undetermined };
};

describe('decideOutcome equals evaluate', () => {
  it('on random answers to the built-in pack', () => {
    fc.assert(fc.property(answersFor(builtin), dates, (facts, asOf) => {
      expect(decideOutcome(builtin, facts, asOf)).toEqual(outcomeOf(builtin, facts, asOf));
    }), { numRuns: Number(process.env.PROPERTY_RUNS ?? 3000) });
  });
  it('on random answers to the built-in pack with local packs (an override, a new condition)', () => {
    fc.assert(fc.property(answersFor(withLocal), dates, (facts, asOf) => {
      expect(decideOutcome(withLocal, facts, asOf)).toEqual(outcomeOf(withLocal, facts, asOf));
    }), { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000) });
  });
  it('on the acceptance scenarios, and on each with one answer taken away', () => {
    const all = scenarios();
    for (const s of all) {
      const facts = factsOf(s.answers);
      expect(decideOutcome(builtin, facts, '2026-11-22')).toEqual(outcomeOf(builtin, facts, '2026-11-22'));
      for (const k of Object.keys(facts)) {
        const fewer = { ...facts };
        delete fewer[k];
        expect(decideOutcome(builtin, fewer, '2026-11-22')).toEqual(outcomeOf(builtin, fewer, '2026-11-22'));
      }
    }
  });
});
