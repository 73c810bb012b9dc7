// End-to-end: the real binary over registers built from the acceptance scenarios, clean and broken.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import type { Pack } from '../../src/core/types.js';
import { columnLetter, headingTable } from '../../src/audit/headings.js';
import { templateColumns } from '../../src/audit/template.js';
import { scenarios, toCsv, toRow } from './register.js';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'igcheck.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, 'audit', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

let dir: string;
let pack: Pack;
let headings: string[];
let rows: Record<string, string>[];
const all = scenarios();

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) spawnSync('npm', ['run', 'build'], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'igcheck-audit-'));
  pack = JSON.parse(readFileSync(join(root, 'dist', 'builtin-pack.json'), 'utf8'));
  const { table } = headingTable(pack.facts);
  headings = templateColumns(pack, table).map(c => c.heading);
  rows = all.map(s => toRow(s.answers, pack, id => table.templateHeading.get(id)!, s.name.replace(/\.yaml$/, '')));
});

interface Result { row: number; ref?: string; verdict: string | null; problems: { column?: string; heading?: string; message: string }[] }
const results = (out: string): Result[] => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));

describe('a register built from the acceptance scenarios', () => {
  test('CSV: every flow gets its scenario verdict; exit 1 because some are not lawful', () => {
    writeFileSync(join(dir, 'flows.csv'), toCsv(rows, headings));
    const r = run(['flows.csv', '--out', 'csv-out'], dir);
    expect(r.stderr).toBe(''); // not a terminal: no progress line
    expect(r.status).toBe(1);
    const res = results(join(dir, 'csv-out'));
    expect(res).toHaveLength(all.length);
    res.forEach((x, i) => expect(all[i].verdicts, `${x.ref}: ${x.verdict}`).toContain(x.verdict));
    for (const f of ['summary.json', 'results.csv', 'report.md', 'report.html']) expect(existsSync(join(dir, 'csv-out', f))).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, 'csv-out', 'summary.json'), 'utf8'));
    expect(summary.flows).toBe(all.length);
    expect(summary.missing).toContainEqual(expect.objectContaining({ fact: 'individual.objected', count: 1 }));
    // The report a board reads names conditions, routes and questions in words, never by identifier.
    const report = readFileSync(join(dir, 'csv-out', 'report.md'), 'utf8');
    const ids = [...pack.conditions, ...pack.routes].map(x => x.id).filter(id => id.includes('-'));
    for (const id of ids) expect(report, id).not.toMatch(new RegExp(`(?<![\\w-])${id}(?![\\w-])`));
    expect(report).not.toContain('individual.objected');
    expect(report).toContain(pack.routes.find(x => x.id === summary.routes[0].id)!.title);
  });

  test('XLSX and YAML give the same verdicts', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Flows');
    ws.addRow(headings);
    for (const r of rows) ws.addRow(headings.map(h => r[h] ?? null));
    await wb.xlsx.writeFile(join(dir, 'flows.xlsx'));
    writeFileSync(join(dir, 'flows.yaml'), YAML.stringify(all.map(s => s.answers)));
    for (const f of ['flows.xlsx', 'flows.yaml']) {
      const out = `${f}-out`;
      expect(run([f, '--out', out], dir).status).toBe(1);
      results(join(dir, out)).forEach((x, i) => expect(all[i].verdicts, `${f} ${x.row}: ${x.verdict}`).toContain(x.verdict));
    }
  });
});

