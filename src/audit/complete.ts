// `audit --out` writes to-complete.xlsx: every flow the audit could not decide, one row each, with
// what the register already says and a highlighted column for each fact it still needs, offering
// the allowed values as a drop-down and the question on the heading. Filled in and audited again,
// the workbook decides those flows: its headings are the ones `audit` reads, its values the
// vocabulary's own words.
import { openOutput, type Output } from '../io/write.js';
import { join } from 'node:path';
import type { FactDef, FactValue, Facts, Outcome, Pack } from '../core/types.js';
import type { HeadingTable } from './headings.js';
import { evaluate } from '../core/evaluate.js';
import { contextFor, evalCondition, unknownFacts } from '../core/condition.js';

/**
 * Every fact a flow still needs for a verdict: the unknown facts of the layers not yet settled and
 * of the conditions not yet settled, all at once. (The engine's missing facts come in stages,
 * layers first; a team filling in a workbook wants one round, not several.)
 */
export function stillNeeded(pack: Pack, facts: Facts, asOf: string, outcome?: Outcome): string[] {
  // The outcome without traces is enough (layers, their choices, missing facts): the audit's own
  // decider passes the one it has just worked out for these facts.
  const d = outcome ?? evaluate(pack, facts, asOf, { trace: false });
  const out = new Set<string>();
  for (const l of d.layers) if (l.status === 'unknown') for (const f of l.missing) out.add(f);
  const withDefaults: Facts = { ...facts };
  for (const f of pack.facts) if (f.default !== undefined && withDefaults[f.id] === undefined) withDefaults[f.id] = f.default;
  const ctx = contextFor(pack, withDefaults, d);
  for (const c of pack.conditions) {
    if ((c.in_force_from && asOf < c.in_force_from) || (c.in_force_until && asOf >= c.in_force_until)) continue;
    const t = evalCondition(c.when, ctx);
    if (t.result === 'unknown') unknownFacts(t, out);
  }
  for (const f of d.missing) out.add(f);
  return [...out];
}

export interface ToComplete {
  row: number;
  ref?: string;
  facts: Facts;
  missing: string[];
  /** Claims and register information, as written, under their own headings. */
  texts: [string, string][];
}

/** Rows kept for the workbook: past this many undecided flows the workbook holds the first ones. */
export const MAX_TO_COMPLETE = 50_000;

export class CompletionCollector {
  readonly rows: ToComplete[] = [];
  dropped = 0;
  /** What each kind of flow still needs, worked out once: rows the decider answers alike need the same facts. */
  private readonly needs = new WeakMap<object, string[]>();
  constructor(private readonly pack: Pack, private readonly asOf: string) {}
  /**
   * An undecided flow; `kind` is its decision, shared by flows alike in every fact the rules read,
   * and `outcome` the engine's outcome for these facts when the caller has it.
   */
  add(kind: object, r: ToComplete, outcome?: Outcome): void {
    if (this.rows.length >= MAX_TO_COMPLETE) { this.dropped++; return; }
    let needed = this.needs.get(kind);
    if (!needed) this.needs.set(kind, (needed = stillNeeded(this.pack, r.facts, this.asOf, outcome)));
    // A fresh copy: strings read from a CSV can be views into a whole chunk of the file, which a
    // kept row would otherwise hold alive for the rest of the run.
    this.rows.push(JSON.parse(JSON.stringify({ ...r, missing: needed })) as ToComplete);
  }
}

/** A fact value as the register would write it: yes/no, the vocabulary's word, `a; b`, one item per line. */
export function cellOf(def: FactDef, v: FactValue): string | undefined {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    if (def.type === 'items') return (v as Record<string, unknown>[]).map(i => (i.justification ? `${i.name}: ${i.justification}` : String(i.name ?? ''))).join('\n');
    return (v as string[]).join('; ');
  }
  return undefined;
}

const allowedOf = (f: FactDef): string[] | undefined => (f.type === 'bool' ? ['yes', 'no'] : f.type === 'enum' || f.type === 'list' ? f.values : undefined);

