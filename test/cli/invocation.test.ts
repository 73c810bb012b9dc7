// Hints name the command the way the user started it.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asInvoked, invokedAs } from '../../src/cli/invocation.js';

const BIN = resolve(import.meta.dirname, '../../bin/igcheck.js');
const NPX = { npm_command: 'exec', npm_lifecycle_event: 'npx', npm_lifecycle_script: 'igcheck' };

describe('invokedAs', () => {
  it('npx igcheck under npx or npm exec, for igcheck only', () => {
    expect(invokedAs(NPX)).toBe('npx igcheck');
    expect(invokedAs({ npm_command: 'exec', npm_lifecycle_script: "'igcheck@0.1.0' assess" })).toBe('npx igcheck');
    expect(invokedAs({})).toBe('igcheck');
    // A child of `npx vitest` is not igcheck run through npx.
    expect(invokedAs({ npm_command: 'exec', npm_lifecycle_script: 'vitest run' })).toBe('igcheck');
    expect(invokedAs({ npm_command: 'run-script', npm_lifecycle_script: 'igcheck' })).toBe('igcheck');
  });

  it('rewrites command lines, never prose', () => {
    expect(asInvoked('Continue with:  igcheck assess --resume x.yaml', NPX)).toBe('Continue with:  npx igcheck assess --resume x.yaml');
    expect(asInvoked('Run `igcheck register verify`.', NPX)).toBe('Run `npx igcheck register verify`.');
    expect(asInvoked('Usage: igcheck [options] [command]', NPX)).toBe('Usage: npx igcheck [options] [command]');
    expect(asInvoked('igcheck tells an IG lead; see igcheck.config.yaml', NPX)).toBe('igcheck tells an IG lead; see igcheck.config.yaml');
    expect(asInvoked('Run `igcheck register verify`.', {})).toBe('Run `igcheck register verify`.');
  });
});

it('--help under npx shows npx igcheck in the usage and the examples', () => {
  const r = spawnSync(process.execPath, [BIN, 'assess', '--help'], { encoding: 'utf8', env: { ...process.env, ...NPX } });
  expect(r.stdout).toMatch(/^Usage: npx igcheck assess \[options\]/m);
  expect(r.stdout).toMatch(/^ {2}npx igcheck assess --answers share\.yaml/m);
  expect(r.stdout).not.toMatch(/(^|[^x] )igcheck assess/m);
});

it('-v, -V and --version print the version; --help lists -v and --no-color', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  const v = run('-v');
  expect(v.status).toBe(0);
  expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  expect(run('-V').stdout).toBe(v.stdout);
  expect(run('--version').stdout).toBe(v.stdout);
  const help = run('--help').stdout;
  expect(help).toMatch(/-v, --version/);
  expect(help).toMatch(/--no-color/);
});
