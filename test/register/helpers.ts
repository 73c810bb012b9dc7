// Test helpers: temporary registers filled with real decisions on the example answers files.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { evaluate } from '../../src/core/evaluate.js';
import type { Pack } from '../../src/core/types.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadActivePack } from '../../src/pack/active.js';
import { appendAssessment } from '../../src/register/append.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXAMPLES = {
  carePlan: join(ROOT, 'examples/care-plan-to-care-home.yaml'),
  police: join(ROOT, 'examples/police-request.yaml'),
};
export const BIN = join(ROOT, 'bin/igcheck.js');

export const tempDir = (prefix = 'igcheck-register-') => mkdtempSync(join(tmpdir(), prefix));

let pack: Pack | undefined;
export async function builtinPack(): Promise<Pack> { return (pack ??= await loadActivePack()); }

/** Record an assessment of an example as `assess --out` would: answers.yaml copied into its out dir. */
export async function recordExample(dir: string, example: string, outName: string, now = new Date('2026-11-22T10:00:00Z')) {
  const p = await builtinPack();
  const outDir = join(dir, outName);
  mkdirSync(outDir, { recursive: true });
  copyFileSync(example, join(outDir, 'answers.yaml'));
  const { facts } = await parseAnswers(readFileSync(example, 'utf8'), example, p.facts);
  const decision = evaluate(p, facts, '2026-11-22');
  return appendAssessment({ registerPath: join(dir, 'igcheck-register.jsonl'), decision, facts, outDir, manifestSha256: 'ab'.repeat(32), now });
}

/** A local pack that changes one rule, as if guidance changed: the NHS number duty now applies only to commercial flows. */
export function nhsNumberChangePack(dir: string): string {
  const localPack = join(dir, 'local-pack');
  mkdirSync(localPack);
  writeFileSync(join(localPack, 'pack.yaml'), `pack:
  name: local-change
  version: 1.0.0
  title: A rule change for the test
overrides:
  - target: include-nhs-number
    reason: test of rule-change impact
    when:
      fact: purpose
      is: commercial
`);
  return localPack;
}
