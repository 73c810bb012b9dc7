// igcheck.config.yaml: found from the working directory upwards, rule dirs relative to the file.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, formatProblem } from '../../src/errors.js';
import { findConfig, localPackDirs, readConfig } from '../../src/pack/config.js';

const root = mkdtempSync(join(tmpdir(), 'igcheck-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('igcheck.config.yaml', () => {
  const project = join(root, 'project');
  const deep = join(project, 'shares', '2026');
  mkdirSync(deep, { recursive: true });
  mkdirSync(join(project, 'local-rules'));
  mkdirSync(join(root, 'team-rules'));
  writeFileSync(join(project, 'igcheck.config.yaml'), 'rules:\n  - local-rules\n  - ../team-rules\n');

  it('is found from a subdirectory, and its rule dirs resolve against the file', async () => {
    expect(findConfig(deep)).toBe(join(project, 'igcheck.config.yaml'));
    const cfg = await readConfig(findConfig(deep)!);
    expect(cfg.rules).toEqual([join(project, 'local-rules'), join(root, 'team-rules')]);
  });

  it('comes before --rules, each directory once; --no-config leaves it out', async () => {
    const dirs = await localPackDirs(['extra', join(project, 'local-rules')], { cwd: deep });
    expect(dirs).toEqual([join(project, 'local-rules'), join(root, 'team-rules'), join(deep, 'extra')]);
    expect(await localPackDirs(['extra'], { cwd: deep, config: false })).toEqual([join(deep, 'extra')]);
  });

  it('is absent when no ancestor has one', () => {
    expect(findConfig(join(root))).toBeUndefined();
  });

  it('reports an unknown setting and a bad entry with file and line', async () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'igcheck.config.yaml'), 'rulez: [x]\nrules:\n  - 42\n  - missing-dir\n');
    const err = await readConfig(join(bad, 'igcheck.config.yaml')).catch(e => e);
    expect(err).toBeInstanceOf(InputError);
    const lines = (err as InputError).problems.map(formatProblem);
    expect(lines[0]).toMatch(/igcheck\.config\.yaml:1:1: rulez: unknown setting `rulez`/);
    expect(lines[1]).toMatch(/igcheck\.config\.yaml:3:5: rules\.0: expected a directory path/);
    expect(lines[2]).toMatch(/igcheck\.config\.yaml:4:5: rules\.1: no such directory: .*missing-dir/);
  });
});
