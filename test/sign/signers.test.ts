// Every signer's name, role and organisation are in the record, signed; one key is one person.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/docs/write.js';
import { UsageError } from '../../src/errors.js';
import { generateKey } from '../../src/sign/keys.js';
import { runSign } from '../../src/sign/run.js';
import { verifyDir } from '../../src/sign/verify.js';
import { assessed, scenarioAnswers, tmp } from '../docs/helpers.js';

let cfg: string;
beforeEach(() => { cfg = join(tmp(), 'config'); process.env.IGCHECK_CONFIG_DIR = cfg; delete process.env.IGCHECK_PASSPHRASE; });

async function prepared() {
  const a = await assessed(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml'));
  return (await writeOutputs({ ...a, opts: { out: 'out', signer: 'Ann Lee', role: 'IG lead', format: 'md' }, cwd: tmp(), quiet: true })).dir;
}

describe('signers', () => {
  it('the preparer and every countersigner are named with role and organisation, and verify shows them', async () => {
    const dir = await prepared();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.signer).toMatchObject({ name: 'Ann Lee', role: 'IG lead', organisation: 'Northfield Hospitals NHS Foundation Trust' });
    const other = join(tmp(), 'gp.pem');
    generateKey(other);
    await runSign(dir, { key: other, signer: 'Dr Raj Patel', role: 'Caldicott Guardian', organisation: 'Riverside Medical Practice' });
    const r = verifyDir(dir);
    expect(r.problems).toEqual([]);
    expect(r.signers.map(s => s.statement && [s.statement.name, s.statement.role, s.statement.organisation])).toEqual(expect.arrayContaining([
      ['Ann Lee', 'IG lead', 'Northfield Hospitals NHS Foundation Trust'],
      ['Dr Raj Patel', 'Caldicott Guardian', 'Riverside Medical Practice'],
    ]));
  });

  it('a changed role in a signer statement fails verification', async () => {
    const dir = await prepared();
    const p = join(dir, 'signatures', 'ann-lee.signer.json');
    writeFileSync(p, readFileSync(p, 'utf8').replace('IG lead', 'SIRO'));
    const r = verifyDir(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/bad signer statement: signatures\/ann-lee\.signer\.json is not signed by the key/);
  });

  it('one key is one person: signing under another name is refused with the reason', async () => {
    await prepared();
    const a = await assessed(scenarioAnswers('02-care-plan-council-to-care-home-no-nhs-number.yaml'));
    const err = await writeOutputs({ ...a, opts: { out: 'x', signer: 'Bob Smith', format: 'md' }, cwd: tmp(), quiet: true }).catch(e => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/first signed as "Ann Lee".*cannot sign as "Bob Smith": one key is one person/);
    expect(err.hint).toMatch(/igcheck keygen/);
    // The same person signs again without trouble.
    await expect(writeOutputs({ ...a, opts: { out: 'y', signer: 'Ann Lee', format: 'md' }, cwd: tmp(), quiet: true })).resolves.toBeTruthy();
  });

  it('without --signer, a key signs as the person it first signed as', async () => {
    await prepared();
    const a = await assessed(scenarioAnswers('02-care-plan-council-to-care-home-no-nhs-number.yaml'));
    const saved = process.env.IGCHECK_SIGNER;
    delete process.env.IGCHECK_SIGNER;
    try {
      const r = await writeOutputs({ ...a, opts: { out: 'w', format: 'md' }, cwd: tmp(), quiet: true });
      expect(JSON.parse(readFileSync(r.manifestPath, 'utf8')).signer.name).toBe('Ann Lee');
    } finally { if (saved !== undefined) process.env.IGCHECK_SIGNER = saved; }
  });

  it('countersigning under another name with the same key is refused too', async () => {
    const dir = await prepared();
    const dir2 = await (async () => {
      const a = await assessed(scenarioAnswers('03-care-home-to-gp-privacy-information.yaml'));
      return (await writeOutputs({ ...a, opts: { out: 'z', signer: 'Ann Lee', format: 'md' }, cwd: tmp(), quiet: true })).dir;
    })();
    const other = join(tmp(), 'k.pem');
    generateKey(other);
    await runSign(dir, { key: other, signer: 'Carol Jones', role: 'SIRO', organisation: 'X' });
    await expect(runSign(dir2, { key: other, signer: 'Someone Else' })).rejects.toThrow(/first signed as "Carol Jones"/);
  });
});

describe('approval blocks', () => {
  it("each party's SIRO, Caldicott Guardian and DPO rows appear even when the recipient's type is unknown", async () => {
    const answers = structuredClone(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml')) as Record<string, any>;
    delete answers.recipient.contacts;
    const a = await assessed(answers);
    const { buildDsa } = await import('../../src/docs/dsa.js');
    const { makeContext } = await import('../../src/docs/context.js');
    const c = makeContext(a.decision, a.pack, { ...a.facts, 'recipient.type': undefined as never }, '0', '0');
    const dsa = buildDsa(c);
    const approval = dsa.slice(dsa.indexOf('Approval'));
    for (const role of ['Senior Information Risk Owner', 'Caldicott Guardian', 'Data Protection Officer']) {
      expect(approval.split(role).length - 1, role).toBe(2);
    }
  });
});
