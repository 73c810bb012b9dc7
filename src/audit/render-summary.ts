// The audit summary in a terminal: verdict counts first, then what most needs doing.
import { style } from '../cli/style.js';
import { VERDICT_WORDS } from './report.js';
import { VERDICT_ORDER, type Summary } from './tally.js';

const paint: Record<string, (s: string) => string> = {
  not_lawful: style.bad, needs_review: style.warn, incomplete: style.info, lawful_with_conditions: style.warn, lawful: style.good, unreadable: style.bad,
};

export function renderSummary(s: Summary, out?: string): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  const lines: string[] = [style.heading(`Register audit: ${s.file}`), ''];
  lines.push(`${n(s.flows)} flows in ${n(s.rows)} rows${s.empty_rows.length ? ` (${s.empty_rows.length} blank rows skipped)` : ''}, decided under the law on ${s.as_of} in ${s.seconds} s.`, '');
  const width = Math.max(...VERDICT_ORDER.map(v => VERDICT_WORDS[v].length));
  for (const v of VERDICT_ORDER) {
    if (!s.by_verdict[v] && v === 'unreadable') continue;
    lines.push(`  ${paint[v](VERDICT_WORDS[v].padEnd(width))}  ${String(s.by_verdict[v]).padStart(7)}`);
  }
  const top = <T>(title: string, list: T[], show: (x: T) => string) => {
    if (!list.length) return;
    lines.push('', style.bold(title));
    for (const x of list.slice(0, 8)) lines.push(`  ${show(x)}`);
    if (list.length > 8) lines.push(style.dim(`  … and ${list.length - 8} more`));
  };
  top('Most common conditions', s.conditions, c => `${String(c.count).padStart(7)}  ${c.id}`);
  top('Routes to lawfulness', s.routes, r => `${String(r.count).padStart(7)}  ${r.id}`);
  top('Most common missing facts', s.missing, m => `${String(m.count).padStart(7)}  ${m.fact} ${style.dim(m.column ? `(column ${m.column})` : '(no column: add one)')}`);
  if (s.claims && (s.claims.read || s.claims.unread)) {
    const c = s.claims;
    lines.push('', style.bold('Claimed bases'), `  ${n(c.read)} read: ${n(c.holds)} hold, ${paint.not_lawful(`${n(c.cannot_hold)} cannot hold`)} (in ${n(c.flows_with_impossible)} flows), ${n(c.undecided)} undecided until facts are given${c.not_needed ? `, ${n(c.not_needed)} not needed` : ''}; ${n(c.unread)} could not be read.`);
    top('Claims that cannot hold', s.impossible_claims ?? [], x => `row ${x.row}${x.ref ? ` (${x.ref})` : ''}, ${x.column}: "${x.text}": ${x.why.join(' ')}`);
  }
  top(`Rows not decided, and claims not read (${n(s.problem_count)} problem${s.problem_count === 1 ? '' : 's'})`, s.problems, p => `row ${p.row}${p.column ? `, column ${p.column}${p.heading && p.heading !== p.column ? ` (${p.heading})` : ''}` : ''}: ${p.message}`);
  if (s.ignored_columns.length) lines.push('', style.dim(`Columns not used: ${s.ignored_columns.join(', ')}`));
  if (out) lines.push('', `Results and report written to ${out}/ (summary.json, results.csv, results.json, report.md, report.html).`);
  else if (s.flows) lines.push('', style.dim('Add --out DIR for per-flow results and a report.'));
  return lines.join('\n');
}
