// Rule-change impact: re-evaluate each current agreement's stored answers with the packs in force
// now and report every one whose verdict, bases or conditions would differ from what was recorded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decider, type FlowDecision } from '../audit/decide.js';
import type { Decision, Facts, Pack } from '../core/types.js';
import { decideWithDpia } from '../dpia/decide.js';
import { dpiaChange, type DpiaChange } from '../dpia/record.js';
import { InputError, formatProblem } from '../errors.js';
import { parseAnswers } from '../load/answers.js';
import type { AssessmentEntry } from '../register/entry.js';
import { resolveFromRegister } from '../register/store.js';
import type { RegisterState } from '../register/state.js';

export interface SetDiff { added: string[]; removed: string[] }

export interface ImpactChange {
  id: string;
  title: string;
  answers: string;
  verdict: { was: string; now: string } | null;
  bases: SetDiff;
  conditions: SetDiff;
  /** Whether the rule packs differ from those the decision was recorded with. */
  pack_changed: boolean;
  /** How the DPIA's screening or risk scores would change (src/dpia/record.ts). */
  dpia?: DpiaChange;
}

export interface Unreadable { id: string; title: string; answers: string | null; problem: string }

export interface Impact {
  /** Agreements whose answers were read and re-evaluated. */
  checked: number;
  /**
   * Agreements recorded with the very packs in force (the same digest) and no rule coming into or
   * going out of force since the date they were decided for: their answer cannot have changed, so
   * their answers are not read again.
   */
  same_packs: number;
  changed: ImpactChange[];
  unreadable: Unreadable[];
}

const setDiff = (was: string[], now: string[]): SetDiff => ({
  added: now.filter(x => !was.includes(x)),
  removed: was.filter(x => !now.includes(x)),
});

/** The difference between a recorded decision and a new one (by ids); null when they agree. Pure. */
export function diffDecision(entry: AssessmentEntry, now: Pick<FlowDecision, 'verdict' | 'bases' | 'conditions'>, packDigest: string,
  full?: { decision: Decision; facts: Facts }): Omit<ImpactChange, 'answers'> | null {
  const bases = setDiff(entry.bases, now.bases);
  const conditions = setDiff(entry.conditions, now.conditions);
  const verdict = entry.verdict === now.verdict ? null : { was: entry.verdict, now: now.verdict };
  // Entries recorded before DPIAs were kept say nothing about one: compare only those that do.
  const dpia = entry.dpia && full ? dpiaChange(entry.dpia, full.decision, full.facts, entry.dpia.review_date) : undefined;
  if (!verdict && !dpia && !bases.added.length && !bases.removed.length && !conditions.added.length && !conditions.removed.length) return null;
  return { id: entry.id, title: entry.title, verdict, bases, conditions, pack_changed: entry.pack.digest !== packDigest, ...(dpia ? { dpia } : {}) };
}

/** Where an entry's answers are: its recorded answers file, else answers.yaml in its output directory. */
export function answersFileOf(register: string, e: AssessmentEntry): string | null {
  if (e.answers) return resolveFromRegister(register, e.answers);
  return e.out_dir ? join(resolveFromRegister(register, e.out_dir), 'answers.yaml') : null;
}

/** Every date on which a rule of the pack comes into or goes out of force, sorted. */
export function lawDates(pack: Pack): string[] {
  const dates = new Set<string>();
  for (const list of Object.values(pack)) {
    if (!Array.isArray(list)) continue;
    for (const r of list as { in_force_from?: unknown; in_force_until?: unknown }[]) {
      if (r && typeof r.in_force_from === 'string') dates.add(r.in_force_from);
      if (r && typeof r.in_force_until === 'string') dates.add(r.in_force_until);
    }
  }
  return [...dates].sort();
}

/** Whether the law the pack holds differs between two decision dates: a rule starts or stops in between. */
export function lawChangedBetween(dates: string[], a: string, b: string): boolean {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return dates.some(d => lo < d && d <= hi);
}

export async function ruleChangeImpact(register: string, state: RegisterState, pack: Pack, asOf: string): Promise<Impact> {
  const impact: Impact = { checked: 0, same_packs: 0, changed: [], unreadable: [] };
  const dates = lawDates(pack);
  // Re-evaluated without traces, and remembered by the facts the rules read: agreements that differ
  // only in names and wording share one evaluation.
  const decider = new Decider(pack, asOf);
  for (const a of state.current) {
    const e = a.entry;
    // Only agreements recorded under other packs, or under law that has since started or stopped, can change.
    if (e.pack?.digest === pack.digest && typeof e.as_of === 'string' && !lawChangedBetween(dates, e.as_of, asOf)) { impact.same_packs++; continue; }
    const file = answersFileOf(register, e);
    if (!file) { impact.unreadable.push({ id: e.id, title: e.title, answers: null, problem: 'no answers file was recorded' }); continue; }
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      impact.unreadable.push({ id: e.id, title: e.title, answers: file, problem: code === 'ENOENT' ? 'the answers file is missing' : (err as Error).message });
      continue;
    }
    try {
      const { facts } = await parseAnswers(text, file, pack.facts);
      impact.checked++;
      // A recorded DPIA is compared too, which needs the full decision; otherwise the trace-free outcome is enough.
      const full = e.dpia ? decideWithDpia(pack, facts, asOf) : undefined;
      const now = full ? { verdict: full.verdict, bases: full.bases.map(b => b.id), conditions: full.conditions.map(c => c.id) } : decider.decide(facts);
      const d = diffDecision(e, now, pack.digest, full ? { decision: full, facts } : undefined);
      if (d) impact.changed.push({ ...d, answers: file });
    } catch (err) {
      // The vocabulary itself may have changed: that is an impact the IG lead must see, not skip.
      if (!(err instanceof InputError)) throw err;
      impact.unreadable.push({ id: e.id, title: e.title, answers: file, problem: `${err.title}: ${err.problems.slice(0, 3).map(formatProblem).join('; ')}` });
    }
  }
  return impact;
}
