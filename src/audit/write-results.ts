// Per-flow results streamed to results.csv and results.json in --out, with back-pressure so a
// large register never piles up in memory. Both files are written under temporary names
// (src/io/write.ts) and appear only when the caller commits them with the reports: an audit that
// stops on an error leaves no results behind, not even a header.
import { join } from 'node:path';
import { openOutput, type Output } from '../io/write.js';
import { formulaLike } from './cells.js';
import type { FlowDecision } from './decide.js';
import type { FlowResult } from './tally.js';
import type { ClaimCheck } from './claims.js';

const CSV_HEADINGS = ['Row', 'Flow ID', 'Flow name', 'Verdict', 'Conditions', 'Routes', 'Missing facts', 'Problems', 'Bases',
  'Claims that cannot hold', 'Claims that hold', 'Claims undecided', 'Relied on where no claim'];

const claimText = (c: ClaimCheck) => `${c.text}${c.basis ? ` = ${c.basis}` : ''}`;
/** The claims columns of a row: blank when the register has no claims columns. */
function claimFields(r: FlowResult): string[] {
  if (!r.claims) return ['', '', '', ''];
  const cs = r.claims;
  return [
    cs.filter(c => c.status === 'cannot_hold').map(c => `${claimText(c)}: ${(c.why ?? []).join(' ')}`).join('; '),
    cs.filter(c => c.status === 'holds' || c.status === 'not_needed').map(c => `${claimText(c)}${c.status === 'not_needed' ? ' (not needed)' : ''}`).join('; '),
    cs.filter(c => c.status === 'undecided').map(c => `${claimText(c)} (needs ${(c.missing ?? []).join(', ')})`).join('; '),
    (r.relied ?? []).map(x => `${x.layer}: ${x.bases.join(' + ')}`).join('; '),
  ];
}

/** One CSV field: quoted when needed, and a leading = + - @ neutralised so Excel does not run it. */
export function csvField(value: string | number | undefined): string {
  let s = value === undefined ? '' : String(value);
  if (formulaLike(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(r: FlowResult): string {
  const d = r.decision;
  return [
    r.row, r.ref, r.title, r.status,
    d?.conditions.join('; '), d?.routes.join('; '),
    r.missing.map(m => (m.column ? `${m.fact} (${m.column})` : `${m.fact} (no column)`)).join('; '),
    r.problems.map(p => `${p.column ? `${p.column}${p.heading ? ` ${p.heading}` : ''}: ` : ''}${p.message}`).join('; '),
    d?.bases.join('; '),
    ...claimFields(r),
  ].map(csvField).join(',');
}

export function jsonRecord(r: FlowResult): Record<string, unknown> {
  return {
    row: r.row, ...(r.ref ? { ref: r.ref } : {}), ...(r.title ? { title: r.title } : {}),
    verdict: r.status === 'unreadable' ? null : r.status,
    bases: r.decision?.bases ?? [], conditions: r.decision?.conditions ?? [], routes: r.decision?.routes ?? [],
    missing: r.missing, problems: r.problems,
    ...(r.claims ? { claims: r.claims, relied: r.relied ?? [] } : {}),
  };
}

/** Lines are gathered and written about 256 KiB at a time: one write per row costs more than the row. */
const BATCH = 1 << 18;

export class ResultWriter {
  private readonly csv: Output;
  private readonly json: Output;
  private first = true;
  private csvLines = '';
  private jsonLines = '';
  private readonly tails = new WeakMap<FlowDecision, { missing: FlowResult['missing']; status: FlowResult['status']; csv: string; json: string }>();

  constructor(dir: string) {
    this.csv = openOutput(join(dir, 'results.csv'));
    try { this.json = openOutput(join(dir, 'results.json')); } catch (e) { this.csv.abort(); throw e; }
    // A BOM so Excel opens the CSV as UTF-8 (names with accents, £, em dashes).
    this.csvLines = `\uFEFF${CSV_HEADINGS.join(',')}\r\n`;
    this.jsonLines = '[\n';
  }

  /** Rows are gathered and written a batch at a time (the writes are synchronous: nothing piles up). */
  write(r: FlowResult): Promise<void> | undefined {
    const tail = this.tailOf(r);
    if (tail) {
      // The same text csvLine and jsonRecord give: the row's own fields, then its decision's.
      this.csvLines += `${csvField(r.row)},${csvField(r.ref)},${csvField(r.title)},${tail.csv}\r\n`;
      const head = JSON.stringify({ row: r.row, ...(r.ref ? { ref: r.ref } : {}), ...(r.title ? { title: r.title } : {}) });
      this.jsonLines += `${this.first ? '' : ',\n'}${head.slice(0, -1)},${tail.json}`;
    } else {
      this.csvLines += `${csvLine(r)}\r\n`;
      this.jsonLines += `${this.first ? '' : ',\n'}${JSON.stringify(jsonRecord(r))}`;
    }
    this.first = false;
    if (this.csvLines.length + this.jsonLines.length >= BATCH) this.flush();
    return undefined;
  }

  /**
   * A decided row's fields after its name, as CSV and as JSON (without the opening brace): the same
   * for every row with that decision and those missing facts, so written out once.
   */
  private tailOf(r: FlowResult): { csv: string; json: string } | undefined {
    const d = r.decision;
    if (!d || r.problems.length || r.claims) return undefined;
    const hit = this.tails.get(d);
    if (hit && hit.missing === r.missing && hit.status === r.status) return hit;
    const line = csvLine({ ...r, row: 0, ref: undefined, title: undefined });
    const json = JSON.stringify(jsonRecord({ ...r, row: 0, ref: undefined, title: undefined }));
    const tail = { missing: r.missing, status: r.status, csv: line.slice('0,,,'.length), json: json.slice('{"row":0,'.length) };
    this.tails.set(d, tail);
    return tail;
  }

  private flush(): void {
    try {
      this.csv.write(this.csvLines);
      this.json.write(this.jsonLines);
    } catch (e) { this.abort(); throw e; }
    this.csvLines = '';
    this.jsonLines = '';
  }

  /** The last rows and the JSON's closing bracket; the files are then ready to commit. */
  finish(): Output[] {
    this.flush();
    try { this.json.write('\n]\n'); } catch (e) { this.abort(); throw e; }
    return [this.csv, this.json];
  }

  /** Remove both temporary files (after an error). */
  abort(): void {
    this.csv.abort();
    this.json.abort();
  }
}
