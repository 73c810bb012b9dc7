// The assess command's adapter: read answers (or ask), evaluate, print, and write documents.
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Decision, Facts, Pack } from '../core/types.js';
import { evaluate } from '../core/evaluate.js';
import { MAX_ANSWERS_BYTES, parseAnswers } from '../load/answers.js';
import { resolvePacks } from '../pack/resolve.js';
import { checkDate, today } from '../load/values.js';
import { decisionJson } from '../render/decision-json.js';
import { visibleDeep } from '../io/term.js';

export { checkDate, today };
export { decisionJson };

/** What `igcheck assess` was asked (its command-line options). */
export interface AssessOptions {
  answers?: string;
  json?: boolean;
  explain?: boolean;
  rules?: string[];
  config?: boolean;
  asOf?: string;
  out?: string;
  format?: string;
  force?: boolean;
  resume?: string;
  sign?: boolean;
  key?: string;
  passphraseFile?: string;
  signer?: string;
  role?: string;
  register?: string | false;
}

export const exitCodeFor = (d: Decision) => (d.verdict === 'lawful' || d.verdict === 'lawful_with_conditions' ? 0 : 1);

export async function runAssess(opts: AssessOptions): Promise<number> {
  const asOf = checkDate(opts.asOf, '--as-of') ?? today();
  if (opts.resume && opts.answers) throw new UsageError('--resume and --answers both give the answers: use one (the session file is itself an answers file)');
  if (opts.resume && !existsSync(opts.resume)) throw new UsageError(`no session file ${opts.resume}`, 'The questionnaire saves <title>.igcheck-session.yaml in the directory it ran in.');
  const pack = await resolvePacks(opts);

  let facts: Facts;
  let raw: Record<string, unknown>;
  if (opts.answers && !opts.resume && !interactiveWanted(opts)) {
    const { readInput } = await import('../cli/io.js');
    const input = await readInput(opts.answers, MAX_ANSWERS_BYTES, 'an answers file');
    ({ facts, raw } = await parseAnswers(input.text, input.name, pack.facts));
  } else {
    if (!process.stdin.isTTY || !process.stdout.isTTY || process.env.CI === 'true' || process.env.CI === '1') {
      throw new UsageError('no terminal to ask questions in: give the facts with --answers FILE (or --answers - to read them from standard input)',
        'Example: igcheck assess --answers share.yaml --json');
    }
    const { runInterview } = await import('../interview/run.js');
    const result = await runInterview({ pack, asOf, answersFile: opts.resume ? undefined : opts.answers, resume: opts.resume });
    if (!result) return 130;
    ({ facts, raw } = result);
  }

  const decision = evaluate(pack, facts, asOf);
  await output(decision, pack, facts, opts);
  if (opts.out) {
    const { writeOutputs } = await import('../docs/write.js');
    const recording = opts.register !== false;
    const registerFile = typeof opts.register === 'string' ? opts.register : undefined;
    const reg = recording ? await import('../register/append.js') : undefined;
    // The register is checked before anything is signed or written: a pack is never made that
    // cannot be recorded. The pack and its entry then succeed or fail together (writeOutputs
    // takes the directory back out if the entry cannot be written).
    if (reg) reg.checkAssessmentRegister(registerFile);
    let id: string | undefined;
    await writeOutputs({
      decision, pack, facts, raw, opts,
      ...(reg ? { record: async w => { id = (await reg.appendAssessment({ registerPath: registerFile, decision, facts, outDir: w.dir, manifestSha256: w.manifestSha256 })).id; } } : {}),
    });
    if (id) process.stderr.write(`Recorded in the decision register as ${id}.\n`);
  }
  return exitCodeFor(decision);
}

/** Whether to be on a terminal: `--answers FILE` at a terminal asks only what the file leaves unknown. */
function interactiveWanted(opts: AssessOptions): boolean {
  return opts.answers !== '-' && !opts.json && !!process.stdin.isTTY && !!process.stdout.isTTY
    && process.env.CI !== 'true' && process.env.CI !== '1';
}

async function output(decision: Decision, pack: Pack, facts: Facts, opts: AssessOptions): Promise<void> {
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(decisionJson(decision), null, 2)}\n`);
    return;
  }
  const { renderDecision } = await import('../render/terminal.js');
  process.stdout.write(`${renderDecision(visibleDeep(decision), visibleDeep(pack), visibleDeep(facts), { explain: opts.explain })}\n`);
}
