// Contradictory or hole-leaving answers are listed with their fixes, and nothing is written until resolved.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from '../../src/docs/consistency.js';
import { writeOutputs } from '../../src/docs/write.js';
import { InputError } from '../../src/errors.js';
import { verifyDir } from '../../src/sign/verify.js';
import { assessed, scenarioAnswers, scenarioFiles, tmp } from './helpers.js';

beforeAll(() => { process.env.IGCHECK_CONFIG_DIR = join(tmp(), 'config'); delete process.env.IGCHECK_PASSPHRASE; });

/** Scenario 16 (pseudonymised planning data) made to contradict itself in three ways. */
function contradictory() {
  const a = structuredClone(scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml')) as Record<string, any>;
  a.data.nhs_number = true;
  a.data.items.push({ name: 'Full name and address', justification: 'To contact people' });
  delete a.recipient.type;
  a.recipient.role = 'processor';
  a.controls.joint_arrangement = true;
  return a;
}

describe('consistency', () => {
  it('no acceptance scenario contradicts itself', async () => {
    for (const f of scenarioFiles()) {
      const { facts } = await assessed(scenarioAnswers(f));
      expect(consistencyProblems(facts).map(p => p.id), f).toEqual([]);
    }
  });

  it('lists each contradiction with its fix', async () => {
    const { facts } = await assessed(contradictory());
    const found = consistencyProblems(facts);
    expect(found.map(p => p.id)).toEqual(['deidentified-with-nhs-number', 'deidentified-with-identifying-items', 'recipient-type-unknown', 'processor-with-joint-arrangement']);
    expect(found[1].problem).toContain('Full name and address');
    // The pseudonym item names the NHS number but does not identify anyone.
    expect(found[1].problem).not.toContain('Pseudonym in place of');
    for (const p of found) expect(p.fix).toMatch(/^[A-Z].*\.$/);
  });

  it('direct care to a recipient that provides no care; controller with a processor contract', async () => {
    const a = structuredClone(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml')) as Record<string, any>;
    a.recipient.provides_care = false;
    a.controls = { ...a.controls, processor_contract: true };
    const { facts } = await assessed(a);
    expect(consistencyProblems(facts).map(p => p.id)).toEqual(['direct-care-without-care', 'controller-with-processor-contract']);
  });

  it("the decision record's answers: a refusal of a routine flow, reasons to refuse a disclosure, a reason not to tell someone told", async () => {
    const a = structuredClone(scenarioAnswers('11-police-serious-crime-decision-approved.yaml')) as Record<string, any>;
    a.disclosure = { decision: 'disclose', refusal_reasons: 'Not needed' };
    a.individual = { ...a.individual, informed: true, not_told_reason: 'It would alert the suspect' };
    const { facts } = await assessed(a);
    expect(consistencyProblems(facts).map(p => p.id)).toEqual(['refusal-reasons-with-disclosure', 'told-with-reason-not-told']);
    const r = structuredClone(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml')) as Record<string, any>;
    r.disclosure = { decision: 'refuse' };
    expect(consistencyProblems((await assessed(r)).facts).map(p => p.id)).toEqual(['routine-flow-refused']);
  });

  it('writes nothing for contradictory answers, and lists every contradiction in the error', async () => {
    const cwd = tmp();
    const a = await assessed(contradictory());
    const err = await writeOutputs({ ...a, opts: { out: 'x' }, cwd, quiet: true }).catch(e => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems).toHaveLength(4);
    expect((err as InputError).hint).toMatch(/--draft/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--draft writes them, marked as drafts with the contradictions listed, and the set verifies', async () => {
    const cwd = tmp();
    const a = await assessed(contradictory());
    const r = await writeOutputs({ ...a, opts: { out: 'x', draft: true }, cwd, quiet: true });
    for (const doc of ['data-sharing-agreement.md', 'rationale-report.md']) {
      const text = readFileSync(join(r.dir, doc), 'utf8');
      expect(text).toMatch(/DRAFT/);
      expect(text).toContain('Full name and address');
      expect(text).toContain('Decide whether the recipient acts on the discloser');
    }
    expect(readFileSync(join(r.dir, 'data-sharing-agreement.html'), 'utf8')).toMatch(/DRAFT/);
    // Every format lists the contradictions, not only the Markdown.
    const { hasPdftotext, pdfText } = await import('./pdf-text.js');
    if (hasPdftotext) {
      const pdf = pdfText(readFileSync(join(r.dir, 'data-sharing-agreement.pdf'))).replace(/\s+/g, ' ');
      expect(pdf).toContain('DRAFT');
      expect(pdf).toContain('Full name and address');
    }
    const { unzipSync, strFromU8 } = await import('fflate');
    const docx = strFromU8(unzipSync(readFileSync(join(r.dir, 'data-sharing-agreement.docx')))['word/document.xml']).replace(/<[^>]+>/g, '');
    expect(docx).toContain('Full name and address');
    expect(existsSync(join(r.dir, 'manifest.json'))).toBe(true);
    expect(verifyDir(r.dir).ok).toBe(true);
  });
});
