// The entry point: builds the command tree, runs it, and turns typed errors into exit codes.
// Exit codes: 0 lawful (or ok), 1 a finding (not lawful, needs review, incomplete, failed check),
// 2 usage error, invalid input or rule pack, or an internal error.
import { Command, CommanderError } from 'commander';
import { CheckFailed, EnvironmentError, InputError, UsageError, formatProblem } from '../errors.js';
import { fsError, isFsError } from '../io/write.js';
import { version } from '../version.js';
import { asInvoked } from './invocation.js';
import { registerAssess } from './commands/assess.js';
import { registerCommands } from './commands/index.js';
import { visible, visibleDeep, visibleLines } from '../io/term.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('igcheck')
    .description('Is this share of personal data lawful? Cited decisions and signed data sharing agreements for health and social care in England (UK GDPR, DPA 2018, common law confidentiality, s251, the national data opt-out and the Caldicott principles, as amended by the Data (Use and Access) Act 2025).')
    .version(version(), '-v, --version', 'print the version')
    .option('--no-color', 'plain output, without colour (as NO_COLOR=1 does)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // Help and commander's messages name the command as the user started it (`npx igcheck …` under npx).
    .configureOutput({ writeErr: s => process.stderr.write(asInvoked(visibleLines(s))), writeOut: s => process.stdout.write(asInvoked(visibleLines(s))) })
    .addHelpText('after', () => asInvoked(`
Exit codes:
  0  lawful (or lawful with conditions); a check passed
  1  not lawful, needs review or incomplete (audit: any flow not lawful); a check failed
  2  usage error, invalid answers or rule pack

Start here:
  igcheck assess                         the questionnaire, in a terminal
  igcheck assess --answers share.yaml    the same from an answers file
  igcheck rules list                     the rules and the law each cites

Not legal advice: a decision aid whose every conclusion cites its provision.`));

  registerAssess(program);
  registerCommands(program);

  try {
    // -V, the old spelling of --version, still works on its own.
    // --no-color works anywhere on the line (style.ts has read it); commander sees it only up front.
    const args = argv.filter(a => a !== '--no-color');
    await program.parseAsync(args.length === 1 && args[0] === '-V' ? ['--version'] : args, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    return report(e);
  }
}

const VERBS: Record<string, string> = {
  open: 'open', read: 'read', write: 'write', mkdir: 'create the folder', rename: 'write', scandir: 'read the folder',
  stat: 'read', lstat: 'read', unlink: 'remove', rmdir: 'remove', fsync: 'write', link: 'write', copyfile: 'copy',
};

/** One line: what could not be done to which path, why, and what to do. */
function environment(e: EnvironmentError): number {
  process.stderr.write(`igcheck: ${visible(e.message)}; ${visible(e.hint)}.\n`);
  return 2;
}

function report(e: unknown): number {
  // Hints name the command the way the user started it (`npx igcheck …` under npx).
  const stderr = { write: (s: string) => process.stderr.write(asInvoked(s)) };
  if (e instanceof CommanderError) {
    // Help and version are not errors; commander has printed them already.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2;
  }
  if (e instanceof InputError) {
    stderr.write(visibleLines(`igcheck: ${e.title}\n${e.problems.slice(0, 50).map(p => `  ${formatProblem(visibleDeep(p))}`).join('\n')}\n`));
    if (e.problems.length > 50) stderr.write(`  … and ${e.problems.length - 50} more\n`);
    if (e.hint) stderr.write(`${visibleLines(e.hint)}\n`);
    return 2;
  }
  if (e instanceof UsageError) {
    stderr.write(visibleLines(`igcheck: ${e.message}\n${e.hint ? `${e.hint}\n` : ''}`));
    return 2;
  }
  if (e instanceof CheckFailed) {
    stderr.write(visibleLines(`igcheck: ${e.message}\n${e.details.map(d => `  ${visible(d)}`).join('\n')}${e.details.length ? '\n' : ''}`));
    return 1;
  }
  if (e instanceof EnvironmentError) return environment(e);
  const err = e as NodeJS.ErrnoException;
  // A file-system error no command caught: still one line naming the path and what to do.
  if (isFsError(err)) return environment(fsError(err, err.path ?? (err as { dest?: string }).dest ?? 'a file', VERBS[err.syscall ?? ''] ?? 'use'));
  if ((err as Error)?.name === 'ExitPromptError') { return 130; }
  stderr.write(`igcheck: internal error: ${visibleLines((err as Error)?.message ?? String(e))}\n`);
  if (process.env.IGCHECK_DEBUG) stderr.write(`${(err as Error)?.stack}\n`);
  else stderr.write('Please report it, with IGCHECK_DEBUG=1 set for the details.\n');
  return 2;
}
