// The Art 36 test as a definition the engine can reason with: for each risk of the catalogue, the
// combinations of aggravating facts and missing measures that leave its residual score high, written
// as a condition (its prime implicants: the score rises with each aggravation and falls with each
// measure, so Kleene logic over these terms is exact). An unknown answer then shows up as the fact to
// ask, not as an opaque "residual risk". Generated at load time from `risks:`; never written by hand.
import type { Condition, DefineDef, RiskDef, RiskSteps } from '../core/types.js';
import { PRIOR_CONSULTATION_FROM, score } from './scale.js';

export const RESIDUAL_HIGH_DEFINE = 'dpia.residual_high_computed';
/** The schema allows at most 4 aggravating facts and 8 measures: 2^12 combinations per risk. */
const MAX_FACTORS = 12;

const sum = (xs: RiskSteps[], k: keyof RiskSteps) => xs.reduce((a, x) => a + (x[k] ?? 0), 0);

function highTerms(r: RiskDef): Condition[] | undefined {
  const aggr = r.aggravated_by ?? [];
  const meas = r.measures;
  if (aggr.length + meas.length > MAX_FACTORS) return undefined;
  const high = (a: number, p: number) => {
    const up = aggr.filter((_, i) => a & (1 << i)).map(x => x.adds);
    const down = meas.filter((_, j) => p & (1 << j)).map(x => x.reduces);
    return score(r.likelihood + sum(up, 'likelihood') - sum(down, 'likelihood'), r.impact + sum(up, 'impact') - sum(down, 'impact')).score >= PRIOR_CONSULTATION_FROM;
  };
  const terms: Condition[] = [];
  for (let a = 0; a < 1 << aggr.length; a++) {
    for (let p = 0; p < 1 << meas.length; p++) {
      if (!high(a, p)) continue;
      // Prime: no aggravation can be dropped, no further measure added, with the score still high.
      if (aggr.some((_, i) => a & (1 << i) && high(a & ~(1 << i), p))) continue;
      if (meas.some((_, j) => !(p & (1 << j)) && high(a, p | (1 << j)))) continue;
      const parts: Condition[] = [
        ...aggr.filter((_, i) => a & (1 << i)).map(x => x.when),
        ...meas.filter((_, j) => !(p & (1 << j))).map(m => ({ not: m.in_place })),
      ];
      terms.push(parts.length === 0 ? { all: [r.raised_by] } : parts.length === 1 ? parts[0] : { all: parts });
    }
  }
  return terms;
}

/** The generated definitions: one per risk that can stay high, and their disjunction. */
export function riskDefines(risks: RiskDef[]): DefineDef[] {
  const out: DefineDef[] = [];
  for (const r of risks) {
    const terms = highTerms(r);
    if (!terms?.length) continue; // this risk can never stay high (or has more factors than the schema allows)
    const when: Condition = { all: [r.raised_by, terms.length === 1 ? terms[0] : { any: terms }] };
    out.push({
      id: `dpia.risk.${r.id.replace(/-/g, '_')}.high`,
      description: `The risk "${r.title}" stays high after the measures in place (a residual score of ${PRIOR_CONSULTATION_FROM} or more).`,
      citation: `UK GDPR Art 35(7)(c)-(d) and Art 36(1); ${r.citation}`,
      when,
      generated: true,
      ...(r.source ? { source: r.source } : {}),
    });
  }
  out.push({
    id: RESIDUAL_HIGH_DEFINE,
    description: `Some risk in the DPIA stays high after the measures in place (a residual score of ${PRIOR_CONSULTATION_FROM} or more on the 5x5 scale).`,
    citation: 'UK GDPR Art 36(1)',
    // No risk can stay high: a condition that never holds (a fact both known and not known).
    when: out.length ? { any: out.map(d => ({ ref: d.id })) } : { all: [{ fact: 'dpia.residual_high', known: true }, { fact: 'dpia.residual_high', known: false }] },
    generated: true,
  });
  return out;
}
