// The .docx opens in LibreOffice and the HTML prints in headless Chromium: `npm run test:render`
// (also run by .ci/run), not `npm test`, because each tool takes tens of seconds on a loaded machine.
// Skipped where the tools are not installed; one at a time, with time enough for a slow start.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/docs/write.js';
import { assessed, scenarioAnswers, tmp } from '../docs/helpers.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const first = (...cmds: string[]) => cmds.find(has);
const pdftotext = has('pdftotext');
const office = pdftotext ? first('soffice', 'libreoffice') : undefined;
const chromium = pdftotext ? first('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable') : undefined;
/** A tool's run, failing with what it said (not a bare status) when it did not finish. */
const runTool = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: TOOL_TIMEOUT });
  if (r.error || r.status !== 0) expect.fail(`${cmd} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr?.slice(-2000)}`);
  return r;
};
const TOOL_TIMEOUT = 240_000;

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
    runTool(office!, ['--headless', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'pdf', '--outdir', out,
      join(dir, 'data-sharing-agreement.docx'), join(dir, 'rationale-report.docx')]);
    const dsa = text(join(out, 'data-sharing-agreement.pdf'));
    expect(dsa).toMatch(/Data sharing agreement/);
    expect(dsa).toMatch(/Approval/);
    expect(dsa).toMatch(/Page 1 of \d/);
    expect(text(join(out, 'rationale-report.pdf'))).toMatch(/Caldicott principles/);
    const one = await pack('11-police-serious-crime-decision-approved.yaml');
    runTool(office!, ['--headless', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'pdf', '--outdir', out,
      join(one.dir, 'disclosure-decision-record.docx')]);
    const record = text(join(out, 'disclosure-decision-record.pdf'));
    expect(record).toMatch(/Disclosure decision record/);
    expect(record).toMatch(/Caldicott Guardian's public interest decision/);
    expect(record).toMatch(/Reasons for the decision/);
  }, 3 * TOOL_TIMEOUT);
  it.skipIf(!chromium)('headless Chromium prints the HTML with its running header and page numbers', async () => {
    const { dir } = await pack();
    const pdf = join(tmp(), 'dsa.pdf');
    runTool(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      `--user-data-dir=${join(tmp(), 'chromium-profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, join(dir, 'data-sharing-agreement.html')]);
    expect(existsSync(pdf)).toBe(true);
    const t = text(pdf);
    expect(t).toMatch(/Data sharing agreement \(draft\):/);
    expect(t).toMatch(/Page 1 of \d/);
  }, 2 * TOOL_TIMEOUT);
});
