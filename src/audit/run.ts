// The audit command's adapter: read the register row by row, decide each flow, stream the results,
// and summarise. Bad rows are reported and skipped; only an unusable register stops the run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { commitAll, fsError, makeDir, openOutput, removeEmptyDir, type Output } from '../io/write.js';
import { decodeUtf8 } from '../io/text.js';
import { basename, extname, join } from 'node:path';
import type { FactDef, Facts, Pack } from '../core/types.js';
import { InputError, UsageError } from '../errors.js';
import { checkDate, today } from '../load/values.js';
import { resolvePacks } from '../pack/resolve.js';
import { Decider, type FlowDecision } from './decide.js';
import { headingTable, normalise, resolveHeader, type Column, type HeadingTable, type UserMap } from './headings.js';
import { factsOf, isUnreadable, RowReader, rowFacts, type CellProblem, type RowFacts, type Unreadable } from './row.js';
import type { Cell } from './cells.js';
import type { Progress, SheetEvent } from './sheet.js';
import { Tally, type FlowResult, type Summary } from './tally.js';
import { ticker } from './progress.js';
import { suggest } from '../load/suggest.js';
import { organisation as configOrganisation } from '../pack/config.js';
import { organisationFacts, RegisterExtras } from './extras.js';
import type { CompletionCollector } from './complete.js';
import { visible, visibleDeep, jsonText } from '../io/term.js';

type Format = 'csv' | 'xlsx' | 'yaml' | 'jsonl';

export function formatOf(file: string): Format {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') return 'yaml';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.xls' || ext === '.ods') throw new UsageError(`cannot read ${ext} files: save the register as .xlsx or CSV`);
  throw new UsageError(`cannot tell the register's format from ${JSON.stringify(basename(file))}`, 'Use a .csv, .xlsx, .yaml, .json or .jsonl file.');
}

/** What `igcheck audit` was asked (its command-line options). */
export interface AuditOptions {
  map?: string;
  rules?: string[];
  config?: boolean;
  asOf?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
  template?: boolean;
}

export async function runAudit(file: string | undefined, opts: AuditOptions): Promise<number> {
  const asOf = checkDate(opts.asOf, '--as-of') ?? today();
  const pack = await resolvePacks(opts);
  const table = await loadTable(pack.facts, opts.map);

  if (opts.template) {
    if (file) throw new UsageError('--template writes a new register; give no FILE (use --out DIR to choose where)');
    const dir = opts.out ?? '.';
    makeDir(dir);
    for (const n of ['register-template.csv', 'register-template.xlsx']) {
      if (existsSync(join(dir, n)) && !opts.force) throw new UsageError(`${join(dir, n)} already exists; add --force to replace it`);
    }
    const { writeTemplate } = await import('./template.js');
    for (const p of await writeTemplate(dir, pack, table)) process.stdout.write(`${visible(p)}\n`);
    return 0;
  }

  if (!file) throw new UsageError('give the register to audit: igcheck audit FILE', 'Start from `igcheck audit --template` for the expected headings.');
  if (!existsSync(file)) throw new UsageError(`cannot read the register ${file}: no such file`);
  if (statSync(file).isDirectory()) throw new UsageError(`cannot read the register ${file}: it is a directory`);
  const format = formatOf(file);
  const created = opts.out ? prepareOut(opts.out, !!opts.force) : false;

  const org = await configOrganisation({ config: opts.config });
  const orgType = pack.facts.find(f => f.id === 'discloser.type');
  if (org?.type && orgType?.values && !orgType.values.includes(org.type)) {
    throw new UsageError(`the organisation's type in igcheck.config.yaml, ${JSON.stringify(org.type)}, is not a discloser type`, `Use one of: ${orgType.values.join(', ')}.`);
  }
  // Every file in --out appears together when the audit has finished, or none does: an error (a
  // bad heading row, a full disk) leaves --out as it was, and removes it if this run made it.
  let writer: import('./write-results.js').ResultWriter | undefined;
  let completion: Output | undefined;
  let summary: Summary;
  try {
    if (opts.out) writer = new (await import('./write-results.js')).ResultWriter(opts.out);
    const collector = opts.out ? new (await import('./complete.js')).CompletionCollector(pack, asOf) : undefined;
    const started = performance.now();
    summary = await audit(file, format, pack, table, asOf, writer, organisationFacts(org), collector);
    summary.seconds = Math.round((performance.now() - started) / 10) / 100;
    if (opts.out && writer) {
      if (collector?.rows.length) completion = await (await import('./complete.js')).writeCompletion(opts.out, pack, table, collector);
      commitAll([...writer.finish(), ...await reportOutputs(opts.out, summary, pack), ...(completion ? [completion] : [])]);
    }
  } catch (e) {
    writer?.abort();
    completion?.abort();
    if (created) removeEmptyDir(opts.out!);
    throw e;
  }

  if (opts.json) process.stdout.write(`${jsonText(summary)}\n`);
  else {
    const { renderSummary } = await import('./render-summary.js');
    process.stdout.write(`${renderSummary(visibleDeep(summary), opts.out && visible(opts.out))}\n`);
  }
  return summary.by_verdict.not_lawful > 0 ? 1 : 0;
}

