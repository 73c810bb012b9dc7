// The pure core: evaluate(pack, facts, asOf) -> Decision. No I/O, clock or colour in here.
import { compiledOf, newState, type Compiled, type State } from './compile.js';
import { ENGINE_WORDS as W, VERDICTS } from './words.js';
import { conjunction, disjunction, evalCondition, makeContext, type EvalContext } from './condition.js';
import type {
  BasisDef, BasisOut, BasisResult, Condition, ConditionOut, Decision, Facts, LayerDef, LayerResult, LayerStatus,
  Note, Pack, PrincipleOut, RouteOut, Trace, Truth, Outcome, Verdict,
} from './types.js';


/** Facts with the vocabulary's defaults filled in, and a note of each default used. */
export function withDefaults(pack: Pack, input: Facts): { facts: Facts; defaulted: string[] } {
  const facts: Facts = { ...input };
  const defaulted: string[] = [];
  for (const f of pack.facts) {
    if (f.default !== undefined && !Object.prototype.hasOwnProperty.call(facts, f.id)) {
      facts[f.id] = f.default;
      defaulted.push(f.id);
    }
  }
  return { facts, defaulted };
}

/** Lookups built once per pack (and per date for the rules in force), not once per decision. */
export interface PackIndex {
  defines: Map<string, Pack['defines'][number]>;
  basesById: Map<string, BasisDef>;
  basesByLayer: Map<string, BasisDef[]>;
  order: Map<string, number>;
  options: Map<string, { asOf: string; dated: DatedBases }>;
}
const indexes = new WeakMap<Pack, PackIndex>();
export function indexOf(pack: Pack): PackIndex {
  let ix = indexes.get(pack);
  if (!ix) {
    ix = { defines: new Map(pack.defines.map(d => [d.id, d])), basesById: new Map(pack.bases.map(b => [b.id, b])), basesByLayer: groupBy(pack.bases, b => b.layer), order: factOrder(pack), options: new Map() };
    indexes.set(pack, ix);
  }
  return ix;
}
function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) { const k = key(x); const list = m.get(k); if (list) list.push(x); else m.set(k, [x]); }
  return m;
}
/**
 * The bases as they stand on a date. A provision replaced by a later Act may have two rules with one
 * id (the loader allows it only where their in-force windows do not overlap); on any date the one in
 * force is the one looked up by that id (else the first written, so an id always resolves).
 */
export interface DatedBases { byLayer: Map<string, BasisDef[]>; byId: Map<string, BasisDef>; layerIds: Map<string, BasisDef[]> }
export function optionsFor(pack: Pack, ix: PackIndex, asOf: string, inForce: (r: { in_force_from?: string; in_force_until?: string }) => boolean): Map<string, BasisDef[]> {
  return datedBases(pack, ix, asOf, inForce).byLayer;
}
/** The bases by id as they stand on a date: of two versions of one provision, the one in force then. */
export function basesOn(pack: Pack, asOf: string): Map<string, BasisDef> {
  return datedBases(pack, indexOf(pack), asOf, r => (!r.in_force_from || r.in_force_from <= asOf) && (!r.in_force_until || asOf < r.in_force_until)).byId;
}
function datedBases(pack: Pack, ix: PackIndex, asOf: string, inForce: (r: { in_force_from?: string; in_force_until?: string }) => boolean): DatedBases {
  const hit = ix.options.get(asOf);
  if (hit) return hit.dated;
  const byLayer = new Map(pack.layers.map(l => [l.id, pack.bases.filter(b => b.layer === l.id && !b.companion && inForce(b))]));
  const byId = new Map<string, BasisDef>();
  for (const b of pack.bases) { const had = byId.get(b.id); if (!had || (!inForce(had) && inForce(b))) byId.set(b.id, b); }
  // Each id once per layer, in the order first written, as the version that stands on this date.
  const layerIds = new Map<string, BasisDef[]>();
  for (const [layer, list] of ix.basesByLayer) {
    const seen = new Set<string>();
    layerIds.set(layer, list.filter(b => !seen.has(b.id) && seen.add(b.id)).map(b => byId.get(b.id)!));
  }
  const dated = { byLayer, byId, layerIds };
  if (ix.options.size > 16) ix.options.clear();
  ix.options.set(asOf, { asOf, dated });
  return dated;
}

