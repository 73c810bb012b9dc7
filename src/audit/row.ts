// One register row → facts, checked against the vocabulary exactly as an answers file is, with
// every problem located by column. A row with any problem is reported, not decided: a misread
// cell would otherwise fall back to unknown or to a default and could change the answer.
import type { FactDef, FactValue, Facts } from '../core/types.js';
import { checkValue, validateFacts } from '../load/answers.js';
import { readCell, type Cell } from './cells.js';
import type { Column, FreeReading } from './headings.js';
import { readFree } from './free-text.js';

export interface CellProblem {
  /** Spreadsheet letter (CSV and XLSX) or key (YAML/JSON); absent for a whole-row problem. */
  column?: string;
  heading?: string;
  message: string;
}

export interface RowFacts {
  /** The row's facts; with `coded`, only those outside it (free text, names, dates): factsOf gives them all. */
  facts: Facts;
  ref?: string;
  problems: CellProblem[];
  coded?: CodedFacts;
}

/**
 * A row's coded facts (yes/no, one of a list), kept apart so a row answered from a memo never
 * gathers them: rows read by one reader (the same `ids` array) with the same `key` have the same
 * `values` for `ids`.
 */
export interface CodedFacts { key: string; ids: readonly string[]; values: readonly (FactValue | undefined)[] }

/** All of a row's facts, its coded ones included. */
export function factsOf(r: { facts: Facts; coded?: CodedFacts }): Facts {
  if (!r.coded) return r.facts;
  // Built up from empty: V8 adds properties to a fresh object far faster than to a spread copy.
  const facts: Facts = {};
  const { ids, values } = r.coded;
  for (let i = 0; i < ids.length; i++) if (values[i] !== undefined) facts[ids[i]] = values[i]!;
  for (const id in r.facts) facts[id] = r.facts[id];
  return facts;
}

/** A cell the reader could not take at face value (a formula); its message is the problem. */
export interface Unreadable { unreadable: string }
export const isUnreadable = (c: unknown): c is Unreadable => typeof c === 'object' && c !== null && 'unreadable' in c;

/** Coded facts (yes/no, one of a list) take few distinct values in a register, so their checks are remembered. */
const CODED = new Set(['bool', 'enum', 'list']);
const MEMO_LIMIT = 20_000;

/** Distinct coded values, over all columns, before the codes are dropped and counted afresh (keeps codes below 0xFFFF). */
const CODE_LIMIT = 60_000;

interface Plan {
  col: Column; fact: FactDef; path: string; parts: string[]; field: boolean;
  /** A free-text column read its own way ("names, addresses" → demographic, contact). */
  reading?: FreeReading;
  /** Coded columns: each spelling's reading and the code of its value. */
  memo?: Map<string, { code: number; value: unknown; error: string | undefined }>;
  /** Date and data-item columns: each spelling's reading, and its value once checked without a problem. */
  checked?: Map<string, { value: unknown; checked: FactValue }>;
  codes?: Map<string, number>;
}

