// Failures of the environment in plain words: a directory where a file was expected, a missing
// parent folder, a file where a folder was expected. One line naming the path and what to do, exit
// 2, never "internal error", nothing half-written.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXAMPLE, isPlainEnvironmentError, run, tempDir } from './harness.js';

let d: string;
beforeAll(async () => {
  d = tempDir('igcheck-env-');
  mkdirSync(join(d, 'adir'));
  writeFileSync(join(d, 'afile'), 'x');
  expect((await run(['keygen', '--out', join(d, 'key.pem')])).code).toBe(0);
});
afterAll(() => rmSync(d, { recursive: true, force: true }));

test.each([
  ['a directory as the answers file', () => ['assess', '--answers', join(d, 'adir')], /cannot read an answers file .*adir: it is a directory, not a file; give the path of a file\./],
  ['a directory as the register', () => ['register', 'verify', '--register', join(d, 'adir')], /cannot read the register .*adir: it is a directory/],
  ['a directory as the calendar', () => ['review', '--register', join(d, 'reg.jsonl'), '--ics', join(d, 'adir'), '--no-impact'], /cannot write .*adir: it is a directory/],
  ['a missing parent folder for the calendar', () => ['review', '--register', join(d, 'reg.jsonl'), '--ics', join(d, 'no', 'such', 'x.ics'), '--no-impact'], /cannot write .*x\.ics: the folder .*such does not exist; create the folder first/],
  ['a file where a folder was expected', () => ['rules', 'docs', '--out', join(d, 'afile', 'rules.md')], /a part of the path is a file, not a folder|cannot create the folder/],
  ['a directory as the key to make', () => ['keygen', '--out', join(d, 'adir'), '--force'], /cannot write .*adir: it is a directory/],
])('%s', async (_name, args, message) => {
  // A register to review.
  if (!readdirSync(d).includes('reg.jsonl')) {
    await run(['assess', '--answers', EXAMPLE, '--out', join(d, 'pack'), '--register', join(d, 'reg.jsonl'), '--key', join(d, 'key.pem'), '--format', 'md', '--signer', 'T']);
  }
  const before = readdirSync(d).sort();
  const r = await run(args());
  expect(r.code, r.err).toBe(2);
  expect(isPlainEnvironmentError(r.err), r.err).toBe(true);
  expect(r.err).toMatch(message);
  expect(readdirSync(d).sort()).toEqual(before);
  expect(readdirSync(join(d, 'adir'))).toEqual([]);
});

test('an audit that stops on an error leaves no results in --out, not even a header', async () => {
  writeFileSync(join(d, 'bad.csv'), 'Flow ID,Nonsense heading\r\nF1,x\r\n');
  const r = await run(['audit', join(d, 'bad.csv'), '--out', join(d, 'audit-out')]);
  expect(r.code).toBe(2);
  expect(readdirSync(d)).not.toContain('audit-out');
  mkdirSync(join(d, 'audit-old'));
  writeFileSync(join(d, 'audit-old', 'results.csv'), 'old');
  const f = await run(['audit', join(d, 'bad.csv'), '--out', join(d, 'audit-old'), '--force']);
  expect(f.code).toBe(2);
  expect(readdirSync(join(d, 'audit-old'))).toEqual(['results.csv']);
});
