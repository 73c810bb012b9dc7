// `register export --ropa` and `register publish` on a decision register built from the acceptance
// scenarios: the record of processing row by row, and a public page that is accessible (axe-core in
// headless Chromium) and holds no security details, e-mail addresses or one-off disclosures.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { evaluate } from '../../src/core/evaluate.js';
import { parseAnswers } from '../../src/load/answers.js';
import { appendAssessment } from '../../src/register/append.js';
import { writeFile } from '../../src/io/write.js';
import { BIN, ROOT, builtinPack, tempDir } from './helpers.js';

const SCENARIOS = join(ROOT, 'test', 'scenarios', 'acceptance');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(p => existsSync(p));
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, IGCHECK_REGISTER: '', NO_COLOR: '1' } });

interface Scenario { name: string; answers: Record<string, unknown> }
let dir: string;
let scenarios: Scenario[];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT });
  dir = tempDir('igcheck-ropa-');
  copyFileSync(join(ROOT, 'test', 'fixtures', 'registers', 'igcheck.config.yaml'), join(dir, 'igcheck.config.yaml'));
  const pack = await builtinPack();
  scenarios = readdirSync(SCENARIOS).filter(f => f.endsWith('.yaml')).sort().map(f => ({ name: f.replace(/\.yaml$/, ''), answers: YAML.parse(readFileSync(join(SCENARIOS, f), 'utf8')).answers }));
  // Each scenario assessed and recorded as `assess --out` records it (answers.yaml in its folder).
  for (const s of scenarios) {
    const out = join(dir, 'assessments', s.name);
    mkdirSync(out, { recursive: true });
    const text = YAML.stringify(s.answers);
    writeFile(join(out, 'answers.yaml'), text);
    const { facts } = await parseAnswers(text, s.name, pack.facts);
    await appendAssessment({ registerPath: join(dir, 'igcheck-register.jsonl'), decision: evaluate(pack, facts, '2026-11-22'), facts, outDir: out, manifestSha256: 'ab'.repeat(32), now: new Date('2026-11-22T10:00:00Z') });
  }
}, 120_000);

const parseCsv = async (file: string) => {
  const { parse } = await import('csv-parse/sync');
  return parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
};
const byTitle = (rows: Record<string, string>[], key: string, s: Scenario) => rows.find(r => r[key] === (s.answers.title as string))!;

describe('register export --ropa', () => {
  test('one row per agreement or decision record, with bases, recipients, transfers, retention and dates', async () => {
    const r = run(['register', 'export', '--ropa', '--out', 'records'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = await parseCsv(join(dir, 'records', 'record-of-processing.csv'));
    expect(rows).toHaveLength(scenarios.length);
    const discharge = byTitle(rows, 'Name of processing', scenarios[0]);
    expect(discharge['Article 6 basis']).toMatch(/^Public task \(UK GDPR Art 6\(1\)\(e\)/);
    expect(discharge['Article 9 condition']).toMatch(/Health or social care.*DPA 2018 Sch 1 Part 1 para 2/);
    expect(discharge['Common law basis']).toMatch(/^Implied consent/);
    expect(discharge['Recipients']).toMatch(/registered GP practices.*\(GP practice\)/);
    expect(discharge['Transfers outside the UK']).toMatch(/none/);
    expect(discharge['Retention and disposal']).toMatch(/Records Management Code/);
    expect(discharge['Review date']).toBe('2027-04-01');
    expect(discharge['Agreement end date']).toBe('2027-04-01');
    expect(discharge['Controller']).toBe('Northfield Hospitals NHS Foundation Trust');
    expect(discharge['ODS code']).toBe('RXX');
    // The workbook holds the same rows.
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'records', 'record-of-processing.xlsx'));
    expect(wb.worksheets[0].rowCount).toBe(scenarios.length + 1);
    expect(wb.worksheets[0].getRow(2).getCell(1).value).toBe(rows[0].Reference);
    // A transfer outside the UK names its safeguard.
    for (const s of scenarios.filter(x => (x.answers.recipient as Record<string, unknown>)?.location === 'other')) {
      expect(byTitle(rows, 'Name of processing', s)['Transfers outside the UK']).toMatch(/without UK adequacy/);
    }
    // Existing files are never replaced without --force.
    expect(run(['register', 'export', '--ropa', '--out', 'records'], dir).status).toBe(2);
  });
});

describe('register publish', () => {
  let page: string;
  beforeAll(() => {
    const r = run(['register', 'publish', 'public'], dir);
    expect(r.status).toBe(0);
    page = readFileSync(join(dir, 'public', 'index.html'), 'utf8');
  });

  test('lists routine sharing that was cleared, and nothing else', async () => {
    const rows = await parseCsv(join(dir, 'public', 'sharing-register.csv'));
    const state = spawnSync(process.execPath, [BIN, 'register', 'list', '--json'], { cwd: dir, encoding: 'utf8' });
    const entries = JSON.parse(state.stdout).entries as { title: string; verdict: string }[];
    for (const s of scenarios) {
      const cleared = ['lawful', 'lawful_with_conditions'].includes(entries.find(e => e.title === s.answers.title)!.verdict);
      const routine = (s.answers.sharing as Record<string, unknown>)?.frequency === 'routine';
      expect(rows.some(r => r['What is shared'] === s.answers.title), s.name).toBe(cleared && routine);
    }
    const discharge = byTitle(rows, 'What is shared', scenarios[0]);
    expect(discharge['Why']).toBe('Individual (direct) care');
    expect(discharge['Legal basis']).toMatch(/^Data protection: Public task \(UK GDPR Art 6\(1\)\(e\)\)\. Health and other sensitive information: Health or social care \(UK GDPR Art 9\(2\)\(h\)\), with/);
    expect(discharge['National data opt-out']).toMatch(/does not cover information shared for your own care/);
    expect(page).toMatch(/How to object/);
    expect(page).toContain('Write to the Data Protection Officer, Northfield Hospitals');
  });

  test('no e-mail address, security detail or description of the data flow is published', () => {
    const csv = readFileSync(join(dir, 'public', 'sharing-register.csv'), 'utf8');
    for (const text of [page, csv]) {
      expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
      expect(text).not.toMatch(/DSPT|Toolkit|encrypt|secure transfer|NHSmail|password|DPIA|Sam Okoro|Helen Marsh/i);
      for (const s of scenarios) if (typeof s.answers.description === 'string') expect(text).not.toContain((s.answers.description as string).slice(0, 60));
    }
  });

  test.skipIf(!CHROMIUM)('has no accessibility violations (axe-core in headless Chromium), wide and narrow', async () => {
    const puppeteer = (await import('puppeteer-core')).default;
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      for (const width of [1400, 390]) {
        const tab = await browser.newPage();
        await tab.setViewport({ width, height: 900 });
        await tab.goto(`file://${join(dir, 'public', 'index.html')}`);
        await tab.addScriptTag({ path: axePath });
        const result = await tab.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run(o?: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[]; passes: unknown[] }> } }).axe;
          const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
          return { violations: r.violations.map(v => `${v.id} (${v.nodes.length})`), passes: r.passes.length };
        });
        expect(result.violations, `width ${width}`).toEqual([]);
        expect(result.passes).toBeGreaterThan(10);
        await tab.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
