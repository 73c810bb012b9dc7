// The register on a bad day: a torn append is cut back, a last line without its newline is
// refused (never glued onto), a broken register stops `assess --out` before anything is signed,
// and an append costs the same whatever the register's length.
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { verifiedTail } from '../../src/register/store.js';
import { verifyRegister } from '../../src/register/verify.js';
import { errno, EXAMPLE, isPlainEnvironmentError, run, snapshot, tempDir } from './harness.js';

let d: string;
const reg = () => join(d, 'reg.jsonl');
const assess = (out: string, extra: string[] = []) => run(['assess', '--answers', EXAMPLE, '--out', join(d, out), '--register', reg(), '--key', join(d, 'key.pem'), '--format', 'md', '--signer', 'Tess Tester', ...extra]);

beforeAll(async () => {
  d = tempDir();
  expect((await run(['keygen', '--out', join(d, 'key.pem')])).code).toBe(0);
  expect((await assess('one')).code).toBeLessThan(2);
  expect((await assess('two')).code).toBeLessThan(2);
});
afterAll(() => rmSync(d, { recursive: true, force: true }));

test('a write torn by a full disk is cut back: the register is as it was and still verifies', async () => {
  const before = readFileSync(reg());
  let writes = 0;
  const r = await run(['assess', '--answers', EXAMPLE, '--out', join(d, 'torn'), '--register', reg(), '--key', join(d, 'key.pem'), '--format', 'md', '--signer', 'Tess Tester'], s => {
    if (s.op === 'write' && s.path === reg()) {
      // The first call writes 25 bytes; the next finds the disk full.
      if (writes++ === 0) return { short: 25 };
      throw errno('ENOSPC', s.path);
    }
  });
  expect(r.code).toBe(2);
  expect(isPlainEnvironmentError(r.err), r.err).toBe(true);
  expect(readFileSync(reg())).toEqual(before);
  expect(existsSync(join(d, 'torn')), 'the pack goes with its entry').toBe(false);
  expect((await run(['register', 'verify', '--register', reg()])).code).toBe(0);
});

test('a last line without its newline fails verification and is never appended to', async () => {
  const good = readFileSync(reg(), 'utf8');
  try {
    writeFileSync(reg(), good.slice(0, -1));
    const v = await run(['register', 'verify', '--register', reg()]);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/line 2 does not end with a newline/);
    const before = snapshot(d);
    const a = await assess('three');
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/does not verify, so nothing was added/);
    expect(snapshot(d), 'nothing written or signed').toEqual(before);
    expect(verifyRegister(good.slice(0, -1)).ok).toBe(false);
  } finally { writeFileSync(reg(), good); }
});

test('assess --out onto a broken register fails before writing and signing the pack', async () => {
  const good = readFileSync(reg(), 'utf8');
  try {
    writeFileSync(reg(), good.replace('"R-0001"', '"R-0009"'));
    const before = snapshot(d);
    const a = await assess('four');
    expect(a.code).toBe(2);
    expect(snapshot(d)).toEqual(before);
    expect(readdirSync(d).filter(n => n.includes('four'))).toEqual([]);
  } finally { writeFileSync(reg(), good); }
});

test('the tail is remembered: an unchanged register is not re-read; any change means a full check', async () => {
  const t1 = verifiedTail(reg());
  expect(t1.seq).toBe(2);
  // An edit to an earlier entry (same size, new mtime) is caught before the next append.
  const good = readFileSync(reg(), 'utf8');
  try {
    writeFileSync(reg(), good.replace('"v":1', '"v":2'));
    expect(() => verifiedTail(reg())).toThrow(/does not verify/);
    // Cut in the middle of the last line: caught too.
    writeFileSync(reg(), good);
    truncateSync(reg(), good.length - 10);
    expect(() => verifiedTail(reg())).toThrow(/does not verify/);
    // Extra bytes glued on by another program: caught.
    writeFileSync(reg(), good);
    appendFileSync(reg(), '{"v":1}');
    expect(() => verifiedTail(reg())).toThrow(/does not verify/);
  } finally { writeFileSync(reg(), good); }
  expect(verifiedTail(reg())).toEqual({ size: Buffer.byteLength(good), seq: 2, hash: t1.hash });
});

test('register verify --register DIR and a missing parent folder are plain errors', async () => {
  const v = await run(['register', 'verify', '--register', d]);
  expect(v.code).toBe(2);
  expect(isPlainEnvironmentError(v.err), v.err).toBe(true);
  expect(v.err).toMatch(/is a directory/);
  const l = await run(['register', 'list', '--register', d]);
  expect(l.code).toBe(2);
  expect(l.err).not.toMatch(/internal error/);
});
