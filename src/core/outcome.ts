// The trace-free path: a decision's outcome (verdict, bases, conditions, routes, missing facts) without
// the explanation traces, from conditions compiled once per pack. Gives exactly what evaluate() gives.
import { withDerivedDpiaFacts } from '../dpia/screen.js';
import { conjunction, disjunction } from './condition.js';
import { deriveRoutes, deriveVerdict, indexOf, listBases, missingFacts, optionsFor, type LayerOutcome } from './evaluate.js';
import type { BasisDef, Condition, ConditionOut, Decision, FactTest, FactValue, Facts, LayerDef, LayerStatus, Pack, Truth } from './types.js';

/** The parts of a Decision that do not need the traces. */
export type Outcome = Pick<Decision, 'verdict' | 'bases' | 'conditions' | 'routes' | 'missing' | 'undetermined'>;

/** One evaluation's state: the input facts, defines evaluated so far, chosen bases, finished layers. */
interface State {
  facts: Facts;
  defines: (Truth | undefined)[];
  /** The unknown facts behind an unknown define, kept as they stood when it was first evaluated. */
  defineUnknown: (string[] | undefined)[];
  chosen: Map<string, Truth>;
  layers: LayerOutcome[];
}

type Fn = (s: State) => Truth;

/**
 * A pack's conditions as closures. A subtree is `pure` when its value cannot depend on when it is
 * evaluated (no chosen or layer test, directly or through a define): only pure subtrees are skipped
 * by short-circuiting, so every define that evaluate() first reads during a layer is read then here
 * too, and remembers the same value.
 */
interface Compiled {
  fns: Map<Condition, Fn>;
  pure: Map<Condition, boolean>;
  defineIndex: Map<string, number>;
  defineIds: string[];
  defineWhen: Condition[];
  definePure: boolean[];
  defineFn: Fn[];
  basesByLayer: Map<string, BasisDef[]>;
  /** A condition's closure, compiled on first use. */
  compile: (cond: Condition) => Fn;
}

const compiledPacks = new WeakMap<Pack, Compiled>();
const hasOwn = Object.prototype.hasOwnProperty;

function compiledOf(pack: Pack): Compiled {
  let c = compiledPacks.get(pack);
  if (c) return c;
  const defaults = new Map<string, FactValue>();
  for (const f of pack.facts) if (f.default !== undefined && !defaults.has(f.id)) defaults.set(f.id, f.default);
  const comp: Compiled = { fns: new Map(), pure: new Map(), defineIndex: new Map(pack.defines.map((d, i) => [d.id, i])), defineIds: pack.defines.map(d => d.id), defineWhen: pack.defines.map(d => d.when), definePure: [], defineFn: [], compile: () => () => 'unknown', basesByLayer: new Map() };
  for (const b of pack.bases) comp.basesByLayer.set(b.layer, [...(comp.basesByLayer.get(b.layer) ?? []), b]);
  c = comp;

  // Purity first (defines may refer to later defines; cycles are refused at load time, taken as impure here).
  const defineState = new Map<string, 'busy' | boolean>();
  const isPure = (cond: Condition): boolean => {
    const hit = comp.pure.get(cond);
    if (hit !== undefined) return hit;
    let p: boolean;
    if ('all' in cond) p = cond.all.map(isPure).every(Boolean);
    else if ('any' in cond) p = cond.any.map(isPure).every(Boolean);
    else if ('not' in cond) p = isPure(cond.not);
    else if ('ref' in cond) {
      const st = defineState.get(cond.ref);
      const i = comp.defineIndex.get(cond.ref);
      if (st === 'busy') p = false;
      else if (st !== undefined) p = st;
      else if (i === undefined) p = true;
      else { defineState.set(cond.ref, 'busy'); p = isPure(comp.defineWhen[i]); defineState.set(cond.ref, p); }
    } else p = !('chosen' in cond) && !('layer' in cond);
    comp.pure.set(cond, p);
    return p;
  };
  pack.defines.forEach(d => { comp.definePure.push(isPure({ ref: d.id })); });

  const compile = (cond: Condition): Fn => {
    const hit = comp.fns.get(cond);
    if (hit) return hit;
    const fn = build(cond);
    comp.fns.set(cond, fn);
    return fn;
  };
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
      const i = comp.defineIndex.get(cond.ref);
      if (i === undefined) return () => 'unknown';
      return s => defineTruth(comp, i, s);
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
  comp.compile = compile;
  comp.defineFn = comp.defineWhen.map(compile);
  compiledPacks.set(pack, comp);
  return c;
}

