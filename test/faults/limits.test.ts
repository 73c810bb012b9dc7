// The documented limits (src/io/limits.ts), each met with an error naming the file and the line
// or row, never "Maximum call stack size exceeded"; a register's other rows are still decided and
// numbered as the spreadsheet numbers them.
import { writeFileSync, rmSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkJson, checkYamlDepth, MAX_DEPTH } from '../../src/io/limits.js';
import { run, tempDir } from './harness.js';

let d: string;
beforeAll(() => { d = tempDir('igcheck-limits-'); });
afterAll(() => rmSync(d, { recursive: true, force: true }));
const file = (name: string, body: string | Uint8Array) => { const p = join(d, name); writeFileSync(p, body); return p; };
const noCrash = (err: string) => expect(err).not.toMatch(/internal error|Maximum call stack|\n\s+at /);

async function auditJson(path: string) {
  const r = await run(['audit', path, '--json']);
  noCrash(r.err);
  return { ...r, summary: r.out ? JSON.parse(r.out) as { flows: number; by_verdict: Record<string, number>; problems: { row: number; message: string }[] } : undefined };
}

test('nesting: block YAML 1,000 levels deep, 10,000 nested `not:` in a pack, deep JSON answers', async () => {
  let yaml = '';
  for (let i = 0; i < 1000; i++) yaml += `${' '.repeat(i)}a:\n`;
  const r1 = await run(['assess', '--answers', file('deep.yaml', yaml)]);
  expect(r1.code).toBe(2);
  expect(r1.err).toMatch(new RegExp(`deep.yaml:${MAX_DEPTH + 1}:\\d+: nests deeper than ${MAX_DEPTH} levels`));
  noCrash(r1.err);

  const r2 = await run(['assess', '--answers', file('deep.json', `{"title":${'['.repeat(5000)}${']'.repeat(5000)}}`)]);
  expect(r2.code).toBe(2);
  expect(r2.err).toMatch(/deep.json:1:\d+: nests deeper than/);
  noCrash(r2.err);

  const pack = join(d, 'pack');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(pack, { recursive: true });
  writeFileSync(join(pack, 'pack.yaml'), `pack: {name: deep, version: 1.0.0, title: Deep}\nbases:\n  - id: x\n    when: ${'{not: '.repeat(10_000)}true${'}'.repeat(10_000)}\n`);
  const r3 = await run(['rules', 'list', '--rules', pack]);
  expect(r3.code).toBe(2);
  expect(r3.err).toMatch(/pack.yaml:4:\d+: nests deeper than/);
  noCrash(r3.err);
  let block = 'pack: {name: deep2, version: 1.0.0, title: Deep}\nbases:\n  - id: x\n    when:\n';
  for (let i = 0; i < 2000; i++) block += `${' '.repeat(6 + 2 * i)}not:\n`;
  writeFileSync(join(pack, 'pack.yaml'), block);
  const r4 = await run(['rules', 'list', '--rules', pack]);
  expect(r4.code).toBe(2);
  expect(r4.err).toMatch(/nests deeper than/);
  noCrash(r4.err);
});

