// Deciding a flow: evaluate() without traces on its facts, reduced to the ids a register needs, and remembered
// by the facts the rules actually read. Registers repeat themselves (one flow type to fifty GP
// practices differs only in names), so most rows are answered from the memo.
import { evaluate } from '../core/evaluate.js';
import type { Facts, Outcome, Pack, Verdict } from '../core/types.js';
import { factsOf, ownCopy, type CodedFacts } from './row.js';

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


/** Distinct values, over all decisive facts, before the codes are dropped and counted afresh (keeps codes below 0xFFFF). */
const CODE_LIMIT = 30_000;
/** Row readers (sets of coded ids) whose keys are taken as they are. */
const MAX_READERS = 1000;

export class Decider {
  private readonly keyFacts: KeyFact[];
  private readonly memo = new Map<string, FlowDecision>();
  /** Per decisive fact: each distinct word, and each other value (as text), seen so far with its code. */
  private readonly wordCodes: Map<string, number>[];
  private readonly valueCodes: Map<string, number>[];
  private interned = 0;
  private readonly codes: number[];
  private readonly everyFact: number[];
  /** Scratch for building a key. */
  private readonly chars: number[] = [];
  /** For each set of ids a row reader vouches for: its tag, and the decisive facts left to code. */
  private readonly restOf = new Map<readonly string[], { tag: number; which: number[] }>();
  /** The last decision worked out afresh, with the engine's outcome it came from. */
  private last?: { decision: FlowDecision; outcome: Outcome };
  hits = 0;
  misses = 0;

  constructor(private readonly pack: Pack, private readonly asOf: string, private readonly memoSize = 20_000) {
    this.keyFacts = decisiveFacts(pack);
    this.wordCodes = this.keyFacts.map(() => new Map());
    this.valueCodes = this.keyFacts.map(() => new Map());
    this.codes = new Array(this.keyFacts.length).fill(0);
    this.everyFact = this.keyFacts.map((_, i) => i);
  }

  /**
   * The decision for these facts, and `coded` ones besides (a row reader's): their key stands in
   * for them in the memo key, so only the other facts are looked at on a hit.
   */
  decide(facts: Facts, coded?: CodedFacts): FlowDecision {
    const key = coded ? this.memoKeyWith(facts, coded) : this.memoKey(facts);
    const hit = this.memo.get(key);
    if (hit) { this.hits++; return hit; }
    this.misses++;
    const d = evaluate(this.pack, factsOf({ facts, coded }), this.asOf, { trace: false });
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
    this.last = { decision: out, outcome: d };
    return out;
  }

  /**
   * The engine's outcome behind a decision, when it is the last one worked out afresh (so a row's
   * first sight of a new decision can read its layers without evaluating the facts again).
   */
  outcomeOf(decision: FlowDecision): Outcome | undefined {
    return this.last?.decision === decision ? this.last.outcome : undefined;
  }

  /**
   * The decisive facts as one short string, a character per fact: 0 for absent, else the code of
   * its value (booleans, words and lists kept distinct). Exact, so no two flows ever share a key
   * unless the rules see them alike; a few bytes per fact, so a full memo stays small.
   */
  memoKey(facts: Facts): string {
    this.codeFacts(facts, this.everyFact);
    return String.fromCharCode(0, ...this.codes);
  }

  /** A key from a row reader's key for some facts and codes for the rest: tagged by the set of ids, so keys of two kinds never meet. */
  private memoKeyWith(facts: Facts, coded: CodedFacts): string {
    let rest = this.restOf.get(coded.ids);
    // Keys stay one character per tag: past a thousand readers, facts in full are keyed instead.
    if (!rest && this.restOf.size >= MAX_READERS) return this.memoKey(factsOf({ facts, coded }));
    if (!rest) {
      const ids = new Set(coded.ids);
      rest = { tag: this.restOf.size + 1, which: this.keyFacts.flatMap((k, i) => (ids.has(k.id) ? [] : [i])) };
      this.restOf.set(coded.ids, rest);
    }
    this.codeFacts(facts, rest.which);
    // Built in one piece: a key grown a character at a time is a deep chain of pieces, which the
    // memo's lookup must first copy into one string before it can hash it.
    const chars = this.chars;
    const n = rest.which.length;
    chars.length = n + 1;
    chars[0] = rest.tag;
    for (let j = 0; j < n; j++) chars[j + 1] = this.codes[rest.which[j]];
    return String.fromCharCode.apply(null, chars) + coded.key;
  }

  /** Sets this.codes[i] for each decisive fact i in `which`. */
  private codeFacts(facts: Facts, which: number[]): void {
    if (this.interned > CODE_LIMIT) {
      for (const m of [...this.wordCodes, ...this.valueCodes]) m.clear();
      this.memo.clear();
      this.interned = 0;
    }
    const codes = this.codes;
    for (const i of which) {
      const k = this.keyFacts[i];
      const v = hasOwn.call(facts, k.id) ? facts[k.id] : undefined;
      if (v === undefined) { codes[i] = 0; continue; }
      if (typeof v === 'boolean' && !k.presenceOnly) { codes[i] = v ? 1 : 2; continue; }
      // Words are looked up as they are; anything else by a text that cannot be mistaken for a word's.
      const words = typeof v === 'string' && !k.presenceOnly;
      const text = words ? v : k.presenceOnly
        // The same test the engine applies: an item without text in the field.
        ? `p${k.itemFields.map(f => (Array.isArray(v) && v.some(item => !hasText(item, f)) ? '1' : '0')).join('')}`
        : `j${JSON.stringify(v)}`;
      const m = (words ? this.wordCodes : this.valueCodes)[i];
      let code = m.get(text);
      if (code === undefined) {
        // Codes 1 and 2 are true and false; then words take odd codes and other values even ones.
        code = 2 * m.size + (words ? 3 : 4);
        m.set(ownCopy(text), code);
        this.interned++;
      }
      codes[i] = code;
    }
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

function hasText(item: unknown, field: string): boolean {
  const v = item && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
  return typeof v === 'string' && v.trim() !== '';
}
