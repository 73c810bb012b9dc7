// `assess` for an agreement between many parties (an answers file with `parties:`): decide every flow
// with the one engine, print the matrix, and write and sign the agreement's documents.
import type { Facts, Pack } from '../core/types.js';
import { evaluate } from '../core/evaluate.js';
import { withDerivedDpiaFacts, withDpia } from '../dpia/screen.js';
import { decideAgreement, cleared, type AgreementDecision } from '../parties/decide.js';
import { visibleDeep, jsonText } from '../io/term.js';
import type { WriteOptions } from '../docs/write.js';
import { UsageError as UsageErrorSync } from '../errors.js';

/** The assess options an agreement uses. */
type AssessOptions = WriteOptions & { json?: boolean; register?: string | false; party?: string };

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
    // Recorded in the decision register as one entry: the agreement's verdict (its weakest flow's),
    // its parties, and the facts of every flow, so `review` re-decides the whole agreement. The
    // register is checked before anything is signed or written, as for a share between two.
    const recording = opts.register !== false;
    const registerFile = typeof opts.register === 'string' ? opts.register : undefined;
    const reg = recording ? await import('../register/append.js') : undefined;
    if (reg) reg.checkAssessmentRegister(registerFile);
    const weakest = a.weakest;
    const parties = a.roster.parties.map(p => ({ id: p.id, name: p.name, ...(p.ods ? { ods: p.ods } : {}), ...(p.type ? { type: p.type } : {}), ...(p.role ? { role: p.role } : {}) }));
    let id: string | undefined;
    const organisation = opts.organisation ?? signerParty(a, opts.party)?.name ?? 'not stated';
    // The signer speaks for their own organisation (--organisation), not for the weakest flow's discloser.
    await writeOutputs({
      decision: weakest.decision, pack, facts: { ...weakest.facts, title }, raw: saved, opts: { ...opts, organisation },
      render: (formats, sha, draft) => renderAgreementOutputs({ agreement: a, pack, facts, raw: saved, draft }, formats, sha),
      ...(reg ? { record: async w => {
        id = (await reg.appendAssessment({ registerPath: registerFile, decision: { ...weakest.decision, verdict: a.verdict }, facts: { ...facts, title }, outDir: w.dir, manifestSha256: w.manifestSha256, parties })).id;
      } } : {}),
    });
    if (id) process.stderr.write(`Recorded in the decision register as ${id} (an agreement between ${parties.length} parties).\n`);
  }
  return cleared(a.verdict) ? 0 : 1;
}

/** --party: the party the signer prepares the agreement for, by its id, name or ODS code; a usage error if none. */
function signerParty(a: AgreementDecision, given: string | undefined) {
  if (!given?.trim()) return undefined;
  const key = given.trim().toLowerCase().replace(/\s+/g, ' ');
  const p = a.roster.parties.find(x => x.id === given.trim() || x.name.toLowerCase().replace(/\s+/g, ' ') === key || (x.ods && x.ods.toLowerCase() === key));
  if (!p) throw new UsageErrorSync(`--party ${given}: no such party in the roster`, `The parties: ${a.roster.parties.map(x => x.id).join(', ')}`);
  return p;
}
