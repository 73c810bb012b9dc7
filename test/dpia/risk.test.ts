// Risk scores follow from the facts; a measure never raises a residual score; the generated Art 36
// definition agrees with the scores; a high residual risk gives ico-prior-consultation; a local pack adds a risk.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeContext } from '../../src/core/condition.js';
import { decideWithDpia } from '../../src/dpia/decide.js';
import type { Condition, Facts, RiskDef } from '../../src/core/types.js';
import { assessRisk } from '../../src/dpia/risk.js';
import { riskDefines } from '../../src/dpia/synth.js';
import { loadPacks, readPackDir } from '../../src/load/load-pack.js';
import { builtinDir } from '../../src/pack/active.js';
import { builtinPack, factsOf } from '../helpers/pack.js';
import { scenarioAnswers } from '../docs/helpers.js';

const AS_OF = '2026-11-22';
const runs = Number(process.env.PROPERTY_RUNS ?? 1000);
const risk = (facts: Facts, id: string) => decideWithDpia(builtinPack(), facts, AS_OF).dpia!.risks.find(r => r.id === id);

/** A population's identifiable health records, routine, with every security measure answered. */
const base = (controls: Record<string, unknown>) => factsOf({
  sharing: { frequency: 'routine' }, purpose: 'planning',
  data: { identifiability: 'identifiable', categories: ['health'], large_scale: true },
  subjects: { children: false, adult_at_risk: false, vulnerable: false, deceased: false },
  controls: { secure_transfer: false, need_to_know: false, staff_trained: false, ...controls },
});

describe('risk scores follow from the facts', () => {
  it('a breach of a population\'s records: 3 x 5 before measures, each measure in place lowers the likelihood', () => {
    const none = risk(base({}), 'confidentiality-breach')!;
    expect(none.applies).toBe('met');
    expect(none.inherent).toMatchObject({ likelihood: 3, impact: 5, score: 15, band: 'extreme' });
    expect(none.residual.score).toBe(15);
    expect(none.high).toBe('met');
    const one = risk(base({ secure_transfer: true }), 'confidentiality-breach')!;
    expect(one.residual).toMatchObject({ likelihood: 2, impact: 5, score: 10, band: 'high' });
    expect(one.high).toBe('not_met');
    const all = risk(base({ secure_transfer: true, need_to_know: true, staff_trained: true }), 'confidentiality-breach')!;
    expect(all.residual).toMatchObject({ likelihood: 1, impact: 5, score: 5 });
  });

  it('a measure not answered is not counted, and the score it would give is shown', () => {
    const f = base({});
    delete f['controls.staff_trained'];
    const r = risk(f, 'confidentiality-breach')!;
    expect(r.residual.score).toBe(15);
    expect(r.residual_if_confirmed?.score).toBe(10);
    expect(r.high).toBe('unknown');
    expect(r.unknown).toContain('controls.staff_trained');
  });

  it('a risk the facts rule out is not listed: no transfer risk for a UK recipient', () => {
    expect(risk(base({}), 'transfer-abroad')).toBeUndefined();
    expect(risk({ ...base({}), 'recipient.location': 'other' }, 'transfer-abroad')?.applies).toBe('met');
  });

  it('a score set by a person wins, with its reason, and the computed one is kept', () => {
    const f = { ...base({}), dpia: { scores: { 'confidentiality-breach': { residual: { likelihood: 1, impact: 5, reason: 'Data held in a trusted research environment only' } } } } };
    const r = risk(f, 'confidentiality-breach')!;
    expect(r.residual.score).toBe(5);
    expect(r.computed.residual.score).toBe(15);
    expect(r.set?.residual).toMatch(/trusted research environment/);
    expect(r.high).toBe('not_met');
  });
});

