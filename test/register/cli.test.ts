// End to end through the real binary: register list/show/verify/close-condition and review,
// with the exit codes a script relies on. Needs the build (npm install or npm run build).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, EXAMPLES, ROOT, recordExample, tempDir } from './helpers.js';

interface Run { code: number | null; stdout: string; stderr: string }
const igcheck = (args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> => new Promise(res => {
  const p = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', IGCHECK_REGISTER: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', d => { stdout += d; });
  p.stderr.on('data', d => { stderr += d; });
  p.on('close', code => res({ code, stdout, stderr }));
});

let dir: string;
let register: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  dir = tempDir();
  register = join(dir, 'igcheck-register.jsonl');
  await recordExample(dir, EXAMPLES.carePlan, 'care-plan');
  await recordExample(dir, EXAMPLES.police, 'police');
}, 60_000);

describe('igcheck register', () => {
  it('lists, shows and verifies a register found in the working directory', async () => {
    const list = await igcheck(['register', 'list', '--json'], dir);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout);
    expect(listed.entries.map((e: { id: string }) => e.id)).toEqual(['R-0001', 'R-0002']);
    expect(listed.entries[0]).toMatchObject({ verdict: 'lawful_with_conditions', open_conditions: ['include-nhs-number'], out_dir: 'care-plan', answers: 'care-plan/answers.yaml' });

    const show = await igcheck(['register', 'show', 'r-2'], dir);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Police request');

    const verify = await igcheck(['register', 'verify'], dir);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/verifies: 2 entries/);
  });

  it('records a condition as met, in the chain', async () => {
    const d = tempDir();
    await recordExample(d, EXAMPLES.carePlan, 'care-plan');
    const close = await igcheck(['register', 'close-condition', 'R-0001', 'include-nhs-number', '--evidence', 'NHS number added to the feed (CR-118)', '--by', 'J Smith'], d);
    expect(close.code).toBe(0);
    expect(close.stdout).toContain('Recorded R-0002');
    const show = await igcheck(['register', 'show', 'R-0001'], d);
    expect(show.stdout).toMatch(/include-nhs-number: closed \d{4}-\d\d-\d\d by J Smith \(R-0002\): NHS number added/);
    expect((await igcheck(['register', 'verify'], d)).code).toBe(0);
    const again = await igcheck(['register', 'close-condition', 'R-0001', 'include-nhs-number', '--evidence', 'x'], d);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already closed by R-0002/);
    const review = JSON.parse((await igcheck(['review', '--json', '--no-impact'], d)).stdout);
    expect(review.open_conditions).toEqual([]);
  });

  it('exits 1 naming the tampered entry and its line, and list refuses it too', async () => {
    const d = tempDir();
    await recordExample(d, EXAMPLES.carePlan, 'a');
    await recordExample(d, EXAMPLES.police, 'b');
    await recordExample(d, EXAMPLES.carePlan, 'c');
    const file = join(d, 'igcheck-register.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"title":"Police request', '"title":"Harmless request'));
    const verify = await igcheck(['register', 'verify', '--register', file], tempDir());
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('R-0002 (line 2) was edited');
    expect(verify.stderr).toContain(`${file}:2`);
    expect(verify.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect((await igcheck(['register', 'list'], d)).code).toBe(1);
  });

  it('exits 2 on usage errors', async () => {
    expect((await igcheck(['register', 'show', 'R-0099'], dir)).code).toBe(2);
    expect((await igcheck(['review', '--within', 'soon'], dir)).code).toBe(2);
    const none = await igcheck(['register', 'verify'], tempDir());
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no decision register at/);
  });
});

describe('igcheck review', () => {
  it('reports exactly the decision a rule change flips, and writes a calendar', async () => {
    const pack = join(dir, 'local-pack');
    mkdirSync(pack, { recursive: true });
    writeFileSync(join(pack, 'pack.yaml'), 'pack: { name: local-change, version: 1.0.0, title: A rule change }\noverrides:\n  - target: include-nhs-number\n    reason: test\n    when: { fact: purpose, is: commercial }\n');
    const ics = join(dir, 'reviews.ics');
    const r = await igcheck(['review', '--json', '--rules', pack, '--ics', ics, '--as-of', '2027-02-20', '--within', '2w'], dir, { IGCHECK_REGISTER: register });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.impact.changed.map((c: { id: string }) => c.id)).toEqual(['R-0001']);
    expect(out.impact.changed[0].verdict).toEqual({ was: 'lawful_with_conditions', now: 'lawful' });
    expect(out.due.map((d: { id: string; days: number }) => [d.id, d.days])).toEqual([['R-0002', 10]]);
    // The police request was recorded while it still needs a Caldicott Guardian decision.
    expect(out.not_cleared).toEqual([expect.objectContaining({ id: 'R-0002', verdict: 'needs_review' })]);
    const events = new ICAL.Component(ICAL.parse(readFileSync(ics, 'utf8'))).getAllSubcomponents('vevent');
    expect(events).toHaveLength(2);

    const plain = await igcheck(['review'], dir, { IGCHECK_REGISTER: register });
    expect(plain.stdout).toContain('no recorded decision would change (0 re-checked; 2 decided under these same packs and law, so unchanged)');
  });
});

describe('assess --out records in the register', () => {
  it('two concurrent assess runs both land with a valid chain', async () => {
    const d = tempDir();
    // A fresh config directory: both runs also race to create the signing key.
    const env = { IGCHECK_CONFIG_DIR: join(d, 'config') };
    const runs = await Promise.all(['one', 'two'].map(o => igcheck(['assess', '--answers', EXAMPLES.carePlan, '--out', o], d, env)));
    expect(runs.map(x => x.stderr).join('')).not.toContain('internal error');
    expect(runs.map(x => x.code)).toEqual([0, 0]);
    const verify = await igcheck(['register', 'list', '--json'], d);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).entries.map((e: { out_dir: string }) => e.out_dir).sort()).toEqual(['one', 'two']);
  });
});
