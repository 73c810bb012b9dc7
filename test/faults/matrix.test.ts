// The fault-injection matrix: every write step of `assess --out`, `sign`, `audit --out` and the
// register append is made to fail with ENOSPC, EROFS, EACCES and EIO in turn. Each run must either
// fail with exit 2, one plain line and the folder exactly as it was, or (a failure after the work
// was done, such as the register's tail cache) succeed completely. Nothing temporary is left.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXAMPLE, failAt, isPlainEnvironmentError, leftovers, run, snapshot, stepsOf, tempDir } from './harness.js';

const CODES = ['ENOSPC', 'EROFS', 'EACCES', 'EIO'];
let base: string;
const scratch: string[] = [];

beforeAll(async () => {
  base = tempDir();
  expect((await run(['keygen', '--out', join(base, 'key.pem')])).code).toBe(0);
  const first = await run(['assess', '--answers', EXAMPLE, '--out', join(base, 'first'), '--register', join(base, 'reg.jsonl'), '--key', join(base, 'key.pem'), '--format', 'md']);
  expect(first.code, first.err).toBeLessThan(2);
  writeFileSync(join(base, 'flows.csv'), `Flow ID,Title,Lawful basis\r\nF1,One,\r\nF2,Two,\r\n`);
});
afterAll(() => { for (const d of [base, ...scratch]) rmSync(d, { recursive: true, force: true }); });

/** A fresh copy of the base state. */
function fresh(): string {
  const d = tempDir('igcheck-case-');
  scratch.push(d);
  cpSync(base, d, { recursive: true });
  return d;
}

interface Command {
  name: string;
  args: (d: string) => string[];
  /** What a complete success leaves, beyond exit 0 or 1. */
  succeeded: (d: string) => void;
}

const commands: Command[] = [
  {
    name: 'assess --out (with the register append)',
    args: d => ['assess', '--answers', EXAMPLE, '--out', join(d, 'second'), '--register', join(d, 'reg.jsonl'), '--key', join(d, 'key.pem'), '--format', 'md,json', '--signer', 'Test Signer'],
    succeeded: d => {
      expect(existsSync(join(d, 'second', 'manifest.json'))).toBe(true);
      expect(readFileSync(join(d, 'reg.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    },
  },
  {
    name: 'assess --out starting a new register',
    args: d => ['assess', '--answers', EXAMPLE, '--out', join(d, 'third'), '--register', join(d, 'new', 'reg.jsonl'), '--key', join(d, 'key.pem'), '--format', 'md', '--signer', 'Test Signer'],
    succeeded: d => {
      expect(existsSync(join(d, 'third', 'manifest.json'))).toBe(true);
      expect(readFileSync(join(d, 'new', 'reg.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    },
  },
  {
    name: 'sign',
    args: d => ['sign', join(d, 'first'), '--key', join(d, 'key2.pem'), '--signer', 'Second Signer'],
    succeeded: d => expect(existsSync(join(d, 'first', 'signatures', 'second-signer.sig'))).toBe(true),
  },
  {
    name: 'audit --out',
    args: d => ['audit', join(d, 'flows.csv'), '--out', join(d, 'audit')],
    succeeded: d => expect(existsSync(join(d, 'audit', 'results.csv'))).toBe(true),
  },
  {
    name: 'register close-condition (an append)',
    args: d => ['register', 'close-condition', 'R-0001', '__condition__', '--evidence', 'signed DSA on file', '--register', join(d, 'reg.jsonl')],
    succeeded: d => expect(readFileSync(join(d, 'reg.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2),
  },
];

describe.each(commands)('$name', c => {
  test(`${c.name}: every step failing with every code: exit 2 and nothing changed, or complete success`, async () => {
    if (c.name === 'sign') {
      // A second key to countersign with.
      expect((await run(['keygen', '--out', join(base, 'key2.pem')])).code).toBe(0);
    }
    if (c.name.startsWith('register close')) {
      const entry = JSON.parse(readFileSync(join(base, 'reg.jsonl'), 'utf8').split('\n')[0]) as { conditions: string[] };
      if (!entry.conditions.length) return; // nothing to close in this example
      c.args = (orig => (d: string) => orig(d).map(a => (a === '__condition__' ? entry.conditions[0] : a)))(c.args);
    }
    const dry = fresh();
    const { steps, result } = await stepsOf(c.args(dry));
    expect(result.code, result.err).toBeLessThan(2);
    c.succeeded(dry);
    expect(steps.length).toBeGreaterThan(2);
    let failures = 0;
    for (let i = 0; i < steps.length; i++) {
      for (const code of CODES) {
        const d = fresh();
        const before = snapshot(d);
        const r = await run(c.args(d), failAt(i, code));
        const after = snapshot(d);
        const what = `step ${i} (${steps[i].op} ${steps[i].path}) failing with ${code}`;
        expect(leftovers(after), what).toEqual([]);
        expect(r.err, what).not.toMatch(/internal error|\n\s+at /);
        if (r.code === 2) {
          failures++;
          expect(isPlainEnvironmentError(r.err), `${what}: ${r.err}`).toBe(true);
          expect(r.err, what).toMatch(code === 'ENOSPC' ? /disk is full/ : code === 'EROFS' ? /read-only/ : code === 'EACCES' ? /permission denied/ : /input\/output error/);
          expect(after, what).toEqual(before);
        } else {
          expect(r.code, `${what}: ${r.err}`).toBeLessThan(2);
          c.succeeded(d);
        }
        rmSync(d, { recursive: true, force: true });
      }
    }
    expect(failures).toBeGreaterThanOrEqual(CODES.length * 3);
  }, 600_000);
});
