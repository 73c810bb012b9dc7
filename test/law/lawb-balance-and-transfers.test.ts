// Properties implied by the common-law public interest balance (principles 0 and 4) and the Art 49
// derogations (principle 5), as fixed in round 3 (law findings B1-B4). Each states what the law
// implies for every answers file, not for one case.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from '../../src/core/evaluate.js';
import type { Facts, Outcome, Truth, Verdict } from '../../src/core/types.js';
import { answersOf } from '../helpers/answers-arb.js';
import { builtinPack } from '../helpers/pack.js';

const pack = builtinPack();
const TODAY = '2026-11-30';
const { answers, withFixed } = answersOf(pack);
const without = (facts: Facts, ...ids: string[]): Facts => { const f = { ...facts }; for (const id of ids) delete (f as Record<string, unknown>)[id]; return f; };
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) };

const layer = (d: Outcome, id: string) => d.layers.find(l => l.id === id)!;
const option = (d: Outcome, id: string) => d.layers.flatMap(l => l.options).find(o => o.id === id);
/** How far a verdict is from a share going ahead: a refusal is the worst. */
const RANK: Record<Verdict, number> = { lawful: 0, lawful_with_conditions: 1, needs_review: 2, incomplete: 2, not_lawful: 3 };
const STATUS_RANK: Record<string, number> = { not_applicable: 0, met: 0, review: 1, unknown: 1, not_met: 2 };

describe('B1: the public interest defence is a balance', () => {
  it('a recorded public-interest approval never makes a one-off disclosure worse', () => {
    fc.assert(fc.property(withFixed({ 'sharing.frequency': 'one_off' }), facts => {
      const before = evaluate(pack, { ...facts, 'public_interest.decision': 'not_made' }, TODAY, { trace: false });
      const after = evaluate(pack, { ...facts, 'public_interest.decision': 'approved' }, TODAY, { trace: false });
      expect(RANK[after.verdict], `${before.verdict} -> ${after.verdict}`).toBeLessThanOrEqual(RANK[before.verdict]);
      expect(STATUS_RANK[layer(after, 'confidentiality').status]).toBeLessThanOrEqual(STATUS_RANK[layer(before, 'confidentiality').status]);
    }), RUNS);
  });

  it('where the balance is open and no one has weighed it, confidentiality is never refused', () => {
    const open = fc.constantFrom('other', 'legal_proceedings', 'safeguarding', 'public_protection');
    fc.assert(fc.property(answers, open, (facts, purpose) => {
      const f = without({ ...facts, purpose, 'sharing.frequency': 'one_off', 'public_interest.decision': 'not_made', 'gateway.legal_requirement': false }, 'proceedings.kind');
      expect(layer(evaluate(pack, f, TODAY, { trace: false }), 'confidentiality').status).not.toBe('not_met');
    }), RUNS);
  });

  it('where the law settles it (a minor offence, unweighed), the defence is not even for review', () => {
    fc.assert(fc.property(withFixed({ purpose: 'crime', 'harm.serious': false, 'public_interest.decision': 'not_made' }), facts => {
      const o = option(evaluate(pack, facts, TODAY, { trace: false }), 'cldc-public-interest');
      expect(o?.status).toBe('not_met');
      expect(o?.review).not.toBe('met');
    }), RUNS);
  });

  it('a rejected public interest decision is never for review', () => {
    fc.assert(fc.property(withFixed({ 'public_interest.decision': 'rejected' }), facts => {
      const o = option(evaluate(pack, facts, TODAY, { trace: false }), 'cldc-public-interest');
      expect(o?.status).toBe('not_met');
      expect(o?.review).toBe('not_met');
    }), RUNS);
  });
});

