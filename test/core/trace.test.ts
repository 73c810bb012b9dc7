// The engine decides with compiled closures (core/compile.ts) and explains with traces built by
// core/condition.ts when asked. The two must agree: the untraced decision is the traced one without
// its trees, and every trace says what the closures decided, on random answers and dates.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from '../../src/core/evaluate.js';
import { unknownFacts } from '../../src/core/condition.js';
import type { Decision, Facts, Pack, Outcome } from '../../src/core/types.js';
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
/** A decision with its explanation taken away. */
const withoutTraces = ({ verdict, bases, conditions, routes, missing, undetermined, as_of, layers }: Decision): Outcome => ({
  verdict, bases, conditions, routes, missing, undetermined, as_of,
  layers: layers.map(({ applies: _a, options, ...l }) => ({ ...l, options: options.map(({ trace: _t, why_not: _w, ...o }) => o) })),
});
const agree = (pack: Pack, facts: Facts, asOf: string) => {
  const traced = evaluate(pack, facts, asOf);
  expect(evaluate(pack, facts, asOf, { trace: false })).toEqual(withoutTraces(traced));
  for (const l of traced.layers) {
    // A layer that applies or may apply is decided by what the trace shows.
    expect(l.applies.result === 'not_met').toBe(l.status === 'not_applicable');
    for (const o of l.options) {
      expect(o.trace.result).toBe(o.status);
      // Facts named as missing are ones the trace could not decide.
      if (l.status === 'unknown' && o.status === 'unknown') for (const f of unknownFacts(o.trace)) expect(l.missing).toContain(f);
    }
  }
};

describe('the traced and the untraced decision agree', () => {
  it('on random answers to the built-in pack', () => {
    fc.assert(fc.property(answersFor(builtin), dates, (facts, asOf) => agree(builtin, facts, asOf)),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 2000) });
  });
  it('on random answers to the built-in pack with local packs (an override, a new condition)', () => {
    fc.assert(fc.property(answersFor(withLocal), dates, (facts, asOf) => agree(withLocal, facts, asOf)),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) });
  });
  it('on the acceptance scenarios, and on each with one answer taken away', () => {
    for (const s of scenarios()) {
      const facts = factsOf(s.answers);
      agree(builtin, facts, '2026-11-22');
      for (const k of Object.keys(facts)) {
        const fewer = { ...facts };
        delete fewer[k];
        agree(builtin, fewer, '2026-11-22');
      }
    }
  });
});
