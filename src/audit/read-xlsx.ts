// Streaming Excel register reader (exceljs WorkbookReader): the first worksheet, row by row.
// Formula cells are reported, not trusted: the cached result may be stale (or absent when the
// file was written by a tool that does not calculate), and a stale value could change a verdict.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { MAX_XLSX_PART, MAX_XLSX_RATIO } from '../io/limits.js';
import type { Cell } from './cells.js';
import type { Unreadable } from './row.js';
import type { Progress, SheetEvent } from './sheet.js';

export async function* readXlsx(file: string, progress: Progress): AsyncGenerator<SheetEvent> {
  checkZip(file);
  const ExcelJS = (await import('exceljs')).default;
  progress.total = statSync(file).size;
  const input = createReadStream(file, { highWaterMark: 1 << 18 });
  input.on('data', chunk => { progress.read += chunk.length; });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit',
  });
  let seenHeader = false;
  let last = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]) ?? [];
        const cells = values.slice(1).map(toCell);
        // Rows between two rows with content were blank: report them, as a CSV blank line is.
        for (let r = last + 1; seenHeader && r < row.number; r++) yield { kind: 'empty', row: r };
        last = row.number;
        if (!seenHeader) {
          // A title above the table ("Data flow register 2026", one merged cell) is not the heading row.
          if (cells.filter(c => typeof c === 'string' && c.trim()).length < 2) continue;
          seenHeader = true;
          yield { kind: 'header', row: row.number, cells: cells.map(c => (c === null || c === undefined ? '' : typeof c === 'object' && 'unreadable' in c ? '' : String(c))) };
          continue;
        }
        if (cells.every(c => c === null || c === undefined || (typeof c === 'string' && !c.trim()))) { yield { kind: 'empty', row: row.number }; continue; }
        yield { kind: 'row', row: row.number, cells };
      }
      break; // the register is the first worksheet; others (a guide, lookups) are not flows
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw damaged(file, (e as Error).message);
  } finally {
    input.destroy();
  }
}

function toCell(v: unknown): Cell | Unreadable {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || v instanceof Date) return v as Cell;
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    const f = String(o.formula ?? o.sharedFormula);
    const cached = o.result === undefined ? 'no cached value' : `cached value ${JSON.stringify(o.result instanceof Date ? o.result.toISOString().slice(0, 10) : o.result)}`;
    return { unreadable: `holds a formula (=${f}; ${cached}); igcheck does not evaluate formulas or trust cached results: paste the value instead (Paste Special → Values)` };
  }
  if ('error' in o) return { unreadable: `holds the spreadsheet error ${String(o.error)}` };
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map(t => t.text).join('');
  if ('text' in o) return String(o.text);
  return JSON.stringify(o);
}

const damaged = (file: string, why: string) => new InputError('The register cannot be read', [{ file, message: `is not a readable Excel workbook (${why}); it may be damaged, or another kind of file saved as .xlsx. Open it in Excel and save it again, or save it as CSV` }]);

const MiB = (n: number) => `${Math.round(n / 1048576)} MiB`;

/**
 * Before any part is inflated: the workbook's zip directory must be readable, and no part may
 * inflate past MAX_XLSX_PART or (over 1 MiB) to more than MAX_XLSX_RATIO times its stored size: a
 * small file whose one cell expands to hundreds of megabytes is refused, not read into memory.
 */
export function checkZip(file: string): void {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tailLen) throw damaged(file, 'no zip directory at its end');
    let count = tail.readUInt16LE(eocd + 10);
    let dirSize = tail.readUInt32LE(eocd + 12);
    let dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff) {
      // ZIP64: the real figures are in the zip64 end record, found through its locator.
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw damaged(file, 'a zip64 directory without its locator');
      const recAt = Number(tail.readBigUInt64LE(loc + 8));
      const rec = Buffer.alloc(56);
      readSync(fd, rec, 0, 56, recAt);
      if (rec.readUInt32LE(0) !== 0x06064b50) throw damaged(file, 'a damaged zip64 directory');
      count = Number(rec.readBigUInt64LE(32));
      dirSize = Number(rec.readBigUInt64LE(40));
      dirOffset = Number(rec.readBigUInt64LE(48));
    }
    if (dirOffset + dirSize > size || dirSize > 64 * 1048576) throw damaged(file, 'its zip directory points outside the file');
    const dir = Buffer.alloc(dirSize);
    readSync(fd, dir, 0, dirSize, dirOffset);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw damaged(file, 'a damaged zip directory');
      let packed = dir.readUInt32LE(p + 20);
      let unpacked = dir.readUInt32LE(p + 24);
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLen);
      if (unpacked === 0xffffffff || packed === 0xffffffff) {
        let e = p + 46 + nameLen;
        const end = e + extraLen;
        while (e + 4 <= end) {
          const id = dir.readUInt16LE(e);
          const len = dir.readUInt16LE(e + 2);
          if (id === 0x0001) {
            let q = e + 4;
            if (unpacked === 0xffffffff) { unpacked = Number(dir.readBigUInt64LE(q)); q += 8; }
            if (packed === 0xffffffff) packed = Number(dir.readBigUInt64LE(q));
            break;
          }
          e += 4 + len;
        }
      }
      if (unpacked > MAX_XLSX_PART) throw new InputError('The register is too large to read', [{ file, message: `its part ${name} inflates to ${MiB(unpacked)}, more than the ${MiB(MAX_XLSX_PART)} an .xlsx part may; save the register as CSV, which is read as a stream` }]);
      if (unpacked > 1048576 && unpacked > MAX_XLSX_RATIO * Math.max(packed, 1)) {
        throw new InputError('The register cannot be read safely', [{ file, message: `its part ${name} would inflate from ${Math.round(packed / 1024)} KiB to ${MiB(unpacked)} (more than ${MAX_XLSX_RATIO} times): a workbook like this is built to exhaust memory, or holds one cell repeated beyond reason. Save the register again from Excel, or as CSV` }]);
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
  } finally { closeSync(fd); }
}
