// `igcheck rules`: see, test and document the active rule packs. Options only; the work is in src/rules/run.ts.
import type { Command } from 'commander';

interface Common { scenarios?: string[]; rules?: string[]; config?: boolean; json?: boolean; out?: string; asOf?: string; answers?: boolean }

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Every subcommand sees the same packs as `assess`: igcheck.config.yaml, then each --rules DIR. */
function packOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'add a local rule pack on top of the built-in one (repeatable)', collect)
    .option('--no-config', 'ignore igcheck.config.yaml');
}

const run = (fn: (m: typeof import('../../rules/run.js')) => Promise<number>) => async () => {
  process.exitCode = await fn(await import('../../rules/run.js'));
};

export function registerRules(program: Command): void {
  const rules = program.command('rules')
    .description('List, explain, validate, document and test the rule packs')
    .addHelpText('after', `
Examples:
  igcheck rules list                          every basis, condition, route and principle, with its citation
  igcheck rules show uk-gdpr-art6-1e          one rule: provision, condition in words, source
  igcheck rules show dpia --scenarios scenarios   ... with the scenarios that use it
  igcheck rules validate local-rules          check a local pack on top of the built-in one (exit 2 on problems)
  igcheck rules test scenarios                run scenario files, with a coverage summary
  igcheck rules docs --out docs/rules.md      the Markdown rule reference
  igcheck rules facts                         the answers vocabulary
  igcheck rules schema --out schemas          JSON Schemas for editors`);

  packOptions(rules.command('list').description('List the rules: id, layer, title, citation'))
    .option('--json', 'print them as JSON')
    .action(async (o: Common) => run(m => m.runList(o))());

  packOptions(rules.command('show').argument('<id>', 'a rule id (see `igcheck rules list`)').description('Show one rule in full'))
    .option('--json', 'print it as JSON')
    .option('--scenarios <path>', 'list the scenarios (files or directories) whose decision uses the rule, as examples (repeatable)', collect)
    .action(async (id: string, o: Common) => run(m => m.runShow(id, o))());

  packOptions(rules.command('validate').argument('[dirs...]', 'local pack directories (default: the configured ones)')
    .description('Check local packs on top of the built-in one; every problem with file:line:col, exit 2 if any'))
    .action(async (dirs: string[], o: Common) => run(m => m.runValidate(dirs, o))());

  packOptions(rules.command('docs').description('Write the Markdown reference of every rule in the active packs'))
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (o: Common) => run(m => m.runDocs(o))());

  packOptions(rules.command('test').argument('[targets...]', 'scenario files or directories of them (default: the tests/ directory of each local pack)')
    .description('Run scenario files against the active packs: ok/FAIL per file, a summary, and rule coverage'))
    .option('--as-of <date>', 'decide under the law in force on this date (YYYY-MM-DD; default today, or a scenario\'s as_of)')
    .action(async (targets: string[], o: Common) => run(m => m.runTest(targets, o))());

  packOptions(rules.command('facts').description('List the answers vocabulary: every fact, its values and meaning'))
    .option('--json', 'print it as JSON')
    .action(async (o: Common) => run(m => m.runFacts(o))());

  packOptions(rules.command('schema').description('Print or write the JSON Schemas for rule packs and answers files (for editors)'))
    .option('--answers', 'print the answers schema instead of the rule-pack schema')
    .option('-o, --out <dir>', `write both schema files into this directory`)
    .action(async (o: Common) => run(m => m.runSchema(o))());
}
