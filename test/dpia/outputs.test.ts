// The DPIA in the signed pack: written when the screening calls for it, covered by the manifest and
// verify; `igcheck dpia` alone; the answers file's dpia: section checked and shown.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { writeOutputs } from '../../src/docs/write.js';
import { actionPlan } from '../../src/dpia/document.js';
import { verifyDir } from '../../src/sign/verify.js';
import { hasPdftotext, pdfText } from '../docs/pdf-text.js';
import { parseAnswers } from '../../src/load/answers.js';
import { builtinPack, igcheck } from '../helpers/pack.js';
import { assessed, scenarioAnswers, tmp } from '../docs/helpers.js';
import { withByteFlipped } from '../helpers/files.js';

beforeAll(() => { process.env.IGCHECK_CONFIG_DIR = join(tmp(), 'config'); delete process.env.IGCHECK_PASSPHRASE; });

const DPIA_FILES = ['dpia.md', 'dpia-risk-map.svg', 'dpia.html', 'dpia.docx', 'dpia.pdf', 'dpia-actions.csv'];

describe('the DPIA in the signed pack', () => {
  it('is written when a DPIA is required, covered by the manifest, and verify catches a change to it', async () => {
    const a = await assessed(scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'));
    const { dir } = await writeOutputs({ ...a, opts: { out: 'out', signer: 'Ann Lee', role: 'DPO' }, cwd: tmp(), quiet: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { name?: string; path?: string }[] };
    const listed = manifest.files.map(f => f.name ?? f.path);
    for (const f of DPIA_FILES) expect(listed, f).toContain(f);
    expect(verifyDir(dir).ok).toBe(true);
    for (const f of DPIA_FILES) {
      const r = withByteFlipped(join(dir, f), () => verifyDir(dir));
      expect(r.ok, f).toBe(false);
      expect(r.problems.join(' '), f).toContain(f);
    }
  });

  it('is not written when no DPIA is needed (anonymised aggregates)', async () => {
    const a = await assessed(scenarioAnswers('17-anonymised-aggregates-to-company.yaml'));
    const { dir } = await writeOutputs({ ...a, opts: { out: 'out', format: 'md' }, cwd: tmp(), quiet: true });
    expect(existsSync(join(dir, 'dpia.md'))).toBe(false);
  });

  it('the document follows the NHS England sections, draws the map in every format, and invents nothing', async () => {
    const a = await assessed(scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'));
    const { dir } = await writeOutputs({ ...a, opts: { out: 'out' }, cwd: tmp(), quiet: true });
    const md = readFileSync(join(dir, 'dpia.md'), 'utf8');
    for (const h of ['Screening', 'Why the data is needed', 'linkage and re-identification', 'Data flows and transfers outside the UK', 'common law duty and the national data opt-out', 'Security', 'Retention and disposal', 'automated decisions and AI', 'Controllers and processors', 'Risks to individuals', 'Action plan', 'Review and sign-off']) {
      expect(md, h).toContain(h);
    }
    expect(md).toContain('![Risk map');
    expect(md).toMatch(/To be completed:\*? Say what problem this share solves/);
    expect(md).toContain('UK GDPR Art 35(3)(b)');
    expect(readFileSync(join(dir, 'dpia-risk-map.svg'), 'utf8')).toMatch(/^<svg [^>]*role="img"/);
    expect(readFileSync(join(dir, 'dpia.html'), 'utf8')).toMatch(/<figure class="risk-map"[\s\S]*<svg/);
    const { unzipSync, strFromU8 } = await import('fflate');
    const docx = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'dpia.docx'))))['word/document.xml']);
    expect(docx).toMatch(/w:fill="D5281B"/); // the extreme band, shaded in Word's own grid
    expect(docx).toContain('Before the measures (inherent)');
    const csv = readFileSync(join(dir, 'dpia-actions.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFref,risk,risk_title,measure,action,owner,due,status,approver,source');
    // The PDF: the map drawn as a tagged figure with the risks in words for a screen reader, and
    // cells broken into lines where the HTML has <br> (the risk's title above its description).
    const pdf = readFileSync(join(dir, 'dpia.pdf'));
    expect(pdf.toString('latin1')).toMatch(/\/S \/Figure/);
    expect(pdf.toString('latin1')).toMatch(/\/Alt \(Risk map: [^\n]*?R1 likelihood \d, impact \d/);
    if (hasPdftotext) {
      const text = pdfText(pdf);
      expect(text).toContain('Before the measures (inherent)');
      expect(text).toContain('After the measures in place (residual)');
      expect(text).toMatch(/interception *\n *Someone/);
      expect(text).not.toMatch(/interceptionSomeone/);
    }
  });

  it('shows what people wrote in the dpia: section, scores set with their reasons, and the DPO overruled with reasons', async () => {
    const answers = {
      ...scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'),
      dpia: {
        need: 'The ICB cannot plan community services without linked activity data.',
        dpo: { name: 'Sam Okoro', advice: 'Suppress counts below 10 before any release.', response: 'overruled', reason: 'Counts are never released outside the ICB analysts.' },
        scores: { reidentification: { residual: { likelihood: 2, impact: 3, reason: 'Trusted research environment, no export' } } },
        actions: [{ risk: 'surprise', action: 'Publish the platform on the ICB transparency page', owner: 'IG lead', due: '2026-12-31', status: 'in_progress' }],
      },
    };
    const a = await assessed(answers);
    const { dir } = await writeOutputs({ ...a, opts: { out: 'out', format: 'md' }, cwd: tmp(), quiet: true });
    const md = readFileSync(join(dir, 'dpia.md'), 'utf8');
    expect(md).toContain('The ICB cannot plan community services');
    expect(md).toContain('overruled. Reasons: Counts are never released');
    expect(md).toMatch(/2 x 3 = 6 \(moderate\)\*\*<br>Set by a person \(computed 2 x 4 = 8 \(high\)\): Trusted research environment/);
    expect(md).toContain('Publish the platform on the ICB transparency page | IG lead | 2026-12-31 | in progress');
    const csv = readFileSync(join(dir, 'dpia-actions.csv'), 'utf8');
    expect(csv).toContain('R4,surprise,People surprised by a use they were not told about,,Publish the platform on the ICB transparency page,IG lead,2026-12-31,in_progress,,person');
  });

  it('the action plan: a measure the decision requires is required, and its risk is not offered for acceptance until it is in place', async () => {
    // Research linkage whose plan is to send every record without removing opt-outs.
    const a = await assessed(scenarioAnswers('19-research-s251-opt-outs-apply.yaml'));
    expect(a.decision.conditions.map(c => c.id)).toContain('apply-opt-outs');
    const dpia = a.decision.dpia!;
    const plan = actionPlan(dpia, {}, a.decision);
    const optOut = plan.filter(x => x.risk === 'opt-out-not-applied');
    expect(optOut.map(x => x.action)).toEqual([expect.stringMatching(/^Put in place \(a condition of the decision\): /)]);
    // Measures no condition asks for stay for the DPO to weigh.
    expect(plan.some(x => x.risk !== 'opt-out-not-applied' && /^Consider putting in place: /.test(x.action))).toBe(true);
    // Once the opt-outs are applied, the risk is assessed again and nothing about it is outstanding.
    const b = await assessed({ ...scenarioAnswers('19-research-s251-opt-outs-apply.yaml'), controls: { ...(scenarioAnswers('19-research-s251-opt-outs-apply.yaml') as { controls: object }).controls, ndoo_applied: true } });
    expect(actionPlan(b.decision.dpia!, {}, b.decision).filter(x => x.risk === 'opt-out-not-applied')).toEqual([]);
  });

  it('says so when the answers report a DPIA already completed, so the draft is read as a check on it', async () => {
    const { buildDpia } = await import('../../src/dpia/document.js');
    const { makeContext } = await import('../../src/docs/context.js');
    const done = await assessed(scenarioAnswers('19-research-s251-opt-outs-apply.yaml'));
    expect(buildDpia(makeContext(done.decision, done.pack, done.facts, '0', ''))).toMatch(/The answers say a DPIA of this share has been completed/);
    const none = await assessed(scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'));
    expect(buildDpia(makeContext(none.decision, none.pack, none.facts, '0', ''))).not.toMatch(/The answers say a DPIA/);
  });

  it('when prior consultation is needed, says what to send and when the ICO\'s advice is due', async () => {
    const base = scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml') as Record<string, any>;
    const answers = { ...base, data: { ...base.data, identifiability: 'identifiable' }, controls: { ...base.controls, dpia: 'completed', secure_transfer: false, need_to_know: false, staff_trained: false }, dpia: { ico_consultation: { submitted: '2026-11-25', reference: 'RFA0012345' } } };
    const a = await assessed(answers);
    expect(a.decision.conditions.map(c => c.id)).toContain('ico-prior-consultation');
    const { dir } = await writeOutputs({ ...a, opts: { out: 'out', format: 'md' }, cwd: tmp(), quiet: true });
    const md = readFileSync(join(dir, 'dpia.md'), 'utf8');
    expect(md).toMatch(/\*\*Required\.\*\* A risk stays high after the measures/);
    expect(md).toContain("the DPO's contact details (Art 36(3))");
    expect(md).toContain('written advice is due by 2027-01-20 (8 weeks), or by 2027-03-03 if the ICO extends the period by 6 weeks');
    expect(md).toMatch(/\| Prior consultation of the ICO \(Art 36\) \| required and not yet completed \|/);
  });

  it('refuses a dpia: section with an unknown field, a score without a reason, or an overruling without reasons, naming each', async () => {
    const text = stringify({ ...scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'), dpia: { nead: 'x', residual_high: false, scores: { reidentification: { residual: { likelihood: 6, impact: 2 } } }, dpo: { advice: 'x', response: 'overruled' } } });
    await expect(parseAnswers(text, 'a.yaml', builtinPack().facts)).rejects.toMatchObject({
      problems: expect.arrayContaining([
        expect.objectContaining({ path: 'dpia.nead', message: expect.stringMatching(/did you mean `need`/) }),
        expect.objectContaining({ path: 'dpia.residual_high', message: expect.stringMatching(/worked out by igcheck/) }),
        expect.objectContaining({ path: 'dpia.scores.reidentification.residual.likelihood' }),
        expect.objectContaining({ path: 'dpia.scores.reidentification.residual.reason' }),
        expect.objectContaining({ path: 'dpia.dpo.response', message: expect.stringMatching(/reason/) }),
      ]),
    });
  });
});

describe('igcheck dpia', () => {
  it('prints the DPIA, writes it alone and signed with --out, and refuses an unknown risk id', () => {
    const dir = tmp();
    const file = join(dir, 'share.yaml');
    writeFileSync(file, stringify(scenarioAnswers('19-research-s251-opt-outs-apply.yaml')));
    const printed = igcheck(['dpia', '--answers', file], undefined, { IGCHECK_CONFIG_DIR: join(dir, 'cfg') });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('# Data protection impact assessment: Sepsis survivors cohort extract');
    const out = join(dir, 'pack');
    const wrote = igcheck(['dpia', '--answers', file, '--out', out], undefined, { IGCHECK_CONFIG_DIR: join(dir, 'cfg') });
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(existsSync(join(out, 'dpia.docx'))).toBe(true);
    expect(existsSync(join(out, 'data-sharing-agreement.md'))).toBe(false);
    expect(igcheck(['verify', out]).code).toBe(0);
    const json = JSON.parse(igcheck(['dpia', '--answers', file, '--json']).stdout);
    expect(json.dpia.outcome).toBe('required');
    writeFileSync(file, stringify({ ...scenarioAnswers('19-research-s251-opt-outs-apply.yaml'), dpia: { scores: { reidentificaton: { residual: { likelihood: 1, impact: 1, reason: 'x' } } } } }));
    const bad = igcheck(['dpia', '--answers', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown risk `reidentificaton`; did you mean `reidentification`/);
  });
});

describe('the register and review', () => {
  it('records the DPIA\'s status, residual risk and review date; review lists it when due and when a rule change alters it', () => {
    const dir = tmp();
    const env = { IGCHECK_CONFIG_DIR: join(dir, 'cfg'), IGCHECK_REGISTER: join(dir, 'register.jsonl') };
    const file = join(dir, 'share.yaml');
    writeFileSync(file, stringify({ ...scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'), dpia: { status: 'in_review', review_date: '2027-03-01' } }));
    const r = igcheck(['assess', '--answers', file, '--out', join(dir, 'out')], undefined, env);
    expect(r.code, r.stderr).toBe(0);
    const entry = JSON.parse(readFileSync(join(dir, 'register.jsonl'), 'utf8').trim().split('\n').pop()!);
    expect(entry.dpia).toMatchObject({ screening: 'required', status: 'in_review', review_date: '2027-03-01', residual_high: 'not_met' });
    expect(entry.dpia.residual).toMatchObject({ risk: 'reidentification', score: 8, band: 'high' });
    const review = JSON.parse(igcheck(['review', '--json', '--within', '120d', '--as-of', '2026-12-01'], undefined, env).stdout);
    // The highest residual risk by its title, as a board reads it.
    expect(review.dpias_due).toEqual([expect.objectContaining({ id: entry.id, review_date: '2027-03-01', status: 'in_review', residual: 'People re-identified from linked or pseudonymised data, 8 (high)' })]);
    // A local pack that takes data matching off the list changes the recorded screening's criteria.
    const local = join(dir, 'local');
    mkdirSync(local);
    writeFileSync(join(local, 'pack.yaml'), stringify({
      pack: { name: 'no-matching', version: '0.1.0', title: 'Data matching not on our list' },
      overrides: [{ target: 'dpia.ico.data_matching', kind: 'define', reason: 'Test: a rule change', when: { all: [{ fact: 'processing.data_matching', is: true }, { fact: 'processing.data_matching', is: false }] } }],
    }));
    const changed = JSON.parse(igcheck(['review', '--json', '--rules', local, '--as-of', '2026-12-01'], undefined, env).stdout);
    expect(changed.impact.changed).toEqual([expect.objectContaining({ id: entry.id, dpia: { criteria: { added: [], removed: ['dpia.ico.data_matching'] } } })]);
  });
});
