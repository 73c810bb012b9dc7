import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conjunction, disjunction, evalCondition, negate, unknownFacts, type EvalContext } from '../../src/core/condition.js';
import type { Condition, Facts, Truth } from '../../src/core/types.js';

const ctx = (facts: Facts, defines: Record<string, Condition> = {}): EvalContext => {
  const c: EvalContext = {
    facts,
    define: id => evalCondition(defines[id], c),
    chosen: () => 'unknown',
    layerStatus: () => undefined,
  };
  return c;
};
const run = (cond: Condition, facts: Facts, defines?: Record<string, Condition>) => evalCondition(cond, ctx(facts, defines)).result;

describe('fact tests', () => {
  it('is: met, not met, and unknown when the fact is absent (never false)', () => {
    expect(run({ fact: 'a', is: true }, { a: true })).toBe('met');
    expect(run({ fact: 'a', is: true }, { a: false })).toBe('not_met');
    expect(run({ fact: 'a', is: true }, {})).toBe('unknown');
    expect(run({ fact: 'a', is: false }, {})).toBe('unknown');
  });
  it('in and includes_any', () => {
    expect(run({ fact: 't', in: ['x', 'y'] }, { t: 'y' })).toBe('met');
    expect(run({ fact: 't', in: ['x', 'y'] }, { t: 'z' })).toBe('not_met');
    expect(run({ fact: 'c', includes_any: ['health'] }, { c: ['demographic', 'health'] })).toBe('met');
    expect(run({ fact: 'c', includes_any: ['health'] }, { c: [] })).toBe('not_met');
    expect(run({ fact: 'c', includes_any: ['health'] }, {})).toBe('unknown');
  });
  it('known is never unknown', () => {
    expect(run({ fact: 'a', known: true }, {})).toBe('not_met');
    expect(run({ fact: 'a', known: false }, {})).toBe('met');
    expect(run({ fact: 'a', known: true }, { a: false })).toBe('met');
  });
  it('any_item_missing finds items without a justification', () => {
    const cond: Condition = { fact: 'items', any_item_missing: 'justification' };
    expect(run(cond, { items: [{ name: 'a', justification: 'why' }] })).toBe('not_met');
    expect(run(cond, { items: [{ name: 'a', justification: 'why' }, { name: 'b' }] })).toBe('met');
    expect(run(cond, { items: [{ name: 'a', justification: '  ' }] })).toBe('met');
    expect(run(cond, {})).toBe('unknown');
  });
});

describe('three-valued connectives (Kleene)', () => {
  it('a single not_met decides all; a single met decides any, whatever is unknown', () => {
    expect(run({ all: [{ fact: 'a', is: true }, { fact: 'b', is: true }] }, { a: false })).toBe('not_met');
    expect(run({ all: [{ fact: 'a', is: true }, { fact: 'b', is: true }] }, { a: true })).toBe('unknown');
    expect(run({ any: [{ fact: 'a', is: true }, { fact: 'b', is: true }] }, { b: true })).toBe('met');
    expect(run({ any: [{ fact: 'a', is: true }, { fact: 'b', is: true }] }, { b: false })).toBe('unknown');
    expect(run({ not: { fact: 'a', is: true } }, {})).toBe('unknown');
    expect(run({ not: { fact: 'a', is: true } }, { a: false })).toBe('met');
  });
  it('refs evaluate named definitions', () => {
    expect(run({ ref: 'pa' }, { t: 'nhs_trust' }, { pa: { fact: 't', in: ['nhs_trust'] } })).toBe('met');
  });
  it('unknownFacts lists only the facts that could change the result', () => {
    const cond: Condition = { all: [{ fact: 'a', is: true }, { any: [{ fact: 'b', is: true }, { fact: 'c', is: true }] }] };
    const t = evalCondition(cond, ctx({ a: true, c: false }));
    expect([...unknownFacts(t)]).toEqual(['b']);
    const decided = evalCondition(cond, ctx({ a: false }));
    expect([...unknownFacts(decided)]).toEqual([]);
  });
});

const truth = fc.constantFrom<Truth>('met', 'not_met', 'unknown');
describe('properties', () => {
  it('De Morgan holds in three values', () => {
    fc.assert(fc.property(fc.array(truth, { minLength: 1, maxLength: 6 }), vs => {
      expect(negate(conjunction(vs))).toBe(disjunction(vs.map(negate)));
    }));
  });

  // Knowledge is monotone: learning more facts never turns met into not_met or back.
  const facts = ['a', 'b', 'c', 'd'];
  const leaf = fc.record({ fact: fc.constantFrom(...facts), is: fc.boolean() }) as fc.Arbitrary<Condition>;
  const cond: fc.Arbitrary<Condition> = fc.letrec(tie => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf,
      fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }) as fc.Arbitrary<Condition>,
      fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }) as fc.Arbitrary<Condition>,
      fc.record({ not: tie('node') }) as fc.Arbitrary<Condition>),
  })).node as fc.Arbitrary<Condition>;
  const full = fc.record({ a: fc.boolean(), b: fc.boolean(), c: fc.boolean(), d: fc.boolean() });
  it('a decided condition stays decided the same way as facts are added', () => {
    fc.assert(fc.property(cond, full, fc.subarray(facts), (c, all, keep) => {
      const partial: Facts = Object.fromEntries(keep.map(k => [k, all[k as keyof typeof all]]));
      const before = run(c, partial);
      const after = run(c, all);
      expect(after).not.toBe('unknown');
      if (before !== 'unknown') expect(after).toBe(before);
    }), { numRuns: 500 });
  });
});
