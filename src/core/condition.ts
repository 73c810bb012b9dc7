// The three-valued condition language (Kleene logic): met, not_met or unknown, with a trace.
import type { Condition, FactTest, FactValue, Facts, LayerStatus, Trace, Truth } from './types.js';

export interface EvalContext {
  facts: Facts;
  /** Named derived facts, evaluated on demand and remembered. */
  define(id: string): Trace;
  /** Whether a basis was chosen by an earlier layer (unknown while that layer is unknown). */
  chosen(id: string): Truth;
  /** The status of an earlier layer (undefined while not yet evaluated). */
  layerStatus(id: string): LayerStatus | undefined;
}

export function evalCondition(cond: Condition, ctx: EvalContext): Trace {
  if ('all' in cond) {
    const children = cond.all.map(c => evalCondition(c, ctx));
    return { kind: 'all', result: conjunction(children.map(c => c.result)), children };
  }
  if ('any' in cond) {
    const children = cond.any.map(c => evalCondition(c, ctx));
    return { kind: 'any', result: disjunction(children.map(c => c.result)), children };
  }
  if ('not' in cond) {
    const child = evalCondition(cond.not, ctx);
    return { kind: 'not', result: negate(child.result), child };
  }
  if ('ref' in cond) {
    const child = ctx.define(cond.ref);
    return { kind: 'ref', id: cond.ref, result: child.result, child };
  }
  if ('chosen' in cond) return { kind: 'chosen', id: cond.chosen, result: ctx.chosen(cond.chosen) };
  if ('layer' in cond) {
    const status = ctx.layerStatus(cond.layer) ?? 'unknown';
    const result: Truth = cond.status.includes(status) ? 'met' : status === 'unknown' ? 'unknown' : 'not_met';
    return { kind: 'layer', id: cond.layer, status, result };
  }
  return evalFact(cond, ctx.facts);
}

export function conjunction(values: Truth[]): Truth {
  if (values.includes('not_met')) return 'not_met';
  return values.includes('unknown') ? 'unknown' : 'met';
}

export function disjunction(values: Truth[]): Truth {
  if (values.includes('met')) return 'met';
  return values.includes('unknown') ? 'unknown' : 'not_met';
}

export function negate(v: Truth): Truth {
  return v === 'met' ? 'not_met' : v === 'not_met' ? 'met' : 'unknown';
}

const truth = (b: boolean): Truth => (b ? 'met' : 'not_met');

function evalFact(test: FactTest, facts: Facts): Trace {
  const actual = Object.prototype.hasOwnProperty.call(facts, test.fact) ? facts[test.fact] : undefined;
  // The trace keeps the test itself; renderers put it in words (describeTest) only when shown.
  const node = (result: Truth): Trace => ({ kind: 'fact', fact: test.fact, test, actual: actual ?? null, result });
  if (test.known !== undefined) return node(truth((actual !== undefined) === test.known));
  if (actual === undefined) return node('unknown');
  if (test.is !== undefined) return node(truth(actual === test.is));
  if (test.in !== undefined) return node(truth(typeof actual === 'string' && test.in.includes(actual)));
  if (test.includes_any !== undefined) {
    return node(truth(Array.isArray(actual) && (actual as unknown[]).some(v => typeof v === 'string' && test.includes_any!.includes(v))));
  }
  if (test.any_item_missing !== undefined) {
    const field = test.any_item_missing;
    return node(truth(Array.isArray(actual) && (actual as unknown[]).some(item => !hasText(item, field))));
  }
  return node('unknown');
}

function hasText(item: unknown, field: string): boolean {
  if (!item || typeof item !== 'object') return false;
  const v = (item as Record<string, unknown>)[field];
  return typeof v === 'string' && v.trim() !== '';
}

/** A test in words, for traces and `rules show`. */
export function describeTest(t: FactTest): string {
  if (t.known !== undefined) return t.known ? 'is known' : 'is not known';
  if (t.is !== undefined) return `is ${JSON.stringify(t.is)}`;
  if (t.in !== undefined) return `is one of ${t.in.join(', ')}`;
  if (t.includes_any !== undefined) return `includes any of ${t.includes_any.join(', ')}`;
  if (t.any_item_missing !== undefined) return `has an item without ${t.any_item_missing}`;
  return 'is tested';
}

