// The `igcheck rules` adapters: load the active packs, call the pure views, print or write.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UsageError, formatProblem, type Problem } from '../errors.js';
import type { Decision, Facts, Pack } from '../core/types.js';
import { evaluate } from '../core/evaluate.js';
import { loadActivePack, builtinDir } from '../pack/active.js';
import { localPackDirs } from '../pack/config.js';
import { suggest } from '../load/suggest.js';
import { style } from '../cli/style.js';
import { catalogue } from './catalogue.js';

export interface PackOptions { rules?: string[]; config?: boolean }

export async function activePack(opts: PackOptions): Promise<Pack> {
  return loadActivePack(await localPackDirs(opts.rules ?? [], { config: opts.config }));
}

const print = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

/** Write a file whole or not at all. */
function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export async function runList(opts: PackOptions & { json?: boolean }): Promise<number> {
  const entries = catalogue(await activePack(opts));
  const { listJson, renderList } = await import('./render.js');
  print(opts.json ? JSON.stringify(listJson(entries), null, 2) : renderList(entries, process.stdout.isTTY ? process.stdout.columns : undefined));
  return 0;
}

export async function runShow(id: string, opts: PackOptions & { json?: boolean }): Promise<number> {
  const pack = await activePack(opts);
  const entries = catalogue(pack);
  const hits = entries.filter(e => e.id === id);
  if (!hits.length) {
    const s = suggest(id, entries.map(e => e.id));
    throw new UsageError(`no rule \`${id}\` in the active packs${s ? `; did you mean \`${s}\`?` : ''}`, 'List them with: igcheck rules list');
  }
  if (opts.json) { print(JSON.stringify(hits, null, 2)); return 0; }
  const { renderRule } = await import('./render.js');
  const builtin = new Set(pack.sources.filter(s => s.builtin).map(s => s.name));
  print(hits.map(e => {
    // The built-in pack may come from a cache built elsewhere: point at the installed file.
    const file = e.source && (builtin.has(e.pack) ? join(builtinDir(), basename(e.source.file)) : resolve(e.source.file));
    const shown = file && `${relative(process.cwd(), file) || file}:${e.source!.line}`;
    return renderRule(e, pack, shown);
  }).join('\n\n'));
  return 0;
}

export async function runFacts(opts: PackOptions & { json?: boolean }): Promise<number> {
  const pack = await activePack(opts);
  if (opts.json) { print(JSON.stringify(pack.facts.map(({ source: _s, ...f }) => f), null, 2)); return 0; }
  const { renderFacts } = await import('./render.js');
  print(renderFacts(pack.facts));
  return 0;
}

/** Validate packs on top of the built-in one; every problem, or one line of summary. */
export async function runValidate(dirs: string[], opts: PackOptions): Promise<number> {
  const { loadPacks, readPackDir } = await import('../load/load-pack.js');
  const locals = dirs.length ? dirs : await localPackDirs(opts.rules ?? [], { config: opts.config });
  const same = (a: string, b: string) => resolve(a) === resolve(b);
  const pack = loadPacks([readPackDir(builtinDir(), true), ...locals.filter(d => !same(d, builtinDir())).map(d => readPackDir(d))]);
  const n = (k: keyof Pack) => (pack[k] as unknown[]).length;
  print(`${style.good('ok')}: ${pack.sources.map(s => `${s.name} ${s.version}`).join(' + ')} valid (${n('bases')} bases, ${n('conditions')} conditions, ${n('routes')} routes, ${n('facts')} facts${pack.overrides.length ? `, ${pack.overrides.length} override${pack.overrides.length > 1 ? 's' : ''}` : ''})`);
  return 0;
}

export async function runDocs(opts: PackOptions & { out?: string }): Promise<number> {
  const { rulesMarkdown } = await import('./docs.js');
  const md = rulesMarkdown(await activePack(opts));
  if (opts.out) { writeAtomic(opts.out, md); process.stderr.write(`wrote ${opts.out}\n`); } else process.stdout.write(md);
  return 0;
}

export async function runSchema(opts: PackOptions & { out?: string; answers?: boolean }): Promise<number> {
  const { SCHEMA_FILES, answersSchemaText, packSchemaText } = await import('./schemas.js');
  const pack = await activePack(opts);
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
  if (!targets.length) throw new UsageError('name scenario files or directories to run', 'Example: igcheck rules test ../shared/scenarios');
  const files = scenarioFiles(targets);
  const pack = await activePack(opts);
  const { parseYaml, nodeAt, keyNodeAt, position } = await import('../load/yaml-doc.js');
  const { validateFacts } = await import('../load/answers.js');
  const { checkExpect, compareDecision, coverage } = await import('./scenario-check.js');
  const { checkDate, today } = await import('../assess/run.js');
  const defaultAsOf = checkDate(opts.asOf, '--as-of') ?? today();

  const decisions: Decision[] = [];
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const name = relative(process.cwd(), file) || file;
    const parsed = parseYaml(readFileSync(file, 'utf8'), name);
    const located: Problem[] = [...parsed.problems];
    const failures: string[] = [];
    const locate = (path: (string | number)[], message: string, key = false) => located.push({
      file: name, ...position(parsed, key ? keyNodeAt(parsed.doc, path) : nodeAt(parsed.doc, path)), path: path.join('.'), message,
    });
    let data: Record<string, unknown> = {};
    if (!located.length) {
      const raw = parsed.doc.toJS({ maxAliasCount: 100 }) as unknown;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) locate([], 'expected a scenario: a mapping with `answers:` and `expect:`');
      else data = raw as Record<string, unknown>;
    }
    let facts: Facts | undefined;
    if (!located.length) {
      const answers = data.answers ?? {};
      if (typeof answers !== 'object' || Array.isArray(answers) || answers === null) locate(['answers'], 'expected a mapping of facts');
      else facts = validateFacts(answers as Record<string, unknown>, pack.facts, (p, m, k) => locate(['answers', ...p], m, k));
      for (const p of checkExpect(data.expect, pack)) locate(p.path, p.message);
    }
    if (!located.length && facts) {
      const asOf = typeof data.as_of === 'string' ? checkDate(data.as_of, `${name}: as_of`)! : defaultAsOf;
      const decision = evaluate(pack, facts, asOf);
      decisions.push(decision);
      failures.push(...compareDecision(decision, (data.expect ?? {}) as never));
    }
    const problems = [...located.map(formatProblem), ...failures];
    if (problems.length) { failed++; print(`${style.bad('FAIL')} ${name}\n     ${problems.join('\n     ')}`); } else { passed++; print(`${style.good('ok')}   ${name}`); }
  }
  print(`${passed} passed, ${failed} failed`);

  const cov = coverage(pack, decisions);
  print('');
  print(`Coverage: ${cov.map(c => `${c.exercised}/${c.total} ${c.kind}`).join(', ')} exercised by ${decisions.length} scenario${decisions.length === 1 ? '' : 's'}`);
  for (const c of cov) if (c.missing.length) print(`  not exercised (${c.kind}): ${c.missing.join(', ')}`);
  return failed ? 1 : 0;
}
