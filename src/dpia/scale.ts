// The NHS England 5x5 risk scale: likelihood 1 (Rare) to 5 (Almost certain) times impact
// 1 (Negligible) to 5 (Catastrophic), banded as in the NPSA risk matrix most NHS bodies use.

import type { Band, Score } from '../core/types.js';

export type { Band, Score };

/** A residual score at or above this is the "high risk" for which UK GDPR Art 36 asks for prior consultation. */
export const PRIOR_CONSULTATION_FROM = 15;

export const clamp = (n: number) => Math.min(5, Math.max(1, Math.round(n)));

/** 1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme. */
export function band(score: number): Band {
  return score <= 3 ? 'low' : score <= 6 ? 'moderate' : score <= 12 ? 'high' : 'extreme';
}

export function score(likelihood: number, impact: number): Score {
  const l = clamp(likelihood);
  const i = clamp(impact);
  return { likelihood: l, impact: i, score: l * i, band: band(l * i) };
}
