// `igcheck dpia`: the data protection impact assessment alone. Options only; the work lives in
// src/dpia/run.ts and is imported on use.
import type { Command } from 'commander';
import type { DpiaOptions } from '../../dpia/run.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];


export function registerDpia(program: Command): void {
  program.command('dpia')
    .description('Draft the data protection impact assessment: screening, risks with a 5x5 map, action plan and sign-off')
    .requiredOption('-a, --answers <file>', 'the answers file (YAML or JSON; - for standard input); its optional `dpia:` section holds what only people can write')
    .option('-o, --out <dir>', 'write dpia.md, .html, .docx, .pdf, the risk map and the action plan (CSV), signed, into this new directory')
    .option('--format <list>', 'formats for --out: md,html,docx,pdf,json,yaml (default all)')
    .option('--force', 'with --out: replace an existing output directory')
    .option('--rules <dir>', 'add a local rule pack on top of the built-in one (repeatable)', collect)
    .option('--no-config', 'ignore igcheck.config.yaml (its local rule packs)')
    .option('--as-of <date>', 'screen under the law in force on this date (YYYY-MM-DD; default today)')
    .option('--json', 'print the screening and the risks as JSON instead of the document')
    .option('--key <file>', 'with --out: the signing key (default: your key in the config directory)')
    .option('--passphrase-file <file>', 'with --out: read the signing key\'s passphrase from this file (or set IGCHECK_PASSPHRASE)')
    .option('--signer <name>', 'with --out: the signer\'s name for the manifest')
    .option('--role <role>', 'with --out: the signer\'s role (for example "DPO")')
    .addHelpText('after', `
Without --out the DPIA is printed as Markdown. \`igcheck assess --out\` adds the same DPIA to its
signed pack whenever the screening says a DPIA is required or likely.

The answers file's \`dpia:\` section (all optional):
  need, necessity, consultation, security, review_triggers   text only a person can write
  register_updated: true | false                             IAR and record of processing updated
  status: draft | in_review | approved      review_date: YYYY-MM-DD
  author, reviewer, approver: {name, role, date}
  dpo: {name, advice, response: accepted | overruled, reason, date}
  ico_consultation: {submitted, reference, advice_received, advice}
  scores: {RISK-ID: {inherent: {likelihood, impact, reason}, residual: {...}}}
  actions: [{risk, measure, action, owner, due, status: open | in_progress | done, approver}]

Exit codes: 0 the DPIA was drafted; 2 usage or input error.

Examples:
  igcheck dpia --answers share.yaml                   print the DPIA
  igcheck dpia --answers share.yaml --out dpia-pack   write and sign it in every format
  igcheck dpia --answers share.yaml --json            the screening and risk scores, for scripts`)
    .action(async (opts: DpiaOptions) => {
      const { runDpia } = await import('../../dpia/run.js');
      process.exitCode = await runDpia(opts);
    });
}
