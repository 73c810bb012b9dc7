// DPIA screening from the pack's criteria (definitions named dpia.art35.*, dpia.ico.*, dpia.edpb.*)
// and its conclusions (dpia.required, dpia.likely): which criteria fired, and whether a DPIA is
// required, likely required or not required. Pure: no I/O.
import { unknownFacts, type EvalContext } from '../core/condition.js';
import type { Criterion, CriterionFamily, Decision, DpiaDecision, DpiaScreening, Facts, Pack, ScreeningOutcome } from '../core/types.js';
export type { Criterion, DpiaDecision, DpiaScreening };
import { assessRisks, dpiaContext, type RiskOverrides } from './risk.js';

const FAMILIES: CriterionFamily[] = ['art35', 'ico', 'edpb'];
const familyOf = (id: string): CriterionFamily | undefined => FAMILIES.find(f => id.startsWith(`dpia.${f}.`));

export function screenDpia(pack: Pack, ctx: EvalContext): DpiaScreening | undefined {
  if (!pack.defines.some(d => d.id === 'dpia.required')) return undefined;
  const criteria: Criterion[] = pack.defines.flatMap(d => {
    const family = familyOf(d.id);
    return family ? [{ id: d.id, family, description: d.description, citation: d.citation, status: ctx.define(d.id).result }] : [];
  }).sort((a, b) => FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family));
  const required = ctx.define('dpia.required');
  const likely = pack.defines.some(d => d.id === 'dpia.likely') ? ctx.define('dpia.likely') : undefined;
  const outcome: ScreeningOutcome = required.result === 'met' ? 'required'
    : likely?.result === 'met' ? 'likely'
    : required.result === 'not_met' && (likely?.result ?? 'not_met') === 'not_met' ? 'not_required' : 'undetermined';
  const missing = new Set<string>();
  if (outcome === 'undetermined') { unknownFacts(required, missing); if (likely) unknownFacts(likely, missing); }
  const fired = criteria.filter(c => c.status === 'met');
  const edpb = fired.filter(c => c.family === 'edpb').length;
  const describe = (id: string) => { const d = pack.defines.find(x => x.id === id); return d ? `${d.description} (${d.citation})` : id; };
  const personal = pack.defines.some(d => d.id === 'data.personal') ? ctx.define('data.personal').result : 'met';
  const reasons = outcome === 'required' ? [describe('dpia.required'), ...fired.filter(c => c.family !== 'edpb').map(c => `${c.description} (${c.citation})`)]
    : outcome === 'likely' ? [describe('dpia.likely'), ...fired.map(c => `${c.description} (${c.citation})`)]
    : outcome === 'not_required' ? [personal === 'not_met' ? 'The data is not personal data, so UK GDPR Art 35 does not apply.'
      : `No case in Art 35(3) or on the ICO's Art 35(4) list applies, and ${edpb} of the EDPB's nine criteria ${edpb === 1 ? 'is' : 'are'} met (two or more would make a DPIA likely to be required).`]
    : ['The answers given cannot yet settle whether a DPIA is needed.'];
  return {
    outcome,
    reasons,
    fired,
    open: outcome === 'required' ? [] : criteria.filter(c => c.status === 'unknown'),
    edpb_met: criteria.filter(c => c.family === 'edpb' && c.status === 'met').length,
    missing: [...missing],
  };
}

/** The DPIA part of a decision: screening and risk assessment over the facts (defaults applied). */
export function decideDpia(pack: Pack, facts: Facts, overrides?: RiskOverrides): DpiaDecision | undefined {
  const screening = screenDpia(pack, dpiaContext(pack, facts));
  if (!screening) return undefined;
  const { risks, residual_high } = assessRisks(pack, facts, overrides);
  return { ...screening, risks, residual_high };
}

/** The key under which an answers file's `dpia:` section travels with the facts. */
export const DPIA_KEY = 'dpia';
export const RESIDUAL_HIGH = 'dpia.residual_high';

/** The risk scores a person set in the answers file's `dpia:` section, if any. */
export function overridesOf(facts: Facts): RiskOverrides {
  const d = facts[DPIA_KEY] as { scores?: RiskOverrides } | undefined;
  return d && typeof d === 'object' && !Array.isArray(d) && d.scores ? d.scores : {};
}

/**
 * The facts with the derived fact `dpia.residual_high` added when a person set risk scores in the
 * answers and the risk assessment with them settles it (left unknown otherwise). A value already
 * present (a test, a rule example) is kept.
 */
export function withDerivedDpiaFacts(pack: Pack, facts: Facts): Facts {
  if (!pack.risks?.length || Object.prototype.hasOwnProperty.call(facts, RESIDUAL_HIGH)) return facts;
  // Only a person's scores need code: without them the generated definition decides (synth.ts).
  if (!Object.keys(overridesOf(facts)).length || !pack.facts.some(f => f.id === RESIDUAL_HIGH)) return facts;
  const { residual_high } = assessRisks(pack, defaulted(pack, facts), overridesOf(facts));
  return residual_high === 'unknown' ? facts : { ...facts, [RESIDUAL_HIGH]: residual_high === 'met' };
}

/** The facts with the vocabulary's defaults (as the engine sees them). */
function defaulted(pack: Pack, facts: Facts): Facts {
  const missing = pack.facts.filter(f => f.default !== undefined && !Object.prototype.hasOwnProperty.call(facts, f.id));
  return missing.length ? { ...facts, ...Object.fromEntries(missing.map(f => [f.id, f.default!])) } : facts;
}

/**
 * The decision with its DPIA part: the screening and the risks (with a person's scores), over the
 * facts with the vocabulary's defaults. The engine stays law-agnostic; this adds what the DPIA needs.
 */
export function withDpia<D extends Decision>(decision: D, pack: Pack, facts: Facts): D {
  const dpia = decideDpia(pack, defaulted(pack, facts), overridesOf(facts));
  return dpia ? { ...decision, dpia } : decision;
}
