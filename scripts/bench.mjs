// igcheck's benchmark: every figure beside its baseline, measured in one run, with the targets the
// project has set and whether each is met. Commands compared with each other are alternated
// (round i starts with command i), repeated, and reported as medians with their spread
// (min–max); CPU time and peak RSS are each child's own (process.resourceUsage at exit).
//
//   npm run bench [-- --rows N --runs R --million --only cold,audit,memory,engine,append,review]
//
// --rows     register size for the audit timings (default 100,000)
// --runs     rounds of each alternated comparison (default 5; cold starts 3x that)
// --million  adds peak memory at 1,000,000 rows (generating and auditing them takes minutes)
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';
import { alternate, alternateAsync, alternateInProcess, median, runOnce } from './bench/run.mjs';
import { writeRegister } from './bench/register.mjs';
import { toJreRules, jreVerdict } from './bench-jre-adapter.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : dflt; };
const ROWS = Number(opt('rows', 100_000));
const RUNS = Number(opt('runs', 5));
const MILLION = argv.includes('--million');
const ONLY = new Set((opt('only', 'cold,audit,memory,engine,append,review')).split(','));
const KEEP = argv.includes('--keep');

if (!existsSync('dist/builtin-pack.json')) { console.error('bench: run `npm run build` first'); process.exit(2); }
const pack = JSON.parse(readFileSync('dist/builtin-pack.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'igcheck-bench-'));
const config = join(dir, 'config');
mkdirSync(config);
// Nothing the benchmark does touches the user's own configuration (keys, remembered register tails).
const ENV = { IGCHECK_CONFIG_DIR: config, NO_COLOR: '1' };
const BIN = resolve('bin/igcheck.js');

const n = x => Math.round(x).toLocaleString('en-GB');
const s2 = x => `${x.toFixed(2)} s`;
const ms = x => `${(x * 1000).toFixed(1)} ms`;
const mib = x => `${x.toFixed(0)} MiB`;
const spread = (st, f) => `${f(st.median)} (${f(st.min)}–${f(st.max)})`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const targets = [];
const target = (what, ok, figure) => { targets.push({ what, ok, figure }); return ok ? 'met' : 'NOT MET'; };
const log = (...a) => console.log(...a);
const progress = (what) => (k) => process.stderr.write(`\r  … ${what}: round ${k}  `);
const clear = () => process.stderr.write('\r\x1b[K');

/** A module of igcheck's source bundled for in-process timing (esbuild, everything inlined). */
async function bundle(name, contents) {
  const { build } = await import('esbuild');
  const out = join(dir, `${name}.mjs`);
  await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return out;
}

log(`igcheck benchmark · node ${process.version} · ${new Date().toISOString().slice(0, 16)}Z · ${RUNS} alternated rounds · medians (min–max)`);
log('Timings on a shared machine are noisy: compare the ratios, which are taken within one run.\n');

// ------------------------------------------------------------------------------- cold start
if (ONLY.has('cold')) {
  // The same answers, once as JSON and once as YAML, so the two runs differ only in the parser.
  const answers = YAML.parse(readFileSync('test/scenarios/acceptance/01-discharge-summary-trust-to-gp.yaml', 'utf8')).answers;
  const json = JSON.stringify(answers);
  const yaml = YAML.stringify(answers);
  const rows = alternate([
    { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
    { name: 'assess --answers - --json (JSON answers)', args: [BIN, 'assess', '--answers', '-', '--json'], input: json, env: ENV },
    { name: 'assess --answers - --json (the same, YAML)', args: [BIN, 'assess', '--answers', '-', '--json'], input: yaml, env: ENV },
  ], RUNS * 3, progress('cold start'));
  clear();
  const [bare, j, y] = rows;
  if (j.last.stdout !== y.last.stdout) throw new Error('bench: the JSON and YAML answers gave different decisions');
  log('Cold start                                      wall, median (min–max)           × bare node   CPU, median   × bare node');
  for (const r of rows) log(`  ${r.name.padEnd(44)}  ${spread(r.wall, ms).padEnd(32)} ${ratio(r.wall.median, bare.wall.median).padStart(6)}      ${ms(r.cpu.median).padStart(9)}   ${ratio(r.cpu.median, bare.cpu.median).padStart(6)}`);
  log(`  target: an assessment within 2× bare node's start-up: JSON ${target('cold start (JSON) within 2× bare node', j.wall.median <= 2 * bare.wall.median, ratio(j.wall.median, bare.wall.median))}, YAML ${target('cold start (YAML) within 2× bare node', y.wall.median <= 2 * bare.wall.median, ratio(y.wall.median, bare.wall.median))}\n`);
}

// ------------------------------------------------------------------------------ registers
let files;
async function registers() {
  if (files) return files;
  const t0 = performance.now();
  files = { csv: join(dir, 'register.csv'), xlsx: join(dir, 'register.xlsx'), odd: join(dir, 'register-odd.csv') };
  process.stderr.write(`  … generating a ${n(ROWS)}-flow register as CSV and XLSX`);
  files.facts = await writeRegister({ rows: ROWS, csv: files.csv, xlsx: files.xlsx, keepFacts: 2000 });
  // The same register with a stray quote in one cell of row 10 and of every 10,000th row.
  await writeRegister({ rows: ROWS, csv: files.odd, oddRows: [10, ...Array.from({ length: Math.floor(ROWS / 10_000) }, (_, i) => (i + 1) * 10_000)] });
  clear();
  log(`Registers: ${n(ROWS)} generated flows, ${(statSync(files.csv).size / 1048576).toFixed(1)} MiB as CSV, ${(statSync(files.xlsx).size / 1048576).toFixed(1)} MiB as XLSX (shared strings, as Excel writes), in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  return files;
}

let xlsxReader;
const readerBundle = async () => (xlsxReader ??= await bundle('read-xlsx', "export { sheetRows } from './src/audit/read-xlsx.ts';"));

// A new --out directory for each run.
const audit = (file, name) => ({ name, env: ENV, get args() { return [BIN, 'audit', file, '--out', join(dir, `out-${Math.random().toString(36).slice(2)}`), '--json']; } });
// Every audit writes its results into a new directory; clear them as they accumulate.
const clearOuts = () => { for (const d of readdirSync(dir)) if (d.startsWith('out-')) rmSync(join(dir, d), { recursive: true, force: true }); };

if (ONLY.has('audit')) {
  const f = await registers();
  const reader = await readerBundle();
  const cmds = [
    { name: 'csv-parse alone (floor)', args: ['scripts/bench/parse-only.mjs', 'csv', f.csv] },
    audit(f.csv, 'igcheck audit, CSV'),
    audit(f.odd, `igcheck audit, CSV with ${n(1 + Math.floor(ROWS / 10_000))} odd records`),
    { name: 'XLSX reader alone (floor)', args: ['scripts/bench/parse-only.mjs', 'xlsx', f.xlsx, reader] },
    audit(f.xlsx, 'igcheck audit, XLSX'),
  ];
  const r = alternate(cmds, RUNS, k => { clearOuts(); progress(`audits of ${n(ROWS)} rows`)(k); });
  clear();
  const [csvParse, csvAudit, oddAudit, xlsxRead, xlsxAudit] = r;
  const verdicts = x => JSON.stringify(JSON.parse(x.last.stdout).by_verdict);
  if (verdicts(csvAudit) !== verdicts(xlsxAudit)) throw new Error('bench: the CSV and XLSX audits gave different verdicts');
  log(`Audit of ${n(ROWS)} flows (CPU time)                     median (min–max)          flows/s    × its floor`);
  const line = (x, floor) => log(`  ${x.name.padEnd(50)} ${spread(x.cpu, s2).padEnd(26)} ${n(ROWS / x.cpu.median).padStart(9)}    ${floor ? ratio(x.cpu.median, floor.cpu.median) : '(floor)'}`);
  line(csvParse); line(csvAudit, csvParse); line(oddAudit, csvParse); line(xlsxRead); line(xlsxAudit, xlsxRead);
  log(`  wall time, median: csv-parse ${s2(csvParse.wall.median)}, audit CSV ${s2(csvAudit.wall.median)}, odd CSV ${s2(oddAudit.wall.median)}, XLSX reader ${s2(xlsxRead.wall.median)}, audit XLSX ${s2(xlsxAudit.wall.median)}`);
  log(`  odd records: ${ratio(oddAudit.cpu.median, csvAudit.cpu.median)} the CPU of the clean CSV (one odd cell costs one record)`);
  log(`  target: audit within 2.5× parse-only for CSV: ${ratio(csvAudit.cpu.median, csvParse.cpu.median)} ${target('CSV audit within 2.5× csv-parse alone', csvAudit.cpu.median <= 2.5 * csvParse.cpu.median, ratio(csvAudit.cpu.median, csvParse.cpu.median))}`);
  log(`  target: XLSX within 2× the CSV audit: ${ratio(xlsxAudit.cpu.median, csvAudit.cpu.median)} ${target('XLSX audit within 2× the CSV audit', xlsxAudit.cpu.median <= 2 * csvAudit.cpu.median, ratio(xlsxAudit.cpu.median, csvAudit.cpu.median))}\n`);
  clearOuts();
}

// ------------------------------------------------------------------------------ peak memory
if (ONLY.has('memory')) {
  const sizes = [10_000, ROWS, ...(MILLION ? [1_000_000] : [])].filter((x, i, a) => a.indexOf(x) === i).sort((a, b) => a - b);
  const rows = [];
  for (const size of sizes) {
    let csv; let xlsx;
    if (size === ROWS && files) ({ csv, xlsx } = files);
    else {
      csv = join(dir, `mem-${size}.csv`); xlsx = join(dir, `mem-${size}.xlsx`);
      process.stderr.write(`  … generating ${n(size)} rows${size >= 1_000_000 ? ' (minutes)' : ''}`);
      await writeRegister({ rows: size, csv, xlsx });
      clear();
    }
    const runs = size >= 1_000_000 ? 1 : Math.min(RUNS, 3);
    const [c, x] = alternate([audit(csv, 'CSV'), audit(xlsx, 'XLSX')], runs, k => { clearOuts(); progress(`peak memory at ${n(size)} rows`)(k); });
    clear();
    clearOuts();
    rows.push({ size, c, x });
    if (size !== ROWS) { rmSync(csv, { force: true }); rmSync(xlsx, { force: true }); }
  }
  const base = rows[0];
  log('Peak RSS of the audit (median of its runs)   CSV       × at 10,000     XLSX      × at 10,000');
  for (const r of rows) log(`  ${n(r.size).padStart(9)} rows                         ${mib(r.c.rss.median).padStart(8)}   ${ratio(r.c.rss.median, base.c.rss.median).padStart(8)}     ${mib(r.x.rss.median).padStart(8)}   ${ratio(r.x.rss.median, base.x.rss.median).padStart(8)}`);
  if (!MILLION) log('  1,000,000 rows: not measured in this run (add --million; generating and auditing them takes several minutes)');
  const at100k = rows.find(r => r.size === 100_000);
  if (at100k) log(`  target: XLSX at 100,000 rows under 256 MiB: ${mib(at100k.x.rss.median)} ${target('XLSX audit of 100,000 rows under 256 MiB peak', at100k.x.rss.median < 256, mib(at100k.x.rss.median))}\n`);
  else log('  target: XLSX at 100,000 rows under 256 MiB: not measured (run with --rows 100000)\n');
}

// ------------------------------------------------------------------------- engine vs engine
if (ONLY.has('engine')) {
  const f = await registers();
  const mod = await import(pathToFileURL(await bundle('engine', [
    "export { Decider } from './src/audit/decide.ts';",
    "export { evaluate } from './src/core/evaluate.ts';",
  ].join('\n'))).href);
  const { Engine } = await import('json-rules-engine');
  const engine = new Engine([], { allowUndefinedFacts: true });
  const adapter = toJreRules(pack, engine);
  const facts = f.facts;
  const asOf = new Date().toISOString().slice(0, 10);
  // The same memo for both: igcheck's own (keyed by the facts the rules read), in front of each engine.
  const keyer = new mod.Decider(pack, asOf);
  const jreOnce = async x => jreVerdict(adapter, new Set((await engine.run(x)).events.map(e => e.type)));
  const run = {
    igNoMemo: () => { for (const x of facts) mod.evaluate(pack, x, asOf, { trace: false }); },
    jreNoMemo: async () => { for (const x of facts) await jreOnce(x); },
    igMemo: () => { const d = new mod.Decider(pack, asOf); for (const x of facts) d.decide(x); },
    jreMemo: async () => { const memo = new Map(); for (const x of facts) { const k = keyer.memoKey(x); if (!memo.has(k)) memo.set(k, await jreOnce(x)); } },
  };
  // Agreement, once: json-rules-engine is two-valued (an unknown fact reads as not met).
  let agree = 0;
  const d = new mod.Decider(pack, asOf);
  for (const x of facts) if ((await jreOnce(x)) === d.decide(x).verdict) agree++;
  const r = await alternateAsync([
    { name: 'igcheck, no memo', fn: run.igNoMemo }, { name: 'json-rules-engine, no memo', fn: run.jreNoMemo },
    { name: 'igcheck, with its memo', fn: run.igMemo }, { name: 'json-rules-engine, with the same memo', fn: run.jreMemo },
  ], Math.min(RUNS, 3));
  const hits = (() => { const dd = new mod.Decider(pack, asOf); for (const x of facts) dd.decide(x); return dd.hits / (dd.hits + dd.misses); })();
  log(`Engines on the same ${n(facts.length)} flows, in process, facts already in memory   median (min–max)      flows/s   × json-rules-engine`);
  const jreOf = i => r[i % 2 === 0 ? i + 1 : i];
  r.forEach((x, i) => log(`  ${x.name.padEnd(40)} ${spread(x, ms).padEnd(30)} ${n(facts.length / x.median).padStart(9)}   ${i % 2 === 0 ? ratio(jreOf(i).median, x.median) + ' faster' : '(baseline)'}`));
  log(`  memo hit rate on these flows: ${(100 * hits).toFixed(0)}%; verdict agreement: ${(100 * agree / facts.length).toFixed(1)}% (json-rules-engine cannot say "unknown", so it never says incomplete)\n`);
}

// ------------------------------------------------------------------------- register append
if (ONLY.has('append')) {
  const reg = await import(pathToFileURL(await bundle('register', "export { appendEntry, verifiedTail } from './src/register/store.ts'; export { chain } from './src/register/entry.ts';")).href);
  process.env.IGCHECK_CONFIG_DIR = config;
  const body = i => ({
    v: 1, kind: 'assessment', recorded_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), title: `Flow ${i}`, discloser: 'Trust', recipient: 'GP',
    verdict: 'lawful', conditions: [], bases: ['uk_gdpr_6_1_e'], review_date: '2027-01-01', as_of: '2026-01-01', out_dir: null, answers: null, manifest_sha256: null,
    pack: { name: 'england', version: pack.meta?.version ?? 'x', digest: pack.digest },
  });
  // A 10,000-entry register written whole, then verified once (as igcheck leaves it after its last append).
  const big = join(dir, 'big-register.jsonl');
  let prev = null; const lines = [];
  for (let i = 1; i <= 10_000; i++) { const e = reg.chain(body(i), prev); prev = e; lines.push(JSON.stringify(e)); }
  writeFileSync(big, `${lines.join('\n')}\n`);
  const t0 = performance.now(); reg.verifiedTail(big); const fullVerify = (performance.now() - t0) / 1000;
  let k = 0;
  const samples = await alternateAsync([
    { name: 'append to an empty register (baseline)', fn: () => reg.appendEntry(join(dir, `empty-${k++}.jsonl`), body(1)) },
    { name: 'append to a 10,000-entry register', fn: () => reg.appendEntry(big, body(10_001 + k++)) },
  ], Math.max(30, RUNS * 6));
  const [empty, tenK] = samples;
  log('Register append (in process: lock, verified tail, one write, fsync)   median (min–max)      × empty');
  log(`  ${empty.name.padEnd(62)} ${spread(empty, ms).padEnd(26)} (baseline)`);
  log(`  ${tenK.name.padEnd(62)} ${spread(tenK, ms).padEnd(26)} ${ratio(tenK.median, empty.median)}`);
  log(`  the first append after the file was changed outside igcheck verifies the whole chain: ${ms(fullVerify)} at 10,000 entries`);
  log(`  target: an append to a 10,000-entry register within 1.3× one to an empty one: ${ratio(tenK.median, empty.median)} ${target('append at 10,000 entries within 1.3× an empty register', tenK.median <= 1.3 * empty.median, ratio(tenK.median, empty.median))}\n`);
}

// ------------------------------------------------------------------------------------ review
if (ONLY.has('review')) {
  const rec = await import(pathToFileURL(await bundle('record', [
    "export { chain, assessmentBody } from './src/register/entry.ts';",
    "export { parseAnswers } from './src/load/answers.ts';",
    "export { decideWithDpia } from './src/dpia/decide.ts';",
  ].join('\n'))).href);
  const asOf = new Date().toISOString().slice(0, 10);
  const scen = readdirSync('test/scenarios/acceptance').filter(x => x.endsWith('.yaml')).sort().map(x => YAML.parse(readFileSync(join('test/scenarios/acceptance', x), 'utf8')).answers);
  // Each register holds the acceptance scenarios over and over, each time under its own title, as
  // `assess --out` records them (the same entry-building code): the decision, its DPIA when one was
  // drafted and, since entries keep them, the facts. "Recorded before facts were kept" is the same
  // register with every entry's facts left out, so review reads and parses each YAML answers file.
  // Each scenario decided once (a title changes no decision); each entry then built with its own title.
  const decided = await Promise.all(scen.map(async a => {
    const { facts } = await rec.parseAnswers(JSON.stringify(a), 'scenario', pack.facts);
    return { facts, decision: rec.decideWithDpia(pack, facts, asOf) };
  }));
  const build = async (size, { digest, facts }) => {
    const d = join(dir, `review-${size}-${digest === pack.digest ? 'same' : 'old'}-${facts ? 'facts' : 'answers'}`);
    mkdirSync(join(d, 'answers'), { recursive: true });
    let prev = null; const lines = []; let dpias = 0;
    for (let i = 1; i <= size; i++) {
      const k = i % scen.length;
      const title = `${scen[k].title} (${i})`;
      writeFileSync(join(d, 'answers', `${i}.yaml`), YAML.stringify({ ...scen[k], title }));
      const f = { ...decided[k].facts, title };
      const decision = decided[k].decision;
      const { facts: kept, ...body } = rec.assessmentBody({ decision, facts: f, recordedAt: '2026-01-01T00:00:00.000Z', outDir: null, answers: `answers/${i}.yaml`, manifestSha256: null });
      if (body.dpia) dpias++;
      const e = rec.chain({ ...body, review_date: '2099-01-01', ...(facts ? { facts: kept } : {}), pack: { ...body.pack, digest } }, prev);
      prev = e; lines.push(JSON.stringify(e));
    }
    writeFileSync(join(d, 'register.jsonl'), `${lines.join('\n')}\n`);
    const how = `${digest === pack.digest ? 'packs in force' : 'other packs'}${facts ? '' : ', before facts were kept'}`;
    return { name: `review, ${n(size)} assessments, ${how}`, size, dpias, args: [BIN, 'review', '--register', join(d, 'register.jsonl'), '--json'], env: ENV };
  };
  const old = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';
  process.stderr.write('  … recording the review registers');
  const cmds = [
    await build(1_000, { digest: old, facts: true }), await build(10_000, { digest: old, facts: true }),
    await build(1_000, { digest: pack.digest, facts: true }), await build(10_000, { digest: pack.digest, facts: true }),
    await build(1_000, { digest: old, facts: false }), await build(10_000, { digest: old, facts: false }),
  ];
  clear();
  const r = alternate(cmds, Math.min(RUNS, 3), progress('review'));
  clear();
  for (const x of r) {
    const out = JSON.parse(x.last.stdout);
    if (out.impact.unreadable.length || out.agreements !== cmds[r.indexOf(x)].size) throw new Error(`bench: ${x.name}: ${out.impact.unreadable.length} unreadable of ${out.agreements}`);
  }
  log(`Review (CPU time of the whole command; ${scen.length} sets of answers repeated under new titles, ${Math.round(100 * cmds[1].dpias / cmds[1].size)}% with a DPIA)   median (min–max)     × 1,000`);
  r.forEach((x, i) => log(`  ${x.name.padEnd(74)} ${spread(x.cpu, s2).padEnd(24)} ${i % 2 ? ratio(x.cpu.median, r[i - 1].cpu.median) : '(baseline)'}`));
  log(`  entries recorded before facts were kept: ${ratio(r[5].cpu.median, r[1].cpu.median)} the CPU at 10,000 (each answers file read and parsed as YAML)`);
  const worst = Math.max(r[1].cpu.median, r[3].cpu.median);
  log(`  target: review of 10,000 within 5 s of CPU: ${s2(worst)} (the slower of the first two at 10,000) ${target('review of 10,000 assessments within 5 s of CPU', worst <= 5, s2(worst))}\n`);
}

// ----------------------------------------------------------------------------------- summary
log('Targets');
for (const t of targets) log(`  ${t.ok ? 'met    ' : 'NOT MET'}  ${t.what}: ${t.figure}`);
if (KEEP) log(`\nfiles kept in ${dir}`); else rmSync(dir, { recursive: true, force: true });
void median;
