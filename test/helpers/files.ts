// File helpers for tests that tamper with a written pack.
import { readFileSync, writeFileSync } from 'node:fs';

/** Flip one bit in the middle of a file, run `check`, then put the file back as it was. */
export function withByteFlipped<T>(path: string, check: () => T): T {
  const orig = readFileSync(path);
  const changed = Buffer.from(orig);
  changed[Math.floor(changed.length / 2)] ^= 0x01;
  writeFileSync(path, changed);
  try { return check(); } finally { writeFileSync(path, orig); }
}
