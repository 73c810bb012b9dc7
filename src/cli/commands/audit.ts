// `igcheck audit`: options only; the work lives in src/audit/run.ts and is imported on use.
import type { Command } from 'commander';
import type { AuditOptions } from '../../audit/run.js';

export type { AuditOptions };

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerAudit(program: Command): void {
  program.command('audit')
    .description('Decide every flow in a data-flow register (CSV, Excel, YAML, JSON or JSON Lines) and summarise')
    .argument('[file]', 'the register: .csv, .xlsx, .yaml/.yml, .json or .jsonl, one flow per row')
    .option('--map <file>', 'YAML mapping of your column headings to facts (heading: fact, ref or ignore)')
    .option('--rules <dir>', 'add a local rule pack on top of the built-in one (repeatable)', collect)
    .option('--no-config', 'ignore igcheck.config.yaml (its local rule packs)')
    .option('--as-of <date>', 'decide under the law in force on this date (YYYY-MM-DD; default today)')
    .option('-o, --out <dir>', 'write summary.json, results.csv, results.json, report.md and report.html here')
    .option('--force', 'with --out: write into a directory that already holds files')
    .option('--json', 'print the summary as JSON on standard output')
    .option('--template', 'write an empty register with the expected headings (CSV and XLSX) into --out or the current directory')
    .addHelpText('after', `
Examples:
  igcheck audit --template                        register-template.csv and .xlsx, ready to fill in
  igcheck audit flows.xlsx                        the summary; exit 1 if any flow is not lawful
  igcheck audit flows.csv --out audit-2026        per-flow results and a report
  igcheck audit ropa.csv --map our-headings.yaml  your own column headings

A row with a problem (an unknown value, a bad date, a formula) is reported by row and column and
not decided; every other row is. Exit codes: 0 no flow is not lawful, 1 some flow is not lawful,
2 the register cannot be used (unreadable file, misspelt or duplicate headings).`)
    .action(async (file: string | undefined, opts: AuditOptions) => {
      const { runAudit } = await import('../../audit/run.js');
      process.exitCode = await runAudit(file, opts);
    });
}
