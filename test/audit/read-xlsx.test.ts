// The streaming XLSX reader must read every workbook as exceljs's whole-workbook reader does: the
// same cells in the same rows, formulas and errors refused, dates as dates, rich text joined.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { StringTable, readXlsx, sheetRows } from '../../src/audit/read-xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'igcheck-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

/** A cell as both readers are compared: text, number, boolean, ISO date, or the kind of refusal. */
function norm(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return `date:${v.toISOString()}`;
  if (typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('unreadable' in o) return /formula/.test(String(o.unreadable)) ? 'formula' : /error/.test(String(o.unreadable)) ? 'error' : o.unreadable;
  if ('formula' in o || 'sharedFormula' in o) return 'formula';
  if ('error' in o) return 'error';
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map(t => t.text).join('');
  if ('text' in o) return String(o.text);
  return JSON.stringify(o);
}

const trim = (cells: unknown[]) => { const c = Array.from(cells, norm); while (c.length && c.at(-1) === null) c.pop(); return c; };

async function ours(file: string): Promise<[number, unknown[]][]> {
  const out: [number, unknown[]][] = [];
  for await (const r of sheetRows(file)) { const c = trim(r.cells); if (c.length) out.push([r.number, c]); }
  return out;
}

async function theirs(file: string): Promise<[number, unknown[]][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: [number, unknown[]][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: false }, (row, n) => {
    const c = trim(((row.values as unknown[]) ?? []).slice(1));
    if (c.length) out.push([n, c]);
  });
  return out;
}

let n = 0;
const text = fc.string({ unit: fc.constantFrom('a', 'B', ' ', '<', '>', '&', '"', "'", '\n', '\t', 'é', '—', '😀', ']]>', '&amp;', '_x000D_', ';', '0') });
const cellValue = fc.oneof(
  text, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
  fc.date({ noInvalidDate: true, min: new Date('1901-01-01'), max: new Date('2200-01-01') }),
  fc.constantFrom({ formula: 'A1&"x"', result: 'yes' }, { formula: '1+1', result: 2 }, { formula: 'NOW()' }, { error: '#REF!' } as const),
  fc.array(text, { minLength: 1, maxLength: 3 }).map(ts => ({ richText: ts.map(t => ({ text: t, font: { bold: true } })) })),
);

test('generated workbooks read cell for cell as exceljs reads them, with shared or inline strings', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.array(cellValue, { maxLength: 6 }), { maxLength: 8 }), fc.boolean(), fc.nat(3), async (rows, shared, gap) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Flows');
    wb.addWorksheet('Guide').addRow(['not', 'read']);
    rows.forEach((r, i) => { ws.getRow(1 + i * (1 + gap)).values = r as never; });
    const file = join(dir, `${n++}.xlsx`);
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: shared } as never)));
    expect(await ours(file)).toEqual(await theirs(file));
  }), { numRuns: RUNS });
});

async function oursWithBudget(file: string, stringBudget: number): Promise<[number, unknown[]][]> {
  const out: [number, unknown[]][] = [];
  for await (const r of sheetRows(file, undefined, { stringBudget })) { const c = trim(r.cells); if (c.length) out.push([r.number, c]); }
  return out;
}

test('shared strings past the memory budget are read back from a scratch file, cell for cell the same', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.array(fc.oneof(text, fc.constant(null), fc.integer()), { maxLength: 5 }), { maxLength: 10 }), fc.nat(400), async (rows, budget) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Flows');
    rows.forEach(r => ws.addRow(r));
    const file = join(dir, `${n++}.xlsx`);
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: true } as never)));
    // 0: every string spilled; a few hundred bytes: some kept, the rest spilled.
    expect(await oursWithBudget(file, budget)).toEqual(await ours(file));
  }), { numRuns: Math.ceil(RUNS / 2) });
});

