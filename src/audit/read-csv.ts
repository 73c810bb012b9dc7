// CSV register reader: BOM, CRLF or LF, quoted multi-line cells, blank lines and rows with the
// wrong number of cells are all reported by spreadsheet row number. Well-formed rows are split by a
// small fast reader; a row it is unsure of is read by csv-parse, and the fast reader goes on after it.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_RECORD_BYTES } from '../io/limits.js';
import { columnLetter } from './headings.js';
import { assertUtf8File } from '../io/text.js';
import type { Progress, SheetEvent } from './sheet.js';

export async function* readCsv(file: string, progress: Progress, opts: { fast?: boolean; chunk?: number } = {}): AsyncGenerator<SheetEvent> {
  progress.total = statSync(file).size;
  // Invalid UTF-8 is refused, not silently replaced: a register saved in another encoding would
  // otherwise be read with its names and values garbled.
  if (!isUtf16(file)) assertUtf8File(file, 'save the register as UTF-8 (in Excel: Save As, "CSV UTF-8 (Comma delimited)")');
  const delimiter = sniffDelimiter(file);
  const shape = new Shaper(file);
  let from: Resume = { byte: 0, records: 0, recordDelimiter: undefined };
  if (opts.fast === false) { yield* parsed(file, delimiter, from, shape, progress, false); return; }
  const fast = new FastCsv(delimiter.charCodeAt(0));
  for (;;) {
    for (const batch of fast.records(file, opts.chunk ?? 1 << 16, from.byte)) {
      progress.read = batch.bytes;
      for (const record of batch.records) yield shape.event(record, ++from.records);
    }
    if (!fast.resume) return;
    // The record the fast reader is unsure of is read by csv-parse, then the fast reader goes on
    // after it: one odd cell costs one record. Only when csv-parse cannot say where that record
    // ends (a quote never closed, a record past its size limit) does it read the rest of the file.
    from = { ...fast.resume, records: from.records };
    fast.resume = undefined;
    // Before any line ending is known (the heading row is odd), csv-parse reads the whole file, as
    // it alone knows which ending it has settled on.
    const after = yield* parsed(file, delimiter, from, shape, progress, fast.lineEnd !== undefined);
    if (!after) return;
    from = after;
  }
}

/** Where csv-parse takes over: a byte offset at the start of a record, records read so far, the line ending found. */
interface Resume { byte: number; records: number; recordDelimiter?: '\r\n' | '\n' }

/** A row over MAX_RECORD_BYTES, skipped without being held in memory: only its size is known. */
export class Oversize { constructor(readonly bytes: number) {} }

const MiB = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

/** Records → events: the heading row, blank rows, rows whose cells do not line up with the headings, rows past a limit. */
class Shaper {
  private width = 0;
  constructor(private readonly file: string) {}
  event(record: string[] | Oversize, row: number): SheetEvent {
    const limit = this.limit(record);
    if (row === 1) {
      if (limit) throw new InputError('The register\'s heading row cannot be read', [{ file: this.file, line: 1, message: limit }]);
      this.width = (record as string[]).length;
      return { kind: 'header', row, cells: record as string[] };
    }
    if (limit) return { kind: 'bad', row, message: limit };
    record = record as string[];
    if (record.length === 1 && record[0] === '' || record.every(c => c.trim() === '')) return { kind: 'empty', row };
    // Trailing empty cells beyond the headings (a stray comma at the end of a line) are harmless.
    while (record.length > this.width && record[record.length - 1].trim() === '') record.pop();
    if (record.length !== this.width) {
      return { kind: 'bad', row, message: `has ${record.length} cells where the heading row has ${this.width}, so the columns cannot be matched (a missing or extra comma, or an unquoted comma in a cell)` };
    }
    return { kind: 'row', row, cells: record };
  }

  /** Which documented limit a record is past, in words, or undefined. */
  private limit(record: string[] | Oversize): string | undefined {
    if (record instanceof Oversize) return `is ${MiB(record.bytes)}, more than the ${MiB(MAX_RECORD_BYTES)} one row may hold (a cell pasted many times over, or a quote never closed?); it was skipped unread`;
    if (record.length > MAX_COLUMNS) return `has ${record.length.toLocaleString('en-GB')} cells, more than the ${MAX_COLUMNS.toLocaleString('en-GB')} columns a spreadsheet has`;
    let total = 0;
    for (let i = 0; i < record.length; i++) {
      const len = record[i].length;
      total += len;
      if (len > MAX_CELL_CHARS) return `column ${columnLetter(i)} holds ${len.toLocaleString('en-GB')} characters, more than the ${MAX_CELL_CHARS.toLocaleString('en-GB')} a spreadsheet cell holds`;
    }
    if (total > MAX_RECORD_BYTES) return `holds ${MiB(total)} of text, more than the ${MiB(MAX_RECORD_BYTES)} one row may hold`;
    return undefined;
  }
}

