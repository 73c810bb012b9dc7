// One register per project: found the way igcheck.config.yaml is, and named by `register list`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRegister } from '../../src/register/locate.js';

const BIN = resolve(import.meta.dirname, '../../bin/igcheck.js');
const project = () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'igcheck-locate-')));
  const deep = join(root, 'flows', 'police');
  mkdirSync(deep, { recursive: true });
  return { root, deep };
};

describe('findRegister', () => {
  it('an explicit path, then $IGCHECK_REGISTER, come first', () => {
    const { root, deep } = project();
    expect(findRegister('mine.jsonl', deep, {})).toBe(join(deep, 'mine.jsonl'));
    expect(findRegister(undefined, deep, { IGCHECK_REGISTER: join(root, 'r.jsonl') })).toBe(join(root, 'r.jsonl'));
  });

  it('from any folder of a project, the register beside igcheck.config.yaml', () => {
    const { root, deep } = project();
    writeFileSync(join(root, 'igcheck.config.yaml'), 'rules: []\n');
    expect(findRegister(undefined, deep, {})).toBe(join(root, 'igcheck-register.jsonl'));
    expect(findRegister(undefined, root, {})).toBe(join(root, 'igcheck-register.jsonl'));
  });

  it('the nearest existing register above, without a config', () => {
    const { root, deep } = project();
    writeFileSync(join(root, 'igcheck-register.jsonl'), '');
    expect(findRegister(undefined, deep, {})).toBe(join(root, 'igcheck-register.jsonl'));
  });

  it('else one in the working folder', () => {
    const { deep } = project();
    expect(findRegister(undefined, deep, {})).toBe(join(deep, 'igcheck-register.jsonl'));
  });
});

it('`register list` names the file it read', () => {
  const { root, deep } = project();
  writeFileSync(join(root, 'igcheck.config.yaml'), 'rules: []\n');
  const env = { ...process.env, IGCHECK_REGISTER: '', NO_COLOR: '1' };
  const empty = spawnSync(process.execPath, [BIN, 'register', 'list'], { cwd: deep, encoding: 'utf8', env });
  expect(empty.stdout).toContain(join(root, 'igcheck-register.jsonl'));
  writeFileSync(join(root, 'igcheck-register.jsonl'), '');
  const r = spawnSync(process.execPath, [BIN, 'register', 'list'], { cwd: deep, encoding: 'utf8', env });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`Register: ${join(root, 'igcheck-register.jsonl')}`);
});
