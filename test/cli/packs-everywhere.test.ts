// Every command that decides resolves its rule packs the same way (src/pack/resolve.ts): a local
// pack named in igcheck.config.yaml (found upwards from the working directory) changes assess,
// audit and review alike, and --no-config leaves it out of each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { resolvePacks } from '../../src/pack/resolve.js';
import { EXAMPLES, recordExample } from '../register/helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const LOCAL = join(ROOT, 'test', 'fixtures', 'packs', 'board-approval');
const AS_OF = ['--as-of', '2026-11-22'];
let project: string;
let cwd: string;
const igcheck = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'igcheck.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
const json = (r: ReturnType<typeof igcheck>) => { expect(r.stderr).not.toMatch(/Error|invalid/); return JSON.parse(r.stdout); };

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'igcheck-packs-'));
  cwd = join(project, 'shares', '2026');
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(project, 'igcheck.config.yaml'), `rules:\n  - ${JSON.stringify(LOCAL)}\n`);
  writeFileSync(join(cwd, 'flows.yaml'), YAML.stringify([YAML.parse(readFileSync(EXAMPLES.carePlan, 'utf8'))]));
  // A decision recorded under the built-in pack alone.
  await recordExample(cwd, EXAMPLES.carePlan, 'care-plan');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('a local pack in igcheck.config.yaml', () => {
  it('is resolved from a subdirectory, and left out with config: false', async () => {
    expect((await resolvePacks({}, cwd)).sources.map(s => s.name)).toEqual(['england', 'board-approval']);
    expect((await resolvePacks({ config: false }, cwd)).sources.map(s => s.name)).toEqual(['england']);
    expect((await resolvePacks({ config: false, rules: [LOCAL] }, cwd)).sources.map(s => s.name)).toEqual(['england', 'board-approval']);
  });
  it('adds its condition to assess', () => {
    const ids = (args: string[]) => json(igcheck(['assess', '--answers', EXAMPLES.carePlan, '--json', ...AS_OF, ...args])).conditions.map((c: { id: string }) => c.id);
    expect(ids([])).toContain('board-approval');
    expect(ids(['--no-config'])).not.toContain('board-approval');
  });
  it('adds its condition to every flow of an audit', () => {
    const ids = (args: string[]) => json(igcheck(['audit', 'flows.yaml', '--json', ...AS_OF, ...args])).conditions.map((c: { id: string }) => c.id);
    expect(ids([])).toContain('board-approval');
    expect(ids(['--no-config'])).not.toContain('board-approval');
  });
  it('makes review report the recorded decision it would change', () => {
    const changed = (args: string[]) => json(igcheck(['review', '--json', ...AS_OF, ...args])).impact.changed;
    const withLocal = changed([]);
    expect(withLocal).toHaveLength(1);
    expect(withLocal[0].conditions.added).toEqual(['board-approval']);
    expect(changed(['--no-config'])).toEqual([]);
  });
});
