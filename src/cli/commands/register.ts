// `igcheck register`: list, show and verify the decision register, and record conditions met.
// Options only; the work lives in src/register/run.ts and is imported on use.
import type { Command } from 'commander';

const REGISTER_HELP = 'the register file (default: $IGCHECK_REGISTER, else the project\'s igcheck-register.jsonl: the nearest one here or above, or beside igcheck.config.yaml)';

export function registerRegister(program: Command): void {
  const reg = program.command('register')
    .description('The decision register: every assessment written with --out, hash-chained and append-only')
    .addHelpText('after', `
Examples:
  igcheck register list                       every entry, with review dates and open conditions
  igcheck register show R-0003                one entry in full
  igcheck register verify                     exit 1 and name the entry if one was edited, deleted or moved
  igcheck register close-condition R-0003 dpia --evidence "DPIA v2 signed off by the SIRO, 2026-12-01"`);

  reg.command('list')
    .description('List every entry of the register')
    .option('--register <file>', REGISTER_HELP)
    .option('--json', 'print the entries as JSON')
    .action(async (opts: { register?: string; json?: boolean }) => {
      const { runList } = await import('../../register/run.js');
      process.exitCode = runList(opts);
    });

  reg.command('show')
    .description('Show one entry in full, with the state of its conditions')
    .argument('<id>', 'the entry id, such as R-0003 (or just 3)')
    .option('--register <file>', REGISTER_HELP)
    .option('--json', 'print the entry as JSON')
    .action(async (id: string, opts: { register?: string; json?: boolean }) => {
      const { runShow } = await import('../../register/run.js');
      process.exitCode = runShow(id, opts);
    });

  reg.command('verify')
    .description('Check the hash chain: exit 0 when intact, 1 naming the first edited, deleted or reordered entry')
    .option('--register <file>', REGISTER_HELP)
    .option('--head <hash>', 'a head hash recorded earlier: it must still be in the chain (catches entries removed from the end)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { register?: string; head?: string; json?: boolean }) => {
      const { runVerify } = await import('../../register/run.js');
      process.exitCode = runVerify(opts);
    });

  reg.command('close-condition')
    .description('Record that a condition of an assessment has been met, with the evidence')
    .argument('<id>', 'the assessment, such as R-0003')
    .argument('<condition>', 'the condition id, such as dpia')
    .requiredOption('--evidence <text>', 'how it was met: a document, reference or date')
    .option('--by <name>', 'who records it (default: your user name)')
    .option('--register <file>', REGISTER_HELP)
    .option('--json', 'print the new entry as JSON')
    .action(async (id: string, condition: string, opts: { evidence: string; by?: string; register?: string; json?: boolean }) => {
      const { runClose } = await import('../../register/run.js');
      process.exitCode = await runClose(id, condition, opts);
    });
}
