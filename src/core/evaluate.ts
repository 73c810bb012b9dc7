// The pure core: evaluate(pack, facts, asOf) -> Decision. No I/O, clock or colour in here.
import { conjunction, disjunction, evalCondition, makeContext, unknownFacts, type EvalContext } from './condition.js';
import { decideDpia, overridesOf, withDerivedDpiaFacts } from '../dpia/screen.js';
import type {
  BasisDef, BasisOut, BasisResult, Condition, ConditionOut, Decision, Facts, LayerDef, LayerResult, LayerStatus,
  Note, Pack, PrincipleOut, RouteOut, Trace, Truth, Verdict,
} from './types.js';

const VERIFY_ROUTE = 'check-unverified-provision';
const FALLBACK_ROUTE = 'identify-legal-gateway';

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
  order: Map<string, number>;
  options: Map<string, { asOf: string; byLayer: Map<string, BasisDef[]> }>;
}
const indexes = new WeakMap<Pack, PackIndex>();
export function indexOf(pack: Pack): PackIndex {
  let ix = indexes.get(pack);
  if (!ix) {
    ix = { defines: new Map(pack.defines.map(d => [d.id, d])), basesById: new Map(pack.bases.map(b => [b.id, b])), order: factOrder(pack), options: new Map() };
    indexes.set(pack, ix);
  }
  return ix;
}
export function optionsFor(pack: Pack, ix: PackIndex, asOf: string, inForce: (r: { in_force_from?: string; in_force_until?: string }) => boolean): Map<string, BasisDef[]> {
  const hit = ix.options.get(asOf);
  if (hit) return hit.byLayer;
  const byLayer = new Map(pack.layers.map(l => [l.id, pack.bases.filter(b => b.layer === l.id && !b.companion && inForce(b))]));
  if (ix.options.size > 16) ix.options.clear();
  ix.options.set(asOf, { asOf, byLayer });
  return byLayer;
}

export function evaluate(pack: Pack, input: Facts, asOf: string): Decision {
  const { facts, defaulted } = withDefaults(pack, withDerivedDpiaFacts(pack, input));
  const inForce = (r: { in_force_from?: string; in_force_until?: string }) =>
    (!r.in_force_from || r.in_force_from <= asOf) && (!r.in_force_until || asOf < r.in_force_until);
  const ix = indexOf(pack);
  const defines = ix.defines;
  const basisState = new Map<string, Truth>(); // chosen-ness of every basis of the layers done so far
  const ctx = makeContext(facts, defines, id => basisState.get(id) ?? 'unknown', id => layers.find(l => l.id === id)?.status);

  const basesById = ix.basesById;
  const layerOptions = optionsFor(pack, ix, asOf, inForce);
  const layers: LayerResult[] = [];
  for (const layer of pack.layers) {
    const result = evaluateLayer(layer, layerOptions.get(layer.id)!, basesById, ctx, inForce);
    layers.push(result);
    const optionStatus = new Map(result.options.map(o => [o.id, o.status]));
    for (const b of pack.bases) {
      if (b.layer !== layer.id && !result.chosen.includes(b.id)) continue;
      if (basisState.get(b.id) === 'met') continue; // chosen by an earlier layer (a shared Sch 1 paragraph)
      // Relied on only if the layer applies: while that is unknown, so is the choice.
      const state: Truth = result.chosen.includes(b.id) ? (result.applies.result === 'met' && result.choice_settled ? 'met' : 'unknown')
        : (result.status === 'unknown' || !result.choice_settled) && optionStatus.get(b.id) !== 'not_met' ? 'unknown' : 'not_met';
      basisState.set(b.id, state);
    }
  }

  // Conditions: what must be done for the share to go ahead as assessed.
  const conditions: ConditionOut[] = [];
  const undetermined: { id: string; facts: string[] }[] = [];
  for (const c of pack.conditions) {
    if (!inForce(c)) continue;
    const trace = evalCondition(c.when, ctx);
    if (trace.result === 'met') conditions.push({ id: c.id, title: c.title, citation: c.citation, reason: c.explanation, owner: c.owner, trace });
    else if (trace.result === 'unknown') undetermined.push({ id: c.id, facts: [...unknownFacts(trace)] });
  }

  const verdict = deriveVerdict(layers, conditions, undetermined);
  const missing = missingFacts(verdict, layers, undetermined, ix.order);

  const caldicottApplies = defines.has('caldicott.applies') ? ctx.define('caldicott.applies').result : 'met';
  const caldicott = pack.caldicott.map((p): PrincipleOut => {
    if (caldicottApplies === 'not_met') return { id: p.id, title: p.title, status: 'not_applicable', note: 'No confidential information about identifiable people is shared.' };
    if (p.follows_verdict) {
      const status = verdict === 'lawful' || verdict === 'lawful_with_conditions' ? 'met'
        : verdict === 'not_lawful' ? 'not_met' : verdict === 'incomplete' ? 'unknown' : 'attention';
      return { id: p.id, title: p.title, status, note: status === 'met' ? p.met : status === 'not_met' ? (p.not_met ?? p.met) : (p.attention ?? p.met) };
    }
    const notMet = p.not_met_when ? evalCondition(p.not_met_when, ctx).result : 'not_met';
    const attention = p.attention_when ? evalCondition(p.attention_when, ctx).result : 'not_met';
    if (notMet === 'met') return { id: p.id, title: p.title, status: 'not_met', note: p.not_met ?? '' };
    if (notMet === 'unknown') return { id: p.id, title: p.title, status: 'unknown', note: 'Depends on facts not given.' };
    if (attention === 'met') return { id: p.id, title: p.title, status: 'attention', note: p.attention ?? '' };
    if (attention === 'unknown') return { id: p.id, title: p.title, status: 'unknown', note: 'Depends on facts not given.' };
    return { id: p.id, title: p.title, status: 'met', note: p.met };
  });

  const routes = verdict === 'needs_review' || verdict === 'not_lawful' ? deriveRoutes(pack, layers, basesById, c => evalCondition(c, ctx).result) : [];
  const bases = listBases(pack, layers, basesById);

  const notes: Note[] = [];
  for (const layer of layers) {
    for (const id of layer.chosen) {
      const b = basesById.get(id)!;
      if (b.unsettled && (!b.unsettled_when || evalCondition(b.unsettled_when, ctx).result === 'met')) notes.push({ kind: 'unsettled', about: id, text: b.unsettled });
      if (b.verification === 'uv') notes.push({ kind: 'unverified', about: id, text: `${b.citation} rests on research not yet checked against the primary source; a named person must confirm it before it is relied on.` });
    }
  }
  for (const id of defaulted) notes.push({ kind: 'default', about: id, text: `Not answered; taken as ${JSON.stringify(facts[id])} (the default).` });

  return {
    verdict,
    bases,
    conditions: conditions.map(({ trace: _t, ...c }) => c),
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
    ...dpiaOf(pack, facts),
  };
}

