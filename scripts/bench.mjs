// Benchmarks (figures, not pass/fail): cold start of `assess --answers F --json` beside bare
// `node -e 0`, then the audit throughput benchmark when present.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const scenarioDir = 'test/scenarios/acceptance';
const answers = existsSync('examples/care-plan-to-care-home.yaml') ? readFileSync('examples/care-plan-to-care-home.yaml', 'utf8') : '{}';
// The first acceptance scenario's answers, as JSON (what check-scenarios pipes in).
const first = existsSync(scenarioDir) ? readdirSync(scenarioDir).filter(n => n.endsWith('.yaml')).sort()[0] : undefined;
const json = first ? JSON.stringify(YAML.parse(readFileSync(`${scenarioDir}/${first}`, 'utf8')).answers) : JSON.stringify(YAML.parse(answers));

function time(args, input) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { input, stdio: ['pipe', 'ignore', 'pipe'] });
    samples.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 1) { console.error(String(r.stderr)); process.exit(1); }
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], p90: samples[Math.floor(samples.length * 0.9)] };
}

const fmt = x => `${x.toFixed(1).padStart(7)} ms`;
console.log(`Cold start, ${runs} runs each (median, min, p90):`);
const bare = time(['-e', '0']);
console.log(`  node -e 0                                  ${fmt(bare.median)} ${fmt(bare.min)} ${fmt(bare.p90)}`);
const jsonRun = time(['bin/igcheck.js', 'assess', '--answers', '-', '--json'], json);
console.log(`  igcheck assess --answers - --json (JSON)   ${fmt(jsonRun.median)} ${fmt(jsonRun.min)} ${fmt(jsonRun.p90)}   ${(jsonRun.median / bare.median).toFixed(2)}× bare node`);
const yamlRun = time(['bin/igcheck.js', 'assess', '--answers', '-', '--json'], answers);
console.log(`  igcheck assess --answers - --json (YAML)   ${fmt(yamlRun.median)} ${fmt(yamlRun.min)} ${fmt(yamlRun.p90)}   ${(yamlRun.median / bare.median).toFixed(2)}× bare node`);
console.log('  target: at most 2× bare node');

if (existsSync('scripts/bench-audit.mjs') && !process.argv.includes('--startup-only')) {
  console.log('');
  const r = spawnSync(process.execPath, ['scripts/bench-audit.mjs'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
