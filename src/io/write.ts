// The one module that writes files. Every output igcheck makes (documents, manifests, signatures,
// keys, audit results, the register, session files, templates, schemas) goes through here:
//   - a whole file is written to a temporary name in the same directory, synced, then renamed, so a
//     reader sees the old file or the new one, never half of one;
//   - several files (or a streamed one) are committed together or not at all;
//   - a directory (a signed pack) is built beside its target and renamed into place;
//   - the register is appended to only where its verified end is, one whole line, synced, and cut
//     back to that end if the write fails.
// On any failure what was started is removed and an EnvironmentError names the path and the cause
// in plain words (exit 2). Ctrl-C while a temporary file or directory exists removes it too.
import {
  closeSync, fstatSync, fsyncSync, ftruncateSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, rmdirSync, rmSync, unlinkSync, writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { EnvironmentError } from '../errors.js';

export type Data = string | Uint8Array;

// ---------------------------------------------------------------------------------------------
// Plain words for what the file system said.

const CAUSES: Record<string, [string, string]> = {
  ENOSPC: ['the disk is full', 'free some space (or choose another place) and run it again'],
  EDQUOT: ['the disk quota is used up', 'free some space (or choose another place) and run it again'],
  EROFS: ['the folder is on a read-only file system', 'choose a folder you can write to'],
  EACCES: ['permission denied', 'check the folder\'s permissions, or choose a folder you can write to'],
  EPERM: ['the operation is not permitted', 'check the file\'s permissions and attributes, or choose another place'],
  EISDIR: ['it is a directory, not a file', 'give the path of a file'],
  ENOTDIR: ['a part of the path is a file, not a folder', 'check the path'],
  ENOENT: ['its folder does not exist', 'create the folder first, or check the path'],
  EEXIST: ['it already exists', 'choose another name, or remove it first'],
  EIO: ['the device reported an input/output error', 'check the disk (or network drive) and run it again'],
  EMFILE: ['too many files are open', 'close some programs and run it again'],
  ENFILE: ['too many files are open on this system', 'close some programs and run it again'],
  ENAMETOOLONG: ['the name is too long', 'choose a shorter path'],
  ELOOP: ['the path has too many symbolic links (a loop?)', 'check the path'],
  EBUSY: ['the file is busy (in use by another program)', 'close the program using it and run it again'],
  ETXTBSY: ['the file is busy (in use by another program)', 'close the program using it and run it again'],
  EXDEV: ['it is on another file system', 'write it within one folder'],
  EFBIG: ['the file is too large for this file system', 'choose another place'],
  ENOTEMPTY: ['the folder is not empty', 'choose an empty or new folder'],
};

/** Whether an error came from the file system (has an errno code we can put in words). */
export function isFsError(e: unknown): e is NodeJS.ErrnoException {
  return !!e && typeof e === 'object' && typeof (e as NodeJS.ErrnoException).code === 'string'
    && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!) && !(e instanceof EnvironmentError);
}

/**
 * An EnvironmentError (exit 2) for a file-system failure: "cannot write PATH: the disk is full",
 * with what to do. `doing` is the verb: write, read, create, replace, append to.
 */