test('deep JSON in an audit: that row is reported; the others are decided', async () => {
  const deep = `{"Flow ID":"F1","Title":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
  const { code, summary } = await auditJson(file('deep.jsonl', `${deep}\n{"Flow ID":"F2","Title":"ok"}\n`));
  expect(code).toBeLessThan(2);
  expect(summary!.flows).toBe(2);
  expect(summary!.problems).toEqual([expect.objectContaining({ row: 1, message: expect.stringMatching(/nests deeper than/) })]);
  const whole = await run(['audit', file('deep-list.json', `[${deep}]`)]);
  expect(whole.code).toBe(2);
  expect(whole.err).toMatch(/deep-list.json:1:\d+: nests deeper/);
});

test('a CSV with a 1.5 MB cell, quoted or not: that row is reported by its number, the rows after it decided', async () => {
  for (const q of ['"', '']) {
    const big = 'x'.repeat(1_500_000);
    const { code, summary } = await auditJson(file(`big${q ? 'q' : ''}.csv`, `Flow ID,Title,Lawful basis\r\nF1,${q}${big}${q},\r\nF2,Two,\r\n\r\nF4,Four,\r\n`));
    expect(code).toBeLessThan(2);
    expect(summary!.flows).toBe(3);
    expect(summary!.by_verdict.unreadable).toBe(1);
    expect(summary!.problems).toEqual([expect.objectContaining({ row: 2, message: expect.stringMatching(/1\.4 MiB, more than the 1\.0 MiB one row may hold/) })]);
  }
  const mid = await auditJson(file('mid.csv', `Flow ID,Title\r\nF1,"${'y'.repeat(40_000)}"\r\nF2,Two\r\n`));
  expect(mid.summary!.problems).toEqual([expect.objectContaining({ row: 2, message: expect.stringMatching(/column B holds 40,000 characters, more than the 32,767/) })]);
  const wide = await auditJson(file('wide.csv', `Flow ID,Title\r\nF1,${'a,'.repeat(20_000)}\r\nF2,Two\r\n`));
  expect(wide.summary!.problems).toEqual([expect.objectContaining({ row: 2, message: expect.stringMatching(/more than the 16,384 columns/) })]);
});

/** A real workbook from the template, with its first sheet replaced. */
async function workbook(sheetXml: string): Promise<Uint8Array> {
  const t = join(d, 'tpl');
  expect((await run(['audit', '--template', '--out', t, '--force'])).code).toBe(0);
  const parts = unzipSync(readFileSync(join(t, 'register-template.xlsx')));
  parts['xl/worksheets/sheet1.xml'] = strToU8(sheetXml);
  return zipSync(parts, { level: 9 });
}

test('an .xlsx whose one cell inflates to 50 MB is refused before it is read; a damaged one is named', async () => {
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Flow ID</t></is></c><c r="B1" t="inlineStr"><is><t>Title</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>F1</t></is></c><c r="B2" t="inlineStr"><is><t>${'a'.repeat(50_000_000)}</t></is></c></row></sheetData></worksheet>`;
  const bomb = file('bomb.xlsx', await workbook(sheet));
  expect(readFileSync(bomb).length).toBeLessThan(200_000);
  const r = await run(['audit', bomb]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/bomb.xlsx: its part xl\/worksheets\/sheet1.xml would inflate from \d+ KiB to 48 MiB/);
  noCrash(r.err);

  const good = readFileSync(join(d, 'tpl', 'register-template.xlsx'));
  for (const [name, bytes] of [['cut.xlsx', good.subarray(0, good.length - 100)], ['text.xlsx', Buffer.from('not a zip at all')], ['empty.xlsx', Buffer.alloc(0)]] as const) {
    const c = await run(['audit', file(name, bytes)]);
    expect(c.code, name).toBe(2);
    expect(c.err, name).toMatch(new RegExp(`${name.replace('.', '\\.')}: is not a readable Excel workbook`));
    noCrash(c.err);
  }
});

test('the scanners: depth and duplicate keys found with their place; ordinary documents pass', () => {
  expect(checkJson('{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}')).toBeUndefined();
  expect(checkJson('{\n  "a": 1,\n  "\\u0061": 2\n}')).toEqual({ line: 3, col: 3, message: expect.stringMatching(/"a" is given twice/) });
  expect(checkJson('{"x":"[[[[{{{{"}', 3)).toBeUndefined();
  expect(checkJson('[[[[', 3)?.col).toBe(4);
  expect(checkYamlDepth('a:\n  b:\n    c: [1, {d: "[[[["}]\n    e: |\n      [[[[[[[[\n          x:\n', 5)).toBeUndefined();
  expect(checkYamlDepth('- - - - - - a\n', 4)?.line).toBe(1);
  expect(checkYamlDepth(readFileSync(join(import.meta.dirname, '../../rules/england/questions.yaml'), 'utf8'))).toBeUndefined();
});

