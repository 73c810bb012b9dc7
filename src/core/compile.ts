// A pack's conditions compiled once into closures that give a truth value (no trace), with the facts
// an unknown condition waits on and the `why_not` sentences of the parts that fail. The engine
// (evaluate.ts) decides with these; it builds traces with condition.ts only when asked.
import { conjunction, disjunction } from './condition.js';
import type { Condition, FactTest, FactValue, Facts, LayerStatus, Pack, Truth } from './types.js';

/** One evaluation's state: the input facts, defines evaluated so far, chosen bases, finished layers. */
export interface State {
  facts: Facts;
  defines: (Truth | undefined)[];
  /** The unknown facts behind an unknown define, kept as they stood when it was first evaluated. */
  defineUnknown: (string[] | undefined)[];
  chosen: Map<string, Truth>;
  /** For a basis whose choice is still open: the facts that could settle it. */
  chosenOpen: Map<string, string[]>;
  layers: { id: string; status: LayerStatus; missing?: string[] }[];
}

type Fn = (s: State) => Truth;

/**
 * A pack's conditions as closures. A subtree is `pure` when its value cannot depend on when it is
 * evaluated (no chosen or layer test, directly or through a define): only pure subtrees are skipped
 * by short-circuiting, so every define is first read at the same moment as a full walk would read it
 * (the moment condition.ts's trace reads it), and remembers the same value.
 */
export interface Compiled {
  defineIndex: Map<string, number>;
  defineWhen: Condition[];
  /** The value of a condition now (memoising the defines it reads). */
  truth(cond: Condition, s: State): Truth;
  /** The facts a condition could not decide, in the order a walk of its trace finds them. */
  unknown(cond: Condition, s: State, into?: Set<string>): Set<string>;
  /** The `why_not` sentences of the parts of a condition that fail, innermost first. */
  whyNot(cond: Condition, s: State, into: string[]): string[];
  /** Whether a condition holds any `why_not` sentence, itself or through its parts and defines. */
  hasSentence(cond: Condition): boolean;
  /** The pack's defaults, for facts the input leaves out. */
  defaults: Map<string, FactValue>;
}

const compiledPacks = new WeakMap<Pack, Compiled>();
const hasOwn = Object.prototype.hasOwnProperty;

export function newState(pack: Pack, facts: Facts): State {
  return { facts, defines: new Array(pack.defines.length), defineUnknown: new Array(pack.defines.length), chosen: new Map(), chosenOpen: new Map(), layers: [] };
}