test('a workbook of many distinct strings, referred to out of order, reads the same spilled and leaves no scratch file', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Flows');
  // 30,000 rows, each with its own text and one of an earlier row's (5,000 rows back: not in the read-ahead block).
  const own = (i: number) => `Flow ${i}: a description of its own, ${'é—😀'.repeat(i % 7)} number ${i}`;
  for (let i = 0; i < 30_000; i++) ws.addRow([own(i), i >= 5_000 ? own(i - 5_000) : 'yes', i % 3 ? 'no' : 'yes']);
  const file = join(dir, `${n++}.xlsx`);
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: true } as never)));
  const scratch = mkdtempSync(join(tmpdir(), 'igcheck-scratch-'));
  const was = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    const spilled = await oursWithBudget(file, 64 * 1024);
    expect(readdirSync(scratch)).toEqual([]);
    expect(spilled).toHaveLength(30_000);
    expect(spilled[29_999]).toEqual([30_000, [own(29_999), own(24_999), 'no']]);
    expect(spilled).toEqual(await oursWithBudget(file, 1 << 30));
  } finally {
    if (was === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = was;
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('the string table keeps strings in memory to its budget and the rest on disk, read back in any order', () => {
  const t = new StringTable(1000);
  const all = Array.from({ length: 20_000 }, (_, i) => (i % 5 ? `s${i} ${'ü'.repeat(i % 13)}` : ''));
  for (const x of all) t.push(x);
  t.finish();
  expect(t.length).toBe(20_000);
  expect(t.inMemory).toBeGreaterThan(0);
  expect(t.inMemory).toBeLessThan(100);
  // Backwards, forwards, and at random: every string as it was pushed; past the end, none.
  for (let i = all.length - 1; i >= 0; i -= 7) expect(t.get(i)).toBe(all[i]);
  for (let i = 0; i < all.length; i++) expect(t.get(i)).toBe(all[i]);
  let seed = 7;
  for (let k = 0; k < 5000; k++) { seed = (seed * 1103515245 + 12345) % 2 ** 31; const i = seed % all.length; expect(t.get(i)).toBe(all[i]); }
  expect(t.get(20_000)).toBeUndefined();
  expect(t.get(-1)).toBeUndefined();
  t.close();
});

/** A workbook from exceljs with its first sheet (and shared strings) replaced by hand-written XML. */
async function withSheet(sheet: string, sst?: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Flows').addRow(['x']);
  const parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
  parts['xl/worksheets/sheet1.xml'] = strToU8(sheet);
  if (sst) parts['xl/sharedStrings.xml'] = strToU8(sst);
  const file = join(dir, `${n++}.xlsx`);
  writeFileSync(file, zipSync(parts));
  return file;
}

test('forms other programs write: prefixes, comments, CDATA, phonetic guides, single quotes, cells without r', async () => {
  const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const file = await withSheet(`<?xml version="1.0"?><x:worksheet ${ns}><x:sheetData>
    <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Flow ID</x:t></x:is></x:c><x:c r="C1" t="s"><x:v>0</x:v></x:c></x:row>
    <!-- a comment between rows -->
    <x:row r="3"><x:c t="inlineStr"><x:is><x:t><![CDATA[a <b> & c]]></x:t></x:is></x:c><x:c t='n'><x:v>4.5</x:v></x:c><x:c r="D3" t="s"><x:v>1</x:v></x:c></x:row>
    <x:row r="4" spans="1:2"/>
    <x:row r="5"><x:c r="B5" t="b"><x:v>1</x:v></x:c><x:c r="C5" t="str"><x:v>&lt;text&gt; &#233;&#x1F600;</x:v></x:c><x:c r="D5"><x:f>A1</x:f><x:v>3</x:v></x:c><x:c r="E5" t="e"><x:v>#N/A</x:v></x:c></x:row>
  </x:sheetData></x:worksheet>`, `<?xml version="1.0"?><x:sst ${ns}><x:si><x:t xml:space="preserve"> Purpose </x:t></x:si><x:si><x:r><x:t>漢</x:t></x:r><x:rPh sb="0" eb="1"><x:t>かん</x:t></x:rPh><x:r><x:t>字</x:t></x:r></x:si></x:sst>`);
  expect(await ours(file)).toEqual([
    [1, ['Flow ID', null, ' Purpose ']],
    [3, ['a <b> & c', 4.5, null, '漢字']],
    [5, [null, true, '<text> é😀', 'formula', 'error']],
  ]);
  const events = [];
  for await (const e of readXlsx(file, { read: 0, total: 0 })) events.push(e.kind === 'row' ? [e.kind, e.row] : [e.kind, e.row]);
  expect(events).toEqual([['header', 1], ['empty', 2], ['row', 3], ['empty', 4], ['row', 5]]);
});

test('a part that inflates past the size its zip directory states is refused', async () => {
  const file = await withSheet('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Flow ID</t></is></c><c r="B1" t="inlineStr"><is><t>Title</t></is></c></row></sheetData></worksheet>');
  // Lower the sheet's stated size in the central directory: the reader must not believe it.
  const bytes = Buffer.from(readFileSync(file));
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  for (let p = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; p = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4)) {
    if (bytes.subarray(p + 46, p + 46 + name.length).equals(name)) bytes.writeUInt32LE(10, p + 24);
  }
  writeFileSync(file, bytes);
  await expect(ours(file)).rejects.toMatchObject({ problems: [expect.objectContaining({ message: expect.stringMatching(/inflates to more than its zip directory says/) })] });
});
