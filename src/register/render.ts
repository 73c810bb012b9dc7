// The register in a terminal: one line per entry for `list`, every field for `show`.
import { style, sym } from '../cli/style.js';
import type { AssessmentEntry, ClosureEntry, PartyChangeEntry, RegisterEntry } from './entry.js';
import type { AssessmentState, RegisterState } from './state.js';

const VERDICT: Record<string, (s: string) => string> = {
  lawful: style.good, lawful_with_conditions: style.warn, needs_review: style.warn, not_lawful: style.bad, incomplete: style.info,
};
export const verdictText = (v: string) => (VERDICT[v] ?? ((s: string) => s))(v.replace(/_/g, ' '));

export function renderList(entries: RegisterEntry[], state: RegisterState): string {
  if (!entries.length) return style.dim('The register is empty: `igcheck assess --answers FILE --out DIR` records each assessment.');
  const byId = new Map(state.assessments.map(a => [a.entry.id, a]));
  return entries.map(e => {
    const head = `${style.bold(e.id)}  ${e.recorded_at.slice(0, 10)}  `;
    if (e.kind === 'condition-closed') return `${head}${sym.ok()} closed ${style.code(e.condition)} of ${e.entry} ${style.dim(`(by ${e.by})`)}`;
    if (e.kind === 'party-joined' || e.kind === 'party-left') return `${head}${partyChangeLine(e)} ${style.dim(`(by ${e.by})`)}`;
    const a = byId.get(e.id)!;
    const extra = [
      `review ${e.review_date}`,
      a.open.length ? `open: ${a.open.join(', ')}` : e.conditions.length ? 'conditions all closed' : '',
      a.supersededBy ? `superseded by ${a.supersededBy}` : '',
    ].filter(Boolean).join(style.dim(' · '));
    const line = `${head}${verdictText(e.verdict)}  ${e.title}\n        ${style.dim(extra)}`;
    return a.supersededBy ? style.dim(line) : line;
  }).join('\n');
}

export function renderShow(e: RegisterEntry, a: AssessmentState | undefined): string {
  return e.kind === 'assessment' ? showAssessment(e, a!) : e.kind === 'condition-closed' ? showClosure(e) : showPartyChange(e);
}

const partyChangeLine = (e: PartyChangeEntry) =>
  `${e.kind === 'party-joined' ? `${sym.ok()} ${e.party.name} joined` : `${sym.na()} ${e.party.name} left`} ${e.title}${e.entry ? ` (${e.entry})` : ''}, version ${e.schedule_version}, on ${e.date}`;

function showPartyChange(e: PartyChangeEntry): string {
  return [
    `${style.bold(e.id)}  ${e.kind === 'party-joined' ? 'party joined' : 'party left'}`,
    field('party', `${e.party.name} (${e.party.id}${e.party.role ? `, ${e.party.role.replace('_', ' ')}` : ''})`),
    field('agreement', `${e.title}${e.entry ? ` (${e.entry})` : ''}`),
    field('documents', e.out_dir),
    field('addendum', e.addendum),
    field('version', String(e.schedule_version)),
    field('date', e.date),
    ...(e.reason ? [field('reason', e.reason)] : []),
    field('manifest', e.manifest_sha256),
    field('addendum hash', e.addendum_sha256),
    field('by', e.by),
    field('recorded', e.recorded_at),
    field('hash', e.hash),
    field('prev hash', e.prev_hash),
  ].join('\n');
}

const field = (k: string, v: string | null | undefined) => `  ${style.dim(k.padEnd(14))}${v ?? style.dim('(none)')}`;

function showAssessment(e: AssessmentEntry, a: AssessmentState): string {
  const out = [
    `${style.bold(e.id)}  ${verdictText(e.verdict)}  ${style.bold(e.title)}`,
    field('recorded', e.recorded_at),
    field('discloser', e.discloser),
    field('recipient', e.recipient),
    field('decided as of', e.as_of),
    field('review date', e.review_date),
    field('bases', e.bases.join(', ') || null),
    field('documents', e.out_dir),
    field('answers', e.answers),
    field('facts', e.facts && typeof e.facts === 'object' ? `${Object.keys(e.facts).length} recorded with the entry (review re-decides on these)` : null),
    field('manifest', e.manifest_sha256),
    field('rule pack', `${e.pack.name} ${e.pack.version} (${e.pack.digest})`),
    field('hash', e.hash),
    field('prev hash', e.prev_hash),
  ];
  if (a.supersededBy) out.push(field('superseded by', a.supersededBy));
  out.push('', style.heading('Conditions'));
  if (!e.conditions.length) out.push(`  ${style.dim('none')}`);
  for (const c of e.conditions) {
    const closed = a.closed.get(c);
    out.push(closed
      ? `  ${sym.ok()} ${c}: closed ${closed.recorded_at.slice(0, 10)} by ${closed.by} (${closed.id}): ${closed.evidence}`
      : `  ${sym.cond()} ${c}: open`);
  }
  return out.join('\n');
}

function showClosure(e: ClosureEntry): string {
  return [
    `${style.bold(e.id)}  condition closed`,
    field('assessment', e.entry),
    field('condition', e.condition),
    field('evidence', e.evidence),
    field('by', e.by),
    field('recorded', e.recorded_at),
    field('hash', e.hash),
    field('prev hash', e.prev_hash),
  ].join('\n');
}
