// `igcheck keygen`: options only; the work lives in src/sign/run.ts and is imported on use.
import type { Command } from 'commander';

export function registerKeygen(program: Command): void {
  program.command('keygen')
    .description('Make an Ed25519 key pair for signing assessments (private key mode 0600)')
    .option('--out <file>', 'where to write the private key (default: signing-key.pem in your igcheck config directory)')
    .option('--passphrase-file <file>', 'encrypt the private key with the passphrase on this file\'s first line (or set IGCHECK_PASSPHRASE)')
    .option('--passphrase', 'ask for a passphrase at the terminal and encrypt the private key with it')
    .option('--force', 'replace an existing key')
    .addHelpText('after', `
The config directory is $IGCHECK_CONFIG_DIR, else $XDG_CONFIG_HOME/igcheck, else ~/.config/igcheck.
Prints the new key's fingerprint; the public key is written beside it as *.pub.pem.`)
    .action(async (opts: import('../../sign/run.js').KeygenOptions) => {
      const { runKeygen } = await import('../../sign/run.js');
      process.exitCode = await runKeygen(opts);
    });
}
