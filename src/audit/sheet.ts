// What every register reader yields, row by row, so the audit never holds a whole file in memory.
import type { Cell } from './cells.js';
import type { Unreadable } from './row.js';

export type SheetEvent =
  /** The heading row (row 1 of a spreadsheet). */
  | { kind: 'header'; row: number; cells: string[] }
  /** A row of cells in heading order (CSV, XLSX). */
  | { kind: 'row'; row: number; cells: (Cell | Unreadable)[] }
  /** A keyed record (YAML, JSON, JSON Lines): keys are headings or dotted fact paths. */
  | { kind: 'record'; row: number; record: Record<string, Cell> }
  /** A row that is blank: reported, never counted as a flow. */
  | { kind: 'empty'; row: number }
  /** A row that could not be read at all. `rest` when nothing after it can be read either. */
  | { kind: 'bad'; row: number; message: string; rest?: boolean };

/** How far through the file a reader is, for the progress line (bytes of the file as stored). */
export interface Progress { read: number; total: number }

