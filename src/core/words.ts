// The words the engine itself says, in one place: the verdicts (every rendering takes them from
// here: the summary, the terminal, the questionnaire, the audit report) and the few sentences a
// decision carries that no rule supplies. Everything else a user reads comes from the rule pack
// or templates/.
import type { Verdict } from './types.js';

/** Each verdict: its short label and what it means, as a board reads it. */
export const VERDICTS: Record<Verdict, { label: string; meaning: string }> = {
  lawful: { label: 'Lawful', meaning: 'every layer that applies is met and nothing is outstanding.' },
  lawful_with_conditions: { label: 'Lawful with conditions', meaning: 'every layer can be met, once the conditions below are.' },
  needs_review: { label: 'Needs review', meaning: 'lawfulness turns on a judgement a named senior role must make and record.' },
  not_lawful: { label: 'Not lawful', meaning: 'on these facts, at least one layer has no available basis.' },
  incomplete: { label: 'Incomplete', meaning: 'the answer depends on facts not given.' },
};

/** A verdict's short label: "Lawful with conditions". */
export const verdictLabel = (v: Verdict): string => VERDICTS[v].label;

/** The engine's own sentences: why a layer stands as it does when no rule says more. */
export const ENGINE_WORDS = {
  layerNotApplicable: 'Does not apply to this share.',
  layerUnknownApplies: 'Whether this layer applies, or how it is met, depends on facts not given.',
  layerUnknownHow: 'How this layer is met depends on facts not given.',
  layerUnknownReview: 'Whether a senior judgement could meet this layer depends on facts not given.',
  layerNotMet: 'No basis is available on these facts.',
  layerUnverified: (citation: string) => `${citation} would meet this layer, but the rule is not yet verified against the primary source.`,
  needsDecision: (title: string) => `${title} needs a recorded decision.`,
  principleNotApplicable: 'No confidential information about identifiable people is shared.',
  principleUnknown: 'Depends on facts not given.',
  unverifiedNote: (citation: string) => `${citation} rests on research not yet checked against the primary source; a named person must confirm it before it is relied on.`,
  defaultNote: (value: unknown) => `Not answered; taken as ${JSON.stringify(value)} (the default).`,
};
