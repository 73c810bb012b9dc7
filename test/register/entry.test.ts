// What an assessment entry records: paths relative to the register, the review date, the manifest
// and pack digests; where the register lives by default.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { evaluate } from '../../src/core/evaluate.js';
import { parseAnswers } from '../../src/load/answers.js';
import { appendAssessment } from '../../src/register/append.js';
import { canonicalJson, entryHash } from '../../src/register/entry.js';
import { registerPath } from '../../src/register/store.js';
import { builtinPack, EXAMPLES, tempDir } from './helpers.js';

afterEach(() => { vi.unstubAllEnvs(); });

it('records the decision with paths relative to the register file', async () => {
  const dir = tempDir();
  const pack = await builtinPack();
  const { facts } = await parseAnswers(readFileSync(EXAMPLES.police, 'utf8'), EXAMPLES.police, pack.facts);
  const decision = evaluate(pack, facts, '2026-11-22');
  const e = await appendAssessment({
    registerPath: join(dir, 'governance', 'register.jsonl'), decision, facts,
    outDir: join(dir, 'dsas', 'police'), answersPath: join(dir, 'dsas', 'police', 'answers.yaml'),
    manifestSha256: 'c0ffee'.padEnd(64, '0'), now: new Date('2026-11-22T09:00:00Z'),
  });
  expect(e).toMatchObject({
    kind: 'assessment', seq: 1, id: 'R-0001', recorded_at: '2026-11-22T09:00:00.000Z',
    title: 'Police request about an emergency department attendance',
    verdict: 'needs_review', conditions: ['caldicott-guardian-decision'],
    bases: ['uk-gdpr-art6-1e', 'uk-gdpr-art9-2g', 'dpa2018-sch1-p2-para10'],
    review_date: '2027-03-02', // start_date 2026-03-02 + 1 year
    out_dir: '../dsas/police', answers: '../dsas/police/answers.yaml',
    manifest_sha256: `sha256:${'c0ffee'.padEnd(64, '0')}`,
    pack: { name: 'england', version: pack.meta.version, digest: pack.digest },
    prev_hash: null,
  });
  expect(e.hash).toBe(entryHash(e as unknown as Record<string, unknown>));
  const line = readFileSync(join(dir, 'governance', 'register.jsonl'), 'utf8');
  expect(line.endsWith('\n') && line.split('\n').length).toBe(2);
  expect(JSON.parse(line)).toEqual(e);
});

it('finds the register from $IGCHECK_REGISTER, else in the working directory', () => {
  vi.stubEnv('IGCHECK_REGISTER', '/srv/ig/register.jsonl');
  expect(registerPath()).toBe('/srv/ig/register.jsonl');
  expect(registerPath('/tmp/x.jsonl')).toBe('/tmp/x.jsonl');
  vi.stubEnv('IGCHECK_REGISTER', '');
  expect(registerPath()).toBe(join(process.cwd(), 'igcheck-register.jsonl'));
});

it('hashes canonical JSON: key order does not matter, content does', () => {
  expect(canonicalJson({ b: 1, a: [true, null, 'x'] })).toBe('{"a":[true,null,"x"],"b":1}');
  expect(entryHash({ a: 1, b: 2, hash: 'ignored' })).toBe(entryHash({ b: 2, a: 1 }));
  expect(entryHash({ a: 1 })).not.toBe(entryHash({ a: 2 }));
});
