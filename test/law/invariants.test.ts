// Legal invariants as properties over generated answers (fast-check): each one states what a
// principle of /work/shared/reference/principles.md implies, and would have caught a real error.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, withDefaults } from '../../src/core/evaluate.js';
import { contextFor, evalCondition } from '../../src/core/condition.js';
import type { Decision, Facts, Truth, Verdict } from '../../src/core/types.js';
import { answersOf } from '../helpers/answers-arb.js';
import { builtinPack } from '../helpers/pack.js';

const pack = builtinPack();
const TODAY = '2026-11-30';
const BEFORE_DUAA = '2025-12-01';
const { answers, withFixed } = answersOf(pack);
const RUNS = { numRuns: 150 };

const option = (d: Decision, id: string): Truth | undefined => d.layers.flatMap(l => l.options).find(o => o.id === id)?.status;
/** A Schedule 1 paragraph (a companion) is decided by its own condition, in the decision's context. */
const companion = (facts: Facts, id: string, asOf = TODAY): Truth => {
  const d = evaluate(pack, facts, asOf);
  const b = pack.bases.find(x => x.id === id)!;
  return evalCondition(b.when, contextFor(pack, withDefaults(pack, facts).facts, d)).result;
};
const layer = (d: Decision, id: string) => d.layers.find(l => l.id === id)!;
const cleared = (v: Verdict) => v === 'lawful' || v === 'lawful_with_conditions';
const ORG_TYPES = pack.facts.find(f => f.id === 'recipient.type')!.values!;

describe('principle 0: unsettled law is a review, never a refusal', () => {
  it('a public authority with a purpose outside the categories never has Art 6 or Art 9 not met', () => {
    fc.assert(fc.property(withFixed({ purpose: 'other', 'discloser.type': 'local_authority' }), facts => {
      const d = evaluate(pack, facts, TODAY);
      expect(layer(d, 'art6').status).not.toBe('not_met');
      expect(layer(d, 'art9').status).not.toBe('not_met');
      expect(layer(d, 'art10').status).not.toBe('not_met');
    }), RUNS);
  });
  it('an unverified rule that is relied on always leaves its layer for review, never met or not met', () => {
    fc.assert(fc.property(answers, facts => {
      const d = evaluate(pack, facts, TODAY);
      for (const l of d.layers) {
        const uv = l.chosen.some(id => pack.bases.find(b => b.id === id)?.verification === 'uv');
        if (uv) expect(l.status, `${l.id} relies on ${l.chosen.join(', ')}`).toBe('review');
      }
    }), RUNS);
  });
});

describe('principle 1: test what the provision tests', () => {
  it('changing only the recipient never changes whether Sch 1 para 10 is available for crime', () => {
    fc.assert(fc.property(withFixed({ purpose: 'crime' }), fc.constantFrom(...ORG_TYPES), (facts, other) => {
      expect(companion({ ...facts, 'recipient.type': other }, 'dpa2018-sch1-p2-para10')).toBe(companion(facts, 'dpa2018-sch1-p2-para10'));
    }), RUNS);
  });
  it('Sch 1 para 3 tests the discloser: the recipient never decides it', () => {
    fc.assert(fc.property(withFixed({ purpose: 'public_health' }), fc.constantFrom(...ORG_TYPES), (facts, other) => {
      expect(companion({ ...facts, 'recipient.type': other }, 'dpa2018-sch1-p1-para3')).toBe(companion(facts, 'dpa2018-sch1-p1-para3'));
    }), RUNS);
  });
  it('anonymised output is never needs_review for scope alone, whatever the purpose', () => {
    fc.assert(fc.property(withFixed({ 'data.identifiability': 'anonymised', jurisdiction: 'england' }), facts => {
      const d = evaluate(pack, facts, TODAY);
      expect(layer(d, 'scope').status).toBe('met');
      expect(d.verdict).not.toBe('needs_review');
    }), RUNS);
  });
  it('an inquiry never rests on Art 9(2)(f) or Sch 1 para 7', () => {
    fc.assert(fc.property(withFixed({ purpose: 'legal_proceedings' }), fc.constantFrom('statutory_inquiry_notice', 'inquiry_request'), (facts, kind) => {
      const d = evaluate(pack, { ...facts, 'proceedings.kind': kind }, TODAY);
      expect(option(d, 'uk-gdpr-art9-2f')).toBe('not_met');
      expect(d.bases.map(b => b.id)).not.toContain('dpa2018-sch1-p2-para7');
    }), RUNS);
  });
  it('no Appropriate Policy Document is asked for a para 10 disclosure to the police alone', () => {
    fc.assert(fc.property(withFixed({ 'recipient.type': 'police' }), facts => {
      const d = evaluate(pack, facts, TODAY);
      const chosen = d.layers.flatMap(l => l.chosen);
      if (chosen.includes('dpa2018-sch1-p2-para10') && !chosen.some(c => ['dpa2018-sch1-p2-para18', 'dpa2018-sch1-p2-para6', 'dpa2018-sch1-p2-para7'].includes(c))) {
        expect(d.conditions.map(c => c.id)).not.toContain('appropriate-policy-document');
      }
    }), RUNS);
  });
});

