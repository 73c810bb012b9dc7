// What the register says now: each assessment with its closed conditions and whether a later
// assessment of the same output directory superseded it. Pure: computed from verified entries.
import type { AssessmentEntry, ClosureEntry, PartyChangeEntry, RegisterEntry } from './entry.js';

export interface AssessmentState {
  entry: AssessmentEntry;
  /** Closed conditions by id, with the closing entry. */
  closed: Map<string, ClosureEntry>;
  open: string[];
  /** The later assessment written to the same output directory, if any. */
  supersededBy?: string;
  /** Parties that joined or left the agreement since (igcheck join / leave), in order. */
  partyChanges?: PartyChangeEntry[];
}

export interface RegisterState {
  assessments: AssessmentState[];
  /** Assessments not superseded: the agreements in force. */
  current: AssessmentState[];
  find(ref: string): AssessmentState | undefined;
}

export function registerState(entries: RegisterEntry[]): RegisterState {
  const assessments: AssessmentState[] = [];
  const byId = new Map<string, AssessmentState>();
  const byOut = new Map<string, AssessmentState>();
  for (const e of entries) {
    if (e.kind === 'assessment') {
      const s: AssessmentState = { entry: e, closed: new Map(), open: [...e.conditions] };
      if (e.out_dir) {
        const earlier = byOut.get(e.out_dir);
        if (earlier) earlier.supersededBy = e.id;
        byOut.set(e.out_dir, s);
      }
      assessments.push(s);
      byId.set(e.id, s);
    } else if (e.kind === 'party-joined' || e.kind === 'party-left') {
      const s = e.entry ? byId.get(e.entry) : undefined;
      if (s) (s.partyChanges ??= []).push(e);
    } else {
      const s = byId.get(e.entry);
      if (s && !s.closed.has(e.condition)) {
        s.closed.set(e.condition, e);
        s.open = s.open.filter(c => c !== e.condition);
      }
    }
  }
  return {
    assessments,
    current: assessments.filter(a => !a.supersededBy),
    find: (ref: string) => byId.get(normaliseId(ref)),
  };
}

/** `R-0007`, `r-7`, `R7` and `7` all name entry 7. */
export function normaliseId(ref: string): string {
  const r = ref.trim().toUpperCase();
  return /^(R-?)?\d+$/.test(r) ? `R-${r.replace(/^R-?/, '').padStart(4, '0')}` : r;
}
