// The register file on disk: where it is, reading it, and appending one entry under an exclusive
// lock with a single write and fsync. History is never rewritten: the file is only opened to append.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import lockfile from 'proper-lockfile';
import { InputError } from '../errors.js';
import { chain, type RegisterEntry, type Unchained } from './entry.js';
import { findRegister } from './locate.js';
import { verifyRegister, type Verification } from './verify.js';

export { DEFAULT_REGISTER } from './locate.js';

/** An explicit path, else $IGCHECK_REGISTER, else the project's register (src/register/locate.ts). */
export function registerPath(explicit?: string): string {
  return findRegister(explicit);
}

/** A path as stored in an entry: relative to the register's directory, with forward slashes. */
export function relativeToRegister(register: string, path: string): string {
  const r = relative(dirname(register), resolve(path));
  return (r || '.').split(sep).join('/');
}

/** An entry's stored path back to an absolute one. */
export function resolveFromRegister(register: string, stored: string): string {
  return isAbsolute(stored) ? stored : resolve(dirname(register), stored);
}

/** Read and verify the whole register. A missing file is an empty register. */
export function readRegister(path: string, expectHead?: string): Verification & { exists: boolean } {
  if (!existsSync(path)) return { ...verifyRegister('', expectHead), exists: false };
  return { ...verifyRegister(readFileSync(path, 'utf8'), expectHead), exists: true };
}

/** Refuse to build on a register that does not verify: a broken chain must be seen, not extended. */
function assertIntact(path: string, v: Verification): void {
  if (v.ok) return;
  throw new InputError('The decision register does not verify, so nothing was added to it', [
    { file: path, line: v.problem!.line, message: v.problem!.message },
  ], 'Run `igcheck register verify` for details. The register is append-only: restore it from a backup or start a new one with IGCHECK_REGISTER.');
}

// Lock waits: two assess runs finish within milliseconds of each other; a stale lock (a killed
// process) is taken over after 10 s, which proper-lockfile detects from the lock's mtime.
const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  update: 2_000,
  retries: { retries: 100, factor: 1.3, minTimeout: 10, maxTimeout: 250, randomize: true },
  // The default throws from a timer (a crash with a stack trace). A lock is held for milliseconds;
  // if it were ever taken over mid-write, the next append's verification would catch the fork.
  onCompromised: () => { /* see above */ },
};

/** Append one entry: lock, verify, chain onto the last entry, write the whole line once, fsync. */
export async function appendEntry<T extends RegisterEntry>(path: string, body: Unchained<T>): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lockfile.lock(path, { ...LOCK_OPTIONS, lockfilePath: `${path}.lock` });
  } catch (e) {
    throw new InputError('The decision register is locked', [{ file: path, message: `another igcheck is writing it and did not finish (${(e as Error).message}); if none is running, remove ${path}.lock` }]);
  }
  try {
    const v = readRegister(path);
    assertIntact(path, v);
    const last = v.entries.at(-1);
    const entry = chain<T>(body, last ? { seq: last.seq, hash: last.hash } : null);
    const created = !v.exists;
    const fd = openSync(path, 'a');
    try {
      // One write of the whole line: with O_APPEND it lands after every earlier line, never inside one.
      const buf = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally { closeSync(fd); }
    if (created) syncDir(dirname(path));
    return entry;
  } finally {
    await release().catch(() => { /* the lock was taken over as stale: our write had finished */ });
  }
}

/** Make a new file's directory entry durable too (not supported on every platform). */
function syncDir(dir: string): void {
  try { const fd = openSync(dir, 'r'); try { fsyncSync(fd); } finally { closeSync(fd); } } catch { /* best effort */ }
}