describe('principle 2: a refusal is weighed where the law weighs it', () => {
  it("an objection never removes Art 6(1)(d) for another person's life", () => {
    fc.assert(fc.property(withFixed({ 'harm.serious': true, 'harm.life_of_others': true }), fc.boolean(), (facts, objected) => {
      const d = evaluate(pack, { ...facts, 'individual.objected': objected }, TODAY);
      expect(option(d, 'uk-gdpr-art6-1d-another-person')).toBe('met');
    }), RUNS);
  });
  it('a capacitous refusal always removes Art 9(2)(c) and Sch 1 para 30', () => {
    fc.assert(fc.property(withFixed({ 'individual.objected': true, 'subjects.lack_capacity': false }), facts => {
      const d = evaluate(pack, facts, TODAY);
      expect(option(d, 'uk-gdpr-art9-2c')).toBe('not_met');
      expect(companion(facts, 'dpa2018-sch1-p3-para30')).toBe('not_met');
    }), RUNS);
  });
  it('an objection never touches consent, legal obligation or vital interests of another person (Art 21 reaches (e) and (f) only)', () => {
    fc.assert(fc.property(answers, facts => {
      const a = evaluate(pack, { ...facts, 'individual.objected': false }, TODAY);
      const b = evaluate(pack, { ...facts, 'individual.objected': true }, TODAY);
      for (const id of ['uk-gdpr-art6-1a', 'uk-gdpr-art6-1c', 'uk-gdpr-art6-1d-another-person']) expect(option(b, id)).toBe(option(a, id));
    }), RUNS);
  });
  it('an objection alone never makes public task not met: it is weighed (review)', () => {
    fc.assert(fc.property(withFixed({ 'individual.objected': true, 'discloser.type': 'nhs_trust', purpose: 'direct_care' }), facts => {
      const d = evaluate(pack, facts, TODAY);
      expect(layer(d, 'art6').status).not.toBe('not_met');
    }), RUNS);
  });
});

describe('principle 3: best interests reaches beyond the care team, within limits', () => {
  it('never to a relative suspected of abuse, never against an attorney or deputy', () => {
    fc.assert(fc.property(answers, fc.boolean(), (facts, abuser) => {
      const f: Facts = abuser
        ? { ...facts, 'recipient.type': 'individual', 'recipient.suspected_abuser': true }
        : { ...facts, 'recipient.type': 'individual', 'individual.attorney_refused': true };
      expect(option(evaluate(pack, f, TODAY), 'cldc-best-interests')).toBe('not_met');
    }), RUNS);
  });
  it('a recorded best-interests decision reaches family as well as the care team', () => {
    fc.assert(fc.property(fc.constantFrom(...ORG_TYPES), type => {
      const facts: Facts = { 'subjects.lack_capacity': true, purpose: 'direct_care', 'individual.best_interests': true, 'recipient.type': type,
        'recipient.provides_care': true, 'recipient.suspected_abuser': false, 'individual.attorney_refused': false };
      expect(option(evaluate(pack, facts, TODAY), 'cldc-best-interests')).toBe('met');
    }));
  });
});

describe('principle 4: the public interest defence is a balance', () => {
  it('adding only a recorded approval to a one-off disclosure never makes it worse', () => {
    fc.assert(fc.property(withFixed({ 'sharing.frequency': 'one_off' }), fc.constantFrom('not_made', 'rejected'), (facts, before) => {
      const a = evaluate(pack, { ...facts, 'public_interest.decision': before }, TODAY);
      const b = evaluate(pack, { ...facts, 'public_interest.decision': 'approved' }, TODAY);
      if (a.verdict !== 'not_lawful') expect(b.verdict).not.toBe('not_lawful');
      if (cleared(a.verdict)) expect(cleared(b.verdict)).toBe(true);
      expect(layer(b, 'confidentiality').status === 'not_met' && layer(a, 'confidentiality').status !== 'not_met').toBe(false);
    }), RUNS);
  });
  it('a recorded approval never leaves the confidentiality layer not met for a one-off disclosure', () => {
    fc.assert(fc.property(withFixed({ 'sharing.frequency': 'one_off', 'public_interest.decision': 'approved' }), facts => {
      expect(layer(evaluate(pack, facts, TODAY), 'confidentiality').status).not.toBe('not_met');
    }), RUNS);
  });
  it('a routine flow never rests on the public interest', () => {
    fc.assert(fc.property(withFixed({ 'sharing.frequency': 'routine' }), facts => {
      expect(evaluate(pack, facts, TODAY).bases.map(b => b.id)).not.toContain('cldc-public-interest');
    }), RUNS);
  });
});

