// The audit's running totals: counts by verdict, the commonest conditions, routes and missing
// facts, and the problems found. Bounded: totals and a capped sample, never every row.
import type { Verdict } from '../core/types.js';
import type { FlowDecision } from './decide.js';
import type { CellProblem } from './row.js';
import type { ClaimCheck, Relied } from './claims.js';

/** One row's outcome: a decision, or why there is none. */
export interface FlowResult {
  row: number;
  ref?: string;
  title?: string;
  status: Verdict | 'unreadable';
  decision?: FlowDecision;
  /** Missing facts with the column that would hold each (absent when the register has none). */
  missing: { fact: string; column?: string }[];
  problems: CellProblem[];
  /** The bases the row claims, each checked (only when the register has claims columns). */
  claims?: ClaimCheck[];
  /** Where a claims column is blank: the basis igcheck would rely on. */
  relied?: Relied[];
}

export interface Problem { row: number; column?: string; heading?: string; message: string }

export const VERDICT_ORDER: (Verdict | 'unreadable')[] = ['not_lawful', 'needs_review', 'incomplete', 'lawful_with_conditions', 'lawful', 'unreadable'];

export interface Summary {
  file: string;
  format: string;
  as_of: string;
  rows: number;
  flows: number;
  empty_rows: number[];
  by_verdict: Record<Verdict | 'unreadable', number>;
  conditions: { id: string; count: number }[];
  routes: { id: string; count: number }[];
  missing: { fact: string; column?: string; count: number }[];
  problems: Problem[];
  problem_count: number;
  /** Flows that need action first (not lawful, needs review), up to a cap, for the report. */
  attention: { row: number; ref?: string; title?: string; status: string; routes: string[] }[];
  attention_count: number;
  ignored_columns: string[];
  /** Claimed bases: how many read, and how they stand; the claims that cannot hold, up to a cap. */
  claims?: { read: number; unread: number; holds: number; cannot_hold: number; undecided: number; not_needed: number; flows_with_impossible: number };
  impossible_claims?: { row: number; ref?: string; column: string; text: string; basis?: string; title?: string; why: string[] }[];
  seconds: number;
  memo_hit_rate?: number;
}

const MAX_PROBLEMS = 1000;
const MAX_ATTENTION = 500;

export class Tally {
  private readonly verdicts = Object.fromEntries(VERDICT_ORDER.map(v => [v, 0])) as Record<Verdict | 'unreadable', number>;
  private readonly conditions = new Map<string, number>();
  private readonly routes = new Map<string, number>();
  private readonly missing = new Map<string, { column?: string; count: number }>();
  private readonly problems: Problem[] = [];
  private readonly attention: Summary['attention'] = [];
  private readonly empty: number[] = [];
  private problemCount = 0;
  private claimCounts?: NonNullable<Summary['claims']>;
  private readonly impossible: NonNullable<Summary['impossible_claims']> = [];
  private attentionCount = 0;
  rows = 0;
  flows = 0;

  addEmpty(row: number): void {
    this.rows++;
    if (this.empty.length < MAX_PROBLEMS) this.empty.push(row);
  }

  add(r: FlowResult): void {
    this.rows++;
    this.flows++;
    this.verdicts[r.status]++;
    for (const p of r.problems) {
      this.problemCount++;
      if (this.problems.length < MAX_PROBLEMS) this.problems.push({ row: r.row, ...p });
    }
    if (r.claims) {
      const c = (this.claimCounts ??= { read: 0, unread: 0, holds: 0, cannot_hold: 0, undecided: 0, not_needed: 0, flows_with_impossible: 0 });
      let impossible = false;
      for (const x of r.claims) {
        c[x.status]++;
        if (x.status !== 'unread') c.read++;
        if (x.status === 'cannot_hold') {
          impossible = true;
          if (this.impossible.length < MAX_ATTENTION) this.impossible.push({ row: r.row, ...(r.ref ? { ref: r.ref } : {}), column: x.column, text: x.text, ...(x.basis ? { basis: x.basis, title: x.title } : {}), why: x.why ?? [] });
        }
      }
      if (impossible) c.flows_with_impossible++;
    }
    const d = r.decision;
    if (!d) return;
    for (const c of d.conditions) this.conditions.set(c, (this.conditions.get(c) ?? 0) + 1);
    for (const c of d.routes) this.routes.set(c, (this.routes.get(c) ?? 0) + 1);
    for (const m of r.missing) {
      const e = this.missing.get(m.fact) ?? { column: m.column, count: 0 };
      e.count++;
      this.missing.set(m.fact, e);
    }
    if (d.verdict === 'not_lawful' || d.verdict === 'needs_review') {
      this.attentionCount++;
      if (this.attention.length < MAX_ATTENTION) this.attention.push({ row: r.row, ref: r.ref, title: r.title, status: d.verdict, routes: d.routes });
    }
  }

  summary(meta: { file: string; format: string; as_of: string; ignored_columns: string[]; seconds: number; memo_hit_rate?: number }): Summary {
    const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, count]) => ({ id, count }));
    return {
      file: meta.file, format: meta.format, as_of: meta.as_of,
      rows: this.rows, flows: this.flows, empty_rows: this.empty,
      by_verdict: { ...this.verdicts },
      conditions: top(this.conditions), routes: top(this.routes),
      missing: [...this.missing].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).map(([fact, e]) => ({ fact, ...(e.column ? { column: e.column } : {}), count: e.count })),
      problems: this.problems, problem_count: this.problemCount,
      attention: [...this.attention].sort((a, b) => VERDICT_ORDER.indexOf(a.status as Verdict) - VERDICT_ORDER.indexOf(b.status as Verdict) || a.row - b.row),
      attention_count: this.attentionCount,
      ignored_columns: meta.ignored_columns,
      ...(this.claimCounts ? { claims: { ...this.claimCounts }, impossible_claims: this.impossible } : {}),
      seconds: meta.seconds,
      ...(meta.memo_hit_rate !== undefined ? { memo_hit_rate: meta.memo_hit_rate } : {}),
    };
  }
}
