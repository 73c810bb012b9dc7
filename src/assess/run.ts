// The assess command's adapter: read answers (or ask), evaluate, print, and write documents.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { visible } from '../io/term.js';
import { UsageError } from '../errors.js';
import type { Decision, Facts, Pack } from '../core/types.js';
import { evaluate } from '../core/evaluate.js';
import { withDerivedDpiaFacts, withDpia } from '../dpia/screen.js';
import { MAX_ANSWERS_BYTES, parseAnswers } from '../load/answers.js';
import { resolvePacks } from '../pack/resolve.js';
import { checkDate, today } from '../load/values.js';
import { decisionJson } from '../render/decision-json.js';
import { visibleDeep, jsonText } from '../io/term.js';
import { version } from '../version.js';

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
  /** Write the documents even when the answers contradict each other, marked as drafts. */
  draft?: boolean;
  resume?: string;
  sign?: boolean;
  key?: string;
  passphraseFile?: string;
  signer?: string;
  role?: string;
  organisation?: string;
  /** An agreement between many parties: the party the signer prepares it for. */
  party?: string;
  register?: string | false;
  /** Start from one flow of a data-flow register (with row, and map for its headings). */
  fromRegister?: string;
  row?: string;
  map?: string;
}

export const exitCodeFor = (d: Decision) => (d.verdict === 'lawful' || d.verdict === 'lawful_with_conditions' ? 0 : 1);

/** --row with --from-register: a spreadsheet row number (2 or more: row 1 holds the headings). */
function fromRegisterRow(opts: AssessOptions): number {
  if (opts.answers || opts.resume) throw new UsageError('--from-register gives the answers: use it without --answers or --resume');
  if (opts.row === undefined) throw new UsageError('--from-register needs --row N: the row of the flow, as the spreadsheet numbers it', 'Example: igcheck assess --from-register flows.xlsx --row 7');
  const n = Number(opts.row);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--row expects a row number, not ${JSON.stringify(opts.row)}`);
  return n;
}

export async function runAssess(opts: AssessOptions): Promise<number> {
  const asOf = checkDate(opts.asOf, '--as-of') ?? today();
  if (opts.row !== undefined && !opts.fromRegister) throw new UsageError('--row goes with --from-register FILE');
  if (opts.resume && opts.answers) throw new UsageError('--resume and --answers both give the answers: use one (the session file is itself an answers file)');
  if (opts.resume && !existsSync(opts.resume)) throw new UsageError(`no session file ${opts.resume}`, 'The questionnaire saves <title>.igcheck-session.yaml in the directory it ran in.');
  if (opts.resume) opts = await withSessionOptions(opts, opts.resume);
  const pack = await resolvePacks(opts);

  let facts: Facts;
  let raw: Record<string, unknown>;
  if (opts.fromRegister) {
    const row = fromRegisterRow(opts);
    const { readRegisterRow, loadTable } = await import('../audit/run.js');
    const r = await readRegisterRow(opts.fromRegister, row, pack, await loadTable(pack.facts, opts.map), { config: opts.config });
    if (r.problems.length) {
      const { InputError } = await import('../errors.js');
      throw new InputError(`Row ${row} of the register cannot be used as it is`, r.problems.map(p => ({ file: opts.fromRegister!, line: row, ...(p.column ? { path: `column ${p.column}${p.heading ? ` ${p.heading}` : ''}` } : {}), message: p.message })),
        'Correct the cell (`igcheck audit` lists every such problem) and try again.');
    }
    const { nestFacts } = await import('../load/answers.js');
    if (interactiveWanted({ ...opts, answers: opts.fromRegister })) {
      // The questionnaire starts from the row's answers and asks only what it leaves unknown. They
      // are kept beside the register's reader as an answers file: `assess --answers` takes it again.
      const { writeFile } = await import('../io/write.js');
      const { basename, extname } = await import('node:path');
      const YAML = (await import('yaml')).default;
      const file = `${basename(opts.fromRegister, extname(opts.fromRegister))}-row-${row}.answers.yaml`;
      writeFile(file, `# Row ${row} of ${basename(opts.fromRegister)}, read by igcheck ${version()}\n${YAML.stringify(nestFacts(r.facts))}`);
      process.stderr.write(`Row ${row}'s answers are in ${(await import('../io/term.js')).visible(file)}.\n`);
      const { runInterview } = await import('../interview/run.js');
      const result = await runInterview({ pack, asOf, answersFile: file });
      if (!result) return 130;
      ({ facts, raw } = result);
    } else {
      facts = r.facts;
      raw = nestFacts(r.facts);
    }
  } else if (opts.answers && !opts.resume && !interactiveWanted(opts)) {
    const { readInput } = await import('../cli/io.js');
    const input = await readInput(opts.answers, MAX_ANSWERS_BYTES, 'an answers file');
    // A roster of parties may be a spreadsheet beside the answers (src/parties/sheet.ts).
    const readRoster = async (name: string, answersFile: string) => (await import('../parties/sheet.js')).readRosterSheet(name, answersFile, pack.facts);
    ({ facts, raw } = await parseAnswers(input.text, input.name, pack.facts, { readRoster }));
    (await import('../dpia/answers.js')).checkRiskIds(facts, pack, input.name);
  } else {
    if (!process.stdin.isTTY || !process.stdout.isTTY || process.env.CI === 'true' || process.env.CI === '1') {
      throw new UsageError('no terminal to ask questions in: give the facts with --answers FILE (or --answers - to read them from standard input)',
        'Example: igcheck assess --answers share.yaml --json');
    }
    const { runInterview } = await import('../interview/run.js');
    const result = await runInterview({ pack, asOf, answersFile: opts.resume ? undefined : opts.answers, resume: opts.resume, options: sessionOptions(opts) });
    if (!result) return 130;
    ({ facts, raw } = result);
  }

  // An agreement between many parties: a decision per flow and per party (src/parties).
  if (Array.isArray(facts.parties)) {
    const { runAgreement } = await import('./agreement.js');
    return runAgreement(pack, facts, raw, asOf, opts);
  }
  // With the DPIA screening and risks (src/dpia): the documents, the register and --json show them.
  const decision = withDpia(evaluate(pack, withDerivedDpiaFacts(pack, facts), asOf), pack, facts);
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

