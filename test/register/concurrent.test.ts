// Two processes appending at once: every entry lands, once, in a chain that verifies.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.js';
import { parseAnswers } from '../../src/load/answers.js';
import { verifyRegister } from '../../src/register/verify.js';
import { builtinPack, EXAMPLES, recordExample, ROOT, tempDir } from './helpers.js';

const run = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>(res => {
  const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', d => { stdout += d; });
  p.stderr.on('data', d => { stderr += d; });
  p.on('close', code => res({ code, stdout, stderr }));
});

it('two concurrent writers both land in the register with a valid chain', async () => {
  const dir = tempDir();
  const child = join(dir, 'append-child.mjs');
  await build({
    entryPoints: [join(ROOT, 'test/register/fixtures/append-child.ts')], outfile: child, bundle: true, platform: 'node',
    format: 'esm', target: 'node20', logLevel: 'silent',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  const pack = await builtinPack();
  const { facts } = await parseAnswers(readFileSync(EXAMPLES.carePlan, 'utf8'), EXAMPLES.carePlan, pack.facts);
  writeFileSync(join(dir, 'decision.json'), JSON.stringify(evaluate(pack, facts, '2026-11-22')));
  writeFileSync(join(dir, 'facts.json'), JSON.stringify(facts));
  const register = join(dir, 'igcheck-register.jsonl');
  // Far enough ahead that both children have started even on a loaded machine.
  const startAt = String(Date.now() + 2500);
  const perChild = 15;
  const results = await Promise.all(['a', 'b'].map(label =>
    run([child, register, join(dir, 'decision.json'), join(dir, 'facts.json'), String(perChild), startAt, label])));
  for (const r of results) expect(r.stderr).toBe('');
  expect(results.map(r => r.code)).toEqual([0, 0]);

  const v = verifyRegister(readFileSync(register, 'utf8'));
  expect(v.problem).toBeUndefined();
  expect(v.entries).toHaveLength(2 * perChild);
  expect(v.entries.map(e => e.seq)).toEqual(Array.from({ length: 2 * perChild }, (_, i) => i + 1));
  const titles = v.entries.map(e => (e.kind === 'assessment' ? e.title : '')).sort();
  const expected = ['a', 'b'].flatMap(l => Array.from({ length: perChild }, (_, i) => `${l} ${i}`)).sort();
  expect(titles).toEqual(expected);
  // Both really ran at once: each began before the other finished, so they contended for the lock.
  const [a, b] = results.map(r => JSON.parse(r.stdout) as { began: number; ended: number });
  expect(a.began).toBeLessThan(b.ended);
  expect(b.began).toBeLessThan(a.ended);
}, 30_000);

it('takes over a lock left behind by a process that was killed', async () => {
  const dir = tempDir();
  const register = join(dir, 'igcheck-register.jsonl');
  mkdirSync(`${register}.lock`);
  const old = new Date(Date.now() - 60_000);
  utimesSync(`${register}.lock`, old, old);
  const entry = await recordExample(dir, EXAMPLES.police, 'police');
  expect(entry.id).toBe('R-0001');
  expect(existsSync(`${register}.lock`)).toBe(false);
});

it('waits for a live lock rather than writing past it', async () => {
  const dir = tempDir();
  const register = join(dir, 'igcheck-register.jsonl');
  mkdirSync(`${register}.lock`); // fresh: another writer is at work
  const pending = recordExample(dir, EXAMPLES.police, 'police');
  await new Promise(r => setTimeout(r, 300));
  expect(existsSync(register)).toBe(false);
  rmSync(`${register}.lock`, { recursive: true });
  expect((await pending).id).toBe('R-0001');
});
