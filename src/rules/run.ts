// The `igcheck rules` adapters: load the active packs, call the pure views, print or write.
import { shownPath } from '../paths.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { makeDir, writeFile } from '../io/write.js';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Decision, Pack } from '../core/types.js';
import { builtinDir } from '../pack/active.js';
import { localPackDirs } from '../pack/config.js';
import { resolvePacks, type PackOptions } from '../pack/resolve.js';
import { suggest } from '../load/suggest.js';
import { checkDate, today } from '../load/values.js';
import { style } from '../cli/style.js';
import { catalogue } from './catalogue.js';
import { visible, visibleDeep, jsonText } from '../io/term.js';

export type { PackOptions };

const print = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

// `igcheck rules list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') process.stderr.write(`igcheck: cannot write the output: ${e.message}\n`);
  process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
});

/** Write a file whole or not at all. */
function writeAtomic(file: string, text: string): void {
  makeDir(dirname(resolve(file)));
  writeFile(file, text);
}

export async function runList(opts: PackOptions & { json?: boolean }): Promise<number> {
  const pack = await resolvePacks(opts);
  const entries = catalogue(pack);
  const { listJsonWithOverrides, renderList } = await import('./render.js');
  print(opts.json ? jsonText(listJsonWithOverrides(entries, pack)) : renderList(visibleDeep(entries), process.stdout.isTTY ? process.stdout.columns : undefined, visibleDeep(pack)));
  return 0;
}

