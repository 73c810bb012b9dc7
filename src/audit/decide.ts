// Deciding a flow: the trace-free decideOutcome() on its facts, reduced to the ids a register needs, and remembered
// by the facts the rules actually read. Registers repeat themselves (one flow type to fifty GP
// practices differs only in names), so most rows are answered from the memo.
import { createHash } from 'node:crypto';
import { decideOutcome } from '../core/outcome.js';
import type { Facts, Pack, Verdict } from '../core/types.js';

export interface FlowDecision {
  verdict: Verdict;
  bases: string[];
  conditions: string[];
  routes: string[];
  missing: string[];
}

/**
 * How the memo key sees each fact the rules test. Most need their value; a fact only tested for
 * being known (a description) or for an item lacking a field (data items) needs only those
 * answers, so flows with different wording still share a decision.
 */
export interface KeyFact { id: string; presenceOnly: boolean; itemFields: string[] }

/** Every fact a rule, define, layer, condition, route or Caldicott principle tests, plus facts with defaults. */
export function decisiveFacts(pack: Pack): KeyFact[] {
  const tests = new Map<string, { full: boolean; itemFields: Set<string> }>();
  const entry = (id: string) => {
    let e = tests.get(id);
    if (!e) tests.set(id, (e = { full: false, itemFields: new Set() }));
    return e;
  };
  for (const f of pack.facts) if (f.default !== undefined) entry(f.id).full = true;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.fact === 'string') {
      const e = entry(o.fact);
      if (typeof o.any_item_missing === 'string') e.itemFields.add(o.any_item_missing);
      else if (o.known === undefined) e.full = true;
    }
    for (const [k, child] of Object.entries(o)) if (k !== 'source') walk(child);
  };
  walk([pack.defines, pack.layers, pack.bases, pack.conditions, pack.routes, pack.caldicott]);
  return [...tests].sort((a, b) => a[0].localeCompare(b[0]))
    .map(([id, e]) => ({ id, presenceOnly: !e.full, itemFields: e.full ? [] : [...e.itemFields].sort() }));
}


export class Decider {
  private readonly keyFacts: KeyFact[];
  private readonly memo = new Map<string, FlowDecision>();
  hits = 0;
  misses = 0;

  constructor(private readonly pack: Pack, private readonly asOf: string, private readonly memoSize = 20_000) {
    this.keyFacts = decisiveFacts(pack);
  }

  decide(facts: Facts): FlowDecision {
    const key = digestKey(memoKey(this.keyFacts, facts));
    const hit = this.memo.get(key);
    if (hit) { this.hits++; return hit; }
    this.misses++;
    const d = decideOutcome(this.pack, facts, this.asOf);
    const out: FlowDecision = {
      verdict: d.verdict,
      bases: d.bases.map(b => b.id),
      conditions: d.conditions.map(c => c.id),
      routes: d.routes.map(r => r.id),
      missing: d.missing,
    };
    // Bounded: a register of all-different flows must not grow the memo without limit.
    if (this.memo.size >= this.memoSize) this.memo.clear();
    this.memo.set(key, out);
    return out;
  }
}

/** The decisive facts as one string: absent, booleans, words and lists kept distinct. */
export function memoKey(keyFacts: KeyFact[], facts: Facts): string {
  let key = '';
  for (const k of keyFacts) {
    const v = Object.prototype.hasOwnProperty.call(facts, k.id) ? facts[k.id] : undefined;
    if (v === undefined) key += '\u0000';
    else if (k.presenceOnly) {
      // The same test the engine applies: an item without text in the field.
      key += `p${k.itemFields.map(f => (Array.isArray(v) && v.some(i => !hasText(i, f)) ? '1' : '0')).join('')}`;
    } else key += typeof v === 'boolean' ? (v ? '\u0002' : '\u0003') : typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v)}`;
    key += '\u0001';
  }
  return key;
}

function hasText(item: unknown, field: string): boolean {
  const v = item && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
  return typeof v === 'string' && v.trim() !== '';
}

/**
 * A memo key of fixed size whatever the facts (free-text data items included), so a full memo
 * stays a few megabytes. SHA-256: a collision, which would give one flow another's verdict, is
 * not a practical possibility.
 */
export const digestKey = (key: string): string => createHash('sha256').update(key).digest('base64');
