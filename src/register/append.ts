// The register's public API: record an assessment (called by `assess --out`) and record that a
// condition was met. Both append one chained entry; neither changes an earlier one.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import type { Decision, Facts } from '../core/types.js';
import { assessmentBody, type AssessmentEntry, type ClosureEntry } from './entry.js';
import { appendEntry, checkRegister, readRegister, registerPath, relativeToRegister } from './store.js';
import { registerState } from './state.js';

export interface AppendAssessmentOptions {
  /** Default: $IGCHECK_REGISTER, else igcheck-register.jsonl in the working directory. */
  registerPath?: string;
  decision: Decision;
  facts: Facts;
  /** The output directory the documents were written to. */
  outDir?: string;
  /** The SHA-256 of the signed manifest.json (hex, or `sha256:` prefixed). */
  manifestSha256?: string;
  /** The answers file saved with the documents; default `answers.yaml` in outDir when it exists. */
  answersPath?: string;
  /** An agreement between many organisations: its parties (decision = its weakest flow's). */
  parties?: AssessmentEntry['parties'];
  /** For tests: the recording time. */
  now?: Date;
}

/** Before writing a pack: throws if the register could not take its entry (broken chain, torn end, unreadable). */
export function checkAssessmentRegister(explicit?: string): void {
  checkRegister(registerPath(explicit));
}

/** Record an assessment in the register and return the entry written. */
export async function appendAssessment(o: AppendAssessmentOptions): Promise<AssessmentEntry> {
  const path = registerPath(o.registerPath);
  const answers = o.answersPath ?? (o.outDir && existsSync(join(o.outDir, 'answers.yaml')) ? join(o.outDir, 'answers.yaml') : undefined);
  const body = assessmentBody({
    decision: o.decision,
    facts: o.facts,
    recordedAt: (o.now ?? new Date()).toISOString(),
    outDir: o.outDir ? relativeToRegister(path, o.outDir) : null,
    answers: answers && answers !== '-' ? relativeToRegister(path, answers) : null,
    manifestSha256: o.manifestSha256 ? (o.manifestSha256.startsWith('sha256:') ? o.manifestSha256 : `sha256:${o.manifestSha256}`) : null,
    ...(o.parties ? { parties: o.parties } : {}),
  });
  return appendEntry<AssessmentEntry>(path, body);
}

export interface CloseConditionOptions {
  registerPath?: string;
  /** The assessment's id (`R-0007`) or seq (`7`). */
  entry: string;
  condition: string;
  evidence: string;
  by?: string;
  now?: Date;
}

/** Record that a condition of an assessment has been met, with the evidence. */
export async function closeCondition(o: CloseConditionOptions): Promise<ClosureEntry> {
  const path = registerPath(o.registerPath);
  if (!o.evidence.trim()) throw new UsageError('--evidence must say how the condition was met (a document, a date, a reference)');
  // Checked before locking for a friendly message; appendEntry verifies the chain again under the lock.
  const v = readRegister(path);
  if (!v.exists) throw new UsageError(`no decision register at ${path}`, 'Set IGCHECK_REGISTER or pass --register FILE.');
  if (!v.ok) throw new InputError('The decision register does not verify', [{ file: path, line: v.problem!.line, message: v.problem!.message }]);
  const state = registerState(v.entries);
  const a = state.find(o.entry);
  if (!a) throw new UsageError(`no assessment ${o.entry} in ${path}`, `Assessments: ${state.assessments.map(x => x.entry.id).join(', ') || 'none'}`);
  if (!a.entry.conditions.includes(o.condition)) {
    throw new UsageError(`${a.entry.id} has no condition \`${o.condition}\``, `Its conditions: ${a.entry.conditions.join(', ') || 'none'}`);
  }
  const done = a.closed.get(o.condition);
  if (done) throw new UsageError(`condition \`${o.condition}\` of ${a.entry.id} was already closed by ${done.id} on ${done.recorded_at.slice(0, 10)}`);
  return appendEntry<ClosureEntry>(path, {
    v: 1,
    kind: 'condition-closed',
    recorded_at: (o.now ?? new Date()).toISOString(),
    entry: a.entry.id,
    condition: o.condition,
    evidence: o.evidence.trim(),
    by: o.by?.trim() || defaultUser(),
  });
}

function defaultUser(): string {
  try { return userInfo().username; } catch { return 'unknown'; }
}
