// `igcheck sign DIR`: options only; the work lives in src/sign/run.ts and is imported on use.
import type { Command } from 'commander';

export function registerSign(program: Command): void {
  program.command('sign <dir>')
    .description('Countersign an output directory (the other party): adds signatures/NAME.sig and NAME.pub.pem')
    .option('--key <file>', 'your private key (default: your key in the igcheck config directory)')
    .option('--signer <name>', 'your name, which names the signature files')
    .option('--passphrase-file <file>', 'the key\'s passphrase (or set IGCHECK_PASSPHRASE)')
    .option('--force', 'replace an existing signature with the same name')
    .addHelpText('after', `
The directory must verify first: nobody countersigns documents that have changed since they were signed.`)
    .action(async (dir: string, opts: import('../../sign/run.js').SignOptions) => {
      const { runSign } = await import('../../sign/run.js');
      process.exitCode = await runSign(dir, opts);
    });
}
