// `igcheck leave DIR --party ID`: options only; the work lives in src/sign/membership.ts.
import type { Command } from 'commander';

export function registerLeave(program: Command): void {
  program.command('leave <dir>')
    .description('Record that a party withdraws from a signed agreement between many organisations, as a new schedule version')
    .requiredOption('--party <id>', 'the id of the party that leaves (igcheck status DIR lists them)')
    .option('--reason <text>', 'why it leaves, for the record (for example "practice merged into Riverside PCN")')
    .option('--date <date>', 'the date it leaves (YYYY-MM-DD; default today)')
    .option('--key <file>', 'your private key, to sign the addendum as its recorder')
    .option('--signer <name>', 'your full name, as recorder of the addendum')
    .option('--role <role>', 'your role, for example "IG lead"')
    .option('--organisation <name>', 'the organisation you record it for')
    .option('--passphrase-file <file>', 'the key\'s passphrase (or set IGCHECK_PASSPHRASE)')
    .option('--register <file>', 'the register file (default: $IGCHECK_REGISTER, else the project\'s igcheck-register.jsonl)')
    .addHelpText('after', `
The pack must verify. The withdrawal is an addendum, addenda/v<N>-leave-<id>/, chained to the versions
before it and signed by you; nothing already signed changes, and the party's signatures stay in the
record. From then on the agreement is complete when the remaining parties have signed, and
igcheck review lists the flows that named the party. The withdrawal is an entry in the decision register.

Examples:
  igcheck leave shared-care-record --party gp-hillside --reason "practice closed" --date 2027-03-31
  igcheck status shared-care-record`)
    .action(async (dir: string, opts: import('../../sign/membership.js').MemberOptions) => {
      const { runLeave } = await import('../../sign/membership.js');
      process.exitCode = await runLeave(dir, opts);
    });
}
