// Running the command line in this process with the file system made to fail on cue, and
// comparing a folder's state before and after.
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { injectFaults, type FaultHook, type Step } from '../../src/io/write.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXAMPLE = join(ROOT, 'examples/care-plan-to-care-home.yaml');
export const tempDir = (prefix = 'igcheck-faults-') => mkdtempSync(join(tmpdir(), prefix));

export interface Run { code: number; out: string; err: string }

/** `igcheck ARGS` in this process, its output captured, with `hook` watching every write step. */
export async function run(args: string[], hook?: FaultHook): Promise<Run> {
  let out = '';
  let err = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { err += String(s); return true; }) as typeof process.stderr.write;
  process.exitCode = undefined;
  injectFaults(hook);
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    injectFaults(undefined);
    process.stdout.write = ow;
    process.stderr.write = ew;
    process.exitCode = undefined;
  }
}

/** Every step a successful run takes. */
export async function stepsOf(args: string[]): Promise<{ steps: Step[]; result: Run }> {
  const steps: Step[] = [];
  const result = await run(args, s => { steps.push(s); });
  return { steps, result };
}

export const errno = (code: string, path = '?') => Object.assign(new Error(`${code}: injected, '${path}'`), { code, errno: -1, syscall: 'write', path });

/** A hook that fails the n-th step (0-based) with `code`. */
export function failAt(n: number, code: string): FaultHook {
  let i = 0;
  return s => { if (i++ === n) throw errno(code, s.path); };
}

/** Every file and folder under dir (hidden ones too) with a digest of its content. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const rel = relative(dir, p);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out[rel] = `link:${readlinkSync(p)}`;
      else if (st.isDirectory()) { out[`${rel}/`] = 'dir'; walk(p); }
      else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 16);
    }
  };
  walk(dir);
  return out;
}

/** Temporary names the write module uses: none may be left after any run. */
export const leftovers = (snap: Record<string, string>) => Object.keys(snap).filter(k => /\.(tmp|old)-\d+-[0-9a-f]{8}/.test(k));

/** An environment error is one line: what, which path, why, what to do; never a stack or "internal error". */
export function isPlainEnvironmentError(err: string): boolean {
  return /^igcheck: cannot [^\n]+; [^\n]+\.\n$/.test(err) && !/internal error|\n\s+at /.test(err);
}
