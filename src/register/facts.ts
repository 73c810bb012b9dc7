// The facts an assessment was decided on, for `review` and the records of processing. Entries
// recorded by this igcheck carry them (`facts`, covered by the entry's hash, so an edit shows in
// `register verify`); older entries point to the answers file saved with the documents, which is
// read again. Either way they are checked against the vocabulary of the packs in force now: a fact
// or value the rules no longer know is a problem to show, not a fact to drop.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FactDef, Facts } from '../core/types.js';
import { InputError, formatProblem } from '../errors.js';
import { parseAnswers, validateFacts } from '../load/answers.js';
import type { AssessmentEntry } from './entry.js';
import { resolveFromRegister } from './store.js';

export type EntryFacts =
  | { ok: true; facts: Facts; answers: string | null }
  | { ok: false; problem: string; answers: string | null };

/** Where an entry's answers are: its recorded answers file, else answers.yaml in its output directory. */
export function answersFileOf(register: string, e: AssessmentEntry): string | null {
  if (e.answers) return resolveFromRegister(register, e.answers);
  return e.out_dir ? join(resolveFromRegister(register, e.out_dir), 'answers.yaml') : null;
}

/** The facts recorded in the entry, checked against the vocabulary; undefined for an entry that has none (recorded before). Sync. */
export function recordedFacts(register: string, e: AssessmentEntry, vocabulary: FactDef[]): EntryFacts | undefined {
  if (e.facts === undefined) return undefined;
  const answers = e.answers ? resolveFromRegister(register, e.answers) : null;
  const f = e.facts as unknown;
  if (!f || typeof f !== 'object' || Array.isArray(f)) return { ok: false, problem: 'its recorded facts are not a mapping of facts', answers };
  const found: string[] = [];
  // Facts are stored flat (`recipient.type`), which the vocabulary check reads as it reads nested answers.
  const facts = validateFacts(f as Record<string, unknown>, vocabulary, (path, message) => found.push(`${path.join('.')}: ${message}`));
  if (found.length) {
    return { ok: false, problem: `its recorded facts no longer fit the vocabulary of the rules in force: ${found.slice(0, 3).join('; ')}${found.length > 3 ? ` (and ${found.length - 3} more)` : ''}`, answers };
  }
  return { ok: true, facts, answers };
}

/** The facts an assessment was decided on: recorded in its entry, else read from its answers file. */
export async function factsOfEntry(register: string, e: AssessmentEntry, vocabulary: FactDef[]): Promise<EntryFacts> {
  const recorded = recordedFacts(register, e, vocabulary);
  if (recorded) return recorded;
  const file = answersFileOf(register, e);
  if (!file) return { ok: false, problem: 'no answers file was recorded', answers: null };
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ENOENT' ? 'the answers file is missing' : (err as Error).message, answers: file };
  }
  try {
    return { ok: true, facts: (await parseAnswers(text, file, vocabulary)).facts, answers: file };
  } catch (err) {
    // The vocabulary itself may have changed: that is an impact the IG lead must see, not skip.
    if (!(err instanceof InputError)) throw err;
    return { ok: false, problem: `${err.title}: ${err.problems.slice(0, 3).map(formatProblem).join('; ')}`, answers: file };
  }
}
