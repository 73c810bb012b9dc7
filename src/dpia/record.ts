// The DPIA in the decision register and in `igcheck review`: its status, residual risk and review
// date when recorded; which DPIAs are due; and how a rule change alters a DPIA's screening or risks.
// Pure: entries and decisions in, plain data out.
import type { Decision, Facts } from '../core/types.js';
import type { DpiaAnswers } from './answers.js';

/** What the register keeps of a DPIA (present on an assessment entry when a DPIA was drafted). */
export interface DpiaRecord {
  screening: 'required' | 'likely' | 'not_required' | 'undetermined';
  /** The screening criteria that fired. */
  criteria: string[];
  status: 'draft' | 'in_review' | 'approved';
  /** The highest residual score among the risks that apply, and which risk it is (its title since 0.1: older entries lack it). */
  residual: { risk: string; title?: string; score: number; band: string } | null;
  residual_high: 'met' | 'not_met' | 'unknown';
  /** Residual score of each risk that applies. */
  risks: Record<string, number>;
  review_date: string;
}

export function dpiaRecord(decision: Decision, facts: Facts, reviewDate: string): DpiaRecord | undefined {
  const d = decision.dpia;
  if (!d || (d.outcome !== 'required' && d.outcome !== 'likely')) return undefined;
  const a = (facts.dpia ?? {}) as DpiaAnswers;
  const applying = d.risks.filter(r => r.applies === 'met');
  const top = applying.reduce<typeof applying[number] | undefined>((m, r) => (!m || r.residual.score > m.residual.score ? r : m), undefined);
  return {
    screening: d.outcome,
    criteria: d.fired.map(c => c.id),
    status: a.status ?? 'draft',
    residual: top ? { risk: top.id, title: top.title, score: top.residual.score, band: top.residual.band } : null,
    residual_high: d.residual_high,
    risks: Object.fromEntries(applying.map(r => [r.id, r.residual.score])),
    review_date: a.review_date ?? reviewDate,
  };
}

export interface DpiaChange {
  screening?: { was: string; now: string };
  criteria?: { added: string[]; removed: string[] };
  risks?: { id: string; was: number | null; now: number | null }[];
}

/** How the current rules change a recorded DPIA; undefined when they do not. */
export function dpiaChange(was: DpiaRecord | undefined, now: Decision, facts: Facts, reviewDate: string): DpiaChange | undefined {
  const rec = dpiaRecord(now, facts, reviewDate);
  if (!was && !rec) return undefined;
  const out: DpiaChange = {};
  const wasScreen = was?.screening ?? 'not_required';
  const nowScreen = rec?.screening ?? now.dpia?.outcome ?? 'not_required';
  if (wasScreen !== nowScreen) out.screening = { was: wasScreen, now: nowScreen };
  const wc = was?.criteria ?? []; const nc = rec?.criteria ?? [];
  const added = nc.filter(x => !wc.includes(x)); const removed = wc.filter(x => !nc.includes(x));
  if (added.length || removed.length) out.criteria = { added, removed };
  const ids = [...new Set([...Object.keys(was?.risks ?? {}), ...Object.keys(rec?.risks ?? {})])].sort();
  const risks = ids.map(id => ({ id, was: was?.risks[id] ?? null, now: rec?.risks[id] ?? null })).filter(r => r.was !== r.now);
  if (risks.length) out.risks = risks;
  return Object.keys(out).length ? out : undefined;
}
