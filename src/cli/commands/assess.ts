// `igcheck assess`: options only; the work lives in src/assess/run.ts and is imported on use.
import { Command, Option } from 'commander';
import type { AssessOptions } from '../../assess/run.js';

export type { AssessOptions };

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerAssess(program: Command): void {
  program.command('assess')
    .description('Decide whether a proposed share is lawful, explain why with citations, and write the documents')
    .option('-a, --answers <file>', 'read the facts from an answers file (YAML or JSON; - for standard input) instead of asking')
    .option('--from-register <file>', 'start from one flow of a data-flow register (CSV, XLSX, YAML, JSON Lines), read as `audit` reads it; with --row')
    .option('--row <n>', 'with --from-register: the row number, as the spreadsheet numbers it (headings in row 1)')
    .option('--map <file>', 'with --from-register: YAML mapping of your column headings to facts, as for `audit --map`')
    .option('--json', 'print the decision as JSON (the contract in spec/decision.md)')
    .option('--explain', 'show how every rule was evaluated, fact by fact')
    .option('--rules <dir>', 'add a local rule pack on top of the built-in one (repeatable)', collect)
    .option('--no-config', 'ignore igcheck.config.yaml (its local rule packs)')
    .addOption(new Option('--as-of <date>', 'decide under the law in force on this date (YYYY-MM-DD; default today)'))
    .option('-o, --out <dir>', 'write the DSA draft (or, for a one-off disclosure, the decision record), rationale report, decision and answers, signed, into this new directory (auto: <title>-<date>)')
    .option('--format <list>', 'output formats for --out: md,html,docx,pdf,json,yaml (default all)')
    .option('--force', 'with --out: replace an existing output directory')
    .option('--draft', 'with --out: write the documents even when answers contradict each other, marked as drafts without an approval section')
    .option('--resume <file>', 'continue an interrupted questionnaire from its saved session file')
    .option('--key <file>', 'with --out: the signing key (default: your key in the config directory, created if absent)')
    .option('--passphrase-file <file>', 'with --out: read the signing key\'s passphrase from this file (or set IGCHECK_PASSPHRASE)')
    .option('--signer <name>', 'with --out: the signer\'s name for the manifest')
    .option('--role <role>', 'with --out: the signer\'s role (for example "IG lead")')
    .option('--organisation <name>', 'with --out: the signer\'s organisation (default: the discloser)')
    .option('--party <id>', 'with --out, for an agreement between many parties: the party the signer prepares it for (its id, name or ODS code); its name is the signer\'s organisation')
    .option('--register <file>', 'with --out: the decision register to record in (default: $IGCHECK_REGISTER, else the project\'s igcheck-register.jsonl, found as igcheck.config.yaml is)')
    .option('--no-register', 'with --out: do not record the assessment in the decision register')
    .addHelpText('after', `
Examples:
  igcheck assess                                   answer the questions in a terminal
  igcheck assess --answers share.yaml              decide from a file; exit 0 lawful, 1 otherwise
  igcheck assess --answers share.yaml --json       the decision as JSON, for scripts
  igcheck assess --answers - --json < share.json   the answers on standard input
  igcheck assess --from-register flows.xlsx --row 7  the questionnaire, pre-filled from row 7 (decided at once with --json)
  igcheck assess --answers share.yaml --out board-pack
                                                   write and sign the DSA draft and rationale report
  igcheck assess --answers examples/shared-care-record.yaml --out scr-pack
                                                   many parties (parties:, flows:): a decision per party,
                                                   the matrix, the agreement, reports and DPIA

The answers vocabulary is listed by \`igcheck rules facts\`; an unknown key or value is an error.`)
    .action(async (opts: AssessOptions) => {
      const { runAssess } = await import('../../assess/run.js');
      process.exitCode = await runAssess(opts);
    });
}