export interface EvaluateOptions {
  /**
   * Explain the decision (default true): the trace of every layer and option, why each option is not
   * met (`why_not`), the summary, the notes and the Caldicott review. The audit and the review ask for none: the same outcome, faster.
   */
  trace?: boolean;
}

/** The decision for these facts on this date; with `{ trace: false }` its outcome only (see Outcome). */
export function evaluate(pack: Pack, input: Facts, asOf: string, options?: { trace?: true }): Decision;
export function evaluate(pack: Pack, input: Facts, asOf: string, options: EvaluateOptions): Outcome;
export function evaluate(pack: Pack, input: Facts, asOf: string, options: EvaluateOptions = {}): Outcome {
  const comp = compiledOf(pack);
  const ix = indexOf(pack);
  const inForce = (r: { in_force_from?: string; in_force_until?: string }) =>
    (!r.in_force_from || r.in_force_from <= asOf) && (!r.in_force_until || asOf < r.in_force_until);
  const s = newState(pack, input);
  const T = (c: Condition) => comp.truth(c, s);
  // Traces only when asked: the same facts (defaults filled in), chosen bases and layers as the closures see.
  const explain = options.trace === false ? undefined
    : makeContext(withDefaults(pack, input).facts, ix.defines, id => s.chosen.get(id) ?? 'unknown', id => s.layers.find(l => l.id === id)?.status);
  const dated = datedBases(pack, ix, asOf, inForce);
  const layerOptions = dated.byLayer;
  const basesById = dated.byId;

  const layers: LayerOut[] = [];
  for (const layer of pack.layers) {
    const { result, appliesTruth, open: openFacts } = evaluateLayer(comp, layer, layerOptions.get(layer.id)!, basesById, s, inForce, explain);
    layers.push(result);
    s.layers.push(result);
    // Each basis of the layer, and each it chose from another (a companion): relied on only if the
    // layer applies; while that is unknown, so is the choice.
    const open = result.status === 'unknown' || !result.choice_settled;
    const settle = (id: string, status: Truth | undefined) => {
      if (s.chosen.get(id) === 'met') return; // chosen by an earlier layer (a shared Sch 1 paragraph)
      const state: Truth = result.chosen.includes(id) ? (appliesTruth === 'met' && result.choice_settled ? 'met' : 'unknown')
        : open && status !== 'not_met' ? 'unknown' : 'not_met';
      s.chosen.set(id, state);
      if (state === 'unknown') s.chosenOpen.set(id, openFacts);
    };
    // The options are the layer's bases in pack order, less companions and rules not in force.
    const statusOf = new Map(result.options.map(o => [o.id, o.status]));
    for (const b of dated.layerIds.get(layer.id) ?? []) settle(b.id, statusOf.get(b.id));
    for (const id of result.chosen) if (basesById.get(id)?.layer !== layer.id) settle(id, undefined);
  }

  // Conditions: what must be done for the share to go ahead as assessed.
  const conditions: ConditionOut[] = [];
  const undetermined: { id: string; facts: string[] }[] = [];
  for (const c of pack.conditions) {
    if (!inForce(c)) continue;
    const r = T(c.when);
    if (r === 'met') conditions.push({ id: c.id, title: c.title, citation: c.citation, reason: c.explanation, owner: c.owner });
    else if (r === 'unknown') undetermined.push({ id: c.id, facts: [...comp.unknown(c.when, s)] });
  }

  const verdict = deriveVerdict(layers, conditions, undetermined);
  const missing = missingFacts(verdict, layers, undetermined, ix.order);

  const routes = verdict === 'needs_review' || verdict === 'not_lawful' ? deriveRoutes(pack, layers, basesById, T) : [];
  const bases = listBases(pack, layers, basesById);
  if (!explain) return { verdict, bases, conditions, routes, missing, undetermined: verdict === 'incomplete' ? [] : undetermined, layers, as_of: asOf };

  // The pack names the definition that says whether the principles apply (else they always do).
  const appliesId = pack.meta.caldicott_applies;
  const caldicottApplies = appliesId && comp.defineIndex.has(appliesId) ? T({ ref: appliesId }) : 'met';
  const caldicott = pack.caldicott.map((p): PrincipleOut => {
    if (caldicottApplies === 'not_met') return { id: p.id, title: p.title, status: 'not_applicable', note: W.principleNotApplicable };
    if (p.follows_verdict) {
      const status = verdict === 'lawful' || verdict === 'lawful_with_conditions' ? 'met'
        : verdict === 'not_lawful' ? 'not_met' : verdict === 'incomplete' ? 'unknown' : 'attention';
      return { id: p.id, title: p.title, status, note: status === 'met' ? p.met : status === 'not_met' ? (p.not_met ?? p.met) : (p.attention ?? p.met) };
    }
    const notMet = p.not_met_when ? T(p.not_met_when) : 'not_met';
    const attention = p.attention_when ? T(p.attention_when) : 'not_met';
    if (notMet === 'met') return { id: p.id, title: p.title, status: 'not_met', note: p.not_met ?? '' };
    if (notMet === 'unknown') return { id: p.id, title: p.title, status: 'unknown', note: W.principleUnknown };
    if (attention === 'met') return { id: p.id, title: p.title, status: 'attention', note: p.attention ?? '' };
    if (attention === 'unknown') return { id: p.id, title: p.title, status: 'unknown', note: W.principleUnknown };
    return { id: p.id, title: p.title, status: 'met', note: p.met };
  });

  const notes: Note[] = [];
  for (const layer of layers) {
    for (const id of layer.chosen) {
      const b = basesById.get(id)!;
      if (b.unsettled && (!b.unsettled_when || T(b.unsettled_when) === 'met')) notes.push({ kind: 'unsettled', about: id, text: b.unsettled });
      if (b.verification === 'uv') notes.push({ kind: 'unverified', about: id, text: W.unverifiedNote(b.citation) });
    }
  }
  for (const [id, value] of comp.defaults) {
    if (!Object.prototype.hasOwnProperty.call(input, id)) notes.push({ kind: 'default', about: id, text: W.defaultNote(value) });
  }

  const decision: Decision = {
    verdict,
    bases,
    conditions,
    routes,
    missing,
    undetermined: verdict === 'incomplete' ? [] : undetermined,
    summary: summarise(verdict, layers, conditions, routes, missing),
    layers,
    caldicott,
    notes,
    as_of: asOf,
    packs: pack.sources,
    overrides: pack.overrides,
  } as Decision;
  return decision;
}

