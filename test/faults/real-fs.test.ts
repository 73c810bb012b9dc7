// The real thing, where the machine allows it: a tiny tmpfs that fills up and a read-only one,
// with the built binary. Skipped where mounting is not permitted (not root, no tmpfs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXAMPLE, ROOT, tempDir } from './harness.js';

const BIN = join(ROOT, 'bin/igcheck.js');
const work = tempDir('igcheck-realfs-');
const full = join(work, 'full');
const ro = join(work, 'ro');
const mounted: string[] = [];

function mount(dir: string, opts: string): boolean {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status === 0) mounted.push(dir);
  return r.status === 0;
}
const canMount = process.platform === 'linux' && process.getuid?.() === 0 && mount(full, 'size=48k') && mount(ro, 'ro,size=16k');

const igcheck = (args: string[], cwd = work) => spawnSync(process.execPath, [BIN, ...args], {
  cwd, encoding: 'utf8', env: { ...process.env, IGCHECK_SIGNER: 'Tess Tester', NO_COLOR: '1' },
});

beforeAll(() => {
  if (!canMount) return;
  expect(igcheck(['keygen', '--out', join(work, 'key.pem')]).status).toBe(0);
});
afterAll(() => {
  for (const m of mounted) spawnSync('umount', [m]);
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!canMount)('on real file systems', () => {
  test('assess --out onto a full disk: exit 2, one plain line, nothing left, nothing recorded', () => {
    // Fill the disk nearly up first.
    writeFileSync(join(full, 'ballast'), Buffer.alloc(40 * 1024));
    const r = igcheck(['assess', '--answers', EXAMPLE, '--out', join(full, 'pack'), '--register', join(full, 'reg.jsonl'), '--key', join(work, 'key.pem')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^igcheck: cannot write .*: the disk is full; free some space/m);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(full)).toEqual(['ballast']);
    rmSync(join(full, 'ballast'));
  });

  test('audit --out onto a full disk: exit 2 (never 0) and nothing left behind', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `F${i},Flow number ${i} to somewhere,`).join('\r\n');
    writeFileSync(join(work, 'flows.csv'), `Flow ID,Title,Lawful basis\r\n${rows}\r\n`);
    const r = igcheck(['audit', join(work, 'flows.csv'), '--out', join(full, 'audit')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/the disk is full/);
    expect(readdirSync(full)).toEqual([]);
  });

  test('a read-only folder: assess --out, audit --out, keygen and rules docs say so in one line', () => {
    const cases = [
      ['assess', '--answers', EXAMPLE, '--out', join(ro, 'pack'), '--register', join(ro, 'reg.jsonl'), '--key', join(work, 'key.pem')],
      ['audit', join(work, 'flows.csv'), '--out', join(ro, 'audit')],
      ['keygen', '--out', join(ro, 'k.pem')],
      ['rules', 'docs', '--out', join(ro, 'rules.md')],
    ];
    for (const args of cases) {
      const r = igcheck(args);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args[0]).toMatch(/read-only file system; choose a folder you can write to\.\n$/);
      expect(r.stderr, args[0]).not.toMatch(/internal error|\n\s+at /);
    }
    expect(readdirSync(ro)).toEqual([]);
  });
});

test('Ctrl-C while the register is busy: the pack is taken out again, nothing recorded, exit 130', async () => {
  const { spawn } = await import('node:child_process');
  const dir = tempDir('igcheck-sigint-');
  try {
    expect(igcheck(['keygen', '--out', join(dir, 'key.pem')]).status).toBe(0);
    const reg = join(dir, 'reg.jsonl');
    mkdirSync(`${reg}.lock`); // another igcheck is writing the register
    const child = spawn(process.execPath, [BIN, 'assess', '--answers', EXAMPLE, '--out', join(dir, 'pack'), '--register', reg, '--key', join(dir, 'key.pem'), '--format', 'md'], {
      cwd: dir, env: { ...process.env, IGCHECK_SIGNER: 'Tess Tester', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', c => { err += String(c); });
    // Wait until the pack has been signed and is waiting on the register's lock.
    for (let i = 0; i < 100 && !readdirSync(dir).includes('pack'); i++) await new Promise(r => setTimeout(r, 50));
    expect(readdirSync(dir), err).toContain('pack');
    child.kill('SIGINT');
    const code = await new Promise<number | null>(r => child.on('exit', c => r(c)));
    expect(code).toBe(130);
    expect(readdirSync(dir).sort()).toEqual(['key.pem', 'key.pub.pem', 'reg.jsonl.lock']);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