/** The DPIA screening and risks, when the pack screens for a DPIA. */
function dpiaOf(pack: Pack, facts: Facts): Pick<Decision, 'dpia'> {
  const dpia = decideDpia(pack, facts, overridesOf(facts));
  return dpia ? { dpia } : {};
}

function evaluateLayer(layer: LayerDef, options: BasisDef[], basesById: Map<string, BasisDef>, ctx: EvalContext,
  inForce: (r: { in_force_from?: string; in_force_until?: string }) => boolean): LayerResult {
  const applies = evalCondition(layer.applies, ctx);
  const results: (BasisResult & { def: BasisDef; reviewTrace?: Trace; couldVerify: boolean })[] = options.map(def => {
    const when = evalCondition(def.when, ctx);
    let status = when.result;
    let companion: string | undefined;
    let effectiveVerification = def.verification;
    let couldVerify = false; // met only through an unverified companion, while a verified one is still unknown
    let trace = when;
    if (def.requires_one_of?.length) {
      const comps = def.requires_one_of.map(id => basesById.get(id)!).filter(c => c && inForce(c));
      const compTraces = comps.map(c => ({ id: c.id, trace: evalCondition(c.when, ctx) }));
      const compStatus = disjunction(compTraces.map(c => c.trace.result));
      status = conjunction([when.result, compStatus]);
      const metComps = compTraces.filter(c => c.trace.result === 'met');
      companion = (metComps.find(c => basesById.get(c.id)!.verification !== 'uv') ?? metComps[0])?.id;
      if (companion && basesById.get(companion)!.verification === 'uv') {
        effectiveVerification = 'uv';
        couldVerify = compTraces.some(c => c.trace.result === 'unknown' && basesById.get(c.id)!.verification !== 'uv');
      }
      trace = { kind: 'all', result: status, children: [when, { kind: 'any', result: compStatus, children: compTraces.map(c => ({ kind: 'ref' as const, id: c.id, result: c.trace.result, child: c.trace })) }] };
    }
    const reviewTrace = status !== 'met' && def.review_when ? evalCondition(def.review_when, ctx) : undefined;
    return {
      id: def.id, title: def.title, citation: def.citation, status, trace, def, reviewTrace, couldVerify,
      ...(companion ? { companion } : {}),
      ...(effectiveVerification ? { verification: effectiveVerification } : {}),
      ...(reviewTrace ? { review: reviewTrace.result } : {}),
    };
  });

  const out = (status: LayerStatus, chosen: string[], reason: string, missing: string[] = []): LayerResult => ({
    id: layer.id, title: layer.title, citation: layer.citation, status, applies, chosen, reason, missing,
    choice_settled: !chosen.length || results.slice(0, results.findIndex(r => r.id === chosen[0])).every(r => r.status === 'not_met'),
    options: results.map(({ def: _d, reviewTrace: _r, couldVerify: _c, ...r }) => r),
  });

  const met = results.filter(r => r.status === 'met');
  const verified = met.find(r => r.verification !== 'uv');
  const pick = verified ?? met[0];
  const chosenIds = pick ? [pick.id, ...(pick.companion ? [pick.companion] : [])] : [];

  if (applies.result === 'not_met') return out('not_applicable', [], 'Does not apply to this share.');
  const reason = pick ? [pick.def.explanation, pick.companion ? basesById.get(pick.companion)!.explanation : ''].filter(Boolean).join(' ') : '';
  if (verified && applies.result === 'unknown') {
    // Satisfied either way; listed so the answer is visible whichever way the facts fall.
    return out('met', chosenIds, reason);
  }
  if (applies.result === 'unknown') {
    const missing = new Set(unknownFacts(applies));
    for (const r of results) unknownFacts(r.trace, missing);
    return out('unknown', [], 'Whether this layer applies, or how it is met, depends on facts not given.', [...missing]);
  }
  if (verified) return out('met', chosenIds, reason);
  const unknown = results.filter(r => r.status === 'unknown' || r.couldVerify);
  if (unknown.length) {
    const missing = new Set<string>();
    for (const r of unknown) {
      if (r.status === 'unknown') unknownFacts(r.trace, missing);
      else if (r.trace.kind === 'all') for (const c of r.trace.children) if (c.kind === 'any') for (const comp of c.children) unknownFacts(comp, missing);
    }
    return out('unknown', [], 'How this layer is met depends on facts not given.', [...missing]);
  }
  if (pick) return out('review', chosenIds, `${pick.def.citation} would meet this layer, but the rule is not yet verified against the primary source.`);
  const review = results.find(r => r.reviewTrace?.result === 'met');
  if (review) return out('review', [], review.def.review_reason ?? `${review.def.title} needs a recorded decision.`);
  const reviewUnknown = results.filter(r => r.reviewTrace?.result === 'unknown');
  if (reviewUnknown.length) {
    const missing = new Set<string>();
    for (const r of reviewUnknown) unknownFacts(r.reviewTrace!, missing);
    return out('unknown', [], 'Whether a senior judgement could meet this layer depends on facts not given.', [...missing]);
  }
  return out('not_met', [], 'No basis is available on these facts.');
}

