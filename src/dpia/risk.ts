// The DPIA's risks, worked out from the facts: which risks apply, their inherent score (the
// catalogue's starting point, raised by aggravating facts) and their residual score (lowered by each
// measure in place). Three-valued throughout: a measure not known to be in place is not counted,
// and the score it would give is shown beside. A score set in the answers (`dpia.scores`) wins,
// with its reason, and the computed one is kept to show both. Pure: no I/O.
import { conjunction, disjunction, evalCondition, makeContext, unknownFacts, type EvalContext } from '../core/condition.js';
import type { Condition, Facts, MeasureResult, Pack, RiskDef, RiskResult, RiskSteps, Truth } from '../core/types.js';
export type { MeasureResult, RiskResult };
import { PRIOR_CONSULTATION_FROM, score } from './scale.js';

/** A score set by a person, with the reason (from the answers file's `dpia.scores`). */
export interface ScoreOverride { likelihood: number; impact: number; reason: string }
export interface RiskOverrides { [riskId: string]: { inherent?: ScoreOverride; residual?: ScoreOverride } }

const definesOf = new WeakMap<Pack, Map<string, { when: Condition }>>();
/** An evaluation context over the pack's definitions (no layers or choices: risks do not use them). */
export function dpiaContext(pack: Pack, facts: Facts): EvalContext {
  let defines = definesOf.get(pack);
  if (!defines) { defines = new Map(pack.defines.map(d => [d.id, d])); definesOf.set(pack, defines); }
  return makeContext(facts, defines, () => 'unknown', () => undefined);
}

const sum = (xs: RiskSteps[], k: keyof RiskSteps) => xs.reduce((a, x) => a + (x[k] ?? 0), 0);
const apply = (l: number, i: number, up: RiskSteps[], down: RiskSteps[]) =>
  score(l + sum(up, 'likelihood') - sum(down, 'likelihood'), i + sum(up, 'impact') - sum(down, 'impact'));

export function assessRisk(def: RiskDef, ctx: EvalContext, set?: RiskOverrides[string]): RiskResult {
  const unknown = new Set<string>();
  const test = (c: Condition): Truth => {
    const t = evalCondition(c, ctx);
    if (t.result === 'unknown') unknownFacts(t, unknown);
    return t.result;
  };
  const applies = test(def.raised_by);
  const appliesUnknown = [...unknown];
  const aggravating = (def.aggravated_by ?? []).map(a => ({ title: a.title, status: test(a.when), adds: a.adds }));
  const measures: MeasureResult[] = def.measures.map(m => ({ id: m.id, title: m.title, status: test(m.in_place), reduces: m.reduces, ...(m.condition ? { condition: m.condition } : {}) }));
  const up = (ok: (t: Truth) => boolean) => aggravating.filter(a => ok(a.status)).map(a => a.adds);
  const down = (ok: (t: Truth) => boolean) => measures.filter(m => ok(m.status)).map(m => m.reduces);
  const met = (t: Truth) => t === 'met';
  const maybe = (t: Truth) => t !== 'not_met';

  const inherentComputed = apply(def.likelihood, def.impact, up(met), []);
  const inherent = set?.inherent ? score(set.inherent.likelihood, set.inherent.impact) : inherentComputed;
  // Measures lower the inherent score as assessed (a person's score, when set).
  const residualComputed = apply(inherent.likelihood, inherent.impact, [], down(met));
  const residual = set?.residual ? score(set.residual.likelihood, set.residual.impact) : residualComputed;
  const confirmed = apply(inherent.likelihood, inherent.impact, [], down(maybe));

  // High after measures: at best (every unconfirmed measure in place, no unconfirmed aggravation)
  // still high -> met; at worst (unconfirmed aggravations, only confirmed measures) not high -> not_met.
  let high: Truth;
  if (set?.residual) high = residual.score >= PRIOR_CONSULTATION_FROM ? 'met' : 'not_met';
  else {
    const base = set?.inherent ? { l: inherent.likelihood, i: inherent.impact, up: [] as RiskSteps[] } : { l: def.likelihood, i: def.impact, up: up(met) };
    const worstBase = set?.inherent ? base : { ...base, up: up(maybe) };
    const best = apply(base.l, base.i, base.up, down(maybe)).score >= PRIOR_CONSULTATION_FROM;
    const worst = apply(worstBase.l, worstBase.i, worstBase.up, down(met)).score >= PRIOR_CONSULTATION_FROM;
    high = best ? 'met' : worst ? 'unknown' : 'not_met';
  }
  high = conjunction([applies, high]);

  return {
    id: def.id, title: def.title, description: def.description, citation: def.citation, ...(def.pack ? { pack: def.pack } : {}),
    applies, aggravating, measures, inherent, residual,
    computed: { inherent: inherentComputed, residual: residualComputed },
    ...(!set?.residual && confirmed.score !== residual.score ? { residual_if_confirmed: confirmed } : {}),
    ...(set?.inherent || set?.residual ? { set: { ...(set.inherent ? { inherent: set.inherent.reason } : {}), ...(set.residual ? { residual: set.residual.reason } : {}) } } : {}),
    high,
    unknown: [...unknown],
    applies_unknown: appliesUnknown,
  };
}

export interface RiskAssessment {
  /** Every risk of the catalogue that applies or may apply (not those the facts rule out). */
  risks: RiskResult[];
  /** Whether some risk stays high after the measures (Art 36 prior consultation). */
  residual_high: Truth;
}

export function assessRisks(pack: Pack, facts: Facts, overrides: RiskOverrides = {}): RiskAssessment {
  const ctx = dpiaContext(pack, facts);
  const all = (pack.risks ?? []).map(r => assessRisk(r, ctx, overrides[r.id]));
  return { risks: all.filter(r => r.applies !== 'not_met'), residual_high: disjunction(all.map(r => r.high)) };
}
