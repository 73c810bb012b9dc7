// Rule-change impact: re-evaluate each current agreement's recorded facts with the packs in force
// now and report every one whose verdict, bases or conditions would differ from what was recorded.
import { Decider, type FlowDecision } from '../audit/decide.js';
import type { Decision, DpiaDecision, Facts, Pack } from '../core/types.js';
import { dpiaChange, type DpiaChange } from '../dpia/record.js';
import { overridesOf, withDerivedDpiaFacts, withDpia } from '../dpia/screen.js';
import type { AssessmentEntry } from '../register/entry.js';
import { factsOfEntry, recordedFacts } from '../register/facts.js';
import type { RegisterState } from '../register/state.js';

export interface SetDiff { added: string[]; removed: string[] }

export interface ImpactChange {
  id: string;
  title: string;
  /** The answers file saved with the assessment, when one was (the facts themselves may be in the entry). */
  answers: string | null;
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

/**
 * The difference between a recorded decision and a new one (by ids); null when they agree. `full`
 * carries the decision's DPIA part (only `decision.dpia` is read) for an entry that recorded a DPIA. Pure.
 */
export function diffDecision(entry: AssessmentEntry, now: Pick<FlowDecision, 'verdict' | 'bases' | 'conditions'>, packDigest: string,
  full?: { decision: Pick<Decision, 'dpia'>; facts: Facts }): Omit<ImpactChange, 'answers'> | null {
  const bases = setDiff(entry.bases, now.bases);
  const conditions = setDiff(entry.conditions, now.conditions);
  const verdict = entry.verdict === now.verdict ? null : { was: entry.verdict, now: now.verdict };
  // Entries recorded before DPIAs were kept say nothing about one: compare only those that do.
  const dpia = entry.dpia && full ? dpiaChange(entry.dpia, full.decision as Decision, full.facts, entry.dpia.review_date) : undefined;
  if (!verdict && !dpia && !bases.added.length && !bases.removed.length && !conditions.added.length && !conditions.removed.length) return null;
  return { id: entry.id, title: entry.title, verdict, bases, conditions, pack_changed: entry.pack.digest !== packDigest, ...(dpia ? { dpia } : {}) };
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

/**
 * The DPIA part of decisions (screening and risks), remembered by everything it reads: the facts
 * the pack's definitions and risks test (the DPIA is worked out over definitions and risks only),
 * the facts with defaults, and a person's risk scores. Exact, so two agreements share a DPIA only
 * when the DPIA cannot tell them apart.
 */
export class DpiaMemo {
  private readonly ids: string[];
  private readonly memo = new Map<string, DpiaDecision | undefined>();
  hits = 0;

  constructor(private readonly pack: Pack, private readonly size = 20_000) {
    const ids = new Set<string>(pack.facts.filter(f => f.default !== undefined).map(f => f.id));
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) { v.forEach(walk); return; }
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (typeof o.fact === 'string') ids.add(o.fact);
      for (const child of Object.values(o)) walk(child);
    };
    walk([pack.defines, pack.risks ?? []]);
    this.ids = [...ids].sort();
  }

  dpia(facts: Facts): DpiaDecision | undefined {
    const key = JSON.stringify([this.ids.map(id => (Object.prototype.hasOwnProperty.call(facts, id) ? facts[id] : null)), overridesOf(facts)]);
    if (this.memo.has(key)) { this.hits++; return this.memo.get(key); }
    // withDpia only adds the DPIA part to the decision it is given: the trace-free one stands elsewhere.
    const d = withDpia({} as Decision, this.pack, facts).dpia;
    if (this.memo.size >= this.size) this.memo.clear();
    this.memo.set(key, d);
    return d;
  }
}

export async function ruleChangeImpact(register: string, state: RegisterState, pack: Pack, asOf: string): Promise<Impact> {
  const impact: Impact = { checked: 0, same_packs: 0, changed: [], unreadable: [] };
  const dates = lawDates(pack);
  // Re-evaluated without traces, and remembered by the facts the rules read: agreements that differ
  // only in names and wording share one evaluation.
  const decider = new Decider(pack, asOf);
  const dpiaMemo = new DpiaMemo(pack);
  for (const a of state.current) {
    const e = a.entry;
    // Only agreements recorded under other packs, or under law that has since started or stopped, can change.
    if (e.pack?.digest === pack.digest && typeof e.as_of === 'string' && !lawChangedBetween(dates, e.as_of, asOf)) { impact.same_packs++; continue; }
    // An agreement between many parties: every flow re-decided as `assess` decides it (src/parties),
    // the agreement's verdict its weakest flow's.
    if (e.parties && e.facts && typeof e.facts === 'object' && Array.isArray((e.facts as Facts).parties)) {
      try {
        const { assessAgreement } = await import('../assess/agreement.js');
        const ag = assessAgreement(pack, e.facts as Facts, asOf);
        impact.checked++;
        const w = ag.weakest?.decision;
        const d = diffDecision(e, { verdict: ag.verdict, bases: w ? w.bases.map(b => b.id) : [], conditions: w ? w.conditions.map(c => c.id) : [] }, pack.digest);
        if (d) impact.changed.push({ ...d, answers: e.answers ? e.answers : null });
      } catch (err) {
        impact.unreadable.push({ id: e.id, title: e.title, answers: e.answers, problem: `its agreement could not be decided again: ${(err as Error).message}` });
      }
      continue;
    }
    // The facts recorded in the entry (no file read, no YAML parsed); entries from before read their answers file.
    const got = recordedFacts(register, e, pack.facts) ?? await factsOfEntry(register, e, pack.facts);
    if (!got.ok) { impact.unreadable.push({ id: e.id, title: e.title, answers: got.answers, problem: got.problem }); continue; }
    const { facts } = got;
    impact.checked++;
    // As `assess` decides: a person's risk scores settle dpia.residual_high first (src/dpia/decide.ts).
    const now = decider.decide(withDerivedDpiaFacts(pack, facts));
    // A recorded DPIA is compared too: its screening and risks, worked out beside the trace-free decision.
    const dpia = e.dpia ? dpiaMemo.dpia(facts) : undefined;
    const d = diffDecision(e, now, pack.digest, e.dpia ? { decision: { dpia }, facts } : undefined);
    if (d) impact.changed.push({ ...d, answers: got.answers });
  }
  return impact;
}
