// `igcheck join DIR --party FILE`: options only; the work lives in src/sign/membership.ts.
import type { Command } from 'commander';

export function registerJoin(program: Command): void {
  program.command('join <dir>')
    .description('Add a party to a signed agreement between many organisations, as a new schedule version, without re-signing what the others signed')
    .requiredOption('--party <file>', 'a YAML file describing the joining party (id, name, type, role; ods, dspt, contacts, signs_as)')
    .option('--date <date>', 'the date the party joins (YYYY-MM-DD; default today)')
    .option('--key <file>', 'your private key, to sign the addendum as its recorder (default: your key in the igcheck config directory)')
    .option('--signer <name>', 'your full name, as recorder of the addendum')
    .option('--role <role>', 'your role, for example "IG lead"')
    .option('--organisation <name>', 'the organisation you record it for (often the host of the agreement)')
    .option('--passphrase-file <file>', 'the key\'s passphrase (or set IGCHECK_PASSPHRASE)')
    .option('--register <file>', 'the register file (default: $IGCHECK_REGISTER, else the project\'s igcheck-register.jsonl)')
    .option('--rules <dir>', 'add a local rule pack on top of the built-in one (its vocabulary of organisation types; repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--no-config', 'ignore igcheck.config.yaml (its local rule packs)')
    .addHelpText('after', `
The pack must verify. Its manifest.json and every signature over it stay exactly as they are: the
join is an addendum, addenda/v<N>-join-<id>/, holding party.yaml and a manifest.json that names the
SHA-256 of the pack's manifest.json and of the version before it, signed by you. The new party's
signatories then sign that addendum (igcheck sign DIR --party ID --role ROLE): through its digests
they sign the same agreement the others signed. The join is an entry in the decision register, and
igcheck verify checks the whole chain of versions.

A party file:
  id: care-home-oaks
  name: The Oaks Care Home
  ods: VN123
  type: independent_care_provider
  role: joint_controller
  contacts:
    siro: { name: Sam Patel, email: sam.patel@oaks.example }

Examples:
  igcheck join shared-care-record --party oaks.yaml --signer "Ann Lee" --role "IG lead" --organisation "Northfield ICB"
  igcheck sign shared-care-record --party care-home-oaks --role siro --signer "Sam Patel"
  igcheck status shared-care-record`)
    .action(async (dir: string, opts: import('../../sign/membership.js').MemberOptions) => {
      const { runJoin } = await import('../../sign/membership.js');
      process.exitCode = await runJoin(dir, opts);
    });
}