/** The facts a trace could not decide: the unknown leaves under unknown nodes. */
export function unknownFacts(trace: Trace, out: Set<string> = new Set()): Set<string> {
  if (trace.result !== 'unknown') return out;
  switch (trace.kind) {
    case 'fact': out.add(trace.fact); break;
    case 'all': case 'any': for (const c of trace.children) unknownFacts(c, out); break;
    case 'not': unknownFacts(trace.child, out); break;
    case 'ref': unknownFacts(trace.child, out); break;
    case 'chosen': case 'layer': break;
  }
  return out;
}

/** The facts (and their values) that made a met trace true: the answers behind a conclusion. */
export function decisiveFacts(trace: Trace, out: Map<string, FactValue | null> = new Map()): Map<string, FactValue | null> {
  switch (trace.kind) {
    case 'fact': out.set(trace.fact, trace.actual); break;
    case 'all': for (const c of trace.children) decisiveFacts(c, out); break;
    case 'any': {
      const hit = trace.children.filter(c => c.result === trace.result);
      for (const c of hit.length ? hit : trace.children) decisiveFacts(c, out);
      break;
    }
    case 'not': decisiveFacts(trace.child, out); break;
    case 'ref': decisiveFacts(trace.child, out); break;
    case 'chosen': case 'layer': break;
  }
  return out;
}

/** Every fact id and define id a condition mentions (for the loader's cross-checks). */
export function conditionRefs(cond: Condition, out = { facts: new Set<string>(), defines: new Set<string>(), chosen: new Set<string>(), layers: new Set<string>() }) {
  if ('all' in cond) cond.all.forEach(c => conditionRefs(c, out));
  else if ('any' in cond) cond.any.forEach(c => conditionRefs(c, out));
  else if ('not' in cond) conditionRefs(cond.not, out);
  else if ('ref' in cond) out.defines.add(cond.ref);
  else if ('chosen' in cond) out.chosen.add(cond.chosen);
  else if ('layer' in cond) out.layers?.add(cond.layer);
  else out.facts.add(cond.fact);
  return out;
}

/**
 * An evaluation context: the facts, the pack's definitions (each evaluated once, on demand) and
 * how earlier choices and layers stand. The engine and everything after it share this one.
 */
export function makeContext(facts: Facts, defines: Map<string, { when: Condition }>,
  chosen: (id: string) => Truth, layerStatus: (id: string) => LayerStatus | undefined): EvalContext {
  const memo = new Map<string, Trace>();
  const ctx: EvalContext = {
    facts,
    define(id) {
      const hit = memo.get(id);
      if (hit) return hit;
      const def = defines.get(id);
      // A cycle or an unknown name is refused at load time; stay total here all the same.
      if (!def) return { kind: 'fact', fact: id, test: { fact: id, known: true }, actual: null, result: 'unknown' };
      memo.set(id, { kind: 'fact', fact: id, test: { fact: id, known: true }, actual: null, result: 'unknown' });
      const t = evalCondition(def.when, ctx);
      memo.set(id, t);
      return t;
    },
    chosen,
    layerStatus,
  };
  return ctx;
}

/**
 * An evaluation context over a finished decision: the facts (with defaults), the pack's definitions,
 * and what the decision relied on. For conditions evaluated after the engine (questions' ask_when,
 * DSA clauses).
 */
export function contextFor(pack: import('./types.js').Pack, facts: Facts, decision: Pick<import('./types.js').Outcome, 'layers'>): EvalContext {
  const chosen = new Map<string, Truth>();
  for (const l of decision.layers) {
    for (const o of l.options) chosen.set(o.id, l.chosen.includes(o.id) ? 'met' : l.status === 'unknown' ? 'unknown' : 'not_met');
    for (const id of l.chosen) chosen.set(id, l.choice_settled === false ? 'unknown' : 'met');
  }
  const layers = new Map(decision.layers.map(l => [l.id, l.status]));
  return makeContext(facts, new Map(pack.defines.map(d => [d.id, d])), id => chosen.get(id) ?? 'not_met', id => layers.get(id));
}
