// End to end: the real binary in a pseudo-terminal, answered key by key; Ctrl-C and --resume; and the
// refusal to wait for input when there is no terminal.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Pack } from '../../src/core/types.js';
import { loadActivePack } from '../../src/pack/active.js';
import { SCENARIOS, scenario } from '../interview/scripted.js';
import { drive, hasScript, plain, PtyRun } from './pty-driver.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/igcheck.js');
const AS_OF = '2026-11-22';
let pack: Pack;
beforeAll(async () => {
  pack = await loadActivePack([]);
  // The binary runs the bundle in dist/: refuse to test a stale one (rebuilding here would race other suites).
  const newest = (dir: string): number => Math.max(0, ...readdirSync(dir, { withFileTypes: true })
    .map(e => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  const built = existsSync(join(ROOT, 'dist/cli.js')) ? statSync(join(ROOT, 'dist/cli.js')).mtimeMs : 0;
  if (built < newest(join(ROOT, 'src'))) throw new Error('dist/ is older than src/: run `npm run build` first');
});

const decisionIn = (screen: string) => JSON.parse(plain(screen).slice(plain(screen).indexOf('{\n')));
const fromFile = (file: string, cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, 'assess', '--answers', file, '--json', '--as-of', AS_OF], { cwd, encoding: 'utf8', input: '' });
  return JSON.parse(r.stdout);
};
const ids = (d: any) => ({ verdict: d.verdict, bases: d.bases.map((b: any) => b.id), conditions: d.conditions.map((c: any) => c.id), routes: d.routes.map((r: any) => r.id) });

describe.skipIf(!hasScript())('in a pseudo-terminal', () => {
  it('answers every prompt, prints the decision and saves an answers file that gives the same decision', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'igcheck-pty-'));
    const { facts } = scenario(pack, join(SCENARIOS, '01-discharge-summary-trust-to-gp.yaml'));
    const run = new PtyRun(['assess', '--json', '--as-of', AS_OF], cwd, BIN);
    try {
      const asked = await drive(run, pack, facts);
      expect(await run.done).toBe(0);
      expect(asked).not.toContain('gateway.s251');
      expect(plain(run.out)).toMatch(/Parties · 2 of 9/); // two more sections: DPIA screening and DPIA
      const d = decisionIn(run.out);
      expect(d.verdict).toBe('lawful');
      const files = readdirSync(cwd).filter(f => f.endsWith('.igcheck-session.yaml'));
      expect(files).toEqual(['discharge-summaries-to-registered-gp-practices.igcheck-session.yaml']);
      expect(ids(fromFile(files[0], cwd))).toEqual(ids(d));
    } finally { run.kill(); }
  }, 60_000);

  it('Ctrl-C mid-way keeps the answers; --resume continues to the same decision', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'igcheck-pty-'));
    const { facts } = scenario(pack, join(SCENARIOS, '19-research-s251-opt-outs-apply.yaml'));
    const first = new PtyRun(['assess', '--json', '--as-of', AS_OF], cwd, BIN);
    let early: string[];
    try {
      early = await drive(first, pack, facts, { stopAfter: 9 });
      expect(first.code).toBe(130);
    } finally { first.kill(); }
    const screen = plain(first.out);
    const file = /Continue with: +igcheck assess --resume (\S+)/.exec(screen)?.[1];
    expect(file).toBe('sepsis-survivors-cohort-extract.igcheck-session.yaml'); // relative to where the user is
    const saved = readFileSync(join(cwd, file!), 'utf8');
    expect(saved).toMatch(/purpose: research/);

    const second = new PtyRun(['assess', '--resume', file!, '--json', '--as-of', AS_OF], cwd, BIN);
    try {
      const rest = await drive(second, pack, facts);
      expect(await second.done).toBe(0);
      for (const f of early) expect(rest).not.toContain(f);
      const d = decisionIn(second.out);
      expect(d.verdict).toBe('lawful_with_conditions');
      expect(d.conditions.map((c: any) => c.id)).toContain('apply-opt-outs');
      expect(ids(fromFile(file!, cwd))).toEqual(ids(d));
    } finally { second.kill(); }
  }, 90_000);
});

describe.skipIf(!hasScript())('--answers at a terminal', () => {
  it('asks only what the file leaves unknown, then decides', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'igcheck-pty-'));
    const source = parse(readFileSync(join(SCENARIOS, '30-incomplete-objection-unknown.yaml'), 'utf8')).answers;
    writeFileSync(join(cwd, 'share.yaml'), stringify(source));
    const { facts } = scenario(pack, join(SCENARIOS, '30-incomplete-objection-unknown.yaml'));
    const run = new PtyRun(['assess', '--answers', 'share.yaml', '--as-of', AS_OF], cwd, BIN);
    try {
      const asked = await drive(run, pack, { ...facts, 'individual.objected': false });
      expect(asked).toEqual(['individual.objected']);
      expect(await run.done).toBe(0);
      expect(plain(run.out)).toMatch(/LAWFUL/);
      // The user's own file is left as it was; the answers go to a session file.
      expect(readFileSync(join(cwd, 'share.yaml'), 'utf8')).toBe(stringify(source));
    } finally { run.kill(); }
  }, 30_000);
});

describe('without a terminal', () => {
  it.each([
    ['no terminal', {}, ['assess']],
    ['CI=true', { CI: 'true' }, ['assess']],
    ['--resume without a terminal', {}, ['assess', '--resume', 'x.igcheck-session.yaml']],
  ])('%s: exits 2 at once, naming --answers', (_name, env, args) => {
    const started = Date.now();
    const cwd = mkdtempSync(join(tmpdir(), 'igcheck-noterm-'));
    writeFileSync(join(cwd, 'x.igcheck-session.yaml'), 'purpose: direct_care\n');
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', input: '', env: { ...process.env, ...env }, timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--answers/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
