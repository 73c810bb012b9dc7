// Which agreements are due for review and which conditions are still open. Pure: the register's
// state and today's date in, sorted lists out.
import { UsageError } from '../errors.js';
import type { AssessmentState, RegisterState } from '../register/state.js';

export interface DueReview {
  id: string;
  title: string;
  review_date: string;
  /** Days from today to the review date; negative when overdue. */
  days: number;
  overdue: boolean;
  out_dir: string | null;
}

export interface OpenConditions { id: string; title: string; conditions: string[] }

const DAY = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;

/** `30d`, `6w`, `3m`, `1y` or a plain number of days, to days (a month is 30 days, a year 365). */
export function parseWithin(s: string): number {
  const m = /^\s*(\d+)\s*([dwmy]?)\s*$/i.exec(s);
  if (!m) throw new UsageError(`--within expects a period such as 30d, 6w, 3m or 1y, not ${JSON.stringify(s)}`);
  const n = Number(m[1]);
  return n * ({ '': 1, d: 1, w: 7, m: 30, y: 365 } as Record<string, number>)[m[2].toLowerCase()];
}

/** Current agreements whose review date falls within `withinDays` of today (or has passed): overdue first. */
export function dueReviews(state: RegisterState, today: string, withinDays: number): DueReview[] {
  return state.current
    .map(a => toDue(a, today))
    .filter(d => d.days <= withinDays)
    .sort((a, b) => a.days - b.days || a.id.localeCompare(b.id));
}

function toDue(a: AssessmentState, today: string): DueReview {
  const days = Math.round(dayNumber(a.entry.review_date) - dayNumber(today));
  return { id: a.entry.id, title: a.entry.title, review_date: a.entry.review_date, days, overdue: days < 0, out_dir: a.entry.out_dir };
}

export function openConditions(state: RegisterState): OpenConditions[] {
  return state.current.filter(a => a.open.length).map(a => ({ id: a.entry.id, title: a.entry.title, conditions: a.open }));
}

export interface DueDpia { id: string; title: string; review_date: string; days: number; overdue: boolean; status: string; residual: string | null }

/** Current agreements whose DPIA is due for review within `withinDays` (or overdue), overdue first. */
export function dueDpias(state: RegisterState, today: string, withinDays: number): DueDpia[] {
  return state.current.filter(a => a.entry.dpia).map(a => {
    const p = a.entry.dpia!;
    const days = Math.round(dayNumber(p.review_date) - dayNumber(today));
    return { id: a.entry.id, title: a.entry.title, review_date: p.review_date, days, overdue: days < 0, status: p.status, residual: p.residual ? `${p.residual.title ?? p.residual.risk}, ${p.residual.score} (${p.residual.band})` : null };
  }).filter(d => d.days <= withinDays).sort((a, b) => a.days - b.days || a.id.localeCompare(b.id));
}
