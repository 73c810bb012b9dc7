// One register row → facts, checked against the vocabulary exactly as an answers file is, with
// every problem located by column. A row with any problem is reported, not decided: a misread
// cell would otherwise fall back to unknown or to a default and could change the answer.
import type { FactDef, Facts } from '../core/types.js';
import { validateFacts } from '../load/answers.js';
import { readCell, type Cell } from './cells.js';
import type { Column } from './headings.js';

export interface CellProblem {
  /** Spreadsheet letter (CSV and XLSX) or key (YAML/JSON); absent for a whole-row problem. */
  column?: string;
  heading?: string;
  message: string;
}

export interface RowFacts {
  facts: Facts;
  ref?: string;
  problems: CellProblem[];
}

/** A cell the reader could not take at face value (a formula); its message is the problem. */
export interface Unreadable { unreadable: string }
export const isUnreadable = (c: unknown): c is Unreadable => typeof c === 'object' && c !== null && 'unreadable' in c;

export function rowFacts(cells: (Cell | Unreadable)[], columns: Column[], vocabulary: FactDef[]): RowFacts {
  const problems: CellProblem[] = [];
  const raw: Record<string, unknown> = {};
  const colOfPath = new Map<string, Column>();
  let ref: string | undefined;
  for (const col of columns) {
    const cell = cells[col.index];
    if (col.target.kind === 'ignore') continue;
    if (isUnreadable(cell)) { problems.push({ column: col.letter, heading: col.heading, message: cell.unreadable }); continue; }
    if (col.target.kind === 'ref') {
      if (cell !== null && cell !== undefined && String(cell).trim()) ref = String(cell).trim();
      continue;
    }
    const { path, fact } = col.target;
    colOfPath.set(path, col);
    const r = readCell(cell as Cell, fact, path === fact.id ? undefined : path);
    if ('blank' in r) continue;
    if ('error' in r) { problems.push({ column: col.letter, heading: col.heading, message: r.error }); continue; }
    setPath(raw, path.split('.'), r.value);
  }
  // Cells with no heading that hold something: data in the wrong place, reported.
  for (let i = columns.length; i < cells.length; i++) {
    const c = cells[i];
    if (c !== null && c !== undefined && String(c).trim() !== '') {
      problems.push({ message: `a value in column ${i + 1}, which has no heading: ${JSON.stringify(String(isUnreadable(c) ? c.unreadable : c)).slice(0, 60)}` });
      break;
    }
  }
  const facts = validateFacts(raw, vocabulary, (path, message) => {
    const col = columnFor(path.map(String), colOfPath);
    problems.push({ ...(col ? { column: col.letter, heading: col.heading } : {}), message: col ? message : `${path.join('.')}: ${message}` });
  });
  return { facts, ref, problems };
}

function setPath(obj: Record<string, unknown>, parts: string[], value: unknown): void {
  let o = obj;
  for (const p of parts.slice(0, -1)) {
    const next = o[p];
    o = (next && typeof next === 'object' && !Array.isArray(next) ? next : (o[p] = {})) as Record<string, unknown>;
  }
  o[parts[parts.length - 1]] = value;
}

/** The column behind a validation path: the longest mapped prefix (`data.categories.2` → Data categories). */
function columnFor(path: string[], colOfPath: Map<string, Column>): Column | undefined {
  for (let i = path.length; i > 0; i--) {
    const col = colOfPath.get(path.slice(0, i).join('.'));
    if (col) return col;
  }
  return undefined;
}
