// The questionnaire driven through a scripted prompter: branching, review edits, resume, and every
// acceptance scenario reachable with the same decision.
import { mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Decision, Pack } from '../../src/core/types.js';
import { evaluate } from '../../src/core/evaluate.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadActivePack } from '../../src/pack/active.js';
import { runInterview } from '../../src/interview/run.js';
import { SCENARIOS, scenario, scripted } from './scripted.js';

const AS_OF = '2026-11-22';
let pack: Pack;
beforeAll(async () => { pack = await loadActivePack([]); });

const quiet = () => {};
const dir = () => mkdtempSync(join(tmpdir(), 'igcheck-interview-'));
const core = (d: Decision) => ({ verdict: d.verdict, bases: d.bases.map(b => b.id), conditions: d.conditions.map(c => c.id), routes: d.routes.map(r => r.id), missing: d.missing });
const LEGAL = (f: string) => !['title', 'description', 'sharing.frequency', 'discloser.name', 'recipient.name', 'data.items', 'start_date', 'review_date', 'controls.retention', 'gateway.legal_requirement_ref', 'discloser.contacts', 'recipient.contacts'].includes(f);

async function interview(file: string, o: { review?: string[]; stopAfter?: number; resume?: string; cwd?: string } = {}) {
  const s = scenario(pack, join(SCENARIOS, file));
  const p = scripted({ ...s.facts }, { ...o, pack });
  const cwd = o.cwd ?? dir();
  const result = await runInterview({ pack, asOf: AS_OF, prompter: p, dir: cwd, print: quiet, warn: quiet, resume: o.resume });
  return { s, p, result, cwd };
}

describe('branching', () => {
  it('a direct-care share never asks about s251 or opt-outs, in about 25 questions', async () => {
    const { p, result } = await interview('01-discharge-summary-trust-to-gp.yaml');
    const facts = p.asked.filter(k => k !== 'review' && !/\.(detail|more)$/.test(k));
    expect(facts).toContain('purpose');
    expect(facts).not.toContain('gateway.s251');
    expect(facts).not.toContain('gateway.s251_ndoo_exempt');
    expect(facts).not.toContain('controls.ndoo_applied');
    // About 28: 21 legal questions (the four defaults confirmed in one), 8 for the documents. For a
    // large-scale flow, whether a risk stays high enough for prior consultation of the ICO (Art 36)
    // turns on children, adults at risk and new technology as well (rules/england/dpia.yaml).
    expect(facts.filter(LEGAL).length).toBeLessThanOrEqual(21);
    expect(facts.length).toBeLessThanOrEqual(29);
    expect(evaluate(pack, result!.facts, AS_OF).verdict).toBe('lawful');
  });

  it('research asks about consent practicability, s251 and opt-outs, practicability first', async () => {
    const { p, result } = await interview('19-research-s251-opt-outs-apply.yaml');
    for (const f of ['consent.practicable', 'gateway.s251', 'gateway.s251_ndoo_exempt', 'controls.ndoo_applied']) expect(p.asked).toContain(f);
    expect(p.asked.indexOf('consent.practicable')).toBeLessThan(p.asked.indexOf('gateway.s251'));
    const d = evaluate(pack, result!.facts, AS_OF);
    expect(d.verdict).toBe('lawful_with_conditions');
    expect(d.conditions.map(c => c.id)).toContain('apply-opt-outs');
  });

  it('anonymised aggregates skip the questions about consent and confidentiality', async () => {
    const { p } = await interview('17-anonymised-aggregates-to-company.yaml');
    for (const f of ['individual.objected', 'consent.explicit', 'gateway.s251', 'recipient.dspt']) expect(p.asked).not.toContain(f);
  });

  it('never asks the same fact twice without a review edit', async () => {
    const { p } = await interview('26-marac-referral-criminal-offence-data.yaml');
    const facts = p.asked.filter(k => k !== 'review' && !/\.(detail|more)$/.test(k));
    expect(new Set(facts).size).toBe(facts.length);
  });
});

describe('every acceptance scenario is reachable through the questionnaire', () => {
  const files = existsSync(SCENARIOS) ? readdirSync(SCENARIOS).filter(f => f.endsWith('.yaml')).sort() : [];
  it.each(files)('%s', async file => {
    const { s, result } = await interview(file);
    const viaInterview = evaluate(pack, result!.facts, AS_OF);
    expect(core(viaInterview)).toEqual(core(evaluate(pack, s.facts, AS_OF)));
    if (s.expect.verdict) expect([s.expect.verdict].flat()).toContain(viaInterview.verdict);
  });
});

describe('review screen', () => {
  it('changing an answer re-evaluates, asks what the change opens up, and saves it', async () => {
    const s = scenario(pack, join(SCENARIOS, '05-direct-care-patient-objects.yaml'));
    const p = scripted({ ...s.facts }, { review: ['individual.objected'], pack });
    const cwd = dir();
    // The first review shows an objection; the user changes it to "no objection".
    const select = p.select.bind(p);
    p.select = async (o: any) => {
      if (o.key === 'review' && p.asked.filter(k => k === 'review').length === 0) p.facts['individual.objected'] = false;
      return select(o);
    };
    const result = await runInterview({ pack, asOf: AS_OF, prompter: p, dir: cwd, print: quiet });
    expect(evaluate(pack, s.facts, AS_OF).verdict).toBe('not_lawful');
    expect(p.asked.filter(k => k === 'review').length).toBe(2);
    expect(result!.facts['individual.objected']).toBe(false);
    const after = evaluate(pack, result!.facts, AS_OF);
    expect(after.verdict).not.toBe('not_lawful');
    const edit = p.asked.indexOf('review');
    expect(p.asked.slice(edit)).toContain('individual.objected');
    const saved = readFileSync(result!.sessionFile!, 'utf8');
    expect(saved).toMatch(/objected: false/);
  });
});