type OptionOut = Outcome['layers'][number]['options'][number];
type LayerOut = Outcome['layers'][number];
/** A basis that requires a companion: the companions in force with their values, and whether a verified one may yet be met. */
interface Companions { comps: { def: BasisDef; result: Truth }[]; couldVerify: boolean }

/** Which basis meets a layer, or why none does. `explain` builds the traces; without it there are none. */
function evaluateLayer(comp: Compiled, layer: LayerDef, defs: BasisDef[], basesById: Map<string, BasisDef>, s: State,
  inForce: (r: { in_force_from?: string; in_force_until?: string }) => boolean, explain: EvalContext | undefined): { result: LayerOut; appliesTruth: Truth; open: string[] } {
  const T = (c: Condition) => comp.truth(c, s);
  const appliesTruth = T(layer.applies);
  const appliesTrace = explain && evalCondition(layer.applies, explain);
  // Options in the order of `defs`; companions only for the bases that require one.
  const companions: (Companions | undefined)[] = [];
  /** For an option met through a companion while a companion ahead of it is unknown: their tests. */
  const companionOpen: (Condition[] | undefined)[] = [];
  const options: OptionOut[] = defs.map((def, i) => {
    const when = T(def.when);
    const whenTrace = explain && evalCondition(def.when, explain);
    const o: OptionOut = whenTrace ? { id: def.id, title: def.title, citation: def.citation, status: when, trace: whenTrace } : { id: def.id, title: def.title, citation: def.citation, status: when };
    let verification = def.verification;
    let cs: Companions | undefined;
    if (def.requires_one_of?.length) {
      cs = companions[i] = { comps: def.requires_one_of.map(id => basesById.get(id)!).filter(c => c && inForce(c)).map(c => ({ def: c, result: T(c.when) })), couldVerify: false };
      const compStatus = disjunction(cs.comps.map(c => c.result));
      o.status = conjunction([when, compStatus]);
      const metComps = cs.comps.filter(c => c.result === 'met');
      const companion = (metComps.find(c => c.def.verification !== 'uv') ?? metComps[0])?.def.id;
      if (companion) {
        o.companion = companion;
        // The companion chosen is settled only when every one ahead of it is not met.
        const ahead = cs.comps.slice(0, cs.comps.findIndex(c => c.def.id === companion)).filter(c => c.result === 'unknown');
        if (ahead.length) companionOpen[i] = ahead.map(c => c.def.when);
      }
      if (companion && basesById.get(companion)!.verification === 'uv') {
        verification = 'uv';
        cs.couldVerify = cs.comps.some(c => c.result === 'unknown' && c.def.verification !== 'uv');
      }
      if (explain && whenTrace) {
        const refs: Trace[] = cs.comps.map(c => ({ kind: 'ref', id: c.def.id, result: c.result, child: evalCondition(c.def.when, explain) }));
        o.trace = { kind: 'all', result: o.status, children: [whenTrace, { kind: 'any', result: compStatus, children: refs }] };
      }
    }
    if (verification) o.verification = verification;
    if (o.status !== 'met' && def.review_when) o.review = T(def.review_when);
    if (explain && o.status !== 'met') { const why = whyNotOf(comp, def, when, cs?.comps, s); if (why) o.why_not = why; }
    return o;
  });

  const out = (status: LayerStatus, chosen: string[], reason: string, missing?: Set<string>): { result: LayerOut; appliesTruth: Truth; open: string[] } => {
    // Settled when every option ahead of the chosen one, and every companion ahead of its, is not
    // met; otherwise `open` holds the facts that could still change the choice.
    const at = chosen.length ? options.findIndex(r => r.id === chosen[0]) : -1;
    const openSet = new Set<string>();
    if (at >= 0) {
      for (let i = 0; i < at; i++) optionUnknown(i, openSet);
      for (const c of companionOpen[at] ?? []) comp.unknown(c, s, openSet);
      if (appliesTruth === 'unknown') comp.unknown(layer.applies, s, openSet);
    }
    const choice_settled = at < 0 || (options.slice(0, at).every(r => r.status === 'not_met') && !companionOpen[at]);
    const facts = missing ? [...missing] : [];
    const result: LayerOut = appliesTrace
      ? { id: layer.id, title: layer.title, citation: layer.citation, status, applies: appliesTrace, chosen, reason, missing: facts, choice_settled, options }
      : { id: layer.id, title: layer.title, citation: layer.citation, status, chosen, reason, missing: facts, choice_settled, options };
    return { result, appliesTruth, open: [...openSet] };
  };
  /** The facts option i leaves undecided (its own test, then its companions'). */
  const optionUnknown = (i: number, into: Set<string>) => {
    if (options[i].status !== 'unknown') return;
    comp.unknown(defs[i].when, s, into);
    const cs = companions[i];
    if (cs && disjunction(cs.comps.map(c => c.result)) === 'unknown') for (const c of cs.comps) comp.unknown(c.def.when, s, into);
  };

  let pick = -1;
  let verified = -1;
  for (let i = 0; i < options.length && verified < 0; i++) {
    if (options[i].status !== 'met') continue;
    if (pick < 0) pick = i;
    if (options[i].verification !== 'uv') verified = pick = i;
  }
  const picked = pick >= 0 ? options[pick] : undefined;
  const chosenIds = picked ? (picked.companion ? [picked.id, picked.companion] : [picked.id]) : [];

  if (appliesTruth === 'not_met') return out('not_applicable', [], W.layerNotApplicable);
  const reason = picked ? (picked.companion ? `${defs[pick].explanation} ${basesById.get(picked.companion)!.explanation}` : defs[pick].explanation) : '';
  // Satisfied either way; listed so the answer is visible whichever way the facts fall.
  if (verified >= 0 && appliesTruth === 'unknown') return out('met', chosenIds, reason);
  if (appliesTruth === 'unknown') {
    const missing = comp.unknown(layer.applies, s);
    for (let i = 0; i < options.length; i++) optionUnknown(i, missing);
    return out('unknown', [], W.layerUnknownApplies, missing);
  }
  if (verified >= 0) return out('met', chosenIds, reason);
  const missing = new Set<string>();
  let undecided = false;
  for (let i = 0; i < options.length; i++) {
    const cs = companions[i];
    if (options[i].status === 'unknown') { undecided = true; optionUnknown(i, missing); }
    else if (cs?.couldVerify) {
      // Met through an unverified companion: the facts that could settle a verified one instead
      // (the parts of its own test, if that is an `any`, and its companions).
      undecided = true;
      const when = defs[i].when;
      if ('any' in when) for (const c of when.any) comp.unknown(c, s, missing);
      for (const c of cs.comps) comp.unknown(c.def.when, s, missing);
    }
  }
  if (undecided) return out('unknown', [], W.layerUnknownHow, missing);
  if (picked) return out('review', chosenIds, W.layerUnverified(defs[pick].citation));
  const review = options.findIndex(r => r.review === 'met');
  if (review >= 0) return out('review', [], defs[review].review_reason ?? W.needsDecision(defs[review].title));
  let reviewUnknown = false;
  for (let i = 0; i < options.length; i++) if (options[i].review === 'unknown') { reviewUnknown = true; comp.unknown(defs[i].review_when!, s, missing); }
  if (reviewUnknown) return out('unknown', [], W.layerUnknownReview, missing);
  return out('not_met', [], W.layerNotMet);
}

