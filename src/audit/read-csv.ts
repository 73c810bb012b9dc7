// Streaming CSV register reader (csv-parse): BOM, CRLF or LF, quoted multi-line cells, blank
// lines and rows with the wrong number of cells are all reported by spreadsheet row number.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import type { Progress, SheetEvent } from './sheet.js';

export async function* readCsv(file: string, progress: Progress): AsyncGenerator<SheetEvent> {
  progress.total = statSync(file).size;
  const input = createReadStream(file, { highWaterMark: 1 << 18 });
  // progress from parser info below
  // Errors are skipped and reported, never fatal: relax_quotes takes a stray quote as text, and
  // the only remaining error (a quote never closed) swallows the rest of the file, said so.
  const skips: { after: number; message: string }[] = [];
  const parser = input.pipe(parse({
    delimiter: sniffDelimiter(file), bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false,
    skip_records_with_error: true, max_record_size: 1 << 20,
  }));
  parser.on('skip', (err: Error & { records?: number; code?: string }) => {
    skips.push({ after: err.records ?? 0, message: err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted cell is never closed (a missing `"`), so this row and every row after it could not be read'
      : `cannot be read: ${err.message}` });
  });
  input.on('error', e => parser.destroy(e));
  let width = 0;
  let skipped = 0;
  const flush = function* (beforeRecord: number): Generator<SheetEvent> {
    while (skips.length && skips[0].after < beforeRecord) {
      const s = skips.shift()!;
      skipped++;
      yield { kind: 'bad', row: s.after + skipped, message: s.message, rest: s.message.includes('every row after') };
    }
  };
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number; bytes: number } }>) {
    progress.read = info.bytes;
    yield* flush(info.records);
    const row = info.records + skipped;
    if (row === 1) { width = record.length; yield { kind: 'header', row, cells: record }; continue; }
    if (record.length === 1 && record[0] === '' || record.every(c => c.trim() === '')) { yield { kind: 'empty', row }; continue; }
    // Trailing empty cells beyond the headings (a stray comma at the end of a line) are harmless.
    while (record.length > width && record[record.length - 1].trim() === '') record.pop();
    if (record.length !== width) {
      yield { kind: 'bad', row, message: `has ${record.length} cells where the heading row has ${width}, so the columns cannot be matched (a missing or extra comma, or an unquoted comma in a cell)` };
      continue;
    }
    yield { kind: 'row', row, cells: record };
  }
  yield* flush(Infinity);
}

/** Comma, semicolon (Excel in much of Europe) or tab: whichever the heading row uses most. */
export function sniffDelimiter(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0].replace(/"[^"]*"/g, '');
    const count = (c: string) => line.split(c).length - 1;
    return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
  } finally { closeSync(fd); }
}
