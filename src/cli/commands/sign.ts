// `igcheck sign DIR`: options only; the work lives in src/sign/run.ts and is imported on use.
import type { Command } from 'commander';

export function registerSign(program: Command): void {
  program.command('sign <dir>')
    .description('Countersign an output directory (the other party): adds signatures/NAME.sig, NAME.pub.pem and NAME.signer.json')
    .option('--key <file>', 'your private key (default: your key in the igcheck config directory)')
    .option('--signer <name>', 'your full name (it names the signature files; a key signs under one name only)')
    .option('--role <role>', 'your role, for example "Caldicott Guardian" or "SIRO"')
    .option('--organisation <name>', 'the organisation you sign for')
    .option('--passphrase-file <file>', 'the key\'s passphrase (or set IGCHECK_PASSPHRASE)')
    .option('--force', 'replace an existing signature with the same name')
    .addHelpText('after', `
The directory must verify first: nobody countersigns documents that have changed since they were signed.
Your name, role and organisation go into signatures/NAME.signer.json, signed with your key; igcheck verify
shows them. One key is one person: a key that first signed as one name is refused under another.

Example:
  igcheck sign board-pack --signer "Dr Helen Marsh" --role "Caldicott Guardian" --organisation "Northfield Hospitals NHS Foundation Trust"`)
    .action(async (dir: string, opts: import('../../sign/run.js').SignOptions) => {
      const { runSign } = await import('../../sign/run.js');
      process.exitCode = await runSign(dir, opts);
    });
}