describe('review screen: a change that opens new questions', () => {
  it('changing the purpose from direct care to research asks about consent and s251 before the next review', async () => {
    const s = scenario(pack, join(SCENARIOS, '01-discharge-summary-trust-to-gp.yaml'));
    const p = scripted({ ...s.facts }, { review: ['purpose'], pack });
    const select = p.select.bind(p);
    p.select = async (o: any) => {
      if (o.key === 'review' && !p.asked.includes('review')) p.facts.purpose = 'research';
      return select(o);
    };
    const result = await runInterview({ pack, asOf: AS_OF, prompter: p, dir: dir(), print: quiet });
    const firstReview = p.asked.indexOf('review');
    expect(p.asked.slice(0, firstReview)).not.toContain('gateway.s251');
    const after = p.asked.slice(firstReview + 1, p.asked.lastIndexOf('review'));
    expect(after[0]).toBe('purpose');
    expect(after).toContain('consent.practicable');
    expect(after).toContain('gateway.s251');
    expect(result!.facts.purpose).toBe('research');
    // 01 says there is no s251 support: identifiable research data without it is not lawful.
    expect(evaluate(pack, result!.facts, AS_OF).verdict).toBe('not_lawful');
  });
});

describe('nothing lost', () => {
  it('Ctrl-C leaves the session file; --resume asks only the rest and reaches the same decision', async () => {
    const cwd = dir();
    const first = await interview('14-planning-s251-opt-outs-apply.yaml', { stopAfter: 8, cwd });
    expect(first.result).toBeUndefined();
    const files = readdirSync(cwd).filter(f => f.endsWith('.igcheck-session.yaml'));
    expect(files).toHaveLength(1);
    const session = join(cwd, files[0]);
    const early = first.p.asked.filter(k => k !== 'review' && k !== 'assumptions' && !/\.(detail|more)$/.test(k));
    expect(early).toHaveLength(8);

    const second = await interview('14-planning-s251-opt-outs-apply.yaml', { resume: session, cwd });
    expect(second.result!.sessionFile).toBe(session);
    for (const f of early) expect(second.p.asked).not.toContain(f);
    const whole = await interview('14-planning-s251-opt-outs-apply.yaml');
    expect(core(evaluate(pack, second.result!.facts, AS_OF))).toEqual(core(evaluate(pack, whole.result!.facts, AS_OF)));

    // The saved file is an answers file: read back, it gives the identical decision.
    const back = await parseAnswers(readFileSync(session, 'utf8'), session, pack.facts);
    expect(core(evaluate(pack, back.facts, AS_OF))).toEqual(core(evaluate(pack, second.result!.facts, AS_OF)));
  });

  it('"not sure" is saved as null and not asked again on resume', async () => {
    const cwd = dir();
    const s = scenario(pack, join(SCENARIOS, '30-incomplete-objection-unknown.yaml'));
    const p = scripted({ ...s.facts }, { pack });
    const r = await runInterview({ pack, asOf: AS_OF, prompter: p, dir: cwd, print: quiet });
    expect(p.asked).toContain('individual.objected');
    expect(readFileSync(r!.sessionFile!, 'utf8')).toMatch(/objected: null/);
    expect(evaluate(pack, r!.facts, AS_OF).missing).toEqual(['individual.objected']);
    const again = scripted({ ...s.facts }, { pack });
    await runInterview({ pack, asOf: AS_OF, prompter: again, dir: cwd, print: quiet, resume: r!.sessionFile });
    expect(again.asked.filter(k => k !== 'review')).toEqual([]);
  });

  it('an answers file that leaves facts unknown asks only those, into a new session file', async () => {
    const cwd = dir();
    const s = scenario(pack, join(SCENARIOS, '30-incomplete-objection-unknown.yaml'));
    const file = join(cwd, 'share.yaml');
    writeFileSync(file, stringify(parse(readFileSync(join(SCENARIOS, '30-incomplete-objection-unknown.yaml'), 'utf8')).answers));
    const p = scripted({ ...s.facts, 'individual.objected': false }, { pack });
    const r = await runInterview({ pack, asOf: AS_OF, prompter: p, dir: cwd, print: quiet, answersFile: file });
    // A one-off disclosure: the decision record's own facts the file leaves out are asked too.
    expect(s.facts['sharing.frequency']).toBe('one_off');
    expect(p.asked.filter(k => k !== 'review')).toEqual(['individual.objected', 'request.by', 'disclosure.decision', 'disclosure.withheld']);
    expect(r!.sessionFile).not.toBe(file);
    expect(evaluate(pack, r!.facts, AS_OF).verdict).toBe('lawful');
  });
});
