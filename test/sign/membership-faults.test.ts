// `igcheck join` and `igcheck leave` with the file system failing at every write step (ENOSPC,
// EROFS, EACCES, EIO in turn): each run either fails with exit 2, one plain line and the pack and
// register exactly as they were (no half addendum, no entry without its addendum), or succeeds whole.
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeOutputs } from '../../src/docs/write.js';
import { appendAssessment } from '../../src/register/append.js';
import { readRegister } from '../../src/register/store.js';
import { generateKey } from '../../src/sign/keys.js';
import { claimKey } from '../../src/sign/signers.js';
import { fingerprint, loadPrivateKey, publicOf } from '../../src/sign/keys.js';
import { verifyDir } from '../../src/sign/verify.js';
import { assessed, scenarioAnswers } from '../docs/helpers.js';
import { failAt, isPlainEnvironmentError, leftovers, run, snapshot, stepsOf, tempDir } from '../faults/harness.js';

const CODES = ['ENOSPC', 'EROFS', 'EACCES', 'EIO'];
let base: string;
const scratch: string[] = [];

beforeAll(async () => {
  base = tempDir('igcheck-members-');
  // The config directory (key owners, the register's tail cache) is outside the folder compared.
  process.env.IGCHECK_CONFIG_DIR = join(tempDir('igcheck-members-cfg-'), 'cfg');
  delete process.env.IGCHECK_REGISTER;
  const a = await assessed(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml'));
  const parties = [
    { id: 'trust', name: 'Northfield Hospitals NHS Foundation Trust', type: 'nhs_trust', role: 'joint_controller' },
    { id: 'gp', name: 'Riverside Medical Practice', type: 'gp_practice', role: 'joint_controller' },
    { id: 'council', name: 'Northshire County Council', type: 'local_authority', role: 'joint_controller' },
  ];
  generateKey(join(base, 'key.pem'));
  claimKey(fingerprint(publicOf(loadPrivateKey(join(base, 'key.pem')))), 'Ann Lee');
  // With a roster the discloser and recipient are the parties: the shared answers keep the rest.
  const { discloser: _d, recipient: _r, ...shared } = a.raw as Record<string, unknown>;
  const r = await writeOutputs({ ...a, raw: { ...shared, parties, flows: [{ id: 'records', from: 'trust', to: ['*'] }] }, opts: { out: join(base, 'scr'), key: join(base, 'key.pem'), signer: 'Ann Lee', format: 'md' }, quiet: true });
  await appendAssessment({ registerPath: join(base, 'reg.jsonl'), decision: a.decision, facts: a.facts, outDir: r.dir, manifestSha256: r.manifestSha256 });
  writeFileSync(join(base, 'oaks.yaml'), stringify({ id: 'oaks', name: 'The Oaks Care Home', type: 'independent_care_provider', role: 'joint_controller' }));
});
afterAll(() => { for (const d of [base, ...scratch]) rmSync(d, { recursive: true, force: true }); });

function fresh(): string {
  const d = tempDir('igcheck-members-case-');
  scratch.push(d);
  cpSync(base, d, { recursive: true });
  return d;
}

const common = (d: string) => ['--key', join(d, 'key.pem'), '--signer', 'Ann Lee', '--register', join(d, 'reg.jsonl')];
const commands = [
  { name: 'join', args: (d: string) => ['join', join(d, 'scr'), '--party', join(d, 'oaks.yaml'), ...common(d)], addendum: 'v2-join-oaks' },
  { name: 'leave', args: (d: string) => ['leave', join(d, 'scr'), '--party', 'council', '--reason', 'no longer commissioned', ...common(d)], addendum: 'v2-leave-council' },
];

describe.each(commands)('$name', c => {
  const succeeded = (d: string) => {
    expect(existsSync(join(d, 'scr', 'addenda', c.addendum, 'manifest.json'))).toBe(true);
    expect(verifyDir(join(d, 'scr')).ok).toBe(true);
    const reg = readRegister(join(d, 'reg.jsonl'));
    expect(reg.ok).toBe(true);
    expect(reg.entries.map(e => e.kind)).toEqual(['assessment', c.name === 'join' ? 'party-joined' : 'party-left']);
  };

  test(`${c.name}: every write step failing: exit 2 and nothing changed, or complete success`, async () => {
    const dry = fresh();
    const { steps, result } = await stepsOf(c.args(dry));
    expect(result.code, result.err).toBe(0);
    succeeded(dry);
    expect(steps.length).toBeGreaterThan(5);
    let failures = 0;
    for (let i = 0; i < steps.length; i++) {
      for (const code of ['rename', 'link', 'truncate'].includes(steps[i].op) ? CODES : [CODES[i % CODES.length]]) {
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
          expect(after, what).toEqual(before);
        } else {
          expect(r.code, `${what}: ${r.err}`).toBe(0);
          succeeded(d);
        }
        rmSync(d, { recursive: true, force: true });
      }
    }
    expect(failures).toBeGreaterThanOrEqual(CODES.length);
  }, 300_000);
});
