// Bench-only: run commands as child processes, alternated, and report medians with their spread.
// Each child reports its own CPU time and peak RSS at exit (process.resourceUsage), so neither
// /usr/bin/time nor the parent's own work is counted.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('BENCH_USAGE '+JSON.stringify({cpu:(u.userCPUTime+u.systemCPUTime)/1e6,rss:u.maxRSS/1024})+'\\n')})`;

/** One run of `node ARGS`: wall seconds, CPU seconds, peak RSS in MiB. */
export function runOnce({ args, input, env, ok = [0, 1] }) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', HOOK, ...args], { input, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['pipe', 'pipe', 'pipe'] });
  const wall = (performance.now() - t0) / 1000;
  if (!ok.includes(r.status)) throw new Error(`bench: \`node ${args.join(' ')}\` exited ${r.status}\n${r.stderr}`);
  const m = /BENCH_USAGE (\{.*\})/.exec(r.stderr);
  return { wall, ...JSON.parse(m[1]), stdout: r.stdout };
}

/**
 * Runs every command `runs` times, alternating (round i starts at command i mod n, so none is
 * always first or last), and returns per command the samples and their medians.
 */
export function alternate(commands, runs, onRound = () => {}) {
  const samples = commands.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (round + k) % commands.length;
      samples[i].push(runOnce(commands[i]));
    }
    onRound(round + 1);
  }
  return commands.map((c, i) => summarise(c.name, samples[i]));
}

export function summarise(name, runs) {
  const stat = key => {
    const xs = runs.map(r => r[key]).sort((a, b) => a - b);
    return { median: median(xs), min: xs[0], max: xs.at(-1) };
  };
  return { name, n: runs.length, wall: stat('wall'), cpu: stat('cpu'), rss: stat('rss'), last: runs.at(-1) };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** In-process: time `fn` in alternated rounds with the others; seconds per call. */
export function alternateInProcess(fns, runs) {
  const samples = fns.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (round + k) % fns.length;
      const t0 = performance.now();
      fns[i].fn();
      samples[i].push((performance.now() - t0) / 1000);
    }
  }
  return fns.map((f, i) => { const xs = samples[i].sort((a, b) => a - b); return { name: f.name, median: median(xs), min: xs[0], max: xs.at(-1) }; });
}

export async function alternateAsync(fns, runs) {
  const samples = fns.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (round + k) % fns.length;
      const t0 = performance.now();
      await fns[i].fn();
      samples[i].push((performance.now() - t0) / 1000);
    }
  }
  return fns.map((f, i) => { const xs = samples[i].sort((a, b) => a - b); return { name: f.name, median: median(xs), min: xs[0], max: xs.at(-1) }; });
}