/** A fact test, as condition.ts evalFact decides it, reading a default where the input has no answer. */
function factFn(test: FactTest, defaults: Map<string, FactValue>): Fn {
  const id = test.fact;
  const dflt = defaults.get(id);
  const get = (s: State): FactValue | undefined => (hasOwn.call(s.facts, id) ? s.facts[id] : dflt);
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

/** A define's value, evaluated on first demand and remembered (as evaluate's ctx.define does). */
function defineTruth(comp: Compiled, i: number, s: State): Truth {
  const hit = s.defines[i];
  if (hit !== undefined) return hit;
  // While being evaluated it reads as unknown, naming itself (a cycle; refused at load time).
  s.defines[i] = 'unknown';
  s.defineUnknown[i] = [comp.defineIds[i]];
  const r = comp.defineFn[i](s);
  s.defines[i] = r;
  s.defineUnknown[i] = undefined;
  // An impure define's unknown facts depend on the moment: take them now. A pure one's, when asked.
  if (r === 'unknown' && !comp.definePure[i]) s.defineUnknown[i] = [...unknownFactsOf(comp, comp.defineWhen[i], s)];
  return r;
}

/** The facts a condition could not decide, in the order condition.ts unknownFacts finds them in its trace. */
function unknownFactsOf(comp: Compiled, cond: Condition, s: State, out: Set<string> = new Set()): Set<string> {
  if (truthOf(comp, cond, s) !== 'unknown') return out;
  if ('all' in cond) for (const c of cond.all) unknownFactsOf(comp, c, s, out);
  else if ('any' in cond) for (const c of cond.any) unknownFactsOf(comp, c, s, out);
  else if ('not' in cond) unknownFactsOf(comp, cond.not, s, out);
  else if ('ref' in cond) {
    const i = comp.defineIndex.get(cond.ref);
    if (i === undefined) { out.add(cond.ref); return out; }
    let facts = s.defineUnknown[i];
    if (!facts) s.defineUnknown[i] = facts = [...unknownFactsOf(comp, comp.defineWhen[i], s)];
    for (const f of facts) out.add(f);
  } else if ('fact' in cond) out.add(cond.fact);
  return out;
}

const truthOf = (comp: Compiled, cond: Condition, s: State): Truth => {
  const f = comp.fns.get(cond) ?? comp.compile(cond);
  return f(s);
};

interface OptionOutcome {
  id: string;
  def: BasisDef;
  status: Truth;
  /** Companions in force, with their values, when the basis requires one of them. */
  comps?: { def: BasisDef; result: Truth }[];
  companion?: string;
  verification?: string;
  review?: Truth;
  couldVerify: boolean;
}

/** A decision's outcome for these facts on this date: the same verdict, bases, conditions, routes and missing facts as evaluate(). */
export function decideOutcome(pack: Pack, input: Facts, asOf: string): Outcome {
  const facts = withDerivedDpiaFacts(pack, input);
  const comp = compiledOf(pack);
  const ix = indexOf(pack);
  const inForce = (r: { in_force_from?: string; in_force_until?: string }) =>
    (!r.in_force_from || r.in_force_from <= asOf) && (!r.in_force_until || asOf < r.in_force_until);
  const s: State = { facts, defines: new Array(pack.defines.length), defineUnknown: new Array(pack.defines.length), chosen: new Map(), layers: [] };
  const T = (c: Condition) => truthOf(comp, c, s);
  const layerOptions = optionsFor(pack, ix, asOf, inForce);

  for (const layer of pack.layers) {
    const result = layerOutcome(comp, layer, layerOptions.get(layer.id)!, ix.basesById, s, inForce);
    s.layers.push(result);
    // Each basis of the layer, and each it chose from another (a companion), as evaluate() settles them.
    const settle = (id: string) => {
      if (s.chosen.get(id) === 'met') return;
      const state: Truth = result.chosen.includes(id) ? (result.applies === 'met' && result.choice_settled ? 'met' : 'unknown')
        : (result.status === 'unknown' || !result.choice_settled) && result.options.find(o => o.id === id)?.status !== 'not_met' ? 'unknown' : 'not_met';
      s.chosen.set(id, state);
    };
    for (const b of comp.basesByLayer.get(layer.id) ?? []) settle(b.id);
    for (const id of result.chosen) if (ix.basesById.get(id)?.layer !== layer.id) settle(id);
  }

  const conditions: ConditionOut[] = [];
  const undetermined: { id: string; facts: string[] }[] = [];
  for (const c of pack.conditions) {
    if (!inForce(c)) continue;
    const r = T(c.when);
    if (r === 'met') conditions.push({ id: c.id, title: c.title, citation: c.citation, reason: c.explanation, owner: c.owner });
    else if (r === 'unknown') undetermined.push({ id: c.id, facts: [...unknownFactsOf(comp, c.when, s)] });
  }
  const verdict = deriveVerdict(s.layers, conditions, undetermined);
  return {
    verdict,
    bases: listBases(pack, s.layers, ix.basesById),
    conditions,
    routes: verdict === 'needs_review' || verdict === 'not_lawful' ? deriveRoutes(pack, s.layers, ix.basesById, T) : [],
    missing: missingFacts(verdict, s.layers, undetermined, ix.order),
    undetermined: verdict === 'incomplete' ? [] : undetermined,
  };
}

type LayerState = LayerOutcome & { applies: Truth; choice_settled: boolean; options: OptionOutcome[] };

/** evaluate.ts evaluateLayer, on truth values: which basis meets the layer, or why none does. */
function layerOutcome(comp: Compiled, layer: LayerDef, options: BasisDef[], basesById: Map<string, BasisDef>, s: State,
  inForce: (r: { in_force_from?: string; in_force_until?: string }) => boolean): LayerState {
  const T = (c: Condition) => truthOf(comp, c, s);
  const applies = T(layer.applies);
  const results: OptionOutcome[] = options.map(def => {
    const when = T(def.when);
    const o: OptionOutcome = { id: def.id, def, status: when, couldVerify: false, ...(def.verification ? { verification: def.verification } : {}) };
    if (def.requires_one_of?.length) {
      const comps = def.requires_one_of.map(id => basesById.get(id)!).filter(c => c && inForce(c)).map(c => ({ def: c, result: T(c.when) }));
      o.comps = comps;
      o.status = conjunction([when, disjunction(comps.map(c => c.result))]);
      const metComps = comps.filter(c => c.result === 'met');
      o.companion = (metComps.find(c => c.def.verification !== 'uv') ?? metComps[0])?.def.id;
      if (o.companion && basesById.get(o.companion)!.verification === 'uv') {
        o.verification = 'uv';
        o.couldVerify = comps.some(c => c.result === 'unknown' && c.def.verification !== 'uv');
      }
    }
    if (o.status !== 'met' && def.review_when) o.review = T(def.review_when);
    return o;
  });

  const out = (status: LayerStatus, chosen: string[], missing: Set<string> = new Set()): LayerState => ({
    id: layer.id, status, applies, chosen, missing: [...missing], options: results,
    choice_settled: !chosen.length || results.slice(0, results.findIndex(r => r.id === chosen[0])).every(r => r.status === 'not_met'),
  });
  /** The facts an option's trace leaves undecided (its own test, then its companions'). */
  const optionUnknown = (r: OptionOutcome, into: Set<string>) => {
    if (r.status !== 'unknown') return;
    unknownFactsOf(comp, r.def.when, s, into);
    if (r.comps && disjunction(r.comps.map(c => c.result)) === 'unknown') for (const c of r.comps) unknownFactsOf(comp, c.def.when, s, into);
  };

  const met = results.filter(r => r.status === 'met');
  const verified = met.find(r => r.verification !== 'uv');
  const pick = verified ?? met[0];
  const chosenIds = pick ? [pick.id, ...(pick.companion ? [pick.companion] : [])] : [];

  if (applies === 'not_met') return out('not_applicable', []);
  if (verified && applies === 'unknown') return out('met', chosenIds);
  if (applies === 'unknown') {
    const missing = unknownFactsOf(comp, layer.applies, s);
    for (const r of results) optionUnknown(r, missing);
    return out('unknown', [], missing);
  }
  if (verified) return out('met', chosenIds);
  const unknown = results.filter(r => r.status === 'unknown' || r.couldVerify);
  if (unknown.length) {
    const missing = new Set<string>();
    for (const r of unknown) {
      if (r.status === 'unknown') optionUnknown(r, missing);
      else if (r.comps) {
        // evaluate() walks every `any` child of the option's trace: its companions, and the children of its own test if that is an `any`.
        if ('any' in r.def.when) for (const c of r.def.when.any) unknownFactsOf(comp, c, s, missing);
        for (const c of r.comps) unknownFactsOf(comp, c.def.when, s, missing);
      }
    }
    return out('unknown', [], missing);
  }
  if (pick) return out('review', chosenIds);
  if (results.some(r => r.review === 'met')) return out('review', []);
  const reviewUnknown = results.filter(r => r.review === 'unknown');
  if (reviewUnknown.length) {
    const missing = new Set<string>();
    for (const r of reviewUnknown) unknownFactsOf(comp, r.def.review_when!, s, missing);
    return out('unknown', [], missing);
  }
  return out('not_met', []);
}
