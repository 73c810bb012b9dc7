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
  igcheck register close-condition R-0003 dpia --evidence "DPIA v2 signed off by the SIRO, 2026-12-01"
  igcheck register export --ropa --out records  the record of processing (Art 30 and DSPT columns), CSV and XLSX
  igcheck register publish public-register      a web page (and CSV) of what the organisation shares`);

  reg.command('export')
    .description('Export the register as a record of processing (Art 30, with the DSPT asset register columns), CSV and XLSX')
    .option('--ropa', 'the record of processing: one row per agreement or decision record in force')
    .option('-o, --out <dir>', 'the folder to write record-of-processing.csv and .xlsx into (default: here)')
    .option('--force', 'replace files already there')
    .option('--register <file>', REGISTER_HELP)
    .option('--rules <dir>', 'add a local rule pack on top of the built-in one (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--no-config', 'ignore igcheck.config.yaml (its rule packs and organisation)')
    .addHelpText('after', `
Each row gives the controller and its contacts (igcheck.config.yaml's organisation section),
purpose, individuals, data, recipients, the basis for each layer of the law, opt-out position,
transfers, retention, security measures, DPIA, agreement, start, end and review dates.`)
    .action(async (opts: { ropa?: boolean; out?: string; force?: boolean; register?: string; rules?: string[]; config?: boolean }) => {
      const { runExport } = await import('../../register/export.js');
      process.exitCode = await runExport(opts);
    });

  reg.command('publish')
    .description('Write a public, accessible web page (and CSV) of the sharing agreements in force')
    .argument('<dir>', 'the folder for index.html and sharing-register.csv')
    .option('--force', 'replace files already there')
    .option('--register <file>', REGISTER_HELP)
    .option('--rules <dir>', 'add a local rule pack on top of the built-in one (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--no-config', 'ignore igcheck.config.yaml (its rule packs and organisation)')
    .addHelpText('after', `
Lists routine sharing whose assessment cleared it: purpose in plain words, recipient, information
shared, legal basis in words, national data opt-out position, start and review dates, and how to
object (organisation.objections in igcheck.config.yaml). Never security details, anyone's e-mail
address, or one-off disclosures about individuals.`)
    .action(async (dir: string, opts: { force?: boolean; register?: string; rules?: string[]; config?: boolean }) => {
      const { runPublish } = await import('../../register/export.js');
      process.exitCode = await runPublish(dir, opts);
    });

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