export async function runShow(id: string, opts: PackOptions & { json?: boolean; scenarios?: string[] }): Promise<number> {
  const pack = await resolvePacks(opts);
  const entries = catalogue(pack);
  const hits = entries.filter(e => e.id === id);
  if (!hits.length) {
    const s = suggest(id, entries.map(e => e.id));
    throw new UsageError(`no rule \`${id}\` in the active packs${s ? `; did you mean \`${s}\`?` : ''}`, 'List them with: igcheck rules list');
  }
  if (opts.json) { print(jsonText(hits)); return 0; }
  const { renderRule } = await import('./render.js');
  const builtin = new Set(pack.sources.filter(s => s.builtin).map(s => s.name));
  print(hits.map(e => {
    // The built-in pack may come from a cache built elsewhere: point at the installed file.
    const file = e.source && (builtin.has(e.pack) ? join(builtinDir(), basename(e.source.file)) : resolve(e.source.file));
    const shown = file && `${shownPath(file)}:${e.source!.line}`;
    return renderRule(visibleDeep(e), visibleDeep(pack), shown && visible(shown));
  }).join('\n\n'));
  if (opts.scenarios?.length) print(`\n${await examples(id, opts.scenarios, pack)}`);
  return 0;
}

/** The scenarios whose decision uses a rule: its worked examples. */
async function examples(id: string, targets: string[], pack: Pack): Promise<string> {
  const { runScenarioFile } = await import('./scenario-file.js');
  const uses = (d: Decision) => d.bases.some(b => b.id === id) || d.layers.some(l => l.chosen.includes(id))
    || d.conditions.some(c => c.id === id) || d.routes.some(r => r.id === id);
  const hits = scenarioFiles(targets).map(f => runScenarioFile(f, pack, today())).filter(r => r.decision && uses(r.decision));
  if (!hits.length) return style.warn('Examples: no scenario uses this rule.');
  return [style.bold(`Examples (${hits.length} scenario${hits.length > 1 ? 's' : ''} use it)`),
    ...hits.map(r => `  ${r.decision!.verdict.padEnd(22)} ${r.title ?? ''} ${style.dim(r.name)}`)].join('\n');
}

export async function runFacts(opts: PackOptions & { json?: boolean }): Promise<number> {
  const pack = await resolvePacks(opts);
  if (opts.json) { print(jsonText(pack.facts.map(({ source: _s, ...f }) => f))); return 0; }
  const { renderFacts } = await import('./render.js');
  print(renderFacts(visibleDeep(pack.facts)));
  return 0;
}

/** Validate packs on top of the built-in one; every problem, or one line of summary. */
export async function runValidate(dirs: string[], opts: PackOptions): Promise<number> {
  const { loadPacks, readPackDir } = await import('../load/load-pack.js');
  const locals = dirs.length ? dirs : await localPackDirs(opts.rules ?? [], { config: opts.config });
  const same = (a: string, b: string) => resolve(a) === resolve(b);
  const pack = loadPacks([readPackDir(builtinDir(), true), ...locals.filter(d => !same(d, builtinDir())).map(d => readPackDir(d))]);
  const n = (k: keyof Pack) => (pack[k] as unknown[]).length;
  print(`${style.good('ok')}: ${pack.sources.map(s => visible(`${s.name} ${s.version}`)).join(' + ')} valid (${n('bases')} bases, ${n('conditions')} conditions, ${n('routes')} routes, ${n('facts')} facts${pack.overrides.length ? `, ${pack.overrides.length} override${pack.overrides.length > 1 ? 's' : ''}` : ''})`);
  return 0;
}

export async function runDocs(opts: PackOptions & { out?: string }): Promise<number> {
  const { rulesMarkdown } = await import('./docs.js');
  const md = rulesMarkdown(await resolvePacks(opts));
  if (opts.out) { writeAtomic(opts.out, md); process.stderr.write(`wrote ${opts.out}\n`); } else process.stdout.write(md);
  return 0;
}

export async function runSchema(opts: PackOptions & { out?: string; answers?: boolean }): Promise<number> {
  const { SCHEMA_FILES, answersSchemaText, packSchemaText } = await import('./schemas.js');
  const pack = await resolvePacks(opts);
  const label = pack.sources.map(s => `${s.name} ${s.version}`).join(' + ');
  if (!opts.out) { process.stdout.write(opts.answers ? answersSchemaText(pack.facts, label) : packSchemaText()); return 0; }
  writeAtomic(join(opts.out, SCHEMA_FILES.pack), packSchemaText());
  writeAtomic(join(opts.out, SCHEMA_FILES.answers), answersSchemaText(pack.facts, label));
  process.stderr.write(`wrote ${join(opts.out, SCHEMA_FILES.pack)} and ${join(opts.out, SCHEMA_FILES.answers)}\n`);
  return 0;
}

/** Scenario files named directly, or every .yaml/.yml in a named directory (sorted). */
function scenarioFiles(targets: string[]): string[] {
  return targets.flatMap(t => {
    let st;
    try { st = statSync(t); } catch { throw new UsageError(`no such scenario file or directory: ${t}`); }
    if (!st.isDirectory()) return [t];
    const files = readdirSync(t).filter(f => /\.ya?ml$/.test(f)).sort().map(f => join(t, f));
    if (!files.length) throw new UsageError(`no scenario files (.yaml) in ${t}`);
    return files;
  });
}

export async function runTest(targets: string[], opts: PackOptions & { asOf?: string }): Promise<number> {
  if (!targets.length) {
    // As with `opa test`, a pack's tests live beside it: the `tests/` directory of each local pack.
    const dirs = (await localPackDirs(opts.rules ?? [], { config: opts.config })).map(d => join(d, 'tests')).filter(d => existsSync(d));
    if (!dirs.length) throw new UsageError('name scenario files or directories to run (no local pack has a tests/ directory)', 'Example: igcheck rules test scenarios/');
    targets = dirs;
  }
  const files = scenarioFiles(targets);
  const pack = await resolvePacks(opts);
  const { runScenarioFile } = await import('./scenario-file.js');
  const { coverage } = await import('./scenario-check.js');
  const asOf = checkDate(opts.asOf, '--as-of') ?? today();

  const decisions: Decision[] = [];
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const run = runScenarioFile(file, pack, asOf);
    if (run.decision) decisions.push(run.decision);
    if (run.problems.length) { failed++; print(`${style.bad('FAIL')} ${run.name}\n     ${run.problems.join('\n     ')}`); } else { passed++; print(`${style.good('ok')}   ${run.name}`); }
  }
  print(`${passed} passed, ${failed} failed`);

  const cov = coverage(pack, decisions);
  print('');
  print(`Coverage: ${cov.map(c => `${c.exercised}/${c.total} ${c.kind}`).join(', ')} exercised by ${decisions.length} scenario${decisions.length === 1 ? '' : 's'}`);
  for (const c of cov) if (c.missing.length) print(`  not exercised (${c.kind}): ${c.missing.join(', ')}`);
  return failed ? 1 : 0;
}