describe('prior consultation (Art 36)', () => {
  it('a residual high risk yields ico-prior-consultation, and the verdict is not lawful until it is done', () => {
    const answers = { ...scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml') } as Record<string, any>;
    answers.controls = { ...answers.controls, dpia: 'completed', secure_transfer: false, need_to_know: false, staff_trained: false };
    answers.data = { ...answers.data, identifiability: 'identifiable' };
    const d = decideWithDpia(builtinPack(), factsOf(answers), AS_OF);
    expect(d.dpia!.residual_high).toBe('met');
    expect(d.conditions.map(c => c.id)).toContain('ico-prior-consultation');
    expect(d.verdict).not.toBe('lawful');
    const c = d.conditions.find(x => x.id === 'ico-prior-consultation')!;
    expect(c.citation).toMatch(/Art 36/);
    expect(c.reason).toMatch(/8 weeks/);

    const done = decideWithDpia(builtinPack(), factsOf({ ...answers, controls: { ...answers.controls, ico_consultation: 'completed' } }), AS_OF);
    expect(done.conditions.map(x => x.id)).not.toContain('ico-prior-consultation');
  });

  it('a person\'s score can raise a risk to high, with a reason, and then prior consultation is required', () => {
    const answers = scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml') as Record<string, any>;
    const facts = factsOf({ ...answers, dpia: { scores: { reidentification: { residual: { likelihood: 4, impact: 4, reason: 'Rare diagnoses in small areas: the DPO judges re-identification likely' } } } } });
    const d = decideWithDpia(builtinPack(), facts, AS_OF);
    expect(d.conditions.map(c => c.id)).toContain('ico-prior-consultation');
  });
});

// ---------------------------------------------------------------- properties on random risks
const steps = fc.record({ likelihood: fc.integer({ min: 0, max: 4 }), impact: fc.integer({ min: 0, max: 4 }) }, { requiredKeys: [] });
const riskArb = fc.record({
  likelihood: fc.integer({ min: 1, max: 5 }), impact: fc.integer({ min: 1, max: 5 }),
  aggr: fc.array(steps, { maxLength: 3 }), meas: fc.array(steps, { minLength: 1, maxLength: 5 }),
});
const truth = fc.constantFrom<boolean | undefined>(true, false, undefined);
const toDef = (r: { likelihood: number; impact: number; aggr: object[]; meas: object[] }): RiskDef => ({
  id: 'r', title: 'R', description: 'R', citation: 'Test', raised_by: { fact: 'raised', is: true },
  likelihood: r.likelihood, impact: r.impact,
  aggravated_by: r.aggr.length ? r.aggr.map((adds, i) => ({ title: `a${i}`, when: { fact: `a${i}`, is: true }, adds })) : undefined,
  measures: r.meas.map((reduces, j) => ({ id: `m${j}`, title: `m${j}`, in_place: { fact: `m${j}`, is: true }, reduces })),
});
const factsFor = (raised: boolean | undefined, a: (boolean | undefined)[], m: (boolean | undefined)[]): Facts => {
  const f: Facts = {};
  if (raised !== undefined) f.raised = raised;
  a.forEach((v, i) => { if (v !== undefined) f[`a${i}`] = v; });
  m.forEach((v, j) => { if (v !== undefined) f[`m${j}`] = v; });
  return f;
};
const ctxOf = (facts: Facts, defines: Map<string, { when: Condition }> = new Map()) => makeContext(facts, defines, () => 'unknown', () => undefined);

describe('properties', () => {
  it('putting a measure in place never raises the residual score, nor makes the risk high', () => {
    fc.assert(fc.property(riskArb, fc.array(truth, { minLength: 3, maxLength: 3 }), fc.array(truth, { minLength: 5, maxLength: 5 }), fc.nat(4), (r, a, m, k) => {
      const def = toDef(r);
      const j = k % def.measures.length;
      const before = assessRisk(def, ctxOf(factsFor(true, a, m)));
      const after = assessRisk(def, ctxOf(factsFor(true, a, m.map((v, i) => (i === j ? true : v)))));
      expect(after.residual.score).toBeLessThanOrEqual(before.residual.score);
      expect(after.residual.likelihood).toBeLessThanOrEqual(before.residual.likelihood);
      expect(after.residual.impact).toBeLessThanOrEqual(before.residual.impact);
      expect(after.residual.score).toBeLessThanOrEqual(after.inherent.score);
      if (before.high === 'not_met') expect(after.high).toBe('not_met');
    }), { numRuns: runs });
  });

  it('the generated Art 36 definition gives the same three-valued answer as the scores', () => {
    fc.assert(fc.property(riskArb, truth, fc.array(truth, { minLength: 3, maxLength: 3 }), fc.array(truth, { minLength: 5, maxLength: 5 }), (r, raised, a, m) => {
      const def = toDef(r);
      const facts = factsFor(raised, a, m);
      const defines = new Map(riskDefines([def]).map(d => [d.id, d]));
      const generated = ctxOf(facts, defines).define('dpia.residual_high_computed').result;
      expect(generated).toBe(assessRisk(def, ctxOf(facts)).high);
    }), { numRuns: runs });
  });
});

describe('a local pack adds a risk without code', () => {
  it('the risk is loaded, scored and lowered by its measure', () => {
    const pack = loadPacks([readPackDir(builtinDir(), true), readPackDir(join(__dirname, '..', 'fixtures', 'packs', 'dpia-local-risk'))]);
    expect(pack.risks.map(r => r.id)).toContain('call-recordings');
    const facts = factsOf({ ...scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'), data: { ...(scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml') as any).data, categories: ['health', 'other'] } }, pack);
    const r = decideWithDpia(pack, facts, AS_OF).dpia!.risks.find(x => x.id === 'call-recordings')!;
    expect(r.pack).toBe('local-dpia-risk');
    expect(r.inherent.score).toBe(9);
    expect(r.residual.score).toBe(3); // access limited by role: likelihood 3 -> 1
  });

  it('a risk naming an unknown fact or condition is refused at load, with its file and line', () => {
    // The schema and cross-checks are the loader's: exercised here through a broken copy in memory.
    const src = readPackDir(join(__dirname, '..', 'fixtures', 'packs', 'dpia-local-risk'));
    src.files[0].text = src.files[0].text.replace('controls.need_to_know', 'controls.need_to_knoe').replace('condition: access-controls', 'condition: access-control');
    expect(() => loadPacks([readPackDir(builtinDir(), true), src])).toThrow(/need_to_knoe|access-control/);
    try { loadPacks([readPackDir(builtinDir(), true), src]); } catch (e) {
      const problems = (e as { problems: { file: string; line?: number; message: string }[] }).problems;
      expect(problems.some(p => /unknown fact `controls.need_to_knoe`/.test(p.message) && p.line)).toBe(true);
      expect(problems.some(p => /unknown condition `access-control`/.test(p.message))).toBe(true);
    }
  });
});
