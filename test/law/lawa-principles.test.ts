// Legal invariants for Art 6, 9 and 10 and DPA 2018 Sch 1 (round 3 findings A1-A7), as properties
// over generated answers (fast-check). Each states what the law tests, whatever else the answers say.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, withDefaults } from '../../src/core/evaluate.js';
import { contextFor } from '../../src/core/condition.js';
import type { Decision, Facts, Truth } from '../../src/core/types.js';
import { answersOf } from '../helpers/answers-arb.js';
import { builtinPack } from '../helpers/pack.js';

const pack = builtinPack();
const TODAY = '2026-11-30';
const { answers, withFixed } = answersOf(pack);
const RUNS = { numRuns: 150 };
const ORG_TYPES = pack.facts.find(f => f.id === 'recipient.type')!.values!;
const PUBLIC = ['nhs_trust', 'gp_practice', 'nhs_commissioner', 'nhs_national', 'local_authority', 'police', 'university', 'government', 'regulator', 'court'];

const layer = (d: Decision, id: string) => d.layers.find(l => l.id === id)!;
const option = (d: Decision, id: string): Truth | undefined => d.layers.flatMap(l => l.options).find(o => o.id === id)?.status;
const define = (facts: Facts, id: string): Truth => contextFor(pack, withDefaults(pack, facts).facts, evaluate(pack, facts, TODAY)).define(id).result;
const living = { 'data.identifiability': 'identifiable', 'subjects.deceased': false } as Facts;

describe('A1: Sch 1 para 6 tests a function conferred on the discloser', () => {
  it('changing only the recipient never changes whether para 6 is met', () => {
    fc.assert(fc.property(answers, fc.constantFrom(...ORG_TYPES), fc.constantFrom(...ORG_TYPES), (facts, a, b) => {
      expect(define({ ...facts, 'recipient.type': a }, 'para6.function')).toBe(define({ ...facts, 'recipient.type': b }, 'para6.function'));
    }), RUNS);
  });
  it('a safeguarding referral of an adult with no care and support needs, by a body other than the police naming no function and under no legal duty, never rests on para 6', () => {
    const fixed = {
      purpose: 'safeguarding', 'subjects.children': false, 'subjects.adult_at_risk': false, 'subjects.at_risk_of_harm': false,
      'discloser.statutory_function': false, 'gateway.legal_requirement': false,
    };
    fc.assert(fc.property(answers, fc.constantFrom(...ORG_TYPES.filter(t => t !== 'police')), (a, type) => {
      const facts = { ...a, ...fixed, 'discloser.type': type } as Facts;
      expect(define(facts, 'para6.function')).toBe('not_met');
      expect(evaluate(pack, facts, TODAY).bases.map(b => b.id)).not.toContain('dpa2018-sch1-p2-para6');
    }), RUNS);
  });
});

describe('A2: a capacitous refusal of a safeguarding referral is weighed, not a bar', () => {
  it('the Art 9 layer is never not_met for special category safeguarding data after a capacitous refusal', () => {
    fc.assert(fc.property(withFixed({ ...living, purpose: 'safeguarding', 'data.categories': ['health'], 'individual.objected': true, 'subjects.lack_capacity': false }), facts => {
      const d = evaluate(pack, facts, TODAY);
      expect(layer(d, 'art9').status).not.toBe('not_met');
      expect(layer(d, 'art9').chosen).not.toContain('uk-gdpr-art9-2c');
    }), RUNS);
  });
});

describe('A3: para 10 turns on the purpose of preventing an unlawful act', () => {
  it('serious harm threatened to others is an unlawful-act purpose, whoever receives the disclosure', () => {
    fc.assert(fc.property(answers, fc.constantFrom(...ORG_TYPES), (facts, type) => {
      expect(define({ ...facts, purpose: 'public_protection', 'harm.serious': true, 'recipient.type': type }, 'purpose.unlawful_act')).toBe('met');
    }), RUNS);
  });
});

describe('A4: Art 9(2)(f) needs a legal claim or a court acting judicially', () => {
  it('legal proceedings of an unstated kind to a court or to solicitors are a claim or a court; to an inquiry or review (type other) they are neither', () => {
    fc.assert(fc.property(withFixed({ purpose: 'legal_proceedings', 'proceedings.kind': 'unspecified' }), fc.constantFrom('court', 'commercial'), (facts, type) => {
      expect(define({ ...facts, 'recipient.type': type }, 'legal.claims_or_court')).toBe('met');
      expect(define({ ...facts, 'recipient.type': 'other' }, 'legal.claims_or_court')).toBe('not_met');
    }), RUNS);
  });
  it('a disclosure to an inquiry or review with no notice never yields a confident Art 9 basis: reviewed, unless another condition is met on its own terms', () => {
    fc.assert(fc.property(withFixed({ ...living, purpose: 'legal_proceedings', 'recipient.type': 'other', 'proceedings.kind': 'unspecified', 'data.categories': ['health'], 'consent.explicit': false, 'gateway.legal_requirement': false }), facts => {
      const d = evaluate(pack, facts, TODAY);
      expect(layer(d, 'art9').chosen).not.toContain('uk-gdpr-art9-2f');
      expect(option(d, 'uk-gdpr-art9-2f')).not.toBe('met');
    }), RUNS);
  });
});

describe('A5: official authority needs an identified official function', () => {
  it('where official authority is met for offence data, it is the Art 10 basis relied on', () => {
    fc.assert(fc.property(withFixed({ ...living, 'data.categories': ['criminal_offence'] }), facts => {
      const d = evaluate(pack, facts, TODAY);
      if (option(d, 'uk-gdpr-art10-official-authority') === 'met' && layer(d, 'art10').status === 'met') {
        expect(layer(d, 'art10').chosen).toEqual(['uk-gdpr-art10-official-authority']);
      }
    }), RUNS);
  });
  it('being a public body is not enough: a public body naming no function, for planning or direct care, has no official authority', () => {
    fc.assert(fc.property(answers, fc.constantFrom(...PUBLIC), fc.constantFrom('planning', 'direct_care', 'research'), (facts, type, purpose) => {
      expect(define({ ...facts, 'discloser.type': type, purpose, 'discloser.statutory_function': false }, 'discloser.official_function')).toBe('not_met');
    }), RUNS);
  });
});

describe('A7: an objection under Art 21(1) is weighed against public task', () => {
  it('after a capacitous objection with nothing recorded to override it, public task is never relied on', () => {
    fc.assert(fc.property(withFixed({ ...living, 'individual.objected': true, 'subjects.lack_capacity': false, 'public_interest.decision': 'not_made' }), fc.constantFrom('direct_care', 'planning', 'safeguarding', 'public_health'), (facts, purpose) => {
      const d = evaluate(pack, { ...facts, purpose }, TODAY);
      expect(layer(d, 'art6').chosen).not.toContain('uk-gdpr-art6-1e');
    }), RUNS);
  });
  it('for a public body acting within its functions, an objection never makes Art 6 not_met (it is reviewed)', () => {
    fc.assert(fc.property(answers, fc.constantFrom(...PUBLIC), fc.constantFrom('direct_care', 'planning', 'safeguarding', 'public_health', 'crime', 'public_protection'), (facts, type, purpose) => {
      const f = { ...facts, ...living, 'discloser.type': type, purpose, 'individual.objected': true, 'subjects.lack_capacity': false };
      expect(layer(evaluate(pack, f, TODAY), 'art6').status).not.toBe('not_met');
    }), RUNS);
  });
});