test('YAML mistakes explained in words, with line and column, one problem per line', async () => {
  const cases: [string, RegExp][] = [
    ['title: "a\npurpose: x\n', /:3:1: .*a quoted value is never closed; add the closing quote/],
    ['title: a\n\tpurpose: x\n', /:2:1: .*a tab is used to indent; indent with spaces only/],
    ['title: a\ntitle: b\n', /:2:1: .*this key is given twice at one level/],
    ['title: [unclosed\npurpose: x\n', /:2:1: .*a list in \[ \] or a mapping in \{ \} is never closed/],
    ['title: a: b\n', /:1:\d+: .*put quotes around a value with a colon in it/],
  ];
  for (const [text, message] of cases) {
    const r = await run(['assess', '--answers', file('mistake.yaml', text)]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n').filter(l => l.includes('mistake.yaml')).length).toBe(1);
  }
});

test('invalid UTF-8 is refused with its byte offset (answers, CSV, JSON Lines, packs); valid text across read boundaries is not', async () => {
  const latin1 = Buffer.concat([Buffer.from('Flow ID,Title\r\nF1,One\r\nF2,Fee '), Buffer.from([0xa3]), Buffer.from('5\r\n')]);
  const c = await run(['audit', file('latin1.csv', latin1)]);
  expect(c.code).toBe(2);
  expect(c.err).toMatch(/latin1\.csv:3: byte 30 \(0xa3\) is not valid UTF-8; save the register as UTF-8/);
  const j = await run(['audit', file('latin1.jsonl', Buffer.concat([Buffer.from('{"Title":"'), Buffer.from([0xff]), Buffer.from('"}\n')]))]);
  expect(j.code).toBe(2);
  expect(j.err).toMatch(/byte 10 \(0xff\)/);
  const a = await run(['assess', '--answers', file('latin1.yaml', Buffer.concat([Buffer.from('title: Caf'), Buffer.from([0xe9]), Buffer.from('\n')]))]);
  expect(a.code).toBe(2);
  expect(a.err).toMatch(/latin1\.yaml:1: byte 10 \(0xe9\) is not valid UTF-8/);
  // A MiB-plus file of multi-byte characters: characters split across reads are not mistaken.
  const { assertUtf8File } = await import('../../src/io/text.js');
  const wide = file('wide-utf8.csv', `Flow ID,Title\r\n${'F,日本語£€😀\r\n'.repeat(120_000)}`);
  expect(() => assertUtf8File(wide, 'x')).not.toThrow();
});

test('verify refuses a manifest with a file listed twice, a wrong byte count or a duplicated key', async () => {
  const dir = join(d, 'signed');
  expect((await run(['keygen', '--out', join(d, 'vkey.pem')])).code).toBe(0);
  expect((await run(['assess', '--answers', join(import.meta.dirname, '../../examples/care-plan-to-care-home.yaml'), '--out', dir, '--no-register', '--key', join(d, 'vkey.pem'), '--format', 'md', '--signer', 'T'])).code).toBeLessThan(2);
  const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const m = JSON.parse(manifest);
  const tries: [string, string, RegExp][] = [
    ['twice', JSON.stringify({ ...m, files: [...m.files, m.files[0]] }), /is listed twice/],
    ['bytes', JSON.stringify({ ...m, files: [{ ...m.files[0], bytes: m.files[0].bytes + 1 }, ...m.files.slice(1)] }), /listed as \d+ bytes but has \d+/],
    ['dup key', manifest.replace('"format":', '"verdict": "lawful",\n  "format":'), /given twice/],
  ];
  for (const [name, text, message] of tries) {
    writeFileSync(join(dir, 'manifest.json'), text);
    const r = await run(['verify', dir]);
    expect(r.code, name).toBe(1);
    expect(r.err, name).toMatch(message);
  }
  writeFileSync(join(dir, 'manifest.json'), manifest);
  expect((await run(['verify', dir])).code).toBe(0);
});

test('an .xlsx cell longer than a spreadsheet cell may be: that row is reported, the next decided', async () => {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Flows');
  ws.addRow(['Flow ID', 'Title']);
  ws.addRow(['F1', 'z'.repeat(40_000)]);
  ws.addRow(['F2', 'Two']);
  const { code, summary } = await auditJson(file('long.xlsx', Buffer.from(await wb.xlsx.writeBuffer())));
  expect(code).toBeLessThan(2);
  expect(summary!.flows).toBe(2);
  expect(summary!.problems).toEqual([expect.objectContaining({ row: 2, message: expect.stringMatching(/column B holds 40,000 characters/) })]);
});

test('an .xlsx whose zip directory understates a part\'s size is refused without inflating it into memory', async () => {
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Flow ID</t></is></c><c r="B1" t="inlineStr"><is><t>Title</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>F1</t></is></c><c r="B2" t="inlineStr"><is><t>${'a'.repeat(20_000_000)}</t></is></c></row></sheetData></worksheet>`;
  const zip = Buffer.from(await workbook(sheet));
  // Forge the sheet's inflated size in its local header and in the directory: 100,000 bytes.
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  for (let at = zip.indexOf(name); at >= 0; at = zip.indexOf(name, at + 1)) {
    if (zip.readUInt32LE(at - 30) === 0x04034b50) zip.writeUInt32LE(100_000, at - 30 + 22);
    if (zip.readUInt32LE(at - 46) === 0x02014b50) zip.writeUInt32LE(100_000, at - 46 + 24);
  }
  const r = await run(['audit', file('forged.xlsx', zip)]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/forged.xlsx: its part xl\/worksheets\/sheet1.xml inflates to more than its zip directory says/);
  noCrash(r.err);
});