/** What evaluate() and the trace-free decideOutcome() both need to know of a layer's result. */
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
  for (const l of failing) {
    if (l.status !== 'review') continue;
    if (l.chosen.length) wanted.push(VERIFY_ROUTE);
    for (const o of l.options) {
      const def = basesById.get(o.id)!;
      if (o.review === 'met' && def.review_route) wanted.push(def.review_route);
    }
  }
  for (const r of pack.routes) {
    if (r.id === VERIFY_ROUTE || !r.layers.some(id => failingIds.has(id))) continue;
    if (r.when && truthOf(r.when) === 'not_met') continue;
    wanted.push(r.id);
  }
  // A decision that is not lawful always says what would change that: fall back to the general route.
  if (!wanted.length) wanted.push(FALLBACK_ROUTE);
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

const VERDICT_WORDS: Record<Verdict, string> = {
  lawful: 'Lawful: every layer that applies is met and nothing is outstanding.',
  lawful_with_conditions: 'Lawful with conditions: every layer can be met, once the conditions below are.',
  needs_review: 'Needs review: lawfulness turns on a judgement a named senior role must make and record.',
  not_lawful: 'Not lawful on these facts: at least one layer has no available basis.',
  incomplete: 'Incomplete: the answer depends on facts not given.',
};

function summarise(verdict: Verdict, layers: LayerResult[], conditions: ConditionOut[], routes: RouteOut[], missing: string[]): string {
  const parts = [VERDICT_WORDS[verdict]];
  const failing = layers.filter(l => l.status === 'not_met').map(l => l.title);
  if (failing.length) parts.push(`Not met: ${failing.join('; ')}.`);
  const review = layers.filter(l => l.status === 'review').map(l => l.title);
  if (review.length) parts.push(`For review: ${review.join('; ')}.`);
  if (conditions.length) parts.push(`Conditions: ${conditions.map(c => c.id).join(', ')}.`);
  if (routes.length) parts.push(`Routes: ${routes.map(r => r.id).join(', ')}.`);
  if (missing.length) parts.push(`Missing: ${missing.join(', ')}.`);
  return parts.join(' ');
}