/**
 * Why a basis is not met (or not yet known): the `why_not` sentences of the failing parts of its
 * condition, innermost first, then of its companions' when none of them is met; else its `not_met`.
 */
function whyNotOf(comp: Compiled, def: BasisDef, when: Truth, comps: { def: BasisDef; result: Truth }[] | undefined, s: State): string[] | undefined {
  // Most bases fail for want of a fact, with no sentence in their condition: one shared list each.
  if (!comp.hasSentence(def.when) && !comps?.some(c => comp.hasSentence(c.def.when))) return fallbackOf(def);
  const out: string[] = [];
  if (when !== 'met') comp.whyNot(def.when, s, out);
  if (comps && !comps.some(c => c.result === 'met')) for (const c of comps) comp.whyNot(c.def.when, s, out);
  return out.length ? out : fallbackOf(def);
}
const fallbacks = new WeakMap<BasisDef, string[] | undefined>();
function fallbackOf(def: BasisDef): string[] | undefined {
  if (!fallbacks.has(def)) fallbacks.set(def, def.not_met ? Object.freeze([def.not_met]) as string[] : undefined);
  return fallbacks.get(def);
}

/** What the verdict, bases, routes and missing facts need to know of a layer's result. */
export type LayerOutcome = Pick<LayerResult, 'id' | 'status' | 'chosen' | 'missing'> & { options: Pick<BasisResult, 'id' | 'status' | 'review'>[] };