describe('B2: a routine flow never rests on the public interest', () => {
  it('the public interest is never the chosen basis of a routine flow, nor its route', () => {
    fc.assert(fc.property(withFixed({ 'sharing.frequency': 'routine' }), facts => {
      const d = evaluate(pack, facts, TODAY, { trace: false });
      expect(layer(d, 'confidentiality').chosen).not.toContain('cldc-public-interest');
      expect(d.routes.map(r => r.id)).not.toContain('public-interest-decision');
    }), RUNS);
  });

  it('a routine identifiable flow resting only on an approval is reviewed with anonymised data offered', () => {
    fc.assert(fc.property(answers, fc.constantFrom('planning', 'research', 'public_health', 'crime', 'public_protection', 'safeguarding', 'other', 'legal_proceedings', 'commercial'), (facts, purpose) => {
      // Resting only on the approval: no notice that would be a legal requirement either.
      const f: Facts = {
        ...without(facts, 'proceedings.kind'), purpose, jurisdiction: 'england', 'sharing.frequency': 'routine', 'public_interest.decision': 'approved',
        'data.identifiability': 'identifiable', 'data.categories': ['health'], 'subjects.deceased': false, 'subjects.lack_capacity': false,
        'consent.explicit': false, 'gateway.s251': false, 'gateway.copi_reg3': false, 'gateway.legal_requirement': false,
      };
      const d = evaluate(pack, f, TODAY, { trace: false });
      const c = layer(d, 'confidentiality');
      if (c.status === 'unknown') return;
      expect(c.status).toBe('review');
      if (d.verdict === 'needs_review' || d.verdict === 'not_lawful') expect(d.routes.map(r => r.id)).toContain('use-anonymised-data');
    }), RUNS);
  });
});

describe('B3: Art 49(1)(d), a public interest recognised in domestic law', () => {
  const transfer = { 'recipient.location': 'other', 'sharing.frequency': 'one_off', 'data.identifiability': 'identifiable', 'subjects.deceased': false };
  it('an occasional transfer a law requires is never left without a transfer basis', () => {
    fc.assert(fc.property(withFixed({ ...transfer, 'gateway.legal_requirement': true }), facts => {
      expect(layer(evaluate(pack, facts, TODAY, { trace: false }), 'transfer').status).toBe('met');
    }), RUNS);
  });
  it('an objection never changes whether a derogation is available', () => {
    fc.assert(fc.property(withFixed(transfer), fc.boolean(), (facts, objected) => {
      const a = option(evaluate(pack, { ...facts, 'individual.objected': objected }, TODAY, { trace: false }), 'transfer-derogation')?.status;
      const b = option(evaluate(pack, { ...facts, 'individual.objected': !objected }, TODAY, { trace: false }), 'transfer-derogation')?.status;
      expect(a).toBe(b);
    }), RUNS);
  });
  it('adding a legal requirement never makes the transfer layer worse', () => {
    fc.assert(fc.property(answers, facts => {
      const a = layer(evaluate(pack, { ...facts, 'gateway.legal_requirement': false }, TODAY, { trace: false }), 'transfer').status;
      const b = layer(evaluate(pack, { ...facts, 'gateway.legal_requirement': true }, TODAY, { trace: false }), 'transfer').status;
      expect(STATUS_RANK[b] as number).toBeLessThanOrEqual(STATUS_RANK[a] as number);
    }), RUNS);
  });
});

describe('B4: a condition to confirm a refining fact fires only when that fact is given and false', () => {
  it('transfer-consent-informed never applies unless the answers say the risks were not explained', () => {
    fc.assert(fc.property(answers, facts => {
      const f = without(facts, 'consent.transfer_risks_explained');
      expect(evaluate(pack, f, TODAY, { trace: false }).conditions.map(c => c.id)).not.toContain('transfer-consent-informed');
      const t = evaluate(pack, { ...f, 'consent.transfer_risks_explained': true }, TODAY, { trace: false });
      expect(t.conditions.map(c => c.id)).not.toContain('transfer-consent-informed');
    }), RUNS);
  });
  it('when the risks were not explained, a transfer on consent alone carries the condition', () => {
    fc.assert(fc.property(withFixed({
      'recipient.location': 'other', 'sharing.frequency': 'one_off', 'sharing.emergency': false, 'data.identifiability': 'identifiable',
      'subjects.deceased': false, 'subjects.lack_capacity': false, 'discloser.type': 'independent_health_provider', purpose: 'direct_care',
      'consent.explicit': true, 'consent.transfer_risks_explained': false, 'gateway.legal_requirement': false, 'controls.transfer_mechanism': 'none',
    }), facts => {
      const d = evaluate(pack, facts, TODAY, { trace: false });
      const chosen: Truth | undefined = option(d, 'transfer-derogation')?.status;
      expect(chosen).toBe('met');
      if (layer(d, 'transfer').status === 'met' && d.verdict !== 'incomplete') expect(d.conditions.map(c => c.id)).toContain('transfer-consent-informed');
    }), RUNS);
  });
});