export function compiledOf(pack: Pack): Compiled {
  const hit = compiledPacks.get(pack);
  if (hit) return hit;
  const defaults = new Map<string, FactValue>();
  for (const f of pack.facts) if (f.default !== undefined && !defaults.has(f.id)) defaults.set(f.id, f.default);
  const fns = new Map<Condition, Fn>();
  const pure = new Map<Condition, boolean>();
  const sentences = new Map<Condition, boolean>();
  const defineIndex = new Map(pack.defines.map((d, i) => [d.id, i]));
  const defineIds = pack.defines.map(d => d.id);
  const defineWhen = pack.defines.map(d => d.when);
  const definePure: boolean[] = [];

  // Purity first (defines may refer to later defines; cycles are refused at load time, taken as impure here).
  const defineState = new Map<string, 'busy' | boolean>();
  const isPure = (cond: Condition): boolean => {
    const known = pure.get(cond);
    if (known !== undefined) return known;
    let p: boolean;
    if ('all' in cond) p = cond.all.map(isPure).every(Boolean);
    else if ('any' in cond) p = cond.any.map(isPure).every(Boolean);
    else if ('not' in cond) p = isPure(cond.not);
    else if ('ref' in cond) {
      const st = defineState.get(cond.ref);
      const i = defineIndex.get(cond.ref);
      if (st === 'busy') p = false;
      else if (st !== undefined) p = st;
      else if (i === undefined) p = true;
      else { defineState.set(cond.ref, 'busy'); p = isPure(defineWhen[i]); defineState.set(cond.ref, p); }
    } else p = !('chosen' in cond) && !('layer' in cond);
    pure.set(cond, p);
    return p;
  };
  pack.defines.forEach(d => { definePure.push(isPure({ ref: d.id })); });

  // Whether a subtree holds any why_not sentence (so walks for sentences skip the rest).
  const sentenceState = new Map<string, 'busy' | boolean>();
  const hasSentence = (cond: Condition): boolean => {
    const known = sentences.get(cond);
    if (known !== undefined) return known;
    let h = !!cond.why_not;
    if ('all' in cond) h = cond.all.map(hasSentence).some(Boolean) || h;
    else if ('any' in cond) h = cond.any.map(hasSentence).some(Boolean) || h;
    else if ('not' in cond) h = hasSentence(cond.not) || h;
    else if ('ref' in cond) {
      const i = defineIndex.get(cond.ref);
      const st = sentenceState.get(cond.ref);
      if (i !== undefined && st !== 'busy') {
        if (st === undefined) { sentenceState.set(cond.ref, 'busy'); sentenceState.set(cond.ref, hasSentence(defineWhen[i])); }
        h = sentenceState.get(cond.ref) === true || h;
      }
    }
    sentences.set(cond, h);
    return h;
  };

  const compile = (cond: Condition): Fn => {
    const known = fns.get(cond);
    if (known) return known;
    const fn = build(cond);
    fns.set(cond, fn);
    return fn;
  };
  let defineFn: Fn[] = [];
  const build = (cond: Condition): Fn => {
    if ('all' in cond) {
      const fs = cond.all.map(compile);
      if (cond.all.every(isPure)) {
        return s => {
          let r: Truth = 'met';
          for (const f of fs) { const v = f(s); if (v === 'not_met') return 'not_met'; if (v === 'unknown') r = 'unknown'; }
          return r;
        };
      }
      return s => conjunction(fs.map(f => f(s)));
    }
    if ('any' in cond) {
      const fs = cond.any.map(compile);
      if (cond.any.every(isPure)) {
        return s => {
          let r: Truth = 'not_met';
          for (const f of fs) { const v = f(s); if (v === 'met') return 'met'; if (v === 'unknown') r = 'unknown'; }
          return r;
        };
      }
      return s => disjunction(fs.map(f => f(s)));
    }
    if ('not' in cond) {
      const f = compile(cond.not);
      return s => { const v = f(s); return v === 'met' ? 'not_met' : v === 'not_met' ? 'met' : 'unknown'; };
    }
    if ('ref' in cond) {
      const i = defineIndex.get(cond.ref);
      if (i === undefined) return () => 'unknown';
      return s => defineTruth(i, s);
    }
    if ('chosen' in cond) { const id = cond.chosen; return s => s.chosen.get(id) ?? 'unknown'; }
    if ('layer' in cond) {
      const { layer, status: wanted } = cond;
      return s => {
        const status = s.layers.find(l => l.id === layer)?.status ?? 'unknown';
        return wanted.includes(status) ? 'met' : status === 'unknown' ? 'unknown' : 'not_met';
      };
    }
    return factFn(cond, defaults);
  };

  /** A define's value, evaluated on first demand and remembered (as condition.ts makeContext does). */
  const defineTruth = (i: number, s: State): Truth => {
    const known = s.defines[i];
    if (known !== undefined) return known;
    // While being evaluated it reads as unknown, naming itself (a cycle; refused at load time).
    s.defines[i] = 'unknown';
    s.defineUnknown[i] = [defineIds[i]];
    const r = defineFn[i](s);
    s.defines[i] = r;
    s.defineUnknown[i] = undefined;
    // An impure define's unknown facts depend on the moment: take them now. A pure one's, when asked.
    if (r === 'unknown' && !definePure[i]) s.defineUnknown[i] = [...unknown(defineWhen[i], s)];
    return r;
  };

  const truth = (cond: Condition, s: State): Truth => (fns.get(cond) ?? compile(cond))(s);

  const unknown = (cond: Condition, s: State, out: Set<string> = new Set()): Set<string> => {
    if (truth(cond, s) !== 'unknown') return out;
    if ('all' in cond) for (const c of cond.all) unknown(c, s, out);
    else if ('any' in cond) for (const c of cond.any) unknown(c, s, out);
    else if ('not' in cond) unknown(cond.not, s, out);
    else if ('ref' in cond) {
      const i = defineIndex.get(cond.ref);
      if (i === undefined) { out.add(cond.ref); return out; }
      let facts = s.defineUnknown[i];
      if (!facts) s.defineUnknown[i] = facts = [...unknown(defineWhen[i], s)];
      for (const f of facts) out.add(f);
    } else if ('fact' in cond) out.add(cond.fact);
    else if ('chosen' in cond) for (const f of s.chosenOpen.get(cond.chosen) ?? []) out.add(f);
    else if ('layer' in cond) { const id = cond.layer; for (const f of s.layers.find(l => l.id === id)?.missing ?? []) out.add(f); }
    return out;
  };

  // A part fails when it is not met (under a `not`, when it is not not-met); its own sentence comes
  // after those of its failing parts, so the most specific reason is read first.
  const whyNot = (cond: Condition, s: State, out: string[], negated = false, seen = new Set<string>()): string[] => {
    if (!hasSentence(cond)) return out;
    const v = truth(cond, s);
    if (negated ? v === 'not_met' : v === 'met') return out;
    if ('all' in cond) for (const c of cond.all) whyNot(c, s, out, negated, seen);
    else if ('any' in cond) for (const c of cond.any) whyNot(c, s, out, negated, seen);
    else if ('not' in cond) whyNot(cond.not, s, out, !negated, seen);
    else if ('ref' in cond) {
      const i = defineIndex.get(cond.ref);
      if (i !== undefined && !seen.has(cond.ref)) { seen.add(cond.ref); whyNot(defineWhen[i], s, out, negated, seen); }
    }
    if (cond.why_not && !out.includes(cond.why_not)) out.push(cond.why_not);
    return out;
  };

  defineFn = defineWhen.map(compile);
  const compiled: Compiled = { defineIndex, defineWhen, truth, unknown, whyNot: (c, s, into) => whyNot(c, s, into), hasSentence, defaults };
  compiledPacks.set(pack, compiled);
  return compiled;
}

