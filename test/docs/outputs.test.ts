// Every acceptance scenario produces every format and verifies; template and option errors are clear.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeOutputs, parseFormats, outputDir } from '../../src/docs/write.js';
import { fill } from '../../src/docs/template.js';
import { InputError, UsageError } from '../../src/errors.js';
import { verifyDir } from '../../src/sign/verify.js';
import { assessed, scenarioAnswers, scenarioFiles, tmp } from './helpers.js';

const FORMATS = ['docx', 'html', 'md', 'pdf'];
/** Every file of a set: a one-off disclosure gets a decision record, a routine flow an agreement. */
const filesFor = (oneOff: boolean) => ['answers.yaml', 'decision.json', 'manifest.json',
  ...FORMATS.flatMap(f => [`${oneOff ? 'disclosure-decision-record' : 'data-sharing-agreement'}.${f}`, `rationale-report.${f}`])].sort();

beforeAll(() => { process.env.IGCHECK_CONFIG_DIR = join(tmp(), 'config'); process.env.IGCHECK_SIGNER = 'Test Signer'; delete process.env.IGCHECK_PASSPHRASE; });

describe('assess --out for every scenario', () => {
  const cwd = tmp();
  for (const file of scenarioFiles()) {
    it(`${file}: all formats, and verify passes`, async () => {
      const a = await assessed(scenarioAnswers(file));
      const r = await writeOutputs({ ...a, opts: { out: file.replace(/\.yaml$/, ''), signer: 'Test Signer', role: 'IG lead' }, cwd, quiet: true });
      const oneOff = a.facts['sharing.frequency'] === 'one_off';
      const ALL = filesFor(oneOff);
      for (const f of ALL) expect(existsSync(join(r.dir, f)), f).toBe(true);
      // One document or the other, never both.
      expect(existsSync(join(r.dir, oneOff ? 'data-sharing-agreement.md' : 'disclosure-decision-record.md'))).toBe(false);
      const v = verifyDir(r.dir);
      expect(v.problems).toEqual([]);
      expect(v.ok).toBe(true);
      const manifest = JSON.parse(readFileSync(r.manifestPath, 'utf8'));
      expect(manifest.signer).toMatchObject({ name: 'Test Signer', role: 'IG lead' });
      expect(manifest.rule_pack.digest).toBe(a.pack.digest);
      // The DPIA (md, html, docx, pdf, risk map, action plan) joins the set when the screening calls for one.
      const dpia = a.decision.dpia?.outcome === 'required' || a.decision.dpia?.outcome === 'likely'
        ? ['dpia.md', 'dpia.html', 'dpia.docx', 'dpia.pdf', 'dpia-risk-map.svg', 'dpia-actions.csv'] : [];
      expect(manifest.files).toHaveLength(ALL.length - 1 + dpia.length);
      const listed = manifest.files.map((f: { path: string }) => f.path);
      for (const f of dpia) expect(listed, f).toContain(f);
      const decision = JSON.parse(readFileSync(join(r.dir, 'decision.json'), 'utf8'));
      expect(decision.verdict).toBe(a.decision.verdict);
      const report = readFileSync(join(r.dir, 'rationale-report.md'), 'utf8');
      expect(report).toContain(a.pack.digest);
      // Named by their titles: identifiers are for --json and --explain, not for a board.
      for (const b of a.decision.bases) expect(report).toContain(b.title);
      for (const c of a.decision.conditions) expect(report).toContain(c.title);
      for (const rt of a.decision.routes) expect(report).toContain(rt.title);
      const dsa = readFileSync(join(r.dir, oneOff ? 'disclosure-decision-record.md' : 'data-sharing-agreement.md'), 'utf8');
      expect(dsa).not.toMatch(/\{\{|\}\}/);
      // Only a share the assessment cleared is offered for signature.
      const cleared = a.decision.verdict === 'lawful' || a.decision.verdict === 'lawful_with_conditions';
      expect(dsa.split('\n')[0]).toMatch(oneOff ? /^# Disclosure decision record/ : /^# Data sharing agreement/);
      if (oneOff) {
        // A share found not lawful is refused, and the refusal is signed like a decision to disclose.
        const refused = a.decision.verdict === 'not_lawful';
        expect(dsa).toMatch(refused ? /Refused\.[\s\S]*Record of a refusal/ : cleared ? /For decision/ : /Do not disclose on this record[\s\S]*Not for decision/);
        expect(/\| Signature \|/.test(dsa)).toBe(cleared || refused);
        // A record, not an agreement: no start, no review cycle, no destruction clause, no DPIA reference.
        expect(dsa).not.toMatch(/Sharing starts|Review by|review this agreement|destroys the data|Data protection impact assessment/);
      } else {
        if (cleared) expect(dsa).toContain('Senior Information Risk Owner');
        else expect(dsa).not.toContain('Senior Information Risk Owner');
        expect(dsa).toMatch(cleared ? /Draft for approval/ : /Do not sign[\s\S]*Not for approval/);
      }
    });
  }
});

describe('sections that do not apply are left out', () => {
  it('no transfers, joint controller or pseudonymisation sections for a UK direct care share', async () => {
    const a = await assessed(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml'));
    const r = await writeOutputs({ ...a, opts: { out: 'x' }, cwd: tmp(), quiet: true });
    const dsa = readFileSync(join(r.dir, 'data-sharing-agreement.md'), 'utf8');
    expect(dsa).not.toContain('International transfers');
    expect(dsa).not.toContain('Joint controllers');
    expect(dsa).not.toContain('re-identification ban');
    expect(dsa).toContain('Duty of confidentiality');
  });
  it('transfers for an overseas processor, re-identification ban for pseudonymised data', async () => {
    const t = await assessed(scenarioAnswers('25-overseas-processor-idta.yaml'));
    const r1 = await writeOutputs({ ...t, opts: { out: 'a' }, cwd: tmp(), quiet: true });
    const dsa1 = readFileSync(join(r1.dir, 'data-sharing-agreement.md'), 'utf8');
    expect(dsa1).toContain('International transfers');
    expect(dsa1).toContain('Processor terms');
    const p = await assessed(scenarioAnswers('16-pseudonymised-linked-planning-dpia.yaml'));
    const r2 = await writeOutputs({ ...p, opts: { out: 'b' }, cwd: tmp(), quiet: true });
    expect(readFileSync(join(r2.dir, 'data-sharing-agreement.md'), 'utf8')).toContain('re-identification ban');
  });
});

describe('local clauses and overrides', () => {
  it('renders a pack clause into its section only when its condition holds, and lists overrides', async () => {
    const a = await assessed(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml'));
    const pack = { ...a.pack, clauses: [
      { id: 'local-retention', title: 'Trust retention schedule', section: 'retention', text: 'Follow the Trust <b>schedule</b> v3.', when: { fact: 'purpose', is: 'direct_care' } },
      { id: 'research-only', title: 'Research clause', section: 'retention', text: 'Never shown.', when: { fact: 'purpose', is: 'research' } },
      { id: 'misc', title: 'Local escalation', section: 'no-such-section', text: 'Escalate to the IG team.' },
    ] };
    const decision = { ...a.decision, overrides: [{ pack: 'local-trust', target: 'dpia', kind: 'condition', reason: 'Trust policy: always a DPIA' }] };
    const r = await writeOutputs({ ...a, pack, decision, opts: { out: 'c', format: 'md' }, cwd: tmp(), quiet: true });
    const dsa = readFileSync(join(r.dir, 'data-sharing-agreement.md'), 'utf8');
    expect(dsa).toMatch(/### \d+\.1 Trust retention schedule/);
    expect(dsa).toContain('\\<b\\>schedule\\</b\\>');
    expect(dsa).not.toContain('Research clause');
    expect(dsa).toContain('Local terms');
    expect(dsa).toContain('Local escalation');
    const report = readFileSync(join(r.dir, 'rationale-report.md'), 'utf8');
    expect(report).toContain('Local rule overrides');
    expect(report).toContain('Trust policy: always a DPIA');
  });
});

describe('the output directory', () => {
  it('refuses to overwrite without --force, replaces with it, and leaves no temporary directory', async () => {
    const cwd = tmp();
    const a = await assessed(scenarioAnswers('02-care-plan-council-to-care-home-no-nhs-number.yaml'));
    const r = await writeOutputs({ ...a, opts: { out: 'pack', format: 'md' }, cwd, quiet: true });
    writeFileSync(join(r.dir, 'stray.txt'), 'x');
    await expect(writeOutputs({ ...a, opts: { out: 'pack' }, cwd, quiet: true })).rejects.toThrow(/already exists.*refusing/);
    await writeOutputs({ ...a, opts: { out: 'pack', force: true, format: 'md,json' }, cwd, quiet: true });
    expect(existsSync(join(r.dir, 'stray.txt'))).toBe(false);
    expect(existsSync(join(r.dir, 'decision.json'))).toBe(true);
    expect(verifyDir(r.dir).ok).toBe(true);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(cwd).filter(n => n.startsWith('.'))).toEqual([]);
  });
  it('refuses an existing empty directory too', async () => {
    const cwd = tmp();
    mkdirSync(join(cwd, 'empty'));
    const a = await assessed(scenarioAnswers('02-care-plan-council-to-care-home-no-nhs-number.yaml'));
    await expect(writeOutputs({ ...a, opts: { out: 'empty' }, cwd, quiet: true })).rejects.toBeInstanceOf(UsageError);
  });
  it('derives `auto` from the title and date', () => {
    expect(outputDir('auto', 'Discharge summaries: Trust → GP!', '2026-11-22', '/w')).toBe('/w/discharge-summaries-trust-gp-2026-11-22');
    expect(outputDir('auto', undefined, '2026-11-22', '/w')).toBe('/w/igcheck-assessment-2026-11-22');
  });
  it('checks --format', () => {
    expect(parseFormats('md, docx,md')).toEqual(['md', 'docx', 'yaml']); // the answers are always kept
    expect(() => parseFormats('md,odt')).toThrow(/unknown format "odt"/);
    expect(() => parseFormats('htm')).toThrow(/did you mean html/);
  });
});

describe('templates', () => {
  it('an unknown or unfilled placeholder is an error naming file and line', () => {
    const t = { name: 'x', file: 'templates/dsa/99-x.md', text: 'Line one\n{{title}} and {{nope}}\n' };
    expect(() => fill(t, { title: 'T' })).toThrow(InputError);
    try { fill(t, { title: 'T' }); } catch (e) {
      expect((e as InputError).problems[0]).toMatchObject({ file: 'templates/dsa/99-x.md', line: 2, path: 'nope' });
    }
  });
  it('inserted values are not scanned again for placeholders', () => {
    expect(fill({ name: 'x', file: 'f', text: '{{a}} {{b}}' }, { a: '{{b}}', b: 'B' })).toBe('\\{\\{b\\}\\} B');
  });
});