export function fsError(e: unknown, path: string, doing = 'write'): EnvironmentError {
  if (e instanceof EnvironmentError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? 'EIO';
  const [cause, action] = CAUSES[code] ?? [`${err?.message ?? String(e)}`.replace(/^[A-Z]+: /, ''), 'check the path and run it again'];
  // A missing folder is named, since that is what the user must create.
  const reading = doing.startsWith('read');
  const reason = code === 'ENOENT' ? (reading ? 'no such file' : `the folder ${dirname(path)} does not exist`) : cause;
  return new EnvironmentError(`cannot ${doing} ${path}: ${reason}`, code === 'ENOENT' && reading ? 'check the path' : action, path, code, reason);
}

// ---------------------------------------------------------------------------------------------
// Fault injection for the tests: every step that changes the disk passes through `step`.

/** A step of a write: what it does and to which path. */
export type Step = { op: 'open' | 'write' | 'sync' | 'close' | 'rename' | 'link' | 'mkdir' | 'truncate'; path: string };
/** A fault hook: throw an errno error to fail the step; for a write, return `{ short: n }` to write only n bytes. */
export type FaultHook = (s: Step) => void | { short: number };
let fault: FaultHook | undefined;

/** Tests only: call `fn` before every step that changes the disk. */
export function injectFaults(fn: FaultHook | undefined): void { fault = fn; }

function step(op: Step['op'], path: string): number {
  const r = fault?.({ op, path });
  return r && typeof r === 'object' ? r.short : Infinity;
}

// ---------------------------------------------------------------------------------------------
// Temporary paths removed on Ctrl-C (or kill) while they exist.

// What to do on a signal, by key: remove a temporary path (the default), or undo a step.
const pending = new Map<string, () => void>();
const onSignal = (sig: NodeJS.Signals) => {
  for (const undo of [...pending.values()].reverse()) { try { undo(); } catch { /* best effort */ } }
  process.exit(sig === 'SIGINT' ? 130 : 143);
};
function track(p: string, undo: () => void = () => rmSync(p, { recursive: true, force: true })): void {
  if (!pending.size) { process.on('SIGINT', onSignal); process.on('SIGTERM', onSignal); }
  pending.set(p, undo);
}
function untrack(p: string): void {
  if (!pending.delete(p)) return;
  if (!pending.size) { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); }
}

