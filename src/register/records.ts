// The decision register read as records of processing: each agreement or decision record in force
// (an assessment not superseded), with the facts it was decided on (recorded in the entry, or for
// older entries saved beside it), decided again under the law of its date so every basis, recipient,
// transfer and date can be listed. Pure apart from reading the answers files older entries point to.
import { evaluate } from '../core/evaluate.js';
import type { Decision, Facts, Pack } from '../core/types.js';
import { factsOfEntry } from './facts.js';
import type { AssessmentState } from './state.js';

export interface ProcessingRecord {
  state: AssessmentState;
  /** The facts the assessment was decided on; empty when they cannot be had (an old entry's answers file gone). */
  facts: Facts;
  /** The decision on those facts under the law of the entry's date; absent without facts. */
  decision?: Decision;
  /** Why the facts are missing (an answers file moved or deleted). */
  note?: string;
}

export async function processingRecords(register: string, current: AssessmentState[], pack: Pack): Promise<ProcessingRecord[]> {
  const out: ProcessingRecord[] = [];
  for (const state of current) {
    const e = state.entry;
    // The facts recorded in the entry, else (entries recorded before they were kept) its answers file.
    const got = await factsOfEntry(register, e, pack.facts);
    if (!got.ok) { out.push({ state, facts: {}, note: got.answers ? `${got.problem} (${e.answers ?? got.answers})` : got.problem }); continue; }
    out.push({ state, facts: got.facts, decision: evaluate(pack, got.facts, e.as_of) });
  }
  return out;
}

/** The bases relied on in one layer, as "Public task (UK GDPR Art 6(1)(e))". */
export function basesIn(r: ProcessingRecord, layer: string, pack: Pack): string[] {
  const byId = new Map(pack.bases.map(b => [b.id, b]));
  const ids = r.decision ? (r.decision.layers.find(l => l.id === layer)?.chosen ?? []) : r.state.entry.bases.filter(id => byId.get(id)?.layer === layer);
  return ids.map(id => { const b = byId.get(id); return b ? `${b.title} (${b.citation.split(';')[0].replace(/,? as amended.*$/, '').replace(/,? inserted by.*$/, '')})` : id; });
}

export const str = (f: Facts, id: string): string | undefined => (typeof f[id] === 'string' && (f[id] as string).trim() ? (f[id] as string) : undefined);
export const list = (f: Facts, id: string): string[] => (Array.isArray(f[id]) ? (f[id] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
