// Consistency before anything is written: answers that contradict each other, or leave a document
// with a hole, each with its fix. The checks are data (templates/consistency.yaml); this is the
// mechanism. Pure: facts in, problems out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { FactItem, Facts } from '../core/types.js';
import { templatesDir } from './template.js';

export type CheckWhen =
  | { all: CheckWhen[] } | { any: CheckWhen[] } | { not: CheckWhen }
  | { fact: string; is?: string | boolean | number; in?: string[]; includes_any?: string[] }
  | { unknown: string }
  | { items_match: string[]; items_except?: string[] }
  | { review_before_start: true };

export interface ConsistencyCheck { id: string; when: CheckWhen; problem: string; fix: string; facts: string[] }
export interface Inconsistency { id: string; problem: string; fix: string; facts: string[] }

let cached: ConsistencyCheck[] | undefined;
export function loadChecks(dir = templatesDir()): ConsistencyCheck[] {
  if (dir === templatesDir() && cached) return cached;
  const checks = (parse(readFileSync(join(dir, 'consistency.yaml'), 'utf8')) as { checks: ConsistencyCheck[] }).checks;
  if (dir === templatesDir()) cached = checks;
  return checks;
}

const given = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && !v.trim());

const words = (list: string[]) => new RegExp(`\\b(${list.map(w => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'i');

/** The data items a check's `items_match` picks out (for the problem's wording). */
function matchingItems(facts: Facts, w: { items_match: string[]; items_except?: string[] }): string[] {
  const items = Array.isArray(facts['data.items']) ? (facts['data.items'] as FactItem[]) : [];
  const yes = words(w.items_match);
  const no = w.items_except?.length ? words(w.items_except) : undefined;
  return items.map(i => (typeof i?.name === 'string' ? i.name : '')).filter(n => yes.test(n) && !(no && no.test(n)));
}

function holds(w: CheckWhen, facts: Facts): boolean {
  if ('all' in w) return w.all.every(x => holds(x, facts));
  if ('any' in w) return w.any.some(x => holds(x, facts));
  if ('not' in w) return !holds(w.not, facts);
  if ('unknown' in w) return !given(facts[w.unknown]);
  if ('items_match' in w) return matchingItems(facts, w).length > 0;
  if ('review_before_start' in w) {
    const s = facts.start_date; const r = facts.review_date;
    return typeof s === 'string' && typeof r === 'string' && r <= s;
  }
  const v = facts[w.fact];
  if (!given(v)) return false; // an unknown answer contradicts nothing
  if (w.is !== undefined) return v === w.is;
  if (w.in) return typeof v === 'string' && w.in.includes(v);
  if (w.includes_any) return Array.isArray(v) && v.some(x => typeof x === 'string' && w.includes_any!.includes(x));
  return false;
}

/** Every contradiction or hole in these answers, each with its fix, in the order of the checks. */
export function consistencyProblems(facts: Facts, checks: ConsistencyCheck[] = loadChecks()): Inconsistency[] {
  const out: Inconsistency[] = [];
  for (const c of checks) {
    if (!holds(c.when, facts)) continue;
    const itemsW = findItems(c.when);
    const items = itemsW ? matchingItems(facts, itemsW).join('; ') : '';
    out.push({ id: c.id, problem: c.problem.replace('{{items}}', items), fix: c.fix, facts: c.facts });
  }
  return out;
}

function findItems(w: CheckWhen): { items_match: string[]; items_except?: string[] } | undefined {
  if ('items_match' in w) return w;
  if ('all' in w) return w.all.map(findItems).find(Boolean);
  if ('any' in w) return w.any.map(findItems).find(Boolean);
  return undefined;
}