describe('a broken register', () => {
  test('CSV with a BOM, CRLF, a bad date, an unknown value, a wrong column count and an empty line', () => {
    const good = rows.slice(0, 6).map(r => ({ ...r }));
    good[1]['Start date'] = '31/02/2026';
    good[2].Purpose = 'direct carez';
    const lines = toCsv(good, headings, '\r\n').split('\r\n');
    lines.splice(4, 0, ''); // an empty line as row 5
    lines.splice(6, 0, 'just,three,cells'); // wrong column count as row 7
    writeFileSync(join(dir, 'broken.csv'), `\uFEFF${lines.join('\r\n')}`);
    const r = run(['broken.csv', '--out', 'broken-out', '--json'], dir);
    expect(r.status).toBe(1); // row 6 (a patient who objected) is not lawful
    const res = results(join(dir, 'broken-out'));
    const byRow = new Map(res.map(x => [x.row, x]));
    expect(byRow.get(3)!.verdict).toBeNull();
    expect(byRow.get(3)!.problems[0]).toMatchObject({ heading: 'Start date', message: expect.stringMatching(/date/) });
    expect(byRow.get(4)!.problems[0]).toMatchObject({ heading: 'Purpose', message: expect.stringMatching(/did you mean `direct_care`/) });
    expect(byRow.get(7)!.problems[0].message).toMatch(/3 cells where the heading row has/);
    expect(byRow.has(5)).toBe(false);
    const summary = JSON.parse(r.stdout);
    expect(summary.empty_rows).toEqual([5]);
    // Every other row decided, with its scenario verdict.
    const decided = res.filter(x => x.verdict !== null);
    expect(decided.map(x => x.ref)).toEqual([0, 3, 4, 5].map(i => rows[i]['Flow ID']));
    for (const x of decided) expect(all.find(s => s.name.startsWith(x.ref!))!.verdicts).toContain(x.verdict);
    expect(summary.by_verdict.unreadable).toBe(3);
    expect(r.stderr).toBe('');
  });

  test('XLSX with a formula cell: reported by row and column, not trusted', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Flows');
    ws.addRow(['Data flow register 2026']); // a title above the table
    ws.addRow([]);
    ws.addRow(headings);
    for (const r of rows.slice(0, 3)) ws.addRow(headings.map(h => r[h] ?? null));
    const col = headings.indexOf('NHS number') + 1;
    ws.getCell(5, col).value = { formula: 'IF(1=1,"yes","no")', result: 'yes' } as never;
    await wb.xlsx.writeFile(join(dir, 'formula.xlsx'));
    const r = run(['formula.xlsx', '--json'], dir);
    const summary = JSON.parse(r.stdout);
    expect(summary.problems).toEqual([expect.objectContaining({ row: 5, column: columnLetter(col - 1), heading: 'NHS number', message: expect.stringMatching(/formula/) })]);
    expect(summary.flows).toBe(3);
    expect(summary.by_verdict.unreadable).toBe(1);
  });

  test('a misspelt heading makes the register unusable (exit 2), naming the column', () => {
    writeFileSync(join(dir, 'typo.csv'), 'Flow ID,Purpose,Recipent location\n1,direct_care,other\n');
    const r = run(['typo.csv'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/typo\.csv:1: column C "Recipent location": unknown heading; did you mean "Recipient location"/);
  });
});

test('--template writes CSV and XLSX registers that read back as empty', () => {
  const r = run(['--template', '--out', 'tpl'], dir);
  expect(r.status).toBe(0);
  const csv = readFileSync(join(dir, 'tpl', 'register-template.csv'), 'utf8');
  expect(csv.split(',').slice(0, 3)).toEqual(['\uFEFFFlow ID', 'Flow name', 'Sending organisation']);
  for (const f of ['register-template.csv', 'register-template.xlsx']) {
    const a = run([join('tpl', f), '--json'], dir);
    expect(a.status, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).flows).toBe(0);
  }
});

describe('other inputs and options', () => {
  test('--map reads other headings; JSON Lines streams flat or nested flows', () => {
    writeFileSync(join(dir, 'ours.csv'), 'Our ref,Why,Sent to (type),Notes\nA1,Direct care,GP,first\n');
    writeFileSync(join(dir, 'map.yaml'), '"Our ref": ref\nWhy: purpose\n"Sent to (type)": recipient.type\nNotes: ignore\n');
    const r = run(['ours.csv', '--map', 'map.yaml', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ flows: 1, by_verdict: { incomplete: 1 }, ignored_columns: [] });
    writeFileSync(join(dir, 'flows.jsonl'), `${JSON.stringify(all[0].answers)}\n\n{"Purpose": "planing"}\nnot json\n`);
    const j = run(['flows.jsonl', '--json'], dir);
    const s = JSON.parse(j.stdout);
    expect(s).toMatchObject({ flows: 3, empty_rows: [2], by_verdict: { unreadable: 2 } });
    expect(s.problems.map((p: { row: number }) => p.row)).toEqual([3, 4]);
    expect(s.problems[0]).toMatchObject({ column: 'Purpose', message: expect.stringMatching(/did you mean `planning`/) });
  });

  test('a progress line on a terminal only, cleared at the end', () => {
    // Enough rows to take well over the quarter second before the line first shows.
    const many = Array.from({ length: 40_000 }, (_, i) => ({ ...rows[i % rows.length], 'Flow ID': `F${i}` }));
    writeFileSync(join(dir, 'tty.csv'), toCsv(many, headings));
    const r = spawnSync('script', ['-qec', `${process.execPath} ${bin} audit tty.csv >/dev/null`, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    if (r.error) return; // no script(1) here: the non-terminal case is covered above
    expect(r.stdout).toMatch(/rows\/s/);
    expect(r.stdout).toMatch(/\r\x1b\[K/);
  });

  test('usage errors exit 2 with a message', () => {
    expect(run([], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/give the register to audit/) });
    expect(run(['nope.csv'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/no such file/) });
    expect(run(['flows.csv', '--out', 'csv-out'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/already holds files; add --force/) });
    writeFileSync(join(dir, 'old.xls'), '');
    expect(run(['old.xls'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/save the register as .xlsx or CSV/) });
  });
});