describe('principle 5: transfers', () => {
  it('an occasional transfer for a person physically or legally incapable of consenting, in an emergency, is never refused at the transfer layer (Art 49(1)(f))', () => {
    fc.assert(fc.property(withFixed({ 'recipient.location': 'other', 'sharing.frequency': 'one_off', 'sharing.emergency': true, 'subjects.lack_capacity': true, 'data.identifiability': 'identifiable', 'subjects.deceased': false }), facts => {
      expect(layer(evaluate(pack, facts, TODAY), 'transfer').status).toBe('met');
    }), RUNS);
  });
  it('a derogation never carries a routine transfer', () => {
    fc.assert(fc.property(withFixed({ 'sharing.frequency': 'routine' }), facts => {
      expect(option(evaluate(pack, facts, TODAY), 'transfer-derogation')).not.toBe('met');
    }), RUNS);
  });
  it('a public authority never transfers on explicit consent alone (Art 49(3))', () => {
    fc.assert(fc.property(withFixed({ 'discloser.type': 'nhs_trust', 'recipient.location': 'other', 'sharing.frequency': 'one_off', 'sharing.emergency': false, 'harm.life_of_others': false, purpose: 'direct_care', 'gateway.legal_requirement': false, 'consent.explicit': true, 'consent.transfer_risks_explained': true }), facts => {
      expect(option(evaluate(pack, facts, TODAY), 'transfer-derogation')).toBe('not_met');
    }), RUNS);
  });
});

describe('principle 6: criminal offence data', () => {
  it('being a public body is never enough for official authority: without a named function, only a purpose its kind holds by statute (round 3, A5)', () => {
    fc.assert(fc.property(answers, fc.constantFrom('nhs_trust', 'local_authority', 'police', 'government'), fc.constantFrom('planning', 'direct_care', 'research', 'commercial', 'individual_request', 'other'), (facts, type, purpose) => {
      const f = { ...facts, 'discloser.type': type, purpose };
      delete (f as Record<string, unknown>)['discloser.statutory_function'];
      expect(option(evaluate(pack, f, TODAY), 'uk-gdpr-art10-official-authority')).not.toBe('met');
    }), RUNS);
  });
  it('research offence data can rest on Sch 1 Part 1 para 4 whoever the discloser is', () => {
    fc.assert(fc.property(fc.constantFrom(...ORG_TYPES), type => {
      const facts: Facts = { purpose: 'research', 'discloser.type': type, 'data.identifiability': 'identifiable', 'subjects.deceased': false, 'data.categories': ['criminal_offence'] };
      expect(option(evaluate(pack, facts, TODAY), 'uk-gdpr-art10-sch1-condition')).toBe('met');
    }));
  });
});

describe('principle 7: the law on its date', () => {
  it('on each date every basis offered or relied on is the version in force then (one id, successive versions)', () => {
    const versions = (id: string) => pack.bases.filter(b => b.id === id);
    const inForce = (b: { in_force_from?: string; in_force_until?: string }, d: string) => (!b.in_force_from || b.in_force_from <= d) && (!b.in_force_until || d < b.in_force_until);
    const ONLY_NEW = ['uk-gdpr-art6-1ea'];
    fc.assert(fc.property(answers, facts => {
      for (const date of [BEFORE_DUAA, TODAY]) {
        const d = evaluate(pack, facts, date);
        for (const o of d.layers.flatMap(l => l.options)) {
          const now = versions(o.id).filter(b => inForce(b, date));
          expect(now.length, `${o.id} on ${date}`).toBe(1);
          expect(o.citation).toBe(now[0].citation);
        }
        for (const b of d.bases) expect(versions(b.id).filter(v => inForce(v, date)).map(v => v.citation)).toEqual([b.citation]);
        if (date === BEFORE_DUAA) for (const id of ONLY_NEW) expect(d.layers.flatMap(l => [...l.chosen, ...l.options.map(o => o.id)])).not.toContain(id);
      }
    }), RUNS);
  });
  it('the verdict on a share under the old and the new law differs only through the provisions the Act changed', () => {
    fc.assert(fc.property(withFixed({ 'recipient.location': 'uk', purpose: 'direct_care' }), facts => {
      const f = { ...facts, 'discloser.type': 'nhs_trust' };
      expect(evaluate(pack, f, BEFORE_DUAA).verdict).toBe(evaluate(pack, f, TODAY).verdict);
    }), RUNS);
  });
});
