// Streaming Excel register reader (exceljs WorkbookReader): the first worksheet, row by row.
// Formula cells are reported, not trusted: the cached result may be stale (or absent when the
// file was written by a tool that does not calculate), and a stale value could change a verdict.
import { createReadStream, statSync } from 'node:fs';
import type { Cell } from './cells.js';
import type { Unreadable } from './row.js';
import type { Progress, SheetEvent } from './sheet.js';

export async function* readXlsx(file: string, progress: Progress): AsyncGenerator<SheetEvent> {
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
