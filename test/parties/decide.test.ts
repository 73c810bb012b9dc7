// A decision per flow and per party with the one engine: a one-to-one file decides as it always did;
// the shared care record decides each party on its own facts; the agreement is its weakest flow.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.js';
import type { Decision } from '../../src/core/types.js';
import { decideAgreement } from '../../src/parties/decide.js';
import { builtinPack, factsOf, scenarios } from '../helpers/pack.js';
import { AS_OF, exampleAnswers, read } from './helpers.js';

describe('a one-to-one answers file', () => {
  it('decides as before: one flow whose decision is the engine\'s, for every acceptance scenario', () => {
    const pack = builtinPack();
    const all = scenarios();
    expect(all.length).toBeGreaterThan(10);
    for (const s of all) {
      const facts = factsOf(s.answers);
      const a = decideAgreement(pack, facts, AS_OF);
      expect(a.flows, s.file).toHaveLength(1);
      expect(a.flows[0].decision, s.file).toEqual(evaluate(pack, facts, AS_OF));
      expect(a.verdict, s.file).toBe(evaluate(pack, facts, AS_OF).verdict);
    }
  });
});

describe('the shared care record', () => {
  const decided = async (change: (x: Record<string, unknown>) => void = () => {}) => {
    const answers = exampleAnswers();
    change(answers);
    const { facts, problems } = await read(answers);
    expect(problems).toEqual([]);
    return decideAgreement(builtinPack(), facts, AS_OF);
  };

  it('decides every flow for every recipient, each with its own two parties\' facts', async () => {
    const a = await decided();
    // Nine disclosing parties, each to the nine others.
    expect(a.flows).toHaveLength(81);
    for (const x of a.flows) {
      expect(x.facts['discloser.name']).toBe(x.from.name);
      expect(x.facts['discloser.type']).toBe(x.from.type);
      expect(x.facts['recipient.name']).toBe(x.to.name);
      expect(x.facts['recipient.role']).toBe(x.to.role);
      expect(x.facts.parties).toBeUndefined();
    }
  });

  it('shows each party\'s own basis: public task for public bodies, legitimate interests for a self-funded home, unsettled where the law is', async () => {
    const a = await decided();
    const row = (id: string) => a.matrix.find(r => r.party.id === id)!;
    for (const id of ['gp-riverside', 'westbury-trust', 'westbury-council']) {
      expect(row(id).cells.art6).toMatchObject({ status: 'met', bases: ['Public task'], unsettled: [] });
    }
    expect(row('meadow-lodge').cells.art6.bases).toEqual(['Legitimate interests']);
    for (const id of ['oakfield-house', 'st-clare-hospice', 'vale-community']) {
      expect(row(id).cells.art6.unsettled.join(' '), id).toMatch(/Unsettled/);
    }
    expect(row('scr-host').verdict).toBe('none');
    expect(a.verdict).toBe('lawful_with_conditions');
  });

  it('gives each party what it must do: a recipient below DSPT Standards Met must reach it', async () => {
    const a = await decided();
    const duties = (id: string) => a.duties.find(d => d.party.id === id)!;
    expect(duties('oakfield-house').conditions.map(c => c.id)).toContain('recipient-assurance');
    expect(duties('gp-riverside').conditions.map(c => c.id)).not.toContain('recipient-assurance');
  });

  it('is as weak as its weakest flow, and only that flow\'s party is held back', async () => {
    const a = await decided(x => {
      (x.flows as Record<string, unknown>[]).push({ id: 'overseas-copy', from: 'meadow-lodge', to: ['gp-oakwood'], answers: { recipient: { location: 'other' }, controls: { transfer_mechanism: 'none' } } });
    });
    const weak = a.flows.find(f => f.flow.id === 'overseas-copy')!;
    expect(['not_lawful', 'incomplete', 'needs_review']).toContain(weak.decision.verdict);
    expect(a.verdict).toBe(weak.decision.verdict);
    expect(a.duties.find(d => d.party.id === 'meadow-lodge')!.blocking.map(b => b.flow)).toEqual(['overseas-copy']);
    expect(a.duties.find(d => d.party.id === 'gp-riverside')!.blocking).toEqual([]);
  });

  it('leaves out a party that has left, as discloser and as recipient', async () => {
    const a = await decided(x => { (x.parties as Record<string, unknown>[]).find(p => p.id === 'gp-oakwood')!.left = { date: '2026-05-01', reason: 'Merged' }; });
    expect(a.flows.some(f => f.from.id === 'gp-oakwood' || f.to.id === 'gp-oakwood')).toBe(false);
    expect(a.flows).toHaveLength(64);
  });

  it('uses the engine it is given, once per flow and recipient (the core stays pure)', async () => {
    const answers = exampleAnswers();
    const { facts } = await read(answers);
    let calls = 0;
    const a = decideAgreement(builtinPack(), facts, AS_OF, f => { calls++; return evaluate(builtinPack(), f, AS_OF) as Decision; });
    expect(calls).toBe(a.flows.length);
  });
});
