// Properties of whole decisions over random answers drawn from the vocabulary.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from '../../src/core/evaluate.js';
import type { Facts } from '../../src/core/types.js';
import { builtinPack } from '../helpers/pack.js';

const pack = builtinPack();

/** Facts some rule tests with `known:`, found by walking every condition tree of the pack. */
function factsTestedForKnown(p: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.fact === 'string' && 'known' in o) out.add(o.fact);
    Object.values(o).forEach(walk);
  };
  walk(p);
  return [...out];
}
const decisive = pack.facts.filter(f => f.type === 'bool' || f.type === 'enum' || f.type === 'list');
const valueOf = (f: typeof decisive[number]): fc.Arbitrary<unknown> =>
  f.type === 'bool' ? fc.boolean() : f.type === 'enum' ? fc.constantFrom(...f.values!) : fc.uniqueArray(fc.constantFrom(...f.values!), { maxLength: 4 });
const answers: fc.Arbitrary<Facts> = fc.record(Object.fromEntries(decisive.map(f => [f.id, valueOf(f)])), { requiredKeys: [] }) as fc.Arbitrary<Facts>;

describe('decisions over random answers', () => {
  it('never throw; not lawful or needs review always carries routes; incomplete always names missing facts', () => {
    fc.assert(fc.property(answers, facts => {
      const d = evaluate(pack, facts, '2026-11-22');
      if (d.verdict === 'not_lawful' || d.verdict === 'needs_review') expect(d.routes.length).toBeGreaterThan(0);
      else expect(d.routes).toEqual([]);
      if (d.verdict === 'incomplete') {
        expect(d.missing.length).toBeGreaterThan(0);
        for (const m of d.missing) expect(facts[m]).toBeUndefined();
      } else expect(d.missing).toEqual([]);
      if (d.verdict === 'lawful') expect(d.conditions).toEqual([]);
      if (d.verdict === 'lawful_with_conditions') expect(d.conditions.length).toBeGreaterThan(0);
    }), { numRuns: Number(process.env.PROPERTY_RUNS ?? 3000) });
  });
  it('a decided verdict does not change when more facts are given (facts whose absence has a meaning aside)', () => {
    // A default, or a `known:` test in a rule, gives an unanswered fact a meaning of its own, so
    // answering it may rightly change the verdict; every other fact can only settle it further.
    const defaulted = new Set([...pack.facts.filter(f => f.default !== undefined).map(f => f.id), ...factsTestedForKnown(pack)]);
    fc.assert(fc.property(answers, answers, (partial, extra) => {
      const before = evaluate(pack, partial, '2026-11-22');
      if (before.verdict === 'incomplete') return;
      const more = Object.fromEntries(Object.entries(extra).filter(([k]) => !defaulted.has(k)));
      const after = evaluate(pack, { ...more, ...partial }, '2026-11-22');
      expect(after.verdict).toBe(before.verdict);
    }), { numRuns: Number(process.env.PROPERTY_RUNS ?? 2000) });
  });
  it('every missing fact is one an answers file can give (no derived names leak)', () => {
    const ids = new Set(pack.facts.map(f => f.id));
    fc.assert(fc.property(answers, facts => {
      for (const m of evaluate(pack, facts, '2026-11-22').missing) expect(ids.has(m)).toBe(true);
    }), { numRuns: 1000 });
  });
});
