// `igcheck sign DIR`: options only; the work lives in src/sign/run.ts and is imported on use.
import type { Command } from 'commander';

export function registerSign(program: Command): void {
  program.command('sign <dir>')
    .description('Countersign an output directory (the other party, or each party\'s signatories in an agreement between many): adds signatures/NAME.sig, NAME.pub.pem and NAME.signer.json')
    .option('--key <file>', 'your private key (default: your key in the igcheck config directory)')
    .option('--signer <name>', 'your full name (it names the signature files; a key signs under one name only)')
    .option('--role <role>', 'your role, for example "Caldicott Guardian" or "SIRO" (siro, caldicott_guardian, dpo, ig_lead)')
    .option('--organisation <name>', 'the organisation you sign for (in an agreement between many: a party\'s name, id or ODS code)')
    .option('--party <id>', 'in an agreement between many organisations: the party you sign for (instead of --organisation)')
    .option('--passphrase-file <file>', 'the key\'s passphrase (or set IGCHECK_PASSPHRASE)')
    .option('--force', 'replace an existing signature with the same name')
    .addHelpText('after', `
The directory must verify first: nobody countersigns documents that have changed since they were signed.
Your name, role and organisation go into signatures/NAME.signer.json, signed with your key; igcheck verify
shows them. One key is one person: a key that first signed as one name is refused under another.

In an agreement between many organisations (answers with parties:), you sign for one party in one of
the roles it signs as (by default a controller as SIRO, Caldicott Guardian (a health or care body)
and DPO, a processor as SIRO; signs_as: in the roster changes that). One person may sign for two roles or two parties (a DPO
shared by several practices). A party that joined later signs its join addendum; igcheck finds it.
igcheck status DIR shows who is still to sign.

Examples:
  igcheck sign board-pack --signer "Dr Helen Marsh" --role "Caldicott Guardian" --organisation "Northfield Hospitals NHS Foundation Trust"
  igcheck sign shared-care-record --party gp-riverside --role dpo --signer "Priya Shah"`)
    .action(async (dir: string, opts: import('../../sign/run.js').SignOptions) => {
      const { runSign } = await import('../../sign/run.js');
      process.exitCode = await runSign(dir, opts);
    });
}
