// The audit summary as Markdown (and HTML through marked): what an IG lead takes to the DSPT
// submission. Anything read from the register is escaped: a cell must not become markup.
import type { Pack } from '../core/types.js';
import { VERDICTS } from '../core/words.js';
import type { Summary } from './tally.js';
import { VERDICT_ORDER } from './tally.js';

/** The verdicts' labels (core/words.ts), and the audit's own word for a row it could not read. */
export const VERDICT_WORDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(VERDICTS).map(([v, w]) => [v, w.label])), unreadable: 'Could not be read',
};

/** Text from the register, safe in Markdown and in the HTML marked makes of it. */
export function md(s: string | number | undefined): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** How the report names rules and facts: by their titles and questions, never by identifier. */
export interface Words { rule(id: string): string; fact(id: string): string }

/** Titles from the pack (a rule's title, a fact's question or description). */
export function wordsFrom(pack: Pack): Words {
  const rules = new Map([...pack.bases, ...pack.conditions, ...pack.routes].map(r => [r.id, r.title]));
  const asks = new Map(pack.questions.map(q => [q.fact, q.ask]));
  const facts = new Map(pack.facts.map(f => [f.id, f.description.split(/(?<=\.)\s/)[0].replace(/\.$/, '')]));
  return {
    rule: id => rules.get(id) ?? id.replace(/-/g, ' '),
    fact: id => asks.get(id) ?? facts.get(id) ?? id.replace(/[._]/g, ' '),
  };
}

const plainWords: Words = { rule: id => id.replace(/-/g, ' '), fact: id => id.replace(/[._]/g, ' ') };

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '–');

export function summaryMarkdown(s: Summary, words: Words = plainWords): string {
  const out: string[] = [];
  out.push(`# Data-flow register audit: ${md(s.file)}`, '');
  out.push(`Decided under the law in force on ${s.as_of}. ${s.flows.toLocaleString('en-GB')} flows in ${s.rows.toLocaleString('en-GB')} rows` +
    `${s.empty_rows.length ? ` (${s.empty_rows.length} blank)` : ''}. Per-flow results are in \`results.csv\` and \`results.json\`.`, '');
  out.push('## Verdicts', '', '| Verdict | Flows | Share |', '|---|--:|--:|');
  for (const v of VERDICT_ORDER) out.push(`| ${VERDICT_WORDS[v]} | ${s.by_verdict[v]} | ${pct(s.by_verdict[v], s.flows)} |`);
  out.push('');
  if (s.conditions.length) {
    out.push('## Conditions to meet', '', '| Condition | Flows |', '|---|--:|');
    for (const c of s.conditions) out.push(`| ${md(words.rule(c.id))} | ${c.count} |`);
    out.push('');
  }
  if (s.routes.length) {
    out.push('## Routes to lawfulness', '', '| Route | Flows |', '|---|--:|');
    for (const r of s.routes) out.push(`| ${md(words.rule(r.id))} | ${r.count} |`);
    out.push('');
  }
  if (s.missing.length) {
    out.push('## Missing facts', '', 'The verdicts of incomplete flows depend on these.', '', '| Question | Column | Flows |', '|---|---|--:|');
    for (const m of s.missing) out.push(`| ${md(words.fact(m.fact))} | ${m.column ? md(m.column) : '*no column: add one*'} | ${m.count} |`);
    out.push('');
  }
  if (s.claims && (s.claims.read || s.claims.unread)) {
    const c = s.claims;
    out.push('## Claimed bases', '', `${c.read} claims read: ${c.holds} hold, ${c.cannot_hold} cannot hold (in ${c.flows_with_impossible} flows), ${c.undecided} undecided until facts are given, ${c.not_needed} not needed; ${c.unread} could not be read (listed under problems).`, '');
    if (s.impossible_claims?.length) {
      out.push('| row | column | claim | why it cannot hold |', '|--:|---|---|---|');
      for (const x of s.impossible_claims) out.push(`| ${x.row} | ${md(x.column)} | ${md(x.text)}${x.title ? ` (${md(x.title)})` : ''} | ${md(x.why.join(' '))} |`);
      out.push('');
    }
  }
  if (s.attention.length) {
    out.push(`## Flows needing action first (${s.attention_count}${s.attention_count > s.attention.length ? `, the first ${s.attention.length} listed` : ''})`, '',
      '| Row | Flow | Verdict | Routes |', '|--:|---|---|---|');
    for (const a of s.attention) out.push(`| ${a.row} | ${md([a.ref, a.title].filter(Boolean).join(' – ')) || '–'} | ${VERDICT_WORDS[a.status]} | ${a.routes.map(r => md(words.rule(r))).join('; ')} |`);
    out.push('');
  }
  if (s.problem_count || s.empty_rows.length) {
    out.push(`## Rows with problems (${s.problem_count}${s.problem_count > s.problems.length ? `, the first ${s.problems.length} listed` : ''})`, '',
      'A row with a problem is not decided: fix the cell and run the audit again.', '', '| Row | Column | Problem |', '|--:|---|---|');
    for (const p of s.problems) out.push(`| ${p.row} | ${p.column ? md(`${p.column}${p.heading ? ` ${p.heading}` : ''}`) : '–'} | ${md(p.message)} |`);
    if (s.empty_rows.length) out.push(`| ${s.empty_rows.slice(0, 20).join(', ')}${s.empty_rows.length > 20 ? ', …' : ''} | – | blank row, skipped |`);
    out.push('');
  }
  if (s.ignored_columns.length) out.push(`Columns not used (no matching fact): ${s.ignored_columns.map(md).join(', ')}.`, '');
  out.push('*Not legal advice: a decision aid whose every conclusion cites its provision. Run `igcheck assess` on a single flow for its full reasoning.*', '');
  return out.join('\n');
}

export async function summaryHtml(markdown: string, title: string): Promise<string> {
  const { marked } = await import('marked');
  const body = await marked.parse(markdown, { gfm: true });
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${title.replace(/[<>&"]/g, c => `&#${c.charCodeAt(0)};`)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}
td:nth-child(n+2):last-child{text-align:inherit}code{background:#f3f3f3;padding:0 .2rem}</style></head>
<body>
${body}</body></html>
`;
}
