// `igcheck review` in a terminal: reviews due (overdue first), open conditions, rule-change impact.
import { style, sym } from '../cli/style.js';
import { verdictText } from '../register/render.js';
import type { DueDpia, DueReview, OpenConditions } from './due.js';
import type { Impact, SetDiff } from './impact.js';
import type { SigningReview } from '../sign/pending.js';

export interface ReviewReport {
  register: string;
  as_of: string;
  within_days: number;
  agreements: number;
  due: DueReview[];
  dpias_due?: DueDpia[];
  open_conditions: OpenConditions[];
  not_cleared: { id: string; title: string; verdict: string }[];
  impact: (Impact & { packs: string[] }) | null;
  ics: string | null;
  signing?: SigningReview;
}

const diffLine = (label: string, d: SetDiff) => [
  ...d.added.map(x => `      ${style.good('+')} ${label} ${x}`),
  ...d.removed.map(x => `      ${style.bad('-')} ${label} ${x}`),
];

export function renderReview(r: ReviewReport): string {
  const out: string[] = [style.dim(`${r.agreements} current agreement${r.agreements === 1 ? '' : 's'} in ${r.register}, as of ${r.as_of}`), ''];

  out.push(style.heading(`Reviews due within ${r.within_days} days`));
  if (!r.due.length) out.push(`  ${style.dim('none')}`);
  for (const d of r.due) {
    const when = d.overdue ? style.bad(`overdue by ${-d.days} day${d.days === -1 ? '' : 's'}`) : d.days === 0 ? style.warn('due today') : `in ${d.days} day${d.days === 1 ? '' : 's'}`;
    out.push(`  ${d.overdue ? sym.fail() : sym.cond()} ${style.bold(d.id)} ${d.review_date} (${when})  ${d.title}`);
  }
  if (r.dpias_due?.length) {
    out.push('', style.heading(`DPIAs due for review within ${r.within_days} days`));
    for (const d of r.dpias_due) {
      const when = d.overdue ? style.bad(`overdue by ${-d.days} day${d.days === -1 ? '' : 's'}`) : d.days === 0 ? style.warn('due today') : `in ${d.days} day${d.days === 1 ? '' : 's'}`;
      out.push(`  ${d.overdue ? sym.fail() : sym.cond()} ${style.bold(d.id)} ${d.review_date} (${when})  ${d.title}: DPIA ${d.status.replace('_', ' ')}${d.residual ? `, highest residual risk ${d.residual}` : ''}`);
    }
  }
  out.push('', style.heading('Open conditions'));
  if (!r.open_conditions.length) out.push(`  ${style.dim('none')}`);
  for (const o of r.open_conditions) out.push(`  ${sym.cond()} ${style.bold(o.id)} ${o.title}: ${o.conditions.join(', ')}`);

  if (r.not_cleared.length) {
    out.push('', style.heading('Recorded but not cleared'));
    for (const n of r.not_cleared) out.push(`  ${sym.review()} ${style.bold(n.id)} ${verdictText(n.verdict as never)}  ${n.title}`);
  }

  if (r.impact) {
    out.push('', style.heading('Rule-change impact'), style.dim(`  re-evaluated with ${r.impact.packs.join(' + ')}`));
    if (!r.impact.changed.length && !r.impact.unreadable.length) out.push(`  ${sym.ok()} no recorded decision would change (${r.impact.checked} re-checked${r.impact.same_packs ? `; ${r.impact.same_packs} decided under these same packs and law, so unchanged` : ''})`);
    for (const c of r.impact.changed) {
      out.push(`  ${sym.review()} ${style.bold(c.id)} ${c.title}`);
      if (c.verdict) out.push(`      verdict ${verdictText(c.verdict.was)} → ${verdictText(c.verdict.now)}`);
      out.push(...diffLine('basis', c.bases), ...diffLine('condition', c.conditions));
      if (c.dpia?.screening) out.push(`      DPIA screening ${c.dpia.screening.was.replace('_', ' ')} → ${c.dpia.screening.now.replace('_', ' ')}`);
      if (c.dpia?.criteria) out.push(...diffLine('DPIA criterion', c.dpia.criteria));
      for (const x of c.dpia?.risks ?? []) out.push(`      DPIA risk ${x.id}: residual ${x.was ?? 'none'} → ${x.now ?? 'none'}`);
      if (!c.pack_changed) out.push(style.dim('      (same rule packs: the change comes from the date the law is applied on)'));
    }
    for (const u of r.impact.unreadable) out.push(`  ${sym.unknown()} ${style.bold(u.id)} ${u.title}: cannot re-check: ${u.problem}${u.answers ? ` (${u.answers})` : ''}`);
  }
  if (r.signing) out.push(...renderSigning(r.signing, r.as_of));
  if (r.ics) out.push('', `Calendar of review dates written to ${r.ics}`);
  return out.join('\n');
}

/** Agreements between many organisations: who is yet to sign, and flows whose party joined or left. */
function renderSigning(s: SigningReview, asOf: string): string[] {
  const out: string[] = [];
  if (s.unsigned.length) {
    out.push('', style.heading('Agreements with parties yet to sign'));
    for (const u of s.unsigned) {
      out.push(`  ${sym.cond()} ${style.bold(u.id)} ${u.title}: ${u.waiting.length} of ${u.parties} parties still to sign ${style.dim(`(igcheck status ${u.out_dir})`)}`);
      for (const w of u.waiting.slice(0, 5)) out.push(`      ${w.name}: ${w.roles.join(', ')}`);
      if (u.waiting.length > 5) out.push(style.dim(`      … and ${u.waiting.length - 5} more`));
    }
  }
  if (s.flows_changed.length) {
    out.push('', style.heading('Flows whose party changed'));
    for (const f of s.flows_changed) {
      out.push(`  ${sym.review()} ${style.bold(f.id)} ${f.title}: flow ${f.flow} ${f.change === 'left' ? `names ${f.name}, which ${f.date <= asOf ? 'left' : 'leaves'} on ${f.date}` : `to every party now reaches ${f.name}, which joined on ${f.date}`} ${style.dim(`(version ${f.version})`)}`);
    }
  }
  if (s.unreadable.length) out.push('', style.heading('Agreements whose signatures cannot be counted'));
  for (const u of s.unreadable) out.push(`  ${sym.unknown()} ${style.bold(u.id)} ${u.title}: ${u.problem}`);
  return out;
}