// A temporary name beside the target (same file system, so the rename is atomic), short enough to be
// valid wherever the target's own name is.
const tmpName = (path: string, tag = 'tmp') => join(dirname(path), `.${basename(path).slice(0, 100)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);

function quietly(f: () => void): void { try { f(); } catch { /* cleaning up after a failure */ } }

function writeAll(fd: number, buf: Uint8Array, path: string): void {
  let off = 0;
  while (off < buf.length) {
    const limit = step('write', path);
    off += writeSync(fd, buf, off, Math.min(limit, buf.length - off));
  }
}

const bytes = (d: Data): Uint8Array => (typeof d === 'string' ? Buffer.from(d, 'utf8') : d);

/** Make a new directory's entry durable (best effort: not every platform can sync a directory). */
function syncDir(dir: string): void {
  try { const fd = openSync(dir, 'r'); try { fsyncSync(fd); } finally { closeSync(fd); } } catch { /* best effort */ }
}

// ---------------------------------------------------------------------------------------------
// Streamed and whole files.

/** A file being written under a temporary name: nothing is at `path` until commit. */
export interface Output {
  readonly path: string;
  write(data: Data): void;
  /** Sync, close and rename into place. */
  commit(): void;
  /** Close and remove the temporary file; safe to call at any time, also after commit (no effect). */
  abort(): void;
}

interface OutputInternal extends Output { tmp: string; sync(): void; done: boolean }

/** Start writing `path` (its folder must exist). Write with write(), then commit() or abort(). */
export function openOutput(path: string, opts: { mode?: number } = {}): Output {
  const target = resolve(path);
  const tmp = tmpName(target);
  let fd: number | undefined;
  try {
    step('open', tmp);
    fd = openSync(tmp, 'wx', opts.mode ?? 0o644);
    track(tmp);
  } catch (e) {
    throw fsError(e, target, 'write');
  }
  const out: OutputInternal = {
    path: target, tmp, done: false,
    write(data) {
      if (out.done || fd === undefined) throw new Error(`write after close: ${target}`);
      try { writeAll(fd, bytes(data), target); } catch (e) { out.abort(); throw fsError(e, target); }
    },
    sync() {
      if (fd === undefined) return;
      try {
        step('sync', target); fsyncSync(fd);
        step('close', target); const f = fd; fd = undefined; closeSync(f);
      } catch (e) { out.abort(); throw fsError(e, target); }
    },
    commit() { commitAll([out]); },
    abort() {
      if (out.done) return;
      out.done = true;
      if (fd !== undefined) { const f = fd; fd = undefined; quietly(() => closeSync(f)); }
      quietly(() => unlinkSync(tmp));
      untrack(tmp);
    },
  };
  return out;
}

/**
 * Put several outputs in place together: all are synced first (where a full disk shows), then
 * renamed; if a rename fails, the ones already renamed are put back as they were. On failure every
 * temporary file is removed and an EnvironmentError is thrown.
 */
export function commitAll(outputs: Output[]): void {
  const outs = outputs as OutputInternal[];
  try {
    for (const o of outs) o.sync();
  } catch (e) {
    for (const o of outs) o.abort();
    throw e;
  }
  const placed: { target: string; backup?: string }[] = [];
  let current: OutputInternal | undefined;
  try {
    for (const o of outs) {
      current = o;
      // Keep the file being replaced (a hard link, no copy) until every rename has worked.
      let backup: string | undefined = tmpName(o.path, 'old');
      if (isDir(o.path)) throw Object.assign(new Error(`EISDIR: ${o.path}`), { code: 'EISDIR' });
      try { step('link', backup); linkSync(o.path, backup); track(backup); } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        backup = undefined;
      }
      step('rename', o.path);
      try { renameSync(o.tmp, o.path); } catch (e) { if (backup) { quietly(() => unlinkSync(backup!)); untrack(backup); } throw e; }
      o.done = true;
      untrack(o.tmp);
      placed.push({ target: o.path, backup });
    }
  } catch (e) {
    for (const p of placed.reverse()) {
      if (p.backup) quietly(() => renameSync(p.backup!, p.target));
      else quietly(() => unlinkSync(p.target));
      if (p.backup) untrack(p.backup);
    }
    for (const o of outs) o.abort();
    throw fsError(e, current?.path ?? outs[0]?.path ?? '', 'write');
  }
  for (const p of placed) if (p.backup) { quietly(() => unlinkSync(p.backup!)); untrack(p.backup); }
  for (const d of new Set(outs.map(o => dirname(o.path)))) syncDir(d);
}

/**
 * Write a whole file: temporary file, sync, rename. With `noReplace` an existing file is never
 * replaced (the file is linked into place, which fails if another run made it meanwhile).
 */
export function writeFile(path: string, data: Data, opts: { mode?: number; noReplace?: boolean } = {}): void {
  if (!opts.noReplace) { writeFiles([{ path, data, mode: opts.mode }]); return; }
  const o = openOutput(path, { mode: opts.mode }) as OutputInternal;
  o.write(data);
  o.sync();
  try {
    step('link', o.path);
    linkSync(o.tmp, o.path);
  } catch (e) {
    o.abort();
    throw fsError(e, o.path, 'create');
  }
  o.abort(); // removes the temporary name; the linked file stays
  syncDir(dirname(o.path));
}

/** Several whole files, all in place or none (see commitAll). */
export function writeFiles(files: { path: string; data: Data; mode?: number }[]): void {
  const outs: Output[] = [];
  try {
    for (const f of files) {
      const o = openOutput(f.path, { mode: f.mode });
      outs.push(o);
      o.write(f.data);
    }
  } catch (e) {
    for (const o of outs) o.abort();
    throw e;
  }
  commitAll(outs);
}

/** Create a folder and any missing parents (no error if it exists as a folder). */
export function makeDir(path: string, mode?: number): void {
  try {
    step('mkdir', path);
    mkdirSync(path, { recursive: true, ...(mode !== undefined ? { mode } : {}) });
  } catch (e) {
    throw fsError(trueCause(e, path), path, 'create the folder');
  }
}

/**
 * Node's recursive mkdir reports ENOENT for some failures (a read-only file system among them):
 * make the first missing folder alone to learn the real cause.
 */
function trueCause(e: unknown, path: string): unknown {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return e;
  let missing = resolve(path);
  while (!exists(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  if (!exists(dirname(missing))) return e;
  try { mkdirSync(missing); rmdirSync(missing); return e; } catch (real) { return real; }
}

/** Remove a folder if it is empty (one this run made and then could not fill); quiet on failure. */
export function removeEmptyDir(path: string): void {
  quietly(() => rmdirSync(path));
}

// ---------------------------------------------------------------------------------------------
// A directory written whole: the signed pack.

/** A directory built under a temporary name beside its target. */
export interface StagedDir {
  readonly path: string;
  /** Rename into place (an existing directory is kept aside until finish(), if replace was given). */
  commit(): void;
  /** After commit: put back what was there before (the old directory, or nothing). */
  undo(): void;
  /** After commit: remove the old directory kept aside. Before commit: remove the staged one. */
  finish(): void;
}

/**
 * Build `target` from `files` (relative paths, `/`-separated; folders are made as needed) in a
 * temporary directory beside it. Nothing is at `target` until commit(). Without `replace`, an
 * existing target is an error at commit.
 */
export function stageDir(target: string, files: Iterable<[string, Data]>, opts: { replace?: boolean } = {}): StagedDir {
  const dir = resolve(target);
  const parent = dirname(dir);
  makeDir(parent);
  const tmp = tmpName(dir);
  try { step('mkdir', tmp); mkdirSync(tmp, { mode: 0o755 }); } catch (e) { throw fsError(e, dir, 'create the folder'); }
  track(tmp);
  const cleanup = () => { quietly(() => rmSync(tmp, { recursive: true, force: true })); untrack(tmp); };
  try {
    const made = new Set<string>([tmp]);
    for (const [name, data] of files) {
      if (!name || name.startsWith('/') || name.split('/').some(s => s === '..' || s === '.' || s === '')) throw new Error(`bad file name in a staged directory: ${name}`);
      const file = join(tmp, ...name.split('/'));
      const sub = dirname(file);
      if (!made.has(sub)) { step('mkdir', join(dir, dirname(name))); mkdirSync(sub, { recursive: true }); made.add(sub); }
      const shown = join(dir, ...name.split('/'));
      step('open', shown);
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeAll(fd, bytes(data), shown);
        step('sync', shown); fsyncSync(fd);
      } finally { step('close', shown); closeSync(fd); }
    }
    for (const d of made) syncDir(d);
  } catch (e) {
    cleanup();
    throw fsError(e, dir, 'write');
  }
  let old: string | undefined;
  let state: 'staged' | 'committed' | 'done' = 'staged';
  return {
    path: dir,
    commit() {
      if (state !== 'staged') return;
      try {
        if (exists(dir)) {
          if (!opts.replace) throw new EnvironmentError(`${dir} appeared while writing; refusing to overwrite it`, 'choose another folder, or replace it with --force', dir, 'EEXIST');
          old = tmpName(dir, 'old');
          step('rename', dir);
          renameSync(dir, old);
          // Until finish(), a signal puts the old directory back (and takes the new one out).
          const kept = old;
          track(kept, () => { rmSync(dir, { recursive: true, force: true }); renameSync(kept, dir); });
        }
        try {
          step('rename', dir);
          renameSync(tmp, dir);
        } catch (e) {
          if (old) { quietly(() => renameSync(old!, dir)); untrack(old); old = undefined; }
          throw e;
        }
        untrack(tmp);
        // Until finish() (the register entry written), a signal takes the new directory out again.
        if (!old) track(dir, () => rmSync(dir, { recursive: true, force: true }));
        syncDir(parent);
        state = 'committed';
      } catch (e) {
        cleanup();
        state = 'done';
        throw fsError(e, dir, 'write');
      }
    },
    undo() {
      if (state !== 'committed') return;
      state = 'done';
      quietly(() => rmSync(dir, { recursive: true, force: true }));
      if (old) { quietly(() => renameSync(old!, dir)); untrack(old); } else untrack(dir);
      syncDir(parent);
    },
    finish() {
      if (state === 'staged') cleanup();
      if (state === 'committed' && old) { quietly(() => rmSync(old!, { recursive: true, force: true })); untrack(old); }
      if (state === 'committed' && !old) untrack(dir);
      state = 'done';
    },
  };
}

function isDir(p: string): boolean {
  try { return lstatSync(p).isDirectory(); } catch { return false; }
}

function exists(p: string): boolean {
  try { lstatSync(p); return true; } catch (e) { return (e as NodeJS.ErrnoException).code !== 'ENOENT'; }
}

/** Write a directory whole: stage, commit, finish. */
export function writeDir(target: string, files: Iterable<[string, Data]>, opts: { replace?: boolean } = {}): void {
  const s = stageDir(target, files, opts);
  s.commit();
  s.finish();
}

// ---------------------------------------------------------------------------------------------
// Appending to the register.

/**
 * Append `data` (one or more whole lines) to `path`, which must be exactly `expectSize` bytes long
 * (the end the caller verified; 0 creates the file). Written with one call, synced; if anything
 * fails the file is cut back to `expectSize`, so no torn line is ever left. Returns the new size.
 */
export function appendWhole(path: string, data: Data, expectSize: number): number {
  const buf = bytes(data);
  let fd: number;
  let created = false;
  try {
    step('open', path);
    if (expectSize === 0) {
      // A new register is created here, and removed again if its first line cannot be written.
      try { fd = openSync(path, 'wx', 0o644); created = true; } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        fd = openSync(path, 'r+');
      }
    } else fd = openSync(path, 'r+');
  } catch (e) {
    throw fsError(e, path, 'append to');
  }
  let wrote = false;
  try {
    const size = fstatSync(fd).size;
    if (size !== expectSize) {
      throw new EnvironmentError(`cannot append to ${path}: it changed while being checked (${size} bytes, expected ${expectSize})`, 'run it again', path, 'ECHANGED');
    }
    wrote = true;
    let off = 0;
    while (off < buf.length) {
      const limit = step('write', path);
      off += writeSync(fd, buf, off, Math.min(limit, buf.length - off), expectSize + off);
    }
    step('sync', path);
    fsyncSync(fd);
  } catch (e) {
    if (wrote) {
      // Cut back to where it was: a line half-written on a full disk must not stay.
      try { step('truncate', path); ftruncateSync(fd, expectSize); fsyncSync(fd); } catch (t) {
        quietly(() => closeSync(fd));
        throw new EnvironmentError(`cannot append to ${path}: ${fsError(e, path).reason}; and it could not be cut back to its last whole entry (${(t as Error).message})`,
          'run `igcheck register verify`: it names the incomplete last line', path, (e as NodeJS.ErrnoException).code ?? 'EIO');
      }
    }
    quietly(() => closeSync(fd));
    if (created) quietly(() => unlinkSync(path));
    throw fsError(e, path, 'append to');
  }
  // The line is on disk (synced): a failing close cannot undo it, so it is not a failure.
  quietly(() => { step('close', path); closeSync(fd); });
  if (created) syncDir(dirname(path));
  return expectSize + buf.length;
}

// ---------------------------------------------------------------------------------------------
// Scratch space: a temporary file for what a reader cannot keep in memory (an Excel workbook's
// shared strings past a budget). It lives in the system's temporary folder and never outlives the
// process: its name is removed as soon as it is open where the platform allows (so not even a
// killed process leaves it behind), else on dispose() or Ctrl-C.

export interface Scratch {
  /** Where it is (already unlinked on most platforms): for messages. */
  readonly path: string;
  /** The open descriptor, for reading back with readSync. */
  readonly fd: number;
  /** Append bytes at the end; returns the offset they start at. */
  append(data: Uint8Array): number;
  /** Close and remove it; safe to call more than once. */
  dispose(): void;
}

export function openScratch(tag: string): Scratch {
  const dir = tmpdir();
  const path = join(dir, `igcheck-${tag}-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number;
  try { step('open', path); fd = openSync(path, 'wx+', 0o600); } catch (e) { throw fsError(e, path, 'create the temporary file'); }
  let linked = true;
  try { unlinkSync(path); linked = false; } catch { track(path, () => rmSync(path, { force: true })); }
  let size = 0;
  let open = true;
  return {
    path, fd,
    append(data) {
      const at = size;
      try {
        let off = 0;
        while (off < data.length) {
          const limit = step('write', path);
          off += writeSync(fd, data, off, Math.min(limit, data.length - off), at + off);
        }
      } catch (e) { throw fsError(e, path, 'write the temporary file'); }
      size += data.length;
      return at;
    },
    dispose() {
      if (!open) return;
      open = false;
      quietly(() => closeSync(fd));
      if (linked) { quietly(() => unlinkSync(path)); untrack(path); }
    },
  };
}