/** A fact test, as condition.ts evalFact decides it, reading a default where the input has no answer. */
function factFn(test: FactTest, defaults: Map<string, FactValue>): Fn {
  const id = test.fact;
  const dflt = defaults.get(id);
  // One lookup when the answer is there (the usual case); an inherited name is no answer.
  const get = (s: State): FactValue | undefined => {
    const v = s.facts[id];
    return v === undefined ? dflt : typeof v !== 'function' || hasOwn.call(s.facts, id) ? v : dflt;
  };
  if (test.known !== undefined) { const known = test.known; return s => ((get(s) !== undefined) === known ? 'met' : 'not_met'); }
  if (test.is !== undefined) { const is = test.is; return s => { const a = get(s); return a === undefined ? 'unknown' : a === is ? 'met' : 'not_met'; }; }
  if (test.in !== undefined) { const list = test.in; return s => { const a = get(s); return a === undefined ? 'unknown' : typeof a === 'string' && list.includes(a) ? 'met' : 'not_met'; }; }
  if (test.includes_any !== undefined) {
    const list = test.includes_any;
    return s => {
      const a = get(s);
      return a === undefined ? 'unknown' : Array.isArray(a) && (a as unknown[]).some(v => typeof v === 'string' && list.includes(v)) ? 'met' : 'not_met';
    };
  }
  if (test.any_item_missing !== undefined) {
    const field = test.any_item_missing;
    return s => {
      const a = get(s);
      return a === undefined ? 'unknown' : Array.isArray(a) && (a as unknown[]).some(item => !hasText(item, field)) ? 'met' : 'not_met';
    };
  }
  return () => 'unknown';
}

function hasText(item: unknown, field: string): boolean {
  if (!item || typeof item !== 'object') return false;
  const v = (item as Record<string, unknown>)[field];
  return typeof v === 'string' && v.trim() !== '';
}