/**
 * Reads rows laid out under one set of columns, checking values as validateFacts does, in two
 * parts: the coded cells of a row (remembered by the values they give, since a register repeats
 * them; their key is handed on for the decision memo) and its free text, names and dates (read
 * every time; dates and data items remembered by spelling).
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
  /** Per-row scratch, aligned with codedPlans: each cell's code and value. */
  private readonly codes: number[];
  private readonly values: unknown[];
  private interned = 0;
  private generation = 0;
  private readonly freeValues: unknown[];
  private readonly freeChecked: (FactValue | undefined)[];
  /** For each list of plans, whether its values can be checked one by one (see check). */
  private readonly direct = new Map<Plan[], boolean>();

  constructor(private readonly columns: Column[], vocabulary: FactDef[]) {
    for (const col of columns) {
      if (col.target.kind === 'ref') this.refCol = col;
      if (col.target.kind !== 'fact') continue;
      const { path, fact, reading } = col.target;
      this.colOfPath.set(path, col);
      const coded = CODED.has(fact.type) && path === fact.id;
      (coded ? this.codedPlans : this.freePlans).push({ col, fact, path, parts: path.split('.'), field: path !== fact.id, ...(reading ? { reading } : {}), ...(coded ? { memo: new Map(), codes: new Map() } : {}),
        ...(!coded && path === fact.id && (fact.type === 'date' || fact.type === 'items') ? { checked: new Map() } : {}) });
    }
    const coded = new Set(this.codedPlans.map(p => p.fact.id));
    this.codedIds = [...coded];
    this.codes = new Array(this.codedPlans.length).fill(0);
    this.freeValues = new Array(this.freePlans.length).fill(undefined);
    this.freeChecked = new Array(this.freePlans.length).fill(undefined);
    // Overlaps: a path given twice, or one path (or a fact id) a namespace of another's.
    const paths = new Set<string>();
    let overlap = false;
    for (const p of [...this.codedPlans, ...this.freePlans]) { overlap ||= paths.has(p.path); paths.add(p.path); }
    const ids = new Set(vocabulary.map(f => f.id));
    for (const p of [...this.codedPlans, ...this.freePlans]) {
      for (let i = 1; i < p.parts.length; i++) { const ns = p.parts.slice(0, i).join('.'); overlap ||= paths.has(ns) || ids.has(ns); }
    }
    this.direct.set(this.codedPlans, !overlap);
    this.direct.set(this.freePlans, !overlap && !this.freePlans.some(p => p.field));
    this.values = new Array(this.codedPlans.length).fill(undefined);
    this.codedVocabulary = vocabulary.filter(f => coded.has(f.id));
    this.freeVocabulary = vocabulary.filter(f => !coded.has(f.id));
  }

  read(cells: (Cell | Unreadable)[]): RowFacts {
    if (this.interned > CODE_LIMIT) this.forget();
    const problems: CellProblem[] = [];
    const refCell = this.refCol ? cells[this.refCol.index] : undefined;
    if (isUnreadable(refCell)) problems.push({ column: this.refCol!.letter, heading: this.refCol!.heading, message: refCell.unreadable });
    const refText = refCell !== null && refCell !== undefined && !isUnreadable(refCell) ? String(refCell).trim() : '';
    const ref = refText || undefined;
    // Coded cells: each column's spellings ("Yes", "Y", "Direct care") are read once, and the
    // values they give, as small per-column codes, are the memo key for checking them together.
    const plans = this.codedPlans;
    const codes = this.codes;
    const values = this.values;
    let cellProblems: CellProblem[] | undefined;
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i];
      const cell = cells[p.col.index];
      if (isUnreadable(cell)) { (cellProblems ??= []).push({ column: p.col.letter, heading: p.col.heading, message: cell.unreadable }); continue; }
      let e = typeof cell === 'string' ? p.memo!.get(cell) : undefined;
      if (!e) {
        const r = (p.reading && readFree(cell as Cell, p.fact, p.reading)) || readCell(cell as Cell, p.fact);
        e = 'value' in r ? { code: this.codeOf(p, r.value), value: r.value, error: undefined }
          : { code: 0, value: undefined, error: 'error' in r ? r.error : undefined };
        if (typeof cell === 'string' && p.memo!.size < 1000) p.memo!.set(ownCopy(cell), e);
      }
      if (e.error !== undefined) { (cellProblems ??= []).push({ column: p.col.letter, heading: p.col.heading, message: e.error }); continue; }
      codes[i] = e.code;
      values[i] = e.value;
    }
    // The generation first: codes are reused once forgotten.
    const key = cellProblems ? '' : String.fromCharCode(this.generation, ...codes);
    let coded = cellProblems ? undefined : this.codedMemo.get(key);
    if (!coded) {
      const found = [...(cellProblems ?? [])];
      const checked = this.check(plans, values, this.codedVocabulary, found);
      coded = { values: this.codedIds.map(id => checked[id]), problems: found };
      if (!cellProblems) {
        if (this.codedMemo.size >= MEMO_LIMIT) this.codedMemo.clear();
        this.codedMemo.set(key, coded);
      }
    }
    values.fill(undefined);
    const free = this.readFree(cells);
    if (free.problems.length) problems.push(...free.problems);
    if (coded.problems.length) problems.push(...coded.problems);
    for (let i = this.columns.length; i < cells.length; i++) {
      const c = cells[i];
      if (c !== null && c !== undefined && String(isUnreadable(c) ? c.unreadable : c).trim() !== '') {
        problems.push({ message: `a value in column ${i + 1}, which has no heading: ${JSON.stringify(String(isUnreadable(c) ? 'a formula' : c)).slice(0, 60)}` });
        break;
      }
    }
    const row: RowFacts = { facts: free.facts, ref, problems, coded: { key, ids: this.codedIds, values: coded.values } };
    if (!cellProblems) return row;
    // Not remembered, so no key: the facts in full.
    return { facts: factsOf(row), ref, problems };
  }

  /** A coded value's code in its column: 0 is blank, then one per distinct value seen. */
  private codeOf(p: Plan, v: unknown): number {
    const k = typeof v === 'string' ? `s${v}` : typeof v === 'boolean' ? (v ? 't' : 'f') : Array.isArray(v) ? `l${v.join('\u0002')}` : `j${JSON.stringify(v)}`;
    let code = p.codes!.get(k);
    if (code === undefined) {
      p.codes!.set(k, (code = p.codes!.size + 1));
      this.interned++;
    }
    return code;
  }

  /** Drop every code and what was remembered under them (a register with very many distinct coded values). */
  private forget(): void {
    for (const p of this.codedPlans) { p.codes!.clear(); p.memo!.clear(); }
    this.codedMemo.clear();
    this.interned = 0;
    this.generation = (this.generation + 1) & 0xffff;
  }

  /**
   * A row's free text, names and dates, read and checked every time. Problems reading cells come
   * first, then problems checking values.
   */
  private readFree(cells: (Cell | Unreadable)[]): { facts: Facts; problems: CellProblem[] } {
    const problems: CellProblem[] = [];
    const plans = this.freePlans;
    const values = this.freeValues;
    const checked = this.freeChecked;
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i];
      values[i] = undefined;
      checked[i] = undefined;
      const cell = cells[p.col.index];
      if (isUnreadable(cell)) { problems.push({ column: p.col.letter, heading: p.col.heading, message: cell.unreadable }); continue; }
      // Dates and data items repeat down a register: each spelling is read and checked once.
      const hit = p.checked && typeof cell === 'string' ? p.checked.get(cell) : undefined;
      if (hit) { values[i] = hit.value; checked[i] = hit.checked; continue; }
      const r = (p.reading && readFree(cell as Cell, p.fact, p.reading)) || readCell(cell as Cell, p.fact, p.field ? p.path : undefined);
      if ('blank' in r) continue;
      if ('error' in r) { problems.push({ column: p.col.letter, heading: p.col.heading, message: r.error }); continue; }
      values[i] = r.value;
      if (p.checked && typeof cell === 'string' && p.checked.size < 1000 && r.value !== null && r.value !== undefined) {
        let ok = true;
        const v = checkValue(p.fact, r.value, p.parts, () => { ok = false; });
        if (ok && v !== undefined) p.checked.set(ownCopy(cell), { value: r.value, checked: v });
      }
    }
    return { facts: this.check(plans, values, this.freeVocabulary, problems, checked), problems };
  }

  /**
   * Values read from the plans' cells, checked as validateFacts checks an answers file. Each is
   * checked by its fact's own check while all is well; at the first problem, or when columns overlap
   * (two for one fact, a fact under another's name, contact fields), validateFacts does it all, for
   * its exact messages in its order.
   */
  private check(plans: Plan[], values: unknown[], vocabulary: FactDef[], problems: CellProblem[], prechecked?: (FactValue | undefined)[]): Facts {
    if (this.direct.get(plans)) {
      let bad = false;
      const facts: Facts = {};
      const report = () => { bad = true; };
      for (let i = 0; i < plans.length && !bad; i++) {
        const v = values[i];
        if (v === undefined || v === null) continue;
        const checked = prechecked?.[i] ?? checkValue(plans[i].fact, v, plans[i].parts, report);
        if (checked !== undefined) facts[plans[i].path] = checked;
      }
      if (!bad) return facts;
    }
    const raw: Record<string, unknown> = {};
    for (let i = 0; i < plans.length; i++) if (values[i] !== undefined) setPath(raw, plans[i].parts, values[i]);
    return validateFacts(raw, vocabulary, this.locate(problems));
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
  // Facts in full, no key: a key means something only among rows of one reader.
  const r = new RowReader(columns, vocabulary).read(cells);
  return { facts: factsOf(r), ...(r.ref ? { ref: r.ref } : {}), problems: r.problems };
}

/**
 * A string that holds its own characters: a cell read from a CSV chunk can be a view into the whole
 * chunk, which a memo key would otherwise keep alive for the rest of the run.
 */
export const ownCopy = (s: string): string => Buffer.from(s, 'utf16le').toString('utf16le');

function setPath(obj: Record<string, unknown>, parts: string[], value: unknown): void {
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = o[parts[i]];
    o = (next && typeof next === 'object' && !Array.isArray(next) ? next : (o[parts[i]] = {})) as Record<string, unknown>;
  }
  o[parts[parts.length - 1]] = value;
}
