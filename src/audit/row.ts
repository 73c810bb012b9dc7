// One register row → facts, checked against the vocabulary exactly as an answers file is, with
// every problem located by column. A row with any problem is reported, not decided: a misread
// cell would otherwise fall back to unknown or to a default and could change the answer.
import type { FactDef, FactValue, Facts } from '../core/types.js';
import { digestKey } from './decide.js';
import { validateFacts } from '../load/answers.js';
import { readCell, type Cell, type CellResult } from './cells.js';
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

/** Coded facts (yes/no, one of a list) take few distinct values in a register, so their checks are remembered. */
const CODED = new Set(['bool', 'enum', 'list']);
const MEMO_LIMIT = 20_000;

interface Plan { col: Column; fact: FactDef; path: string; parts: string[]; field: boolean; memo?: Map<string, CellResult> }

/**
 * Reads rows laid out under one set of columns. Validation goes through validateFacts, split in
 * two: the coded cells of a row (remembered by the cells as written, since a register repeats
 * them) and its free text, names and dates (read and checked every time, against just those facts).
 */
export class RowReader {
  private readonly codedPlans: Plan[] = [];
  private readonly freePlans: Plan[] = [];
  private readonly refCol?: Column;
  private readonly codedVocabulary: FactDef[];
  private readonly freeVocabulary: FactDef[];
  private readonly colOfPath = new Map<string, Column>();
  /** Coded cells' checked values, aligned with codedIds (compact: a register can hold 20,000 kinds of flow). */
  private readonly codedMemo = new Map<string, { values: (FactValue | undefined)[]; problems: CellProblem[] }>();
  private readonly codedIds: string[];

  constructor(private readonly columns: Column[], vocabulary: FactDef[]) {
    for (const col of columns) {
      if (col.target.kind === 'ref') this.refCol = col;
      if (col.target.kind !== 'fact') continue;
      const { path, fact } = col.target;
      this.colOfPath.set(path, col);
      const coded = CODED.has(fact.type) && path === fact.id;
      (coded ? this.codedPlans : this.freePlans).push({ col, fact, path, parts: path.split('.'), field: path !== fact.id, ...(coded ? { memo: new Map() } : {}) });
    }
    const coded = new Set(this.codedPlans.map(p => p.fact.id));
    this.codedIds = [...coded];
    this.codedVocabulary = vocabulary.filter(f => coded.has(f.id));
    this.freeVocabulary = vocabulary.filter(f => !coded.has(f.id));
  }

  read(cells: (Cell | Unreadable)[]): RowFacts {
    const problems: CellProblem[] = [];
    const refCell = this.refCol ? cells[this.refCol.index] : undefined;
    if (isUnreadable(refCell)) problems.push({ column: this.refCol!.letter, heading: this.refCol!.heading, message: refCell.unreadable });
    const ref = refCell !== null && refCell !== undefined && !isUnreadable(refCell) && String(refCell).trim() ? String(refCell).trim() : undefined;
    // Coded cells: each column's spellings ("Yes", "Y", "Direct care") are read once, and the
    // values they give are the memo key for checking them together.
    let key = '';
    const raw: Record<string, unknown> = {};
    const cellProblems: CellProblem[] = [];
    for (const p of this.codedPlans) {
      const cell = cells[p.col.index];
      if (isUnreadable(cell)) { cellProblems.push({ column: p.col.letter, heading: p.col.heading, message: cell.unreadable }); key += '\u0005\u0001'; continue; }
      let r = typeof cell === 'string' ? p.memo!.get(cell) : undefined;
      if (!r) {
        r = readCell(cell as Cell, p.fact);
        if (typeof cell === 'string' && p.memo!.size < 1000) p.memo!.set(cell, r);
      }
      if ('blank' in r) { key += '\u0001'; continue; }
      if ('error' in r) { cellProblems.push({ column: p.col.letter, heading: p.col.heading, message: r.error }); key += '\u0006\u0001'; continue; }
      const v = r.value;
      key += `${typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? '\u0003' : '\u0004') : Array.isArray(v) ? `[${v.join('\u0002')}]` : JSON.stringify(v)}\u0001`;
      setPath(raw, p.parts, v);
    }
    key = digestKey(key);
    let coded = cellProblems.length ? undefined : this.codedMemo.get(key);
    if (!coded) {
      const found = [...cellProblems];
      const checked = validateFacts(raw, this.codedVocabulary, this.locate(found));
      coded = { values: this.codedIds.map(id => checked[id]), problems: found };
      if (!cellProblems.length) {
        if (this.codedMemo.size >= MEMO_LIMIT) this.codedMemo.clear();
        this.codedMemo.set(key, coded);
      }
    }
    const free = this.readPart(cells, this.freePlans, this.freeVocabulary);
    problems.push(...free.problems, ...coded.problems);
    for (let i = this.columns.length; i < cells.length; i++) {
      const c = cells[i];
      if (c !== null && c !== undefined && String(isUnreadable(c) ? c.unreadable : c).trim() !== '') {
        problems.push({ message: `a value in column ${i + 1}, which has no heading: ${JSON.stringify(String(isUnreadable(c) ? 'a formula' : c)).slice(0, 60)}` });
        break;
      }
    }
    const facts = free.facts;
    for (let i = 0; i < this.codedIds.length; i++) if (coded.values[i] !== undefined) facts[this.codedIds[i]] = coded.values[i]!;
    return { facts, ref, problems };
  }

  /** Read some of a row's cells and check them with validateFacts against the matching vocabulary. */
  private readPart(cells: (Cell | Unreadable)[], plans: Plan[], vocabulary: FactDef[]): { facts: Facts; problems: CellProblem[] } {
    const problems: CellProblem[] = [];
    const raw: Record<string, unknown> = {};
    for (const p of plans) {
      const cell = cells[p.col.index];
      if (isUnreadable(cell)) { problems.push({ column: p.col.letter, heading: p.col.heading, message: cell.unreadable }); continue; }
      const r = readCell(cell as Cell, p.fact, p.field ? p.path : undefined);
      if ('blank' in r) continue;
      if ('error' in r) { problems.push({ column: p.col.letter, heading: p.col.heading, message: r.error }); continue; }
      setPath(raw, p.parts, r.value);
    }
    return { facts: validateFacts(raw, vocabulary, this.locate(problems)), problems };
  }

  /** A validateFacts report callback that names the column behind a path (`data.categories.2` → its column). */
  private locate(into: CellProblem[]) {
    return (path: (string | number)[], message: string) => {
      const parts = path.map(String);
      let col: Column | undefined;
      for (let i = parts.length; i > 0 && !col; i--) col = this.colOfPath.get(parts.slice(0, i).join('.'));
      into.push(col ? { column: col.letter, heading: col.heading, message } : { message: `${parts.join('.')}: ${message}` });
    };
  }
}

/** One-off convenience: read a row under columns that are not reused (tests, keyed records). */
export function rowFacts(cells: (Cell | Unreadable)[], columns: Column[], vocabulary: FactDef[]): RowFacts {
  return new RowReader(columns, vocabulary).read(cells);
}

function setPath(obj: Record<string, unknown>, parts: string[], value: unknown): void {
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = o[parts[i]];
    o = (next && typeof next === 'object' && !Array.isArray(next) ? next : (o[parts[i]] = {})) as Record<string, unknown>;
  }
  o[parts[parts.length - 1]] = value;
}
