// The decision with its DPIA part, for the commands that write or record a DPIA: a person's risk
// scores (the answers' `dpia:` section) settle `dpia.residual_high` before the engine runs, and the
// screening and risks are added after. The engine itself stays law-agnostic.
import { evaluate } from '../core/evaluate.js';
import type { Decision, Facts, Pack } from '../core/types.js';
import { withDerivedDpiaFacts, withDpia } from './screen.js';

export function decideWithDpia(pack: Pack, facts: Facts, asOf: string): Decision {
  return withDpia(evaluate(pack, withDerivedDpiaFacts(pack, facts), asOf), pack, facts);
}
