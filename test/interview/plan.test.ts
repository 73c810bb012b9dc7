// The pure planner: which question comes next, given the answers so far.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Facts, Pack } from '../../src/core/types.js';
import { plan, type Answered } from '../../src/interview/plan.js';
import { loadActivePack } from '../../src/pack/active.js';
import { SCENARIOS, scenario } from './scripted.js';

const AS_OF = '2026-11-22';
let pack: Pack;
beforeAll(async () => { pack = await loadActivePack([]); });
const state = (facts: Facts, skipped: string[] = []): Answered => ({ facts, skipped: new Set(skipped) });
const next = (facts: Facts, skipped: string[] = [], optional = false) => plan(pack, state(facts, skipped), AS_OF, { optional }).next;

describe('plan', () => {
  it('opens with the title and description, then the purpose', () => {
    expect(next({})?.question.fact).toBe('title');
    expect(next({ title: 'x' })?.question.fact).toBe('description');
    expect(next({ title: 'x', description: 'y' })?.question.fact).toBe('sharing.frequency');
    expect(next({ title: 'x', description: 'y', 'sharing.frequency': 'routine' })).toMatchObject({ phase: 'verdict', question: { fact: 'purpose' } });
  });

  it('asks whether consent is practicable before asking about s251 support', () => {
    const facts: Facts = { title: 'x', description: 'y', 'sharing.frequency': 'one_off', purpose: 'research', jurisdiction: 'england', 'discloser.type': 'nhs_trust', 'recipient.type': 'university', 'recipient.location': 'uk', 'data.identifiability': 'identifiable', 'data.categories': ['health'], 'consent.explicit': false, 'gateway.legal_requirement': false, 'individual.objected': false };
    expect(next(facts)?.question.fact).toBe('consent.practicable');
    // "Not sure" about practicability does not block the s251 question.
    expect(next(facts, ['consent.practicable'])?.question.fact).toBe('gateway.s251');
    expect(next({ ...facts, 'consent.practicable': false })?.question.fact).toBe('gateway.s251');
  });

  it('never offers a question whose ask_when rules it out', () => {
    const facts: Facts = { title: 'x', description: 'y', purpose: 'direct_care', 'discloser.type': 'nhs_trust' };
    for (let i = 0, f = { ...facts }; i < 60; i++) {
      const n = plan(pack, state(f), AS_OF).next;
      if (!n) break;
      expect(n.question.fact).not.toMatch(/^gateway\.s251|ndoo|discloser\.publicly_funded_care/);
      f = { ...f, [n.question.fact]: n.question.choices?.[0]?.value ?? 'text' } as Facts;
    }
  });

  it('a skipped fact is not asked again', () => {
    expect(next({ title: 'x', description: 'y', 'sharing.frequency': 'one_off' }, ['purpose'])?.question.fact).not.toBe('purpose');
  });

  it('has nothing to ask once every fact is known; contacts and review date only on request', () => {
    const { facts } = scenario(pack, join(SCENARIOS, '01-discharge-summary-trust-to-gp.yaml'));
    const p = plan(pack, state(facts), AS_OF);
    expect(p.next).toBeUndefined();
    expect(p.decision.verdict).toBe('lawful');
    expect(next(facts, [], true)?.question.fact).toBe('recipient.contacts');
  });
});

describe('provisional verdict', () => {
  it('says how much is open, then where it is heading, then the verdict', async () => {
    const { provisional } = await import('../../src/interview/run.js');
    const { evaluate } = await import('../../src/core/evaluate.js');
    const { facts } = scenario(pack, join(SCENARIOS, '01-discharge-summary-trust-to-gp.yaml'));
    expect(provisional(evaluate(pack, {}, AS_OF))).toMatch(/^incomplete \(\d+ answers still decide it\)$/);
    const { 'recipient.dspt': _d, ...noDspt } = facts;
    expect(provisional(evaluate(pack, noDspt, AS_OF))).toBe('heading for lawful; 1 answer decides the conditions');
    expect(provisional(evaluate(pack, facts, AS_OF))).toBe('lawful');
    expect(provisional(evaluate(pack, { ...facts, 'recipient.dspt': 'none' }, AS_OF))).toBe('lawful with conditions (1 condition)');
  });
});
