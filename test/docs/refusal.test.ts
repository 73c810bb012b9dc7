// A refused one-off disclosure has its record too: the refusal with its reasons, what was asked for and
// by whom, signed; and nothing about a disclosure (what is disclosed, how it is sent, who is told).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/docs/write.js';
import { assessed, scenarioAnswers, tmp } from './helpers.js';

beforeAll(() => { process.env.IGCHECK_CONFIG_DIR = join(tmp(), 'config'); process.env.IGCHECK_SIGNER = 'Test Signer'; delete process.env.IGCHECK_PASSPHRASE; });

async function record(answers: Record<string, unknown>) {
  const a = await assessed(answers);
  const r = await writeOutputs({ ...a, opts: { out: 'r', format: 'md,pdf' }, cwd: tmp(), quiet: true });
  return { a, md: readFileSync(join(r.dir, 'disclosure-decision-record.md'), 'utf8') };
}

/** The sections and sentences only a disclosure has. */
const DISCLOSURE_ONLY = [/What is disclosed and what is withheld/, /How the information is sent and held/, /Whether the person was told/,
  /Why disclosure is necessary/, /Lawful basis and duty of confidentiality/, /What must be done before disclosing/,
  /Disclose the items listed/, /A copy of what was disclosed/, /\| Disclosed \|/];

const request = { by: 'PC Ştefan Ionescu, neighbourhood team', power: 'DPA 2018 Schedule 2 paragraph 2', date: '2026-11-14' };

describe('a refused one-off disclosure', () => {
  it('not lawful: the record refuses it, says why in the rules\' words, who asked and for what, and is signed', async () => {
    const answers = { ...scenarioAnswers('12-police-minor-offence.yaml'), request };
    const { a, md } = await record(answers);
    expect(a.decision.verdict).toBe('not_lawful');
    expect(md.split('\n')[0]).toMatch(/^# Disclosure decision record/);
    expect(md).toMatch(/> \*\*Refused\.\*\*/);
    expect(md).toContain('| Decision | Refused: nothing is disclosed |');
    // Who asked, under what power, when, and what for.
    expect(md).toContain('The request was made by PC Ştefan Ionescu, neighbourhood team, for Westshire Police');
    expect(md).toContain('The requester relied on DPA 2018 Schedule 2 paragraph 2.');
    expect(md).toContain('| Request received | 2026-11-14 |');
    expect(md).toMatch(/## \d+\. What was asked for[\s\S]*\| Treatment notes for the hand wound \| Whether the injury fits the damage \|/);
    // The reasons: each failing layer and why each of its bases is not available, from the rules.
    expect(md).toMatch(/## \d+\. Why the information is not disclosed/);
    expect(md).toContain('The decision-maker records their own reasons in the last section.');
    const confidentiality = a.decision.layers.find(l => l.id === 'confidentiality')!;
    expect(confidentiality.status).toBe('not_met');
    expect(md).toContain('**Common law duty of confidentiality.** No basis is available on these facts');
    for (const o of confidentiality.options.filter(x => x.why_not?.length)) expect(md).toContain(o.why_not![0]);
    for (const r of a.decision.routes) expect(md).toContain(r.title);
    // Nothing about a disclosure.
    for (const re of DISCLOSURE_ONLY) expect(md, String(re)).not.toMatch(re);
    // Signed: the Caldicott Guardian decides about confidential information, with the DPO's advice,
    // and the date the requester was told.
    expect(md).toMatch(/## \d+\. Decision[\s\S]*\| Do not disclose \|/);
    expect(md).toMatch(/\| Role \| Name \| Signature \| Date \|\n[^\n]+\n\| Caldicott Guardian \|/);
    expect(md).toContain('Requester told of the refusal by');
  });

  it('lawful, but the decision-maker refuses: the record keeps the refusal and their reasons, with no disclosure details', async () => {
    const answers = { ...scenarioAnswers('11-police-serious-crime-decision-approved.yaml'), request,
      disclosure: { decision: 'refuse', refusal_reasons: 'the police can obtain the same information from the custody record' } };
    const { a, md } = await record(answers);
    expect(['lawful', 'lawful_with_conditions']).toContain(a.decision.verdict);
    expect(md).toMatch(/> \*\*Refused\.\*\* The decision-maker decided not to disclose/);
    expect(md).toContain('| the police can obtain the same information from the custody record |');
    expect(md).toContain("The decision-maker's reasons, as recorded: The police can obtain the same information from the custody record.");
    expect(md).toContain('The assessment found that the disclosure could lawfully be made once its conditions were met.');
    expect(md).not.toContain('The decision-maker records their own reasons');
    expect(md).toMatch(/refusing it is a decision the discloser may take/);
    for (const re of DISCLOSURE_ONLY) expect(md, String(re)).not.toMatch(re);
    expect(md).toMatch(/\| Signature \|/);
  });

  it('a refusal of a disclosure the law requires says to take legal advice first', async () => {
    const base = scenarioAnswers('11-police-serious-crime-decision-approved.yaml') as Record<string, Record<string, unknown>>;
    const answers = { ...base, gateway: { ...base.gateway, legal_requirement: true, legal_requirement_ref: 'Order of Westshire Crown Court' }, disclosure: { decision: 'refuse' } };
    const { md } = await record(answers);
    expect(md).toMatch(/a law requires this disclosure: take legal advice before refusing it/);
    expect(md).toContain('The decision-maker records their own reasons in the last section.');
  });

  it('a disclosure not yet decided keeps its record for decision, with both choices', async () => {
    const { md } = await record({ ...scenarioAnswers('11-police-serious-crime-decision-approved.yaml'), request: { ...request, power: 'A request under DPA 2018 Sch 2 para 2' } });
    expect(md).toMatch(/For decision/);
    // An answer pasted into a sentence reads as part of it.
    expect(md).toContain('The requester relied on a request under DPA 2018 Sch 2 para 2.');
    expect(md).toMatch(/Disclose the items listed as disclosed above[\s\S]*Do not disclose/);
    expect(md).not.toMatch(/Refused/);
  });
});
