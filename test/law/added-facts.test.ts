// Facts the project added to the public answers vocabulary refine a decision; they never gate it.
// Answers written to the public contract (the shared answers specification) never set them, so their
// absence must leave the decision to what the public facts say: never `incomplete` because one is
// missing, and never `not_lawful` where giving it would allow the share.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from '../../src/core/evaluate.js';
import type { Facts, Verdict } from '../../src/core/types.js';
import { builtinPack } from '../helpers/pack.js';

const pack = builtinPack();
const TODAY = '2026-11-30';
/** The facts igcheck added for the legal principles (November 2026); not in the public vocabulary. */
const ADDED = [
  'proceedings.kind', 'discloser.statutory_function', 'recipient.competent_authority', 'harm.unlawful_act',
  'harm.life_of_others', 'subjects.at_risk_of_harm', 'individual.attorney_refused', 'recipient.suspected_abuser',
  'consent.transfer_risks_explained', 'recipient.public_task_request',
];
const defs = new Map(pack.facts.map(f => [f.id, f]));
const decisive = pack.facts.filter(f => (f.type === 'bool' || f.type === 'enum' || f.type === 'list') && !ADDED.includes(f.id));
const valueOf = (f: typeof decisive[number]): fc.Arbitrary<unknown> =>
  f.type === 'bool' ? fc.boolean() : f.type === 'enum' ? fc.constantFrom(...f.values!) : fc.uniqueArray(fc.constantFrom(...f.values!), { maxLength: 4 });
/** Answers in the public vocabulary only: any subset of its decisive facts. */
const publicAnswers = fc.record(Object.fromEntries(decisive.map(f => [f.id, valueOf(f)])), { requiredKeys: [] }) as fc.Arbitrary<Facts>;
/** Answers that give every decisive public fact (as a complete answers file to the contract does). */
const completeAnswers = fc.record({
  ...Object.fromEntries(decisive.map(f => [f.id, valueOf(f)])),
  'data.items': fc.constantFrom([{ name: 'Discharge summary', justification: 'Needed for the purpose' }], [{ name: 'Full record' }]),
}) as fc.Arbitrary<Facts>;
/** Any of the added facts, with any values. */
const addedAnswers = fc.record(Object.fromEntries(ADDED.map(id => [id, fc.constantFrom(...valuesOfId(id))])), { requiredKeys: [] }) as fc.Arbitrary<Facts>;
function valuesOfId(id: string): (string | boolean)[] { const d = pack.facts.find(f => f.id === id)!; return d.type === 'bool' ? [true, false] : d.values!; }
const valuesOf = (id: string): (string | boolean)[] => { const d = defs.get(id)!; return d.type === 'bool' ? [true, false] : d.values!; };
/**
 * Whether an added fact's value agrees with the public facts it refines: a statutory inquiry's or a
 * coroner's notice is a legal requirement, which the public answers may already have denied.
 */
const consistent = (facts: Facts, id: string, value: string | boolean): boolean =>
  !(id === 'proceedings.kind' && (value === 'statutory_inquiry_notice' || value === 'coroner_notice') && facts['gateway.legal_requirement'] === false);
const permissive = (v: Verdict) => v === 'lawful' || v === 'lawful_with_conditions' || v === 'needs_review';
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) };

describe('added facts refine, they never gate', () => {
  it('each added fact is in the pack, optional, and the pack says what its absence means (a default, noted in the decision)', () => {
    for (const id of ADDED) {
      expect(defs.has(id), id).toBe(true);
      expect(defs.get(id)!.default, id).not.toBeUndefined();
    }
  });

  it('no decision is ever incomplete for want of an added fact', () => {
    fc.assert(fc.property(publicAnswers, addedAnswers, (facts, added) => {
      const d = evaluate(pack, { ...facts, ...added }, TODAY, { trace: false });
      for (const id of ADDED) expect(d.missing).not.toContain(id);
    }), RUNS);
  });

  it('answers giving every public fact are decided, whichever added facts are given or left out', () => {
    fc.assert(fc.property(completeAnswers, addedAnswers, (facts, added) => {
      expect(evaluate(pack, facts, TODAY, { trace: false }).missing).toEqual([]);
      expect(evaluate(pack, { ...facts, ...added }, TODAY, { trace: false }).missing).toEqual([]);
    }), RUNS);
  });

  // A risk to another person's life (vital interests of another, Recital 46: life or death only) is
  // never presumed from serious harm, so its absence may leave a share without a basis: the one
  // added fact this property leaves out, on purpose. Likewise a function with a basis in law (Art
  // 6(3)) is never presumed for a body whose kind holds none for this purpose (a charity not
  // delivering publicly funded care): naming one may enable public task where nothing else can.
  const NOT_PRESUMED = ['harm.life_of_others', 'discloser.statutory_function'];
  it('an absent added fact never makes a share not lawful that some answer to it would allow', () => {
    fc.assert(fc.property(fc.oneof(publicAnswers, completeAnswers), fc.constantFrom(...ADDED.filter(id => !NOT_PRESUMED.includes(id))), (facts, id) => {
      const without = evaluate(pack, facts, TODAY, { trace: false }).verdict;
      if (without !== 'not_lawful') return;
      for (const value of valuesOf(id).filter(v => consistent(facts, id, v))) {
        const given = evaluate(pack, { ...facts, [id]: value }, TODAY, { trace: false }).verdict;
        expect(permissive(given), `${id}=${String(value)} gives ${given} where its absence gives not_lawful`).toBe(false);
      }
    }), RUNS);
  });

  it('the questionnaire can ask each added fact where it matters', () => {
    for (const id of ADDED) expect(pack.questions.some(q => q.fact === id), `question for ${id}`).toBe(true);
  });
});