export async function loadTable(vocabulary: FactDef[], mapFile?: string): Promise<HeadingTable> {
  const userMap: UserMap = {};
  const lines = new Map<string, number>();
  if (mapFile) {
    let text: string;
    try { text = decodeUtf8(readFileSync(mapFile), mapFile, '--map file'); } catch (e) { if (e instanceof InputError) throw e; throw fsError(e, mapFile, 'read the --map file'); }
    const read = (await import('./map-file.js')).readMap(text);
    if ('error' in read) throw new InputError('The --map file cannot be used', [{ file: mapFile, ...(read.line ? { line: read.line } : {}), message: read.error }]);
    const bad = read.entries.filter(e => typeof e.to !== 'string');
    if (bad.length) throw new InputError('The --map file has problems', bad.map(e => ({ file: mapFile, line: e.line, path: e.heading, message: 'expected a fact id, `ref` or `ignore`' })));
    for (const e of read.entries) { userMap[e.heading] = e.to as string; lines.set(e.heading, e.line); }
  }
  const { table, problems } = headingTable(vocabulary, userMap);
  if (problems.length) {
    throw new InputError('The --map file has problems', problems.map(p => ({ file: mapFile!, ...(lines.get(p.heading) ? { line: lines.get(p.heading) } : {}), path: p.heading, message: p.message })),
      'Map each heading to a fact id (`igcheck rules facts` lists them), `ref` or `ignore`.');
  }
  return table;
}

