// The register file on disk: where it is, reading it, and appending one entry under an exclusive
// lock with a single write and fsync at its verified end. History is never rewritten.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { appendWhole, fsError, isFsError, makeDir, removeEmptyDir, writeFile } from '../io/write.js';
import { configDir } from '../sign/keys.js';
import { decodeUtf8 } from '../io/text.js';
import lockfile from 'proper-lockfile';
import { InputError } from '../errors.js';
import { chain, entryHash, formatId, type RegisterEntry, type Unchained } from './entry.js';
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
export function readRegister(path: string, expectHead?: string): Verification & { exists: boolean; size: number; lastLineStart: number } {
  let buf: Buffer;
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    buf = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ...verifyRegister('', expectHead), exists: false, size: 0, lastLineStart: 0 };
    throw fsError(e, path, 'read the register');
  }
  const v = verifyRegister(decodeUtf8(buf, path, 'decision register'), expectHead);
  return { ...v, exists: true, size: buf.length, lastLineStart: buf.length > 1 ? buf.lastIndexOf(10, buf.length - 2) + 1 : 0 };
}

/** Refuse to build on a register that does not verify: a broken chain must be seen, not extended. */
function assertIntact(path: string, v: Pick<Verification, 'ok' | 'problem'>): void {
  if (v.ok) return;
  throw new InputError('The decision register does not verify, so nothing was added to it', [
    { file: path, line: v.problem!.line, message: v.problem!.message },
  ], 'Run `igcheck register verify` for details. The register is append-only: restore it from a backup or start a new one with IGCHECK_REGISTER.');
}

// ---------------------------------------------------------------------------------------------
// The verified tail: where the register ends and its last entry, so an append costs the same at
// 10,000 entries as at none. It is remembered (in the config directory, keyed by the register's
// path) with the file's size, inode and modification time when igcheck last verified or appended:
// while those are unchanged only the last line is read and checked; any other change to the file
// (an edit, a restore, a copy) means the whole chain is verified again before anything is added.
// `register verify` always checks every entry.

export interface Tail { size: number; seq: number; hash: string | null }
interface Remembered { size: number; mtimeNs: string; ino: string; dev: string; offset: number; seq: number; hash: string }

const tailFile = (path: string) => join(configDir(), 'register-tails', `${createHash('sha256').update(resolve(path)).digest('hex').slice(0, 32)}.json`);

function remember(path: string, offset: number, seq: number, hash: string): void {
  try {
    const st = statSync(path, { bigint: true });
    const r: Remembered = { size: Number(st.size), mtimeNs: String(st.mtimeNs), ino: String(st.ino), dev: String(st.dev), offset, seq, hash };
    makeDir(dirname(tailFile(path)), 0o700);
    writeFile(tailFile(path), `${JSON.stringify(r)}\n`);
  } catch { /* only a cache: without it the next append verifies the whole chain */ }
}

/** The last entry from the remembered tail, if the file is as igcheck last left it; else undefined. */
function rememberedTail(path: string, size: number): Tail | undefined {
  let r: Remembered;
  try { r = JSON.parse(readFileSync(tailFile(path), 'utf8')) as Remembered; } catch { return undefined; }
  try {
    const st = statSync(path, { bigint: true });
    if (Number(st.size) !== size || r.size !== size || String(st.mtimeNs) !== r.mtimeNs || String(st.ino) !== r.ino || String(st.dev) !== r.dev) return undefined;
    if (!(r.offset >= 0 && r.offset < size && size - r.offset < 16 << 20)) return undefined;
    const buf = Buffer.alloc(size - r.offset);
    const fd = openSync(path, 'r');
    try { readSync(fd, buf, 0, buf.length, r.offset); } finally { closeSync(fd); }
    const line = buf.toString('utf8');
    if (!line.endsWith('\n') || line.indexOf('\n') !== line.length - 1) return undefined;
    const e = JSON.parse(line) as RegisterEntry;
    if (e.seq !== r.seq || e.hash !== r.hash || e.id !== formatId(e.seq) || entryHash(e as unknown as Record<string, unknown>) !== e.hash) return undefined;
    return { size, seq: e.seq, hash: e.hash };
  } catch { return undefined; }
}

/**
 * The register's verified end: constant time when the file is as igcheck last left it, otherwise
 * the whole chain is verified (and a broken one refused). A missing file is an empty register.
 */
export function verifiedTail(path: string): Tail {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { size: 0, seq: 0, hash: null };
    throw fsError(e, path, 'read the register');
  }
  if (size === 0) return { size: 0, seq: 0, hash: null };
  const fast = rememberedTail(path, size);
  if (fast) return fast;
  const v = readRegister(path);
  assertIntact(path, v);
  const last = v.entries.at(-1);
  if (last && v.size === size) remember(path, v.lastLineStart, last.seq, last.hash);
  return { size: v.size, seq: last?.seq ?? 0, hash: last?.hash ?? null };
}

/** Before writing anything that will be recorded: the register must be one we can append to. */
export function checkRegister(path: string): void {
  verifiedTail(path);
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

/**
 * Append one entry: lock, find the verified tail, chain onto the last entry, write the whole line
 * once at that end and sync. A failed write is cut back, so the register is as it was.
 */
export async function appendEntry<T extends RegisterEntry>(path: string, body: Unchained<T>): Promise<T> {
  const dir = dirname(path);
  const madeDir = !existsSync(dir);
  if (madeDir) makeDir(dir);
  try {
    return await appendLocked<T>(path, body);
  } catch (e) {
    // A folder made for a new register goes again if the register could not be started.
    if (madeDir) removeEmptyDir(dir);
    throw e;
  }
}

async function appendLocked<T extends RegisterEntry>(path: string, body: Unchained<T>): Promise<T> {
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lockfile.lock(path, { ...LOCK_OPTIONS, lockfilePath: `${path}.lock` });
  } catch (e) {
    if (isFsError(e) && (e as NodeJS.ErrnoException).code !== 'ELOCKED') throw fsError(e, path, 'lock the register');
    throw new InputError('The decision register is locked', [{ file: path, message: `another igcheck is writing it and did not finish (${(e as Error).message}); if none is running, remove ${path}.lock` }]);
  }
  try {
    const tail = verifiedTail(path);
    const entry = chain<T>(body, tail.hash ? { seq: tail.seq, hash: tail.hash } : null);
    appendWhole(path, `${JSON.stringify(entry)}\n`, tail.size);
    remember(path, tail.size, entry.seq, entry.hash);
    return entry;
  } finally {
    await release().catch(() => { /* the lock was taken over as stale: our write had finished */ });
  }
}