/** The bases a decision relies on: those chosen by layers that are met or for review (and list their bases). */
export function listBases(pack: Pack, layers: LayerOutcome[], basesById: Map<string, BasisDef>): BasisOut[] {
  const bases: BasisOut[] = [];
  for (const layer of layers) {
    const def = pack.layers.find(l => l.id === layer.id)!;
    if (def.lists_bases === false || (layer.status !== 'met' && layer.status !== 'review')) continue;
    for (const id of layer.chosen) {
      const b = basesById.get(id)!;
      bases.push({ id, layer: layer.id, title: b.title, citation: b.citation, reason: b.explanation, ...(b.verification ? { verification: b.verification } : {}) });
    }
  }
  return bases;
}

/** An incomplete decision's missing facts, in question order: unknown layers first, else undetermined conditions. */
export function missingFacts(verdict: Verdict, layers: LayerOutcome[], undetermined: { facts: string[] }[], order: Map<string, number>): string[] {
  return verdict === 'incomplete'
    ? sortFacts(new Set([...layers.flatMap(l => (l.status === 'unknown' ? l.missing : [])),
      ...(layers.some(l => l.status === 'unknown') ? [] : undetermined.flatMap(u => u.facts))]), order)
    : [];
}

export function deriveVerdict(layers: LayerOutcome[], conditions: unknown[], undetermined: unknown[]): Verdict {
  if (layers.some(l => l.status === 'not_met')) return 'not_lawful';
  if (layers.some(l => l.status === 'unknown')) return 'incomplete';
  if (layers.some(l => l.status === 'review')) return 'needs_review';
  if (conditions.length) return 'lawful_with_conditions';
  if (undetermined.length) return 'incomplete';
  return 'lawful';
}

