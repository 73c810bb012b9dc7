// A data flow map as IG teams keep it (DSPT headings, free text, blanks, bad claims), audited end to end
// with the real binary: every claim read or reported, impossible claims found, and a completion
// workbook that, filled in, decides every flow it lists.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'igcheck.js');
const fixtures = join(root, 'test', 'fixtures', 'registers');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, 'audit', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

interface Claim { text: string; basis?: string; status: string; why?: string[]; missing?: string[] }
interface Result { row: number; ref?: string; verdict: string | null; missing: { fact: string }[]; problems: { column?: string; message: string }[]; claims?: Claim[]; relied?: { layer: string; bases: string[] }[] }

let dir: string;
let results: Result[];
const byRef = (ref: string) => results.find(r => r.ref === ref)!;

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) spawnSync('npm', ['run', 'build'], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'igcheck-flowmap-'));
  for (const f of ['flow-map.csv', 'igcheck.config.yaml']) copyFileSync(join(fixtures, f), join(dir, f));
  const r = run(['flow-map.csv', '--out', 'out'], dir);
  expect(r.stderr).toBe('');
  results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
});

describe('a flow map in the headings IG teams use', () => {
  test('the headings are recognised: nothing is left out but notes', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.ignored_columns).toEqual([]);
    expect(summary.flows).toBe(8);
  });

  test('every claim is read into a rule id or reported with its column', () => {
    for (const r of results) {
      for (const c of r.claims ?? []) {
        if (c.status === 'unread') expect(r.problems.map(p => p.message)).toContain(c.why!.join(' '));
        else expect(c.basis ?? c.status).toBeTruthy();
      }
    }
    const df6 = byRef('DF-006');
    expect(df6.claims!.map(c => c.status)).toEqual(['unread', 'unread']);
    expect(df6.problems.map(p => p.column)).toEqual(['I', 'K']);
    expect(df6.verdict).not.toBeNull(); // a claim never stops the flow being decided
  });

  test('impossible claims are found, with a sentence a board can read', () => {
    const li = byRef('DF-002').claims!.find(c => c.basis === 'uk-gdpr-art6-1f')!;
    expect(li.status).toBe('cannot_hold');
    expect(li.why!.join(' ')).toMatch(/public authority/i);
    expect(byRef('DF-004').claims!.find(c => c.basis === 'uk-gdpr-art6-1b')!.status).toBe('cannot_hold');
    // Claims that can hold are not flagged; undecided ones name the facts that would settle them.
    expect(byRef('DF-001').claims!.find(c => c.basis === 'uk-gdpr-art6-1e')!.status).toBe('holds');
    const s251 = byRef('DF-003').claims!.find(c => c.basis === 'cldc-s251')!;
    expect(s251.status).toBe('undecided');
    expect(s251.missing).toContain('gateway.s251');
  });

  test('the organisation in the config file is the discloser of every row', () => {
    // Legitimate interests cannot hold only because the trust, from the config, is a public authority.
    const r = run(['flow-map.csv', '--json'], dir);
    expect(JSON.parse(r.stdout).claims.cannot_hold).toBe(2);
  });

  test('free-text categories are placed, and words that cannot be are a problem of their row', () => {
    const df7 = byRef('DF-007');
    expect(df7.verdict).toBeNull();
    expect(df7.problems[0].message).toMatch(/cannot place "hobbies", "shoe size"/);
    expect(byRef('DF-001').problems).toEqual([]);
  });

  test('to-complete.xlsx lists exactly the facts each undecided flow needs; filled in, it decides every flow', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'out', 'to-complete.xlsx'));
    const ws = wb.worksheets[0];
    const heads = (ws.getRow(1).values as unknown[]).map(v => String(v ?? ''));
    const undecided = results.filter(r => r.verdict === 'incomplete');
    expect(ws.rowCount - 1).toBe(undecided.length);
    for (let n = 2; n <= ws.rowCount; n++) {
      const row = ws.getRow(n);
      const ref = String(row.getCell(1).value);
      const needed = String(row.getCell(3).value ?? '').split('; ').filter(Boolean);
      // The engine's missing facts (the first stage) are among them, each with a highlighted, validated cell.
      const engine = byRef(ref).missing.map(m => m.fact);
      expect(needed.length).toBeGreaterThanOrEqual(engine.length);
      for (const h of needed) {
        const cell = row.getCell(heads.indexOf(h));
        expect(cell.value ?? null, `${ref} ${h}`).toBeNull();
        expect(cell.dataValidation?.prompt, `${ref} ${h}`).toBeTruthy();
        const dv = cell.dataValidation;
        cell.value = dv?.type === 'list' ? String(dv.formulae![0]).replace(/"/g, '').split(',')[0] : /date/i.test(h) ? '2026-04-01' : 'Recorded in the IAR';
      }
    }
    expect(heads.filter(h => h === 'Purpose')).toHaveLength(1);
    await wb.xlsx.writeFile(join(dir, 'filled.xlsx'));
    const again = run(['filled.xlsx', '--out', 'again'], dir);
    expect(again.stderr).toBe('');
    const second: Result[] = JSON.parse(readFileSync(join(dir, 'again', 'results.json'), 'utf8'));
    expect(second).toHaveLength(undecided.length);
    for (const r of second) expect(r.verdict, r.ref).not.toBe('incomplete');
    expect(existsSync(join(dir, 'again', 'to-complete.xlsx'))).toBe(false);
  });
});

describe('assess --from-register', () => {
  const assess = (args: string[]) => spawnSync(process.execPath, [bin, 'assess', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  test('decides one row, read as the audit reads it (the organisation as discloser)', () => {
    const r = assess(['--from-register', 'flow-map.csv', '--row', '2', '--json']);
    const d = JSON.parse(r.stdout);
    const audited = byRef('DF-001');
    expect(d.verdict).toBe(audited.verdict);
    expect(d.missing).toEqual(audited.missing.map(m => m.fact));
    expect(d.bases.map((b: { id: string }) => b.id)).toContain('uk-gdpr-art6-1e');
  });
  test('a row with a problem names its column; a row that is not there says so', () => {
    const bad = assess(['--from-register', 'flow-map.csv', '--row', '8', '--json']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/flow-map\.csv:8: column F Personal data categories: cannot place "hobbies"/);
    const none = assess(['--from-register', 'flow-map.csv', '--row', '40', '--json']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/has no row 40/);
    expect(assess(['--from-register', 'flow-map.csv', '--json']).stderr).toMatch(/needs --row N/);
  });
});
