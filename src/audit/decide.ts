// Deciding a flow: evaluate() on its facts, reduced to the ids a register needs, and remembered
// by the facts the rules actually read. Registers repeat themselves (one flow type to fifty GP
// practices differs only in names), so most rows are answered from the memo.
import { createHash } from 'node:crypto';
import { evaluate } from '../core/evaluate.js';
import type { Facts, Pack, Verdict } from '../core/types.js';

export interface FlowDecision {
  verdict: Verdict;
  bases: string[];
  conditions: string[];
  routes: string[];
  missing: string[];
}

/** Every fact a rule, define, layer, condition, route or Caldicott principle tests, plus facts with defaults. */
export function decisiveFactIds(pack: Pack): string[] {
  const ids = new Set<string>(pack.facts.filter(f => f.default !== undefined).map(f => f.id));
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.fact === 'string') ids.add(o.fact);
    for (const [k, child] of Object.entries(o)) if (k !== 'source') walk(child);
  };
  walk([pack.defines, pack.layers, pack.bases, pack.conditions, pack.routes, pack.caldicott]);
  return [...ids].sort();
}

export class Decider {
  private readonly keyFacts: string[];
  private readonly memo = new Map<string, FlowDecision>();
  hits = 0;
  misses = 0;

  constructor(private readonly pack: Pack, private readonly asOf: string, private readonly memoSize = 20_000) {
    this.keyFacts = decisiveFactIds(pack);
  }

  decide(facts: Facts): FlowDecision {
    const key = digestKey(memoKey(this.keyFacts, facts));
    const hit = this.memo.get(key);
    if (hit) { this.hits++; return hit; }
    this.misses++;
    const d = evaluate(this.pack, facts, this.asOf);
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
export function memoKey(ids: string[], facts: Facts): string {
  let key = '';
  for (const id of ids) {
    const v = Object.prototype.hasOwnProperty.call(facts, id) ? facts[id] : undefined;
    key += v === undefined ? '\u0000' : typeof v === 'boolean' ? (v ? '\u0002' : '\u0003')
      : typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v)}`;
    key += '\u0001';
  }
  return key;
}

/**
 * A memo key of fixed size whatever the facts (free-text data items included), so a full memo
 * stays a few megabytes. SHA-256: a collision, which would give one flow another's verdict, is
 * not a practical possibility.
 */
export const digestKey = (key: string): string => createHash('sha256').update(key).digest('base64');
