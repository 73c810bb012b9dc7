// DPIA screening on the acceptance scenarios: which criteria fire, and required / likely / not required.
import { describe, expect, it } from 'vitest';
import { contextFor, evalCondition } from '../../src/core/condition.js';
import { decideWithDpia } from '../../src/dpia/decide.js';
import { builtinPack, factsOf } from '../helpers/pack.js';
import { scenarioAnswers } from '../docs/helpers.js';

const AS_OF = '2026-11-22';
const decide = (answers: Record<string, unknown>) => decideWithDpia(builtinPack(), factsOf(answers), AS_OF);
/** The screening questions, all answered no. */
const NONE_OF_THE_SCREENING = {
  processing: { profiling: false, systematic_monitoring: false, public_area_monitoring: false, tracking: false, service_access_decisions: false },
  subjects: { vulnerable: false },
  harm: { breach_physical: false },
};
const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = v && typeof v === 'object' && !Array.isArray(v) ? merge((a[k] ?? {}) as Record<string, unknown>, v as Record<string, unknown>) : v;
  return out;
};

describe('DPIA screening', () => {
  it('large-scale linked planning data: required, by Art 35(3)(b) and the ICO list (data matching)', () => {
    const d = decide(scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'));
    expect(d.dpia!.outcome).toBe('required');
    const fired = d.dpia!.fired.map(c => c.id);
    expect(fired).toEqual(expect.arrayContaining(['dpia.art35.b_large_scale_sensitive', 'dpia.ico.data_matching', 'dpia.edpb.large_scale', 'dpia.edpb.matching_combining', 'dpia.edpb.sensitive_data']));
    expect(d.dpia!.fired[0].family).toBe('art35');
    expect(d.dpia!.reasons[0]).toMatch(/^A DPIA is required/);
    expect(d.dpia!.reasons.join(' ')).toMatch(/UK GDPR Art 35\(3\)\(b\)/);
    expect(d.dpia!.fired.every(c => c.citation.length > 3)).toBe(true);
    expect(d.conditions.map(c => c.id)).toContain('dpia');
  });

  it('research linkage of 40,000 records: required', () => {
    const d = decide(scenarioAnswers('19-research-s251-opt-outs-apply.yaml'));
    expect(d.dpia!.outcome).toBe('required');
    expect(d.conditions.map(c => c.id)).not.toContain('dpia'); // the DPIA is completed
  });

  it('a one-off disclosure about one person: not required once the screening questions are answered', () => {
    const d = decide(merge(scenarioAnswers('10-police-serious-crime-no-decision.yaml'), NONE_OF_THE_SCREENING));
    expect(d.dpia!.outcome).toBe('not_required');
    expect(d.dpia!.edpb_met).toBe(1); // health data only
    expect(d.dpia!.fired.map(c => c.id)).toEqual(['dpia.edpb.sensitive_data']);
    expect(d.dpia!.reasons.join(' ')).toMatch(/1 of the EDPB's nine criteria is met/);
  });

  it('unknown stays unknown: the same disclosure without the screening answers is undetermined, naming what to ask', () => {
    const d = decide(scenarioAnswers('10-police-serious-crime-no-decision.yaml'));
    expect(d.dpia!.outcome).toBe('undetermined');
    expect(d.dpia!.missing).toEqual(expect.arrayContaining(['processing.profiling', 'harm.breach_physical']));
    // A one-off disclosure is not systematic monitoring, whatever is unanswered.
    expect(d.dpia!.open.map(c => c.id)).not.toContain('dpia.edpb.systematic_monitoring');
  });

  it('two EDPB criteria and nothing on the lists: likely required, and the condition dpia follows', () => {
    const answers = merge(merge(scenarioAnswers('03-care-home-to-gp-privacy-information.yaml'), NONE_OF_THE_SCREENING), { subjects: { vulnerable: true }, controls: { dpia: 'not_started' } });
    const d = decide(answers);
    expect(d.dpia!.outcome).toBe('likely');
    expect(d.dpia!.edpb_met).toBe(2);
    expect(d.conditions.map(c => c.id)).toContain('dpia');
  });

  it('anonymised data is not personal data: no DPIA and no DPIA condition', () => {
    const d = decide(scenarioAnswers('17-anonymised-aggregates-to-company.yaml'));
    expect(d.dpia!.outcome).toBe('not_required');
    expect(d.conditions.map(c => c.id)).not.toContain('dpia');
  });

  it('every acceptance scenario gets a screening result, and one whose DPIA is done never gets the dpia condition', () => {
    for (const f of ['01-discharge-summary-trust-to-gp.yaml', '14-planning-s251-opt-outs-apply.yaml', '23-overseas-processor-approved-country.yaml']) {
      const d = decide(scenarioAnswers(f));
      expect(['required', 'likely', 'not_required', 'undetermined']).toContain(d.dpia!.outcome);
      expect(d.conditions.map(c => c.id), f).not.toContain('dpia');
    }
  });
});

describe('the questionnaire asks the DPIA section only when the screening calls for it', () => {
  const askWhen = (fact: string, answers: Record<string, unknown>) => {
    const pack = builtinPack();
    const facts = factsOf(answers);
    const q = pack.questions.find(x => x.fact === fact)!;
    return evalCondition(q.ask_when!, contextFor(pack, facts, decideWithDpia(pack, facts, AS_OF))).result;
  };
  it('human review of automated outputs: asked for a linked planning flow with automated decisions, not for a one-off disclosure', () => {
    const planning = merge(scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'), { processing: { automated_decisions: true } });
    expect(askWhen('controls.human_review', planning)).toBe('met');
    const oneOff = merge(merge(scenarioAnswers('10-police-serious-crime-no-decision.yaml'), NONE_OF_THE_SCREENING), { processing: { automated_decisions: true } });
    // Automated decisions about one person still make two EDPB criteria with health data: likely required.
    expect(askWhen('controls.human_review', merge(oneOff, { processing: { automated_decisions: false } }))).toBe('not_met');
  });
  it('the ICO consultation: asked only when a risk may stay high', () => {
    expect(askWhen('controls.ico_consultation', scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'))).toBe('not_met');
    const bare = merge(scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'), { data: { identifiability: 'identifiable' }, controls: { secure_transfer: false, need_to_know: false, staff_trained: false } });
    expect(askWhen('controls.ico_consultation', bare)).toBe('met');
  });
});