/**
 * csv-parse from a record boundary: to the end of the file, or with `one` for one record only,
 * returning where the next record starts (undefined when the file has been read to its end).
 * Errors are skipped and reported, never fatal.
 */
async function* parsed(file: string, delimiter: string, from: Resume, shape: Shaper, progress: Progress, one: boolean): AsyncGenerator<SheetEvent, Resume | undefined> {
  const input = createReadStream(file, { highWaterMark: one ? 1 << 14 : 1 << 18, start: from.byte });
  // relax_quotes takes a stray quote as text, and the only remaining error (a quote never closed)
  // swallows the rest of the file, said so.
  const skips: { after: number; message: string }[] = [];
  const parser = input.pipe(parse({
    delimiter, bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false,
    skip_records_with_error: true, max_record_size: 16 * MAX_RECORD_BYTES, ...(from.recordDelimiter ? { record_delimiter: from.recordDelimiter } : {}),
  }));
  parser.on('skip', (err: Error & { records?: number; code?: string }) => {
    skips.push({ after: err.records ?? 0, message: err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted cell is never closed (a missing `"`), so this row and every row after it could not be read'
      : `cannot be read: ${err.message}` });
  });
  input.on('error', e => parser.destroy(e));
  let skipped = 0;
  const flush = function* (beforeRecord: number): Generator<SheetEvent> {
    while (skips.length && skips[0].after < beforeRecord) {
      const s = skips.shift()!;
      skipped++;
      yield { kind: 'bad', row: from.records + s.after + skipped, message: s.message, rest: s.message.includes('every row after') };
    }
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number; bytes: number } }>) {
      progress.read = from.byte + info.bytes;
      yield* flush(info.records);
      yield shape.event(record, from.records + info.records + skipped);
      // One record, cleanly read: the fast reader takes over after it.
      if (one && !skipped && info.records === 1) return { byte: from.byte + info.bytes, records: from.records + 1, recordDelimiter: from.recordDelimiter };
    }
    yield* flush(Infinity);
    return undefined;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** A record longer than this is skipped unread (reported as past the limit), in the fast reader. */
const MAX_FAST_RECORD = MAX_RECORD_BYTES;

/**
 * The common case of RFC 4180, exactly as csv-parse reads it: unquoted cells without quotes or line
 * breaks, quoted cells ("" for a quote, line breaks kept) closed just before a delimiter or line end,
 * one line ending throughout (the first found: CRLF or LF). Anything else, a stray quote, a lone CR,
 * a quote never closed, stops it at the start of that record and sets `resume` for csv-parse.
 */
class FastCsv {
  resume?: Omit<Resume, 'records'>;
  /** CRLF (true) or LF (false) once learnt from the first record's end. */
  lineEnd: boolean | undefined;

  constructor(private readonly delimiter: number) {}