/** The options a session file remembers: paths made absolute so a resume from elsewhere finds them. */
function sessionOptions(opts: AssessOptions) {
  return {
    out: opts.out && opts.out !== 'auto' ? resolve(opts.out) : opts.out,
    signer: opts.signer, role: opts.role, format: opts.format,
    rules: opts.rules?.map(r => resolve(r)),
  };
}

/** `--resume FILE`: the options saved in the session, unless given again on the command line. */
async function withSessionOptions(opts: AssessOptions, file: string): Promise<AssessOptions> {
  const { readSessionOptions } = await import('../interview/session.js');
  let text = '';
  try { text = readFileSync(file, 'utf8').slice(0, 4096); } catch { return opts; }
  const saved = readSessionOptions(text);
  // Say which saved options are used, so nothing changes unseen (a rule pack above all).
  const used: string[] = [];
  if (!opts.out && saved.out) used.push(`--out ${saved.out}`);
  if (!opts.signer && saved.signer) used.push(`--signer ${JSON.stringify(saved.signer)}`);
  if (!opts.role && saved.role) used.push(`--role ${JSON.stringify(saved.role)}`);
  if (!opts.format && saved.format) used.push(`--format ${saved.format}`);
  if (!opts.rules?.length && saved.rules?.length) used.push(...saved.rules.map(r => `--rules ${r}`));
  if (used.length) process.stderr.write(`igcheck: as saved in the session: ${visible(used.join(' '))}\n`);
  return {
    ...opts,
    out: opts.out ?? saved.out, signer: opts.signer ?? saved.signer, role: opts.role ?? saved.role,
    format: opts.format ?? saved.format, rules: opts.rules?.length ? opts.rules : saved.rules,
  };
}

/** Whether to be on a terminal: `--answers FILE` at a terminal asks only what the file leaves unknown. */
function interactiveWanted(opts: AssessOptions): boolean {
  return opts.answers !== '-' && !opts.json && !!process.stdin.isTTY && !!process.stdout.isTTY
    && process.env.CI !== 'true' && process.env.CI !== '1';
}

async function output(decision: Decision, pack: Pack, facts: Facts, opts: AssessOptions): Promise<void> {
  if (opts.json) {
    process.stdout.write(`${jsonText(decisionJson(decision))}\n`);
    return;
  }
  const { renderDecision } = await import('../render/terminal.js');
  const { asInvoked } = await import('../cli/invocation.js');
  process.stdout.write(`${asInvoked(renderDecision(visibleDeep(decision), visibleDeep(pack), visibleDeep(facts), { explain: opts.explain }))}\n`);
}
