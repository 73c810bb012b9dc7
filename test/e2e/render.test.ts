// The .docx opens in LibreOffice and the HTML prints in headless Chromium (skipped where they are not installed).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/docs/write.js';
import { assessed, scenarioAnswers, tmp } from '../docs/helpers.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const office = has('soffice') && has('pdftotext');
const chromium = has('chromium') && has('pdftotext');

/** A one-off disclosure (scenario 11) gets a decision record; a routine flow (scenario 01) an agreement. */
async function pack(file = '01-discharge-summary-trust-to-gp.yaml') {
  process.env.IGCHECK_CONFIG_DIR = join(tmp(), 'config');
  const a = await assessed(scenarioAnswers(file));
  return writeOutputs({ ...a, opts: { out: 'p', format: 'html,docx' }, cwd: tmp(), quiet: true });
}
const text = (pdf: string) => spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;

describe('rendering with real tools', () => {
  it.skipIf(!office)('LibreOffice converts both .docx files to PDF with their headings and sign-off', async () => {
    const { dir } = await pack();
    const out = tmp();
    const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'pdf', '--outdir', out,
      join(dir, 'data-sharing-agreement.docx'), join(dir, 'rationale-report.docx')], { encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(0);
    const dsa = text(join(out, 'data-sharing-agreement.pdf'));
    expect(dsa).toMatch(/Data sharing agreement/);
    expect(dsa).toMatch(/Approval/);
    expect(dsa).toMatch(/Page 1 of \d/);
    expect(text(join(out, 'rationale-report.pdf'))).toMatch(/Caldicott principles/);
    const one = await pack('11-police-serious-crime-decision-approved.yaml');
    expect(spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'pdf', '--outdir', out,
      join(one.dir, 'disclosure-decision-record.docx')], { encoding: 'utf8', timeout: 60000 }).status).toBe(0);
    const record = text(join(out, 'disclosure-decision-record.pdf'));
    expect(record).toMatch(/Disclosure decision record/);
    expect(record).toMatch(/Caldicott Guardian's public interest decision/);
    expect(record).toMatch(/Reasons for the decision/);
  }, 120000);
  it.skipIf(!chromium)('headless Chromium prints the HTML with its running header and page numbers', async () => {
    const { dir } = await pack();
    const pdf = join(tmp(), 'dsa.pdf');
    spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, join(dir, 'data-sharing-agreement.html')], { timeout: 60000 });
    expect(existsSync(pdf)).toBe(true);
    const t = text(pdf);
    expect(t).toMatch(/Data sharing agreement \(draft\):/);
    expect(t).toMatch(/Page 1 of \d/);
  }, 90000);
});
