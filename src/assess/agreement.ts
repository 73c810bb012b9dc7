// `assess` for an agreement between many parties (an answers file with `parties:`): decide every flow
// with the one engine, print the matrix, and write and sign the agreement's documents.
import type { Facts, Pack } from '../core/types.js';
import { evaluate } from '../core/evaluate.js';
import { withDerivedDpiaFacts, withDpia } from '../dpia/screen.js';
import { decideAgreement, cleared, type AgreementDecision } from '../parties/decide.js';
import { visibleDeep, jsonText } from '../io/term.js';
import type { WriteOptions } from '../docs/write.js';

/** The assess options an agreement uses. */
type AssessOptions = WriteOptions & { json?: boolean };

/** Every flow decided as `assess` decides one share: with the DPIA screening and risks. */
export function assessAgreement(pack: Pack, facts: Facts, asOf: string): AgreementDecision {
  return decideAgreement(pack, facts, asOf, f => withDpia(evaluate(pack, withDerivedDpiaFacts(pack, f), asOf), pack, f));
}

export async function runAgreement(pack: Pack, facts: Facts, raw: Record<string, unknown>, asOf: string, opts: AssessOptions): Promise<number> {
  const a = assessAgreement(pack, facts, asOf);
  const title = typeof facts.title === 'string' && facts.title.trim() ? facts.title : 'Proposed data sharing agreement';
  const { agreementJson } = await import('../parties/render.js');
  if (opts.json) process.stdout.write(`${jsonText(agreementJson(a))}\n`);
  else {
    const { renderAgreement } = await import('../render/agreement.js');
    process.stdout.write(`${renderAgreement(visibleDeep(a), visibleDeep(title))}\n`);
  }
  if (opts.out) {
    const { writeOutputs } = await import('../docs/write.js');
    const { renderAgreementOutputs } = await import('../parties/render.js');
    if (!a.weakest) {
      const { UsageError } = await import('../errors.js');
      throw new UsageError('no flow was decided, so there is no agreement to write', 'Add `flows:` (who discloses to whom) to the answers file.');
    }
    // The roster read from a spreadsheet is saved in the answers, so the signed answers reproduce it.
    const saved = { ...raw, parties: a.roster.parties };
    // An agreement is not recorded in the decision register yet: `review` re-decides an entry as one
    // share, which would misread a roster (see the parties work's report).
    // The signer speaks for their own organisation (--organisation), not for the weakest flow's discloser.
    await writeOutputs({
      decision: a.weakest.decision, pack, facts: { ...a.weakest.facts, title }, raw: saved, opts: { ...opts, organisation: opts.organisation ?? 'not stated' },
      render: (formats, sha, draft) => renderAgreementOutputs({ agreement: a, pack, facts, raw: saved, draft }, formats, sha),
    });
  }
  return cleared(a.verdict) ? 0 : 1;
}
