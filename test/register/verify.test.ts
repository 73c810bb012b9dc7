// The hash chain: an intact register verifies; an edited, deleted, reordered or torn entry is
// caught and named; nothing is appended to a register that does not verify.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { entryHash } from '../../src/register/entry.js';
import { verifyRegister } from '../../src/register/verify.js';
import { EXAMPLES, recordExample, tempDir } from './helpers.js';

let dir: string;
let file: string;
let lines: string[];

beforeEach(async () => {
  dir = tempDir();
  file = join(dir, 'igcheck-register.jsonl');
  for (let i = 1; i <= 5; i++) await recordExample(dir, i % 2 ? EXAMPLES.carePlan : EXAMPLES.police, `dsa-${i}`);
  lines = readFileSync(file, 'utf8').trimEnd().split('\n');
});

const text = (ls: string[]) => `${ls.join('\n')}\n`;

describe('register verify', () => {
  it('accepts an intact chain and reports its head', () => {
    const v = verifyRegister(readFileSync(file, 'utf8'));
    expect(v.ok).toBe(true);
    expect(v.entries.map(e => e.id)).toEqual(['R-0001', 'R-0002', 'R-0003', 'R-0004', 'R-0005']);
    expect(v.entries[0].prev_hash).toBeNull();
    expect(v.entries[3].prev_hash).toBe(v.entries[2].hash);
    expect(v.head).toBe(v.entries[4].hash);
  });

  it('names an edited entry', () => {
    const ls = [...lines];
    ls[2] = ls[2].replace('"verdict":"lawful_with_conditions"', '"verdict":"lawful"');
    expect(ls[2]).not.toBe(lines[2]);
    const v = verifyRegister(text(ls));
    expect(v.problem).toMatchObject({ kind: 'edited', id: 'R-0003', line: 3 });
    expect(v.problem!.message).toContain('R-0003');
  });

  it('names an edited entry whose hash was recomputed, through the next entry\'s link', () => {
    const ls = [...lines];
    const e = JSON.parse(ls[1]);
    e.conditions = [];
    e.hash = entryHash(e);
    ls[1] = JSON.stringify(e);
    const v = verifyRegister(text(ls));
    expect(v.problem).toMatchObject({ kind: 'edited', id: 'R-0002', line: 2 });
  });

  it('names a deleted entry', () => {
    const v = verifyRegister(text([...lines.slice(0, 2), ...lines.slice(3)]));
    expect(v.problem).toMatchObject({ kind: 'deleted', line: 3 });
    expect(v.problem!.message).toMatch(/R-0003 is missing: deleted before R-0004/);
  });

  it('names reordered entries', () => {
    const v = verifyRegister(text([lines[0], lines[2], lines[1], lines[3], lines[4]]));
    expect(v.problem).toMatchObject({ kind: 'reordered', id: 'R-0003', line: 2 });
    expect(v.problem!.message).toMatch(/R-0002 should come before it/);
  });

  it('names a torn last line', () => {
    const v = verifyRegister(`${text(lines.slice(0, 4))}${lines[4].slice(0, 40)}`);
    expect(v.problem).toMatchObject({ kind: 'truncated', line: 5 });
    expect(v.entries).toHaveLength(4);
  });

  it('catches entries cut from the end when given the head recorded earlier', () => {
    const head = JSON.parse(lines[4]).hash;
    expect(verifyRegister(text(lines), head).ok).toBe(true);
    expect(verifyRegister(text(lines.slice(0, 4)), head).problem).toMatchObject({ kind: 'head-missing' });
  });

  it('refuses to append to a register that does not verify, and leaves it unchanged', async () => {
    const tampered = text([...lines.slice(0, 2), ...lines.slice(3)]);
    writeFileSync(file, tampered);
    await expect(recordExample(dir, EXAMPLES.police, 'dsa-6')).rejects.toThrow(InputError);
    expect(readFileSync(file, 'utf8')).toBe(tampered);
  });

  it('refuses to append after a torn line rather than gluing onto it', async () => {
    appendFileSync(file, '{"v":1,"kind":"assess');
    const before = readFileSync(file, 'utf8');
    await expect(recordExample(dir, EXAMPLES.police, 'dsa-6')).rejects.toThrow(/does not verify/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
