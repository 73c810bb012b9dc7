// The dpia command's adapter: read the answers, decide, and print or write the DPIA.
import { decideWithDpia } from './decide.js';
import { UsageError } from '../errors.js';
import { MAX_ANSWERS_BYTES, parseAnswers } from '../load/answers.js';
import { resolvePacks } from '../pack/resolve.js';
import { version } from '../version.js';
import { checkRiskIds } from './answers.js';

/** What `igcheck dpia` was asked (its command-line options). */
export interface DpiaOptions {
  answers?: string;
  out?: string;
  format?: string;
  force?: boolean;
  rules?: string[];
  config?: boolean;
  asOf?: string;
  key?: string;
  passphraseFile?: string;
  signer?: string;
  role?: string;
  json?: boolean;
}

export async function runDpia(opts: DpiaOptions): Promise<number> {
  const { checkDate, today } = await import('../load/values.js');
  const asOf = checkDate(opts.asOf, '--as-of') ?? today();
  if (!opts.answers) throw new UsageError('--answers FILE is required', 'Example: igcheck dpia --answers share.yaml --out dpia-pack');
  const pack = await resolvePacks(opts);
  const { readInput } = await import('../cli/io.js');
  const input = await readInput(opts.answers, MAX_ANSWERS_BYTES, 'an answers file');
  const { facts, raw } = await parseAnswers(input.text, input.name, pack.facts);
  checkRiskIds(facts, pack, input.name);
  const decision = decideWithDpia(pack, facts, asOf);
  if (!decision.dpia) throw new UsageError('the active rule packs have no DPIA screening (no definition dpia.required)');
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ dpia: decision.dpia, verdict: decision.verdict, conditions: decision.conditions.map(c => c.id), as_of: decision.as_of, igcheck: { version: version() } }, null, 2)}\n`);
    return 0;
  }
  if (!opts.out) {
    const { makeContext } = await import('../docs/context.js');
    const { buildDpia, RISK_MAP_MARK } = await import('./document.js');
    const md = buildDpia(makeContext(decision, pack, facts, version(), ''));
    const { visibleLines } = await import('../io/term.js');
    // Markdown escapes for its readers, not for a terminal: control characters from the answers shown visibly.
    process.stdout.write(visibleLines(md.replace(RISK_MAP_MARK, '*(The risk map is drawn in the HTML, Word and PDF versions: use --out.)*')));
    return 0;
  }
  const { writeOutputs } = await import('../docs/write.js');
  await writeOutputs({ decision, pack, facts, raw, opts, documents: 'dpia' });
  return 0;
}
