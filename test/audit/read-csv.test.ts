// The fast CSV reader must read every file exactly as csv-parse does: same events, same rows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import fc from 'fast-check';
import { readCsv } from '../../src/audit/read-csv.js';
import type { SheetEvent } from '../../src/audit/sheet.js';

const dir = mkdtempSync(join(tmpdir(), 'igcheck-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function events(file: string, opts: { fast?: boolean; chunk?: number }): Promise<SheetEvent[]> {
  const out: SheetEvent[] = [];
  for await (const ev of readCsv(file, { read: 0, total: 0 }, opts)) out.push(ev);
  return out;
}

let n = 0;
async function same(bytes: Buffer | string, chunk = 1 << 18) {
  const file = join(dir, `${n++}.csv`);
  writeFileSync(file, bytes);
  const want = await events(file, { fast: false });
  expect(await events(file, { chunk })).toEqual(want);
  return want;
}

test('well-formed registers: quoted cells, doubled quotes, line breaks in cells, CRLF or LF, BOM', async () => {
  const rows = ['Flow ID,Purpose,Notes', 'DF-1,Direct care,"a, b"', 'DF-2,"Say ""hi""","two\r\nlines"', '', 'DF-3,,', ',,', 'DF-4,x'];
  const crlf = await same(`\uFEFF${rows.join('\r\n')}\r\n`, 16);
  expect(crlf.map(e => e.kind)).toEqual(['header', 'row', 'row', 'empty', 'row', 'empty', 'bad']);
  await same(rows.join('\n'), 8);
  await same(`${rows.join('\n')}\n\n`, 1 << 10);
});

test('an odd row is read by csv-parse, row numbers kept', async () => {
  const head = 'Flow ID,Purpose\r\nDF-1,a\r\n';
  const stray = await same(`${head}DF-2,say "hi"\r\nDF-3,b\r\n`, 8);
  expect(stray.at(-1)).toEqual({ kind: 'row', row: 4, cells: ['DF-3', 'b'] });
  const open = await same(`${head}DF-2,"never closed\r\nDF-3,b\r\n`);
  expect(open.at(-1)).toMatchObject({ kind: 'bad', row: 3, rest: true });
  await same(`${head}DF-2,"closed"late\r\nDF-3,b\r\n`);
  await same(`${head}DF-2,lone\ncell\r\n`);
  await same('Flow ID,Purpose\rDF-1,a\r');
  await same(`${head}DF-2,"quoted at the end"`);
});

test('random files of quotes, delimiters and line breaks read alike, in any chunk size', async () => {
  const piece = fc.constantFrom('a', 'é', '€', ',', ';', '"', '""', '\r', '\n', '\r\n', ' ', 'x,y', '"q"');
  await fc.assert(fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.boolean(), fc.integer({ min: 4, max: 64 }), async (pieces, bom, chunk) => {
    await same(`${bom ? '\uFEFF' : ''}${pieces.join('')}`, chunk);
  }), { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) });
});

test('odd records in the middle of well-formed files read alike, and the fast reader goes on after each', async () => {
  const cell = fc.oneof(fc.constantFrom('a', 'Direct care', '', 'é€', 'x y'), fc.constantFrom('"a, b"', '"say ""hi"""', '"two\r\nlines"', '"two\nlines"'));
  const odd = fc.constantFrom('say "hi"', '"closed"late', 'lone\rcr', '"never closed', 'a"b"c', '"x""y"z', '"q"', '""');
  const record = fc.tuple(cell, cell, cell).map(cells => cells.join(','));
  const line = fc.oneof({ weight: 6, arbitrary: record }, { weight: 1, arbitrary: fc.tuple(cell, odd, cell).map(c => c.join(',')) }, { weight: 1, arbitrary: fc.constant('') });
  await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 25 }), fc.constantFrom('\r\n', '\n'), fc.boolean(), fc.integer({ min: 8, max: 256 }), async (lines, eol, lastEol, chunk) => {
    await same(`Flow ID,Purpose,Notes${eol}${lines.join(eol)}${lastEol ? eol : ''}`, chunk);
  }), { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) });
});

test('a long file with one odd record early on: every row after it read alike', async () => {
  const rows = Array.from({ length: 2000 }, (_, i) => `DF-${i},Direct care,${i === 5 ? 'say "hi"' : 'plain'}`);
  const file = join(dir, 'odd-once.csv');
  writeFileSync(file, `Flow ID,Purpose,Notes\r\n${rows.join('\r\n')}\r\n`);
  const evs = await events(file, {});
  expect(evs).toEqual(await events(file, { fast: false }));
  expect(evs[6]).toEqual({ kind: 'row', row: 7, cells: ['DF-5', 'Direct care', 'say "hi"'] });
});