/** Routes to a lawful share for failing layers; `truthOf` evaluates a route's `when` in the decision's context. */
export function deriveRoutes(pack: Pack, layers: LayerOutcome[], basesById: Map<string, BasisDef>, truthOf: (c: Condition) => Truth): RouteOut[] {
  const failing = layers.filter(l => l.status === 'not_met' || l.status === 'review');
  const failingIds = new Set(failing.map(l => l.id));
  const wanted: string[] = [];
  // Routes are data: one marked `for_unverified` is offered when a layer waits on an unverified
  // basis; those marked `fallback` when nothing else would change the answer.
  const forUnverified = pack.routes.filter(r => r.for_unverified).map(r => r.id);
  for (const l of failing) {
    if (l.status !== 'review') continue;
    if (l.chosen.length) wanted.push(...forUnverified);
    for (const o of l.options) {
      const def = basesById.get(o.id)!;
      if (o.review === 'met' && def.review_route) wanted.push(def.review_route);
    }
  }
  for (const r of pack.routes) {
    if (r.for_unverified || !r.layers.some(id => failingIds.has(id))) continue;
    if (r.when && truthOf(r.when) === 'not_met') continue;
    wanted.push(r.id);
  }
  // A decision that is not lawful always says what would change that: fall back to the general route.
  if (!wanted.length) wanted.push(...pack.routes.filter(r => r.fallback).map(r => r.id));
  const byId = new Map(pack.routes.map(r => [r.id, r]));
  const seen = new Set<string>();
  const out: RouteOut[] = [];
  for (const id of wanted) {
    if (seen.has(id)) continue;
    seen.add(id);
    const r = byId.get(id);
    if (!r) continue;
    out.push({ id, title: r.title, reason: r.explanation, layers: r.layers.filter(x => failingIds.has(x)) });
  }
  return out;
}

function factOrder(pack: Pack): Map<string, number> {
  const order = new Map<string, number>();
  pack.questions.forEach((q, i) => order.set(q.fact, i));
  pack.facts.forEach((f, i) => { if (!order.has(f.id)) order.set(f.id, 10000 + i); });
  return order;
}

function sortFacts(ids: Set<string>, order: Map<string, number>): string[] {
  return [...ids].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
}


function summarise(verdict: Verdict, layers: { status: LayerStatus; title: string }[], conditions: ConditionOut[], routes: RouteOut[], missing: string[]): string {
  const parts = [`${VERDICTS[verdict].label}: ${VERDICTS[verdict].meaning}`];
  const failing = layers.filter(l => l.status === 'not_met').map(l => l.title);
  if (failing.length) parts.push(`Not met: ${failing.join('; ')}.`);
  const review = layers.filter(l => l.status === 'review').map(l => l.title);
  if (review.length) parts.push(`For review: ${review.join('; ')}.`);
  if (conditions.length) parts.push(`Conditions: ${conditions.map(c => c.title).join('; ')}.`);
  if (routes.length) parts.push(`Routes: ${routes.map(r => r.title).join('; ')}.`);
  if (missing.length) parts.push(`Missing: ${missing.join(', ')}.`);
  return parts.join(' ');
}
