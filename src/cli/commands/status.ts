// `igcheck status DIR`: options only; the work lives in src/sign/status.ts and is imported on use.
import type { Command } from 'commander';

export function registerStatus(program: Command): void {
  program.command('status <dir>')
    .description('Who has signed a signed pack and who is still to sign, per party and role')
    .option('--json', 'print the status as JSON')
    .option('--register <file>', 'check joins and leaves against this decision register (default: the project\'s, when it records this agreement)')
    .addHelpText('after', `
For an agreement between many organisations (answers with parties:), each party's signatories sign
in the roles it signs as: by default a controller or joint controller as SIRO, Caldicott Guardian
(a health or care body) and Data Protection Officer, a processor as SIRO (signs_as: changes that).
Parties that joined later (igcheck join) sign their join addendum; parties that left (igcheck
leave) are shown but no longer needed. A pack without parties: is between two organisations: complete once signed.

The pack is verified first: a changed file or a bad signature is reported, never counted.

Exit codes:
  0  complete: every current party has signed in every required role
  1  signatures outstanding (or the pack does not verify)
  2  usage error

Examples:
  igcheck status shared-care-record            who has signed and who is outstanding
  igcheck status shared-care-record --json     the same for scripts
  igcheck status scr && echo "all signed"      in a script: exit 0 only when complete`)
    .action(async (dir: string, opts: import('../../sign/status.js').StatusOptions) => {
      const { runStatus } = await import('../../sign/status.js');
      process.exitCode = runStatus(dir, opts);
    });
}