const FILL_NEEDED = { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: 'FFFFF2CC' } };
const FILL_HEAD = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFE699' } };

/** The workbook, written under a temporary name: the caller commits it with the audit's other outputs. */
export async function writeCompletion(dir: string, pack: Pack, table: HeadingTable, c: CompletionCollector): Promise<Output> {
  const byId = new Map(pack.facts.map(f => [f.id, f]));
  const questions = new Map(pack.questions.map(q => [q.fact, q]));
  const order = new Map(pack.questions.map((q, i) => [q.fact, i]));
  const sortFacts = (ids: Iterable<string>) => [...ids].sort((a, b) => (order.get(a) ?? 1e6) - (order.get(b) ?? 1e6) || a.localeCompare(b));
  const heading = (id: string) => table.templateHeading.get(id) ?? id;

  const missingIds = sortFacts(new Set(c.rows.flatMap(r => r.missing)));
  const known = new Set<string>();
  for (const r of c.rows) for (const id of Object.keys(r.facts)) if (byId.get(id) && byId.get(id)!.type !== 'contacts' && !missingIds.includes(id)) known.add(id);
  // Who and what first, then the other facts in the questionnaire's order.
  const first = ['title', 'discloser.name', 'recipient.name'].filter(id => known.has(id));
  const knownIds = [...first, ...sortFacts([...known].filter(id => !first.includes(id)))];
  const textHeadings = [...new Set(c.rows.flatMap(r => r.texts.map(t => t[0])))];

  const out = openOutput(join(dir, 'to-complete.xlsx'));
  try {
    return await fill(out);
  } catch (e) {
    out.abort();
    throw e;
  }

  async function fill(out: Output): Promise<Output> {
    const ExcelJS = (await import('exceljs')).default;
    const { PassThrough } = await import('node:stream');
    // Streamed: each row is written out as it is added, so a large register needs little memory.
    const pass = new PassThrough();
    let failed: unknown;
    pass.on('data', (chunk: Buffer) => { if (!failed) try { out.write(chunk); } catch (e) { failed = e; } });
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false });
    wb.creator = 'igcheck';
    const ws = wb.addWorksheet('To complete', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    const heads = ['Flow ID', 'Register row', 'Still to answer', ...missingIds.map(heading), ...knownIds.map(heading), ...textHeadings];
    ws.columns = heads.map((h, i) => ({ header: h, width: i === 2 ? 40 : Math.max(12, Math.min(36, h.length + 4)) }));
    const head = ws.getRow(1);
    head.font = { bold: true };
    const m0 = 4; // first missing-fact column (1-based)
    const last = c.rows.length + 1;
    missingIds.forEach((id, i) => {
      const cell = head.getCell(m0 + i);
      cell.fill = FILL_HEAD;
      const f = byId.get(id)!;
      const q = questions.get(id);
      const allowed = allowedOf(f);
      cell.note = [q?.ask ?? f.description, allowed ? `Allowed: ${allowed.join(', ')}` : ''].filter(Boolean).join('\n');
      // One validation per column: the drop-down of allowed values and the question as its prompt.
      const range = `${head.getCell(m0 + i).address.replace(/\d+$/, '')}2:${head.getCell(m0 + i).address.replace(/\d+$/, '')}${last}`;
      const prompt = (q?.ask ?? f.description).slice(0, 250);
      // Excel limits an in-cell list to 255 characters; a list fact takes several, so typing is allowed.
      // Highlighted while the flow still needs it and it is blank: one rule per column, not a style per cell.
      const col = head.getCell(m0 + i).address.replace(/\d+$/, '');
      ws.addConditionalFormatting({ ref: range, rules: [{ type: 'expression', priority: i + 1, formulae: [`AND(ISBLANK(${col}2),ISNUMBER(SEARCH("; "&${col}$1&";","; "&$C2&";")))`], style: { fill: FILL_NEEDED } }] });
      (ws as unknown as { dataValidations: { add(address: string, v: import('exceljs').DataValidation): void } }).dataValidations.add(range, allowed && allowed.join(',').length <= 250
        ? { type: 'list', allowBlank: true, formulae: [`"${allowed.join(',')}"`], showInputMessage: true, promptTitle: heading(id).slice(0, 32), prompt,
          showErrorMessage: f.type !== 'list', errorTitle: heading(id).slice(0, 32), error: `One of: ${allowed.join(', ')}`.slice(0, 250) }
        : { type: 'custom', allowBlank: true, formulae: ['TRUE'], showInputMessage: true, promptTitle: heading(id).slice(0, 32), prompt });
    });
    head.commit();
    const plain = new Map<number, Partial<import('exceljs').Style>>();
    for (const r of c.rows) {
      const needed = new Set(r.missing);
      const values: (string | number | null)[] = [r.ref ?? `row ${r.row}`, r.row, sortFacts(needed).map(heading).join('; ')];
      for (const id of missingIds) values.push(r.facts[id] !== undefined ? cellOf(byId.get(id)!, r.facts[id]) ?? null : null);
      for (const id of knownIds) values.push(r.facts[id] !== undefined ? cellOf(byId.get(id)!, r.facts[id]) ?? null : null);
      const texts = new Map(r.texts);
      for (const h of textHeadings) values.push(texts.get(h) ?? null);
      // A blank cell is written as nothing: only the last is kept, as it fixes the row's span.
      for (let i = 0; i < values.length - 1; i++) if (values[i] === null) values[i] = undefined as unknown as null;
      const row = ws.addRow(values);
      // exceljs gives every cell a style object of its own and works out each one's style afresh;
      // the rows' cells have none, so cells of one type share one (the same style, found once).
      row.eachCell(cell => {
        let style = plain.get(cell.type);
        if (!style) plain.set(cell.type, (style = {}));
        cell.style = style;
      });
      row.commit();
    }
    ws.commit();

    const guide = wb.addWorksheet('Questions');
    guide.columns = [{ header: 'Column', width: 32 }, { header: 'Fact', width: 30 }, { header: 'Question', width: 60 }, { header: 'Allowed values', width: 60 }, { header: 'Why it matters', width: 80 }, { header: 'Flows needing it', width: 16 }];
    guide.getRow(1).font = { bold: true };
    const flowsNeeding = new Map<string, number>();
    for (const r of c.rows) for (const id of r.missing) flowsNeeding.set(id, (flowsNeeding.get(id) ?? 0) + 1);
    for (const id of missingIds) {
      const f = byId.get(id)!;
      const q = questions.get(id);
      const allowed = q?.choices?.length ? q.choices.map(ch => `${typeof ch.value === 'boolean' ? (ch.value ? 'yes' : 'no') : ch.value} (${ch.label})`).join(', ')
        : allowedOf(f)?.join(', ') ?? (f.type === 'date' ? 'a date: 2026-04-01 or 01/04/2026' : 'text');
      guide.addRow([heading(id), id, q?.ask ?? f.description, allowed, q?.help ?? f.description, flowsNeeding.get(id) ?? 0]);
    }
    guide.addRow([]);
    guide.addRow(['Fill in the highlighted cells on the first sheet, then audit this workbook again: igcheck audit to-complete.xlsx. A blank cell stays unknown.']);
    if (c.dropped) guide.addRow([`The register has ${c.dropped} more undecided flows than this workbook holds; audit again once these are complete.`]);
    guide.commit();
    const ended = new Promise(res => pass.once('end', res));
    // exceljs's zip writer calls the deprecated Buffer(): a warning for its authors, not for the user.
    const quiet = process.noDeprecation;
    process.noDeprecation = true;
    try {
      await wb.commit();
      await ended;
    } catch (e) { failed ??= e; } finally { process.noDeprecation = quiet; }
    if (failed) { out.abort(); throw failed; }
    return out;
  }
}
