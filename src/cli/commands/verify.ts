// `igcheck verify DIR`: options only; the work lives in src/sign/run.ts and is imported on use.
import type { Command } from 'commander';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerVerify(program: Command): void {
  program.command('verify <dir>')
    .description('Check every file hash and every signature of an output directory; exit 1 on any change')
    .option('--trust <pubkey>', 'require a valid signature by this public key (PEM; repeatable)', collect)
    .option('--json', 'print the result as JSON')
    .option('--register <file>', 'check joins and leaves against this decision register (default: the project\'s, when it records this agreement)')
    .addHelpText('after', `
Fails closed: a missing manifest, no signature, an unknown algorithm, a changed, missing or extra
file is a failure. An agreement between many organisations (answers with parties:) verifies only when
every current party has signed in every required role: with every signature good but some still to
come it says INCOMPLETE and exits 1 (igcheck status DIR lists them). Addenda (parties that joined or
left, addenda/) are verified too, each chained to the version before it.

Exit codes: 0 verified (and complete); 1 verification failed, or the agreement is incomplete; 2 usage error.

Without igcheck:
  openssl pkeyutl -verify -pubin -inkey signatures/NAME.pub.pem -rawin -in manifest.json -sigfile signatures/NAME.sig
  sha256sum FILE   (compare with manifest.json)
  an addendum the same way, inside addenda/v<N>-.../ (its manifest.json names the SHA-256 of the one before)`)
    .action(async (dir: string, opts: import('../../sign/run.js').VerifyOptions) => {
      const { runVerify } = await import('../../sign/run.js');
      process.exitCode = runVerify(dir, opts);
    });
}