  /** Complete records, a chunk of the file at a time, with the bytes read so far. */
  *records(file: string, chunkSize: number, start = 0): Generator<{ records: (string[] | Oversize)[]; bytes: number }> {
    const fd = openSync(file, 'r');
    try {
      let buf = Buffer.alloc(chunkSize);
      let byte = start; // file offset of buf[0]
      let filled = 0;
      let first = start === 0;
      for (;;) {
        if (filled === buf.length) { const bigger = Buffer.alloc(buf.length * 2); buf.copy(bigger, 0, 0, filled); buf = bigger; }
        const n = readSync(fd, buf, filled, buf.length - filled, byte + filled);
        filled += n;
        const eof = n === 0;

        if (first && (filled >= 3 || eof)) {
          first = false;
          if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) { buf.copy(buf, 0, 3, filled); filled -= 3; byte += 3; }
          else if (buf[0] === 0xff && buf[1] === 0xfe || buf[0] === 0xfe && buf[1] === 0xff) { this.resume = { byte: 0 }; return; }
        } else if (first) continue;
        // Only whole lines are decoded: a line feed byte never falls inside a UTF-8 character.
        const end = eof ? filled : buf.lastIndexOf(LF, filled - 1) + 1;
        if (end === 0) {
          if (eof) return;
          continue;
        }
        const text = buf.toString('utf8', 0, end);
        const { records, used, stop, oversize } = this.parse(text, eof);
        // Bytes of the text consumed: all of it, less what is left for the next chunk.
        const usedBytes = used === text.length ? end : Buffer.byteLength(text.slice(0, used));
        if (oversize) {
          // Find where the long record ends without keeping it, report it, and read on after it.
          const start = byte + usedBytes;
          const stopAt = recordEnd(fd, start);
          yield { records: [...records, new Oversize(stopAt - start)], bytes: stopAt };
          byte = stopAt;
          filled = 0;
          if (buf.length > chunkSize) buf = Buffer.alloc(chunkSize);
          continue;
        }
        if (records.length) yield { records, bytes: byte + usedBytes };
        if (stop) { this.resume = { byte: byte + usedBytes, ...(this.lineEnd === undefined ? {} : { recordDelimiter: this.lineEnd ? '\r\n' : '\n' }) }; return; }
        if (eof) return;
        // Keep the unread bytes (an unfinished record, a partial line) at the front of the buffer.
        const keep = usedBytes;
        buf.copy(buf, 0, keep, filled);
        filled -= keep;
        byte += keep;
      }
    } finally { closeSync(fd); }
  }

  /**
   * Whole records from `text`; `used` is where the first unfinished one starts. `stop` when a record
   * is not in the common case (`used` is then its start), or one is unfinished at the end of the file.
   */
  parse(text: string, eof: boolean): { records: string[][]; used: number; stop: boolean; oversize?: boolean } {
    const records: string[][] = [];
    const n = text.length;
    const d = this.delimiter;
    let pos = 0;
    record: while (pos < n) {
      const recordStart = pos;
      const cells: string[] = [];
      const unsure = () => ({ records, used: recordStart, stop: true });
      const tooLong = () => ({ records, used: recordStart, stop: false, oversize: true });
      const unfinished = () => (eof ? unsure() : n - recordStart > MAX_FAST_RECORD ? tooLong() : { records, used: recordStart, stop: false });
      for (;;) {
        let c: number;
        if (text.charCodeAt(pos) === QUOTE) {
          let value = '';
          let seg = pos + 1;
          for (;;) {
            const q = text.indexOf('"', seg);
            if (q < 0 || q + 1 >= n) return unfinished();
            if (text.charCodeAt(q + 1) === QUOTE) { value += text.slice(seg, q + 1); seg = q + 2; continue; }
            value += text.slice(seg, q);
            pos = q + 1;
            break;
          }
          cells.push(value);
          c = text.charCodeAt(pos);
          if (c !== d && c !== CR && c !== LF) return unsure();
        } else {
          let k = pos;
          c = -1;
          while (k < n) {
            c = text.charCodeAt(k);
            if (c === d || c === CR || c === LF || c === QUOTE) break;
            k++;
          }
          if (k === n) c = -1;
          if (c === QUOTE) return unsure();
          cells.push(text.slice(pos, k));
          pos = k;
          if (c === -1) {
            // The last line of a file that does not end with a line break.
            if (!eof) return unfinished();
            records.push(cells);
            break record;
          }
        }
        if (pos - recordStart > MAX_FAST_RECORD) return tooLong();
        if (c === d) { pos++; continue; }
        // A line ending: the first one found decides which is used (as csv-parse discovers it).
        const crlf = c === CR && text.charCodeAt(pos + 1) === LF;
        if (c === CR && !crlf) return unsure();
        if (this.lineEnd === undefined) this.lineEnd = crlf;
        else if (this.lineEnd !== crlf) return unsure();
        pos += crlf ? 2 : 1;
        records.push(cells);
        continue record;
      }
    }
    return { records, used: pos, stop: false };
  }
}

/** A UTF-16 file (a BOM of FF FE or FE FF): left to csv-parse, which reads it. */
function isUtf16(file: string): boolean {
  const fd = openSync(file, 'r');
  try { const b = Buffer.alloc(2); readSync(fd, b, 0, 2, 0); return (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff); } finally { closeSync(fd); }
}

/** The byte offset just after the record starting at `start` (a line feed outside quotes), or the file's end. */
function recordEnd(fd: number, start: number): number {
  const buf = Buffer.alloc(1 << 16);
  let pos = start;
  let quoted = false;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (!n) return pos;
    for (let i = 0; i < n; i++) {
      const c = buf[i];
      if (c === QUOTE) quoted = !quoted;
      else if (c === LF && !quoted) return pos + i + 1;
    }
    pos += n;
  }
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