/** Check --out, making it if needed; true when this run made it. */
function prepareOut(dir: string, force: boolean): boolean {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--out ${dir} is a file, not a directory`);
    if (readdirSync(dir).length && !force) throw new UsageError(`--out ${dir} already holds files; add --force to write into it`);
    return false;
  }
  makeDir(dir);
  return true;
}

async function* events(file: string, format: Format, progress: Progress, factIds: Set<string>): AsyncGenerator<SheetEvent> {
  if (format === 'csv') yield* (await import('./read-csv.js')).readCsv(file, progress);
  else if (format === 'xlsx') yield* (await import('./read-xlsx.js')).readXlsx(file, progress);
  else if (format === 'jsonl') yield* (await import('./read-list.js')).readJsonLines(file, progress, factIds);
  else yield* (await import('./read-list.js')).readYamlList(file, progress, factIds);
}

async function audit(file: string, format: Format, pack: Pack, table: HeadingTable, asOf: string, writer: import('./write-results.js').ResultWriter | undefined, org: Facts, collector?: CompletionCollector): Promise<Summary> {
  const progress: Progress = { read: 0, total: 0 };
  const tick = ticker(progress);
  const tally = new Tally();
  const decider = new Decider(pack, asOf);
  const factIds = new Set(pack.facts.map(f => f.id));
  let columns: Column[] | undefined;
  let rowReader: RowReader | undefined;
  let extras: RegisterExtras | undefined;
  let ignored: string[] = [];
  const orgOnly = Object.keys(org).length ? new RegisterExtras([], pack, asOf, org) : undefined;
  // Keyed records (YAML, JSON) with the same keys share one reader of claims and defaults.
  const extrasByKeys = new Map<string, RegisterExtras | undefined>();
  const recordExtras = (cols: Column[]): RegisterExtras | undefined => {
    const key = cols.map(c => c.heading).join('\u0001');
    if (extrasByKeys.has(key)) return extrasByKeys.get(key);
    const ex = new RegisterExtras(cols, pack, asOf, org);
    if (extrasByKeys.size < 1000) extrasByKeys.set(key, ex.active ? ex : undefined);
    return ex.active ? ex : undefined;
  };
  const recordColumns = new RecordColumns(table);

  const finish = (r: FlowResult): Promise<void> | undefined => {
    tally.add(r);
    tick.tick(tally.rows);
    return writer?.write(r);
  };

  try {
    for await (const ev of events(file, format, progress, factIds)) {
      switch (ev.kind) {
        case 'header': {
          const h = resolveHeader(ev.cells, table);
          if (h.errors.length) throw new InputError('The register\'s headings cannot be used', h.errors.map(message => ({ file, line: ev.row, message })), 'Headings are matched ignoring case, spaces and punctuation; `igcheck audit --template` shows the expected ones.');
          columns = h.columns;
          rowReader = new RowReader(columns, pack.facts);
          extras = new RegisterExtras(columns, pack, asOf, org);
          if (!extras.active) extras = undefined;
          ignored = h.ignored;
          break;
        }
        case 'empty': tally.addEmpty(ev.row); tick.tick(tally.rows); break;
        case 'bad': await finish({ row: ev.row, status: 'unreadable', missing: [], problems: [{ message: ev.message }] }); break;
        case 'row': { const w = finish(decideRow(ev.row, rowReader!.read(ev.cells), columns!, decider, ev.cells, extras, collector)); if (w) await w; break; }
        case 'record': {
          const { cols, cells, problems } = recordColumns.of(ev.record);
          const rf = rowFacts(cells, cols, pack.facts);
          rf.problems.unshift(...problems);
          const ex = cols.some(c => c.target.kind === 'claim' || c.target.kind === 'fact') ? recordExtras(cols) : orgOnly;
          await finish(decideRow(ev.row, rf, cols, decider, cells, ex, collector));
          break;
        }
      }
    }
  } finally {
    tick.done();
  }
  if (format !== 'yaml' && format !== 'jsonl' && !columns) throw new InputError('The register is empty', [{ file, message: 'no heading row was found' }]);
  const lookups = decider.hits + decider.misses;
  return tally.summary({ file: basename(file), format, as_of: asOf, ignored_columns: ignored, seconds: 0, ...(lookups ? { memo_hit_rate: Math.round((1000 * decider.hits) / lookups) / 1000 } : {}) });
}

function decideRow(row: number, rf: RowFacts, columns: Column[], decider: Decider, cells: (Cell | Unreadable)[], extras?: RegisterExtras, collector?: CompletionCollector): FlowResult {
  const title = typeof rf.facts.title === 'string' ? rf.facts.title : undefined;
  const base = { row, ...(rf.ref ? { ref: rf.ref } : {}), ...(title ? { title } : {}) };
  if (rf.problems.length) return { ...base, status: 'unreadable', missing: [], problems: rf.problems };
  extras?.fill(rf);
  const decision = decider.decide(rf.facts, rf.coded);
  const result: FlowResult = { row, status: decision.verdict, decision, problems: [], missing: missingColumns(decision, columns) };
  if (rf.ref) result.ref = rf.ref;
  if (title) result.title = title;
  const claims = extras?.claims(cells, rf, decision);
  if (claims) {
    result.claims = claims.claims;
    if (claims.relied.length) result.relied = claims.relied;
    // An unreadable claim is reported by its column; it never changes the verdict, so the flow is still decided.
    const unread = claims.claims.filter(c => c.status === 'unread');
    if (unread.length) result.problems = unread.map(c => ({ ...columnOf(c.column, columns), message: c.why!.join(' ') }));
  }
  if (collector && decision.missing.length) collector.add(decision, { row, ...(rf.ref ? { ref: rf.ref } : {}), facts: factsOf(rf), missing: decision.missing, texts: textCells(cells, columns) }, decider.outcomeOf(decision));
  return result;
}

/** A claim's column ("D Lawful basis (Art 6)") as a problem's column and heading. */
function columnOf(column: string, columns: Column[]): { column: string; heading?: string } {
  const c = columns.find(x => column === (x.letter === x.heading ? x.heading : `${x.letter} ${x.heading}`));
  return c ? { column: c.letter, ...(c.letter !== c.heading ? { heading: c.heading } : {}) } : { column };
}

/** Claims and register information as written, for the completion workbook. */
function textCells(cells: (Cell | Unreadable)[], columns: Column[]): [string, string][] {
  const out: [string, string][] = [];
  for (const c of columns) {
    if (c.target.kind !== 'claim' && !(c.target.kind === 'info' && c.target.field !== 'notes')) continue;
    const v = cells[c.index];
    if (v === null || v === undefined || isUnreadable(v)) continue;
    const t = v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
    if (t) out.push([c.heading, t]);
  }
  return out;
}

/** A decision's missing facts with the column that would hold each: the same for every row it decides, so worked out once. */
const missingByDecision = new WeakMap<FlowDecision, { columns: Column[]; missing: FlowResult['missing'] }>();
function missingColumns(decision: FlowDecision, columns: Column[]): FlowResult['missing'] {
  const hit = missingByDecision.get(decision);
  if (hit && hit.columns === columns) return hit.missing;
  const colOf = (fact: string) => columns.find(c => c.target.kind === 'fact' && c.target.path === fact);
  const missing = decision.missing.map(fact => {
    const c = colOf(fact);
    return { fact, ...(c ? { column: c.letter === c.heading ? c.heading : `${c.letter} ${c.heading}` } : {}) };
  });
  missingByDecision.set(decision, { columns, missing });
  return missing;
}

/** Columns for keyed records (YAML, JSON): each key resolved once; an unknown key is a problem of its row. */
class RecordColumns {
  private readonly cache = new Map<string, Column | string>();
  constructor(private readonly table: HeadingTable) {}

  of(record: Record<string, unknown>): { cols: Column[]; cells: (Cell | Unreadable)[]; problems: CellProblem[] } {
    const cols: Column[] = [];
    const cells: (Cell | Unreadable)[] = [];
    const problems: CellProblem[] = [];
    for (const [key, value] of Object.entries(record)) {
      let col = this.cache.get(key);
      if (col === undefined) {
        const target = this.table.byHeading.get(normalise(key));
        if (target) col = { index: 0, heading: key, letter: key, target };
        else {
          const s = suggest(normalise(key), this.table.byHeading.keys());
          const fact = s ? this.table.byHeading.get(s) : undefined;
          col = `unknown heading or fact${fact?.kind === 'fact' ? `; did you mean \`${fact.path}\`?` : ''} (map it with --map, or to \`ignore\`)`;
        }
        this.cache.set(key, col);
      }
      if (typeof col === 'string') { problems.push({ column: key, message: col }); continue; }
      cols.push({ ...col, index: cells.length });
      cells.push(value as Cell);
    }
    return { cols, cells, problems };
  }
}

/** The summary and reports, written but not yet in place (committed with the results). */
/**
 * One row of a register read as an audit reads it (headings, free text, the organisation as
 * discloser): its facts, or its problems. For `assess --from-register FILE --row N`.
 */
export async function readRegisterRow(file: string, rowNumber: number, pack: Pack, table: HeadingTable, opts: { config?: boolean } = {}): Promise<{ facts: Facts; ref?: string; problems: CellProblem[] }> {
  if (!existsSync(file)) throw new UsageError(`cannot read the register ${file}: no such file`);
  const format = formatOf(file);
  const org = organisationFacts(await configOrganisation({ config: opts.config }));
  const progress: Progress = { read: 0, total: 0 };
  let columns: Column[] | undefined;
  let last = 0;
  for await (const ev of events(file, format, progress, new Set(pack.facts.map(f => f.id)))) {
    if (ev.kind === 'header') {
      const h = resolveHeader(ev.cells, table);
      if (h.errors.length) throw new InputError('The register\'s headings cannot be used', h.errors.map(message => ({ file, line: ev.row, message })));
      columns = h.columns;
      continue;
    }
    last = ev.row;
    if (ev.row !== rowNumber) continue;
    if (ev.kind === 'empty') throw new UsageError(`row ${rowNumber} of ${file} is blank`);
    if (ev.kind === 'bad') return { facts: {}, problems: [{ message: ev.message }] };
    let rf: RowFacts;
    let cols = columns!;
    if (ev.kind === 'row') rf = rowFacts(ev.cells, cols, pack.facts);
    else {
      const r = new RecordColumns(table).of(ev.record);
      cols = r.cols;
      rf = rowFacts(r.cells, cols, pack.facts);
      rf.problems.unshift(...r.problems);
    }
    new RegisterExtras(cols, pack, today(), org).fill(rf);
    return { facts: factsOf(rf), ...(rf.ref ? { ref: rf.ref } : {}), problems: rf.problems };
  }
  throw new UsageError(`${file} has no row ${rowNumber}`, last ? `Its flows are in rows ${format === 'yaml' || format === 'jsonl' ? 'starting at the lines shown by `igcheck audit`' : `2 to ${last}`}.` : 'It holds no flows.');
}

async function reportOutputs(dir: string, summary: Summary, pack: Pack): Promise<Output[]> {
  const { summaryMarkdown, summaryHtml, wordsFrom } = await import('./report.js');
  const markdown = summaryMarkdown(summary, wordsFrom(pack));
  const files: [string, string][] = [
    ['summary.json', `${JSON.stringify(summary, null, 2)}\n`],
    ['report.md', markdown],
    ['report.html', await summaryHtml(markdown, `Register audit: ${summary.file}`)],
  ];
  const outs: Output[] = [];
  try {
    for (const [name, text] of files) { const o = openOutput(join(dir, name)); outs.push(o); o.write(text); }
  } catch (e) { for (const o of outs) o.abort(); throw e; }
  return outs;
}

