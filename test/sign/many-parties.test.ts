// Signing by many (issue 18): each party's signatories sign in the roles it signs as; the agreement
// verifies only when every current party has signed; parties join and leave as addenda chained to
// what the others signed, each recorded in the decision register; openssl checks every signature.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeOutputs } from '../../src/docs/write.js';
import { CheckFailed, UsageError } from '../../src/errors.js';
import type { Party } from '../../src/parties/types.js';
import { appendAssessment } from '../../src/register/append.js';
import { readRegister } from '../../src/register/store.js';
import { registerState } from '../../src/register/state.js';
import { agreementStatus } from '../../src/sign/agreement.js';
import { generateKey } from '../../src/sign/keys.js';
import { runJoin, runLeave } from '../../src/sign/membership.js';
import { readPackRoster, requiredRoles } from '../../src/sign/roster.js';
import { runSign, runVerify } from '../../src/sign/run.js';
import { runStatus } from '../../src/sign/status.js';
import { verifyDir } from '../../src/sign/verify.js';
import { assessed, scenarioAnswers, tmp } from '../docs/helpers.js';

const PARTIES: Party[] = [
  { id: 'northfield-trust', name: 'Northfield Hospitals NHS Foundation Trust', ods: 'RNF', type: 'nhs_trust', role: 'joint_controller', contacts: { dpo: { name: 'Dana Okafor', email: 'dpo@northfield.example' } } },
  { id: 'gp-riverside', name: 'Riverside Medical Practice', ods: 'B82001', type: 'gp_practice', role: 'joint_controller' },
  { id: 'gp-hillside', name: 'Hillside Surgery', ods: 'B82002', type: 'gp_practice', role: 'joint_controller' },
  { id: 'gp-moorland', name: 'Moorland Health Centre', ods: 'B82003', type: 'gp_practice', role: 'joint_controller' },
  { id: 'gp-castle', name: 'Castle Street Practice', ods: 'B82004', type: 'gp_practice', role: 'joint_controller' },
  { id: 'northshire-council', name: 'Northshire County Council', type: 'local_authority', role: 'joint_controller' },
  { id: 'care-home-elms', name: 'The Elms Care Home', type: 'independent_care_provider', role: 'joint_controller', publicly_funded_care: true },
  { id: 'care-home-beeches', name: 'Beeches Nursing Home', type: 'independent_care_provider', role: 'joint_controller' },
  { id: 'hospice-st-ann', name: 'St Ann\'s Hospice', type: 'voluntary_sector', role: 'joint_controller', signs_as: ['siro', 'caldicott_guardian'] },
  { id: 'northshire-icb', name: 'NHS Northshire Integrated Care Board', ods: 'QNS', type: 'nhs_commissioner', role: 'controller' },
  { id: 'shared-record-supplier', name: 'CareLink Systems Ltd', type: 'commercial', role: 'processor' },
];

let cfg: string;
let work: string;
let register: string;
beforeEach(() => {
  work = tmp('igcheck-many-');
  cfg = join(work, 'config');
  process.env.IGCHECK_CONFIG_DIR = cfg;
  register = join(work, 'igcheck-register.jsonl');
  process.env.IGCHECK_REGISTER = register;
  delete process.env.IGCHECK_PASSPHRASE;
  delete process.env.IGCHECK_SIGNER;
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => { vi.restoreAllMocks(); delete process.env.IGCHECK_REGISTER; });

/** Standard output of fn, with the return value (or the error thrown). */
function capture<T>(fn: () => T): { out: string; value?: T; error?: unknown } {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  try { const value = fn(); return { out, value }; } catch (error) { return { out, error }; } finally { spy.mockRestore(); }
}

async function rosterPack(parties = PARTIES, record = true, out = 'scr') {
  const a = await assessed(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml'));
  // With a roster the discloser and recipient are the parties: the shared answers keep the rest.
  const { discloser: _d, recipient: _r, ...shared } = a.raw as Record<string, unknown>;
  const raw = { ...shared, title: 'Northshire shared care record', parties, flows: [{ id: 'gp-to-all', from: 'gp-riverside', to: ['*'] }, { id: 'hillside-to-trust', from: 'gp-hillside', to: ['northfield-trust'] }] };
  const r = await writeOutputs({ ...a, raw, opts: { out, signer: 'Ann Lee', role: 'IG lead', organisation: 'NHS Northshire Integrated Care Board', format: 'md' }, cwd: work, quiet: true });
  if (record) await appendAssessment({ registerPath: register, decision: a.decision, facts: a.facts, outDir: r.dir, manifestSha256: r.manifestSha256 });
  return r.dir;
}

const keys = new Map<string, string>();
/** Each signatory has a key of their own (one key is one person). */
function keyOf(person: string): string {
  const path = join(work, `${person.replace(/\W+/g, '-')}.pem`);
  if (!keys.has(path) || !existsSync(path)) { generateKey(path); keys.set(path, path); }
  return path;
}
const personFor = (party: string, role: string) => `${role} of ${party}`;

async function signParty(dir: string, p: Party) {
  for (const role of requiredRoles(p)) await runSign(dir, { key: keyOf(personFor(p.id, role)), signer: personFor(p.id, role), party: p.id, role });
}

function opensslChecks(dir: string) {
  const which = spawnSync('openssl', ['version']);
  if (which.status !== 0) return 0;
  let n = 0;
  const check = (base: string) => {
    const sigDir = join(base, 'signatures');
    for (const f of readdirSync(sigDir).filter(x => x.endsWith('.sig'))) {
      const name = f.slice(0, -4);
      const r = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(sigDir, `${name}.pub.pem`), '-rawin', '-in', join(base, 'manifest.json'), '-sigfile', join(sigDir, f)], { encoding: 'utf8' });
      expect(r.stdout + r.stderr, `${base}/${f}`).toMatch(/Signature Verified Successfully/);
      n++;
    }
  };
  check(dir);
  if (existsSync(join(dir, 'addenda'))) for (const a of readdirSync(join(dir, 'addenda'))) check(join(dir, 'addenda', a));
  return n;
}

describe('signing by many', () => {
  it('eleven parties of six types sign in turn; the agreement verifies only when the last role has signed', async () => {
    const dir = await rosterPack();
    expect(new Set(PARTIES.map(p => p.type)).size).toBeGreaterThanOrEqual(5);
    const roles = PARTIES.reduce((n, p) => n + requiredRoles(p).length, 0);
    expect(roles).toBe(9 * 3 + 2 + 1);

    // Before anyone signs: every signature good, but incomplete; status says so with exit 1.
    let v = capture(() => runVerify(dir, {}));
    expect(v.error).toBeInstanceOf(CheckFailed);
    expect((v.error as CheckFailed).message).toMatch(/every signature is good, but the agreement is INCOMPLETE: 11 of 11 parties have roles still to sign/);
    expect(v.out).toMatch(/every file and signature verified, but the agreement is INCOMPLETE: .* unchanged/);

    for (const [i, p] of PARTIES.entries()) {
      await signParty(dir, p);
      const last = i === PARTIES.length - 1;
      const s = capture(() => runStatus(dir, {}));
      expect(s.value).toBe(last ? 0 : 1);
      expect(s.out).toMatch(last ? /Complete/ : new RegExp(`${i + 1} of 11 parties complete`));
      v = capture(() => runVerify(dir, {}));
      if (last) {
        expect(v.error).toBeUndefined();
        expect(v.value).toBe(0);
        expect(v.out).toMatch(/complete: all 11 parties have signed in every required role/);
      } else {
        expect((v.error as CheckFailed).message).toMatch(new RegExp(`INCOMPLETE: ${PARTIES.length - i - 1} of 11 parties`));
        expect((v.error as CheckFailed).details.join('\n')).toContain(PARTIES[i + 1].name);
      }
    }
    // The preparer's signature is kept, but it is not a party role.
    const st = agreementStatus(verifyDir(dir), readPackRoster(dir)!);
    expect(st.others.map(o => o.name)).toEqual(['Ann Lee']);
    expect(st.parties.find(p => p.id === 'hospice-st-ann')!.required).toEqual(['siro', 'caldicott_guardian']);
    expect(st.parties.find(p => p.id === 'shared-record-supplier')!.required).toEqual(['siro']);
    // A controller that is not a health or care body has no Caldicott Guardian to sign.
    expect(requiredRoles({ type: 'university', role: 'controller' })).toEqual(['siro', 'dpo']);
    expect(requiredRoles({ type: 'voluntary_sector', role: 'joint_controller', publicly_funded_care: true })).toEqual(['siro', 'caldicott_guardian', 'dpo']);
    // Every signature checks with openssl, without igcheck.
    expect(opensslChecks(dir)).toBeGreaterThanOrEqual(roles + 1);
  }, 60_000);

  it('the signer\'s organisation must be a party and the role one that party signs as', async () => {
    const dir = await rosterPack();
    const k = keyOf('someone');
    await expect(runSign(dir, { key: k, signer: 'Pat Doe', organisation: 'Elsewhere Trust', role: 'SIRO' })).rejects.toThrow(/"Elsewhere Trust" is not one of the parties/);
    await expect(runSign(dir, { key: k, signer: 'Pat Doe', role: 'SIRO' })).rejects.toThrow(/say which one you sign for, with --party ID or --organisation NAME/);
    await expect(runSign(dir, { key: k, signer: 'Pat Doe', party: 'shared-record-supplier', role: 'Caldicott Guardian' })).rejects.toThrow(/CareLink Systems Ltd signs as SIRO; "Caldicott Guardian" is not one of them/);
    await expect(runSign(dir, { key: k, signer: 'Pat Doe', party: 'hospice-st-ann', role: 'dpo' })).rejects.toThrow(/signs as SIRO, Caldicott Guardian; "dpo"/);
    await expect(runSign(dir, { key: k, signer: 'Pat Doe', party: 'gp-castle' })).rejects.toThrow(/--role: say which role/);
    await expect(runSign(dir, { key: k, signer: 'Pat Doe', party: 'gp-castle', organisation: 'Hillside Surgery', role: 'siro' })).rejects.toThrow(/--party gp-castle is Castle Street Practice, but --organisation names Hillside Surgery/);
    // By name, by ODS code, role in words: all the same seat.
    await runSign(dir, { key: k, signer: 'Pat Doe', organisation: 'b82004', role: 'Senior Information Risk Owner' });
    const again = keyOf('other');
    await expect(runSign(dir, { key: again, signer: 'Lee Fox', organisation: 'Castle Street Practice', role: 'SIRO' })).rejects.toThrow(/Castle Street Practice has already signed as SIRO \(Pat Doe/);
    // One person may hold two roles, or sign for two parties (a DPO shared by several practices).
    await runSign(dir, { key: k, signer: 'Pat Doe', party: 'gp-castle', role: 'dpo' });
    await runSign(dir, { key: k, signer: 'Pat Doe', party: 'gp-moorland', role: 'dpo' });
    const st = agreementStatus(verifyDir(dir), readPackRoster(dir)!);
    expect(st.parties.find(p => p.id === 'gp-castle')!.roles.filter(r => r.signed).map(r => r.role)).toEqual(['siro', 'dpo']);
    expect(st.parties.find(p => p.id === 'gp-moorland')!.roles.filter(r => r.signed).map(r => r.role)).toEqual(['dpo']);
    const statement = JSON.parse(readFileSync(join(dir, 'signatures', 'gp-castle--siro.signer.json'), 'utf8'));
    expect(statement).toMatchObject({ name: 'Pat Doe', role: 'SIRO', organisation: 'Castle Street Practice', party: 'gp-castle', signs_as: 'siro' });
  });

  it('a changed role in a party signer\'s statement fails verification (the role is signed)', async () => {
    const dir = await rosterPack();
    await runSign(dir, { key: keyOf('x'), signer: 'Pat Doe', party: 'gp-castle', role: 'siro' });
    const p = join(dir, 'signatures', 'gp-castle--siro.signer.json');
    writeFileSync(p, readFileSync(p, 'utf8').replace('"siro"', '"dpo"'));
    expect(verifyDir(dir).problems.join('\n')).toMatch(/bad signer statement: signatures\/gp-castle--siro\.signer\.json is not signed by the key/);
  });

  it('status --json lists each party and role, outstanding ones with the contact to ask', async () => {
    const dir = await rosterPack();
    await signParty(dir, PARTIES[0]);
    const r = capture(() => runStatus(dir, { json: true }));
    expect(r.value).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.complete).toBe(false);
    expect(j.parties).toHaveLength(11);
    expect(j.parties[0]).toMatchObject({ id: 'northfield-trust', complete: true });
    expect(j.outstanding.filter((x: { party: string }) => x.party === 'gp-riverside').map((x: { role: string }) => x.role)).toEqual(['siro', 'caldicott_guardian', 'dpo']);
    const text = capture(() => runStatus(dir, {})).out;
    expect(text).toMatch(/Riverside Medical Practice[^\n]*\n\s+SIRO\s+outstanding/);
    expect(text).toMatch(/igcheck sign .* --party gp-riverside --role siro --signer/);
  });

  it('a pack without parties: signs and verifies exactly as before, and status says complete', async () => {
    const a = await assessed(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml'));
    const dir = (await writeOutputs({ ...a, opts: { out: 'plain', signer: 'Ann Lee', format: 'md' }, cwd: work, quiet: true })).dir;
    expect(readPackRoster(dir)).toBeNull();
    await runSign(dir, { key: keyOf('gp'), signer: 'Dr Raj Patel', role: 'Caldicott Guardian', organisation: 'Anywhere' });
    expect(capture(() => runVerify(dir, {})).value).toBe(0);
    expect(capture(() => runStatus(dir, {})).value).toBe(0);
    await expect(runSign(dir, { key: keyOf('z'), signer: 'Zed', party: 'x' })).rejects.toThrow(/has no roster of parties/);
    await expect(runJoin(dir, { party: join(work, 'none.yaml') })).rejects.toThrow(/has no roster of parties/);
  });

  it('a roster that is not a list of parties is refused naming file, line and field', async () => {
    const dir = await rosterPack();
    const text = readFileSync(join(dir, 'answers.yaml'), 'utf8').replace('role: processor', 'role: supplier');
    const { rosterFromText } = await import('../../src/sign/roster.js');
    const err = (() => { try { rosterFromText(text, 'answers.yaml'); } catch (e) { return e; } })() as { problems: { line?: number; path?: string; message: string }[] };
    expect(err.problems[0]).toMatchObject({ path: 'parties[10].role', message: expect.stringMatching(/controller, joint_controller, processor/) });
    expect(err.problems[0].line).toBeGreaterThan(1);
  });
});

describe('the command line', () => {
  it('status, join and leave teach with examples and exit codes; status and verify exit 1 until complete', async () => {
    const { run } = await import('../faults/harness.js');
    for (const cmd of ['status', 'join', 'leave']) {
      const h = await run([cmd, '--help']);
      expect(h.code).toBe(0);
      expect(h.out).toMatch(new RegExp(`Examples:\\n(  igcheck ${cmd} .*\\n)+`));
    }
    expect((await run(['status', '--help'])).out).toMatch(/Exit codes:\n  0  complete[^\n]*\n  1  signatures outstanding/);
    const dir = await rosterPack(PARTIES.slice(0, 2));
    let r = await run(['status', dir]);
    expect(r.code).toBe(1);
    r = await run(['verify', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/every signature is good, but the agreement is INCOMPLETE: 2 of 2 parties/);
    expect(r.err).not.toMatch(/FAILED/);
    for (const p of PARTIES.slice(0, 2)) await signParty(dir, p);
    expect((await run(['status', dir])).code).toBe(0);
    expect((await run(['verify', dir])).code).toBe(0);
    r = await run(['sign', dir, '--party', 'nobody', '--role', 'siro', '--key', keyOf('n'), '--signer', 'N']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--party nobody: no such party/);
  }, 60_000);
});

describe('joining and leaving', () => {
  async function completePack() {
    const dir = await rosterPack();
    for (const p of PARTIES) await signParty(dir, p);
    return dir;
  }
  const oaks: Party = { id: 'care-home-oaks', name: 'The Oaks Care Home', type: 'independent_care_provider', role: 'joint_controller', contacts: { siro: { name: 'Sam Patel' } } };

  it('a party joins as an addendum the others need not re-sign; it verifies once the new party has signed; one leaves; both are in the register', async () => {
    const dir = await completePack();
    const manifestBefore = readFileSync(join(dir, 'manifest.json'));
    const partyFile = join(work, 'oaks.yaml');
    writeFileSync(partyFile, stringify(oaks));
    await runJoin(dir, { party: partyFile, key: keyOf('recorder'), signer: 'Ann Lee', role: 'IG lead', organisation: 'NHS Northshire Integrated Care Board', date: '2026-12-01' });

    // The signed manifest and every signature over it are untouched.
    expect(readFileSync(join(dir, 'manifest.json'))).toEqual(manifestBefore);
    const add = join(dir, 'addenda', 'v2-join-care-home-oaks');
    const am = JSON.parse(readFileSync(join(add, 'manifest.json'), 'utf8'));
    expect(am).toMatchObject({ format: 'igcheck-addendum/1', schedule_version: 2, action: 'join', date: '2026-12-01', party: { id: 'care-home-oaks' } });
    const sha = (b: Buffer) => execFileSync('sha256sum', { input: b }).toString().slice(0, 64);
    expect(am.agreement_sha256).toBe(sha(manifestBefore));
    expect(am.previous_sha256).toBe(sha(manifestBefore));
    // Its own decision: the flow to every party now reaches it, decided with the agreement's answers.
    const own = JSON.parse(readFileSync(join(add, 'decision.json'), 'utf8'));
    expect(own).toMatchObject({ format: 'igcheck-join-decision/1', party: 'care-home-oaks', as_of: '2026-12-01' });
    expect(own.flows.map((f: { flow: string; to: string }) => `${f.flow} to ${f.to}`)).toEqual(['gp-to-all to The Oaks Care Home']);
    expect(['lawful', 'lawful_with_conditions', 'needs_review', 'not_lawful', 'incomplete']).toContain(own.flows[0].verdict);
    expect(am.files.map((f: { path: string }) => f.path)).toContain('decision.json');

    // Incomplete until the new party signs (its addendum), then complete.
    let v = capture(() => runVerify(dir, {}));
    expect((v.error as CheckFailed).message).toMatch(/INCOMPLETE: 1 of 12 parties/);
    expect((v.error as CheckFailed).details.join('\n')).toMatch(/The Oaks Care Home: SIRO, Caldicott Guardian, Data Protection Officer/);
    await signParty(dir, oaks);
    expect(existsSync(join(add, 'signatures', 'care-home-oaks--siro.sig'))).toBe(true);
    expect(existsSync(join(dir, 'signatures', 'care-home-oaks--siro.sig'))).toBe(false);
    v = capture(() => runVerify(dir, {}));
    expect(v.error).toBeUndefined();
    expect(v.out).toMatch(/complete: all 12 parties/);

    // A party leaves: no re-signing; it is shown as left; the others remain complete.
    await runLeave(dir, { party: 'gp-hillside', reason: 'practice closed', date: '2026-01-31', key: keyOf('recorder'), signer: 'Ann Lee' });
    const s = capture(() => runStatus(dir, {}));
    expect(s.value).toBe(0);
    expect(s.out).toMatch(/Hillside Surgery.*left 2026-01-31: practice closed/);
    expect(s.out).toMatch(/schedule version 3; 11 parties \(and 1 that left\)/);
    await expect(runSign(dir, { key: keyOf('h'), signer: 'H', party: 'gp-hillside', role: 'siro', force: true })).rejects.toThrow(/left the agreement on 2026-01-31/);
    // A leaving recorded for a later date: the party is still in (and its roles still count) until then.
    await runLeave(dir, { party: 'gp-moorland', reason: 'merging', date: '2099-01-01', key: keyOf('recorder'), signer: 'Ann Lee' });
    const later = agreementStatus(verifyDir(dir), readPackRoster(dir)!);
    expect(later.current).toBe(11);
    expect(later.parties.find(p => p.id === 'gp-moorland')).toMatchObject({ leaving: { date: '2099-01-01' } });
    expect(agreementStatus(verifyDir(dir), readPackRoster(dir)!, '2099-01-01').current).toBe(10);
    expect(capture(() => runStatus(dir, {})).out).toMatch(/Moorland Health Centre.*leaves on 2099-01-01: merging/);
    expect(capture(() => runVerify(dir, {})).value).toBe(0);
    expect(opensslChecks(dir)).toBeGreaterThan(30);

    // Both are in the register, linked to the agreement's assessment; the register still verifies.
    const reg = readRegister(register);
    expect(reg.ok).toBe(true);
    const kinds = reg.entries.map(e => e.kind);
    expect(kinds).toEqual(['assessment', 'party-joined', 'party-left', 'party-left']);
    const [assessment, joined, left] = reg.entries as never as [{ id: string }, Record<string, unknown>, Record<string, unknown>];
    expect(joined).toMatchObject({ entry: assessment.id, party: { id: 'care-home-oaks', name: 'The Oaks Care Home' }, schedule_version: 2, addendum: 'addenda/v2-join-care-home-oaks', date: '2026-12-01' });
    expect(left).toMatchObject({ entry: assessment.id, party: { id: 'gp-hillside' }, schedule_version: 3, reason: 'practice closed' });
    expect(registerState(reg.entries).find(assessment.id)!.partyChanges!.map(e => e.kind)).toEqual(['party-joined', 'party-left', 'party-left']);
    const { run } = await import('../faults/harness.js');
    const list = await run(['register', 'list', '--register', register]);
    expect(list.out).toMatch(/R-0002 .*The Oaks Care Home joined Northshire|R-0002 .*The Oaks Care Home joined/);
    expect(list.out).toMatch(/R-0003 .*Hillside Surgery left .*version 3, on 2026-01-31/);
    const show = await run(['register', 'show', 'R-0002', '--register', register]);
    expect(show.out).toMatch(/party joined[\s\S]*addendum\s+addenda\/v2-join-care-home-oaks/);
    expect((await run(['register', 'verify', '--register', register])).out).toMatch(/4 entries \(1 assessments, 0 condition closures, 3 parties joining or leaving\)/);
  }, 60_000);

  it('the chain of versions is checked: a removed, edited or out-of-place addendum fails verification', async () => {
    const dir = await completePack();
    const partyFile = join(work, 'oaks.yaml');
    writeFileSync(partyFile, stringify(oaks));
    await runJoin(dir, { party: partyFile, key: keyOf('recorder'), signer: 'Ann Lee' });
    await runLeave(dir, { party: 'gp-castle', key: keyOf('recorder'), signer: 'Ann Lee' });
    expect(verifyDir(dir).ok).toBe(true);

    // An edited party file.
    const pf = join(dir, 'addenda', 'v2-join-care-home-oaks', 'party.yaml');
    const text = readFileSync(pf, 'utf8');
    writeFileSync(pf, text.replace('joint_controller', 'processor'));
    expect(verifyDir(dir).problems).toContain('changed: addenda/v2-join-care-home-oaks/party.yaml');
    writeFileSync(pf, text);

    // The join taken out: the leave no longer follows on.
    const aside = join(work, 'aside');
    renameSync(join(dir, 'addenda', 'v2-join-care-home-oaks'), aside);
    expect(verifyDir(dir).problems.join('\n')).toMatch(/schedule version 3 where 2 was expected.*|chain of versions is broken/);
    renameSync(aside, join(dir, 'addenda', 'v2-join-care-home-oaks'));

    // A folder renamed to claim another version or party.
    renameSync(join(dir, 'addenda', 'v3-leave-gp-castle'), join(dir, 'addenda', 'v3-leave-gp-moorland'));
    expect(verifyDir(dir).problems.join('\n')).toMatch(/is in addenda\/v3-leave-gp-moorland, but says it is addenda\/v3-leave-gp-castle/);
    renameSync(join(dir, 'addenda', 'v3-leave-gp-moorland'), join(dir, 'addenda', 'v3-leave-gp-castle'));

    // The latest version taken out: the chain inside the pack cannot show it, the register does.
    renameSync(join(dir, 'addenda', 'v3-leave-gp-castle'), aside);
    expect(verifyDir(dir).ok).toBe(true);
    const v = capture(() => runVerify(dir, {}));
    expect((v.error as CheckFailed).details).toContain('missing: addenda/v3-leave-gp-castle (recorded in the decision register as R-0003, but not in the pack)');
    expect(capture(() => runStatus(dir, {})).error).toBeInstanceOf(CheckFailed);
    renameSync(aside, join(dir, 'addenda', 'v3-leave-gp-castle'));
    // Back in place: every version fits again (and the new party has yet to sign).
    expect((capture(() => runVerify(dir, {})).error as CheckFailed).message).toMatch(/every signature is good, but the agreement is INCOMPLETE/);

    // A stray file and an unsigned addendum.
    writeFileSync(join(dir, 'addenda', 'notes.txt'), 'x');
    expect(verifyDir(dir).problems).toContain('extra: addenda/notes.txt');
    rmSync(join(dir, 'addenda', 'notes.txt'));
    rmSync(join(dir, 'addenda', 'v3-leave-gp-castle', 'signatures'), { recursive: true });
    expect(verifyDir(dir).problems.join('\n')).toMatch(/no signature: addenda\/v3-leave-gp-castle\/signatures\//);
  }, 60_000);

  it('join and leave refuse what does not fit, and write nothing when they do', async () => {
    const dir = await rosterPack();
    const dup = join(work, 'dup.yaml');
    writeFileSync(dup, stringify({ ...oaks, id: 'gp-castle' }));
    await expect(runJoin(dir, { party: dup, key: keyOf('r'), signer: 'Ann Lee' })).rejects.toThrow(/gp-castle is already a party/);
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'id: Oaks Home\nname: The Oaks\ntype: care_home\nrole: owner\ndspt: met\n');
    const err = await runJoin(dir, { party: bad, key: keyOf('r'), signer: 'Ann Lee' }).catch(e => e);
    expect(err.problems.map((p: { path: string; line: number }) => `${p.path}@${p.line}`)).toEqual(['id@1', 'type@3', 'role@4', 'dspt@5']);
    expect(err.problems[1].message).toMatch(/unknown organisation type "care_home".*\(one of nhs_trust, gp_practice/);
    await expect(runLeave(dir, { party: 'nobody', key: keyOf('r'), signer: 'Ann Lee' })).rejects.toThrow(/--party nobody: no such party/);
    expect(existsSync(join(dir, 'addenda'))).toBe(false);
    expect(readRegister(register).entries).toHaveLength(1);
    // A register that does not verify stops the join before anything is written.
    writeFileSync(register, readFileSync(register, 'utf8').replace('"verdict":"', '"verdict":"x'));
    const good = join(work, 'oaks.yaml');
    writeFileSync(good, stringify(oaks));
    await expect(runJoin(dir, { party: good, key: keyOf('r'), signer: 'Ann Lee' })).rejects.toThrow(/does not verify/);
    expect(existsSync(join(dir, 'addenda', 'v2-join-care-home-oaks'))).toBe(false);
  });

  it('review lists agreements with parties yet to sign and flows whose party changed', async () => {
    const { runReview } = await import('../../src/review/run.js');
    const dir = await rosterPack();
    for (const p of PARTIES.slice(0, 9)) await signParty(dir, p);
    const partyFile = join(work, 'oaks.yaml');
    writeFileSync(partyFile, stringify(oaks));
    await runJoin(dir, { party: partyFile, key: keyOf('recorder'), signer: 'Ann Lee', date: '2026-12-01' });
    await runLeave(dir, { party: 'gp-hillside', reason: 'practice closed', date: '2027-01-31', key: keyOf('recorder'), signer: 'Ann Lee' });
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
    await runReview({ register, impact: false, json: true, asOf: '2026-12-02' });
    const j = JSON.parse(out);
    expect(j.signing.unsigned).toHaveLength(1);
    expect(j.signing.unsigned[0].waiting.map((w: { party: string }) => w.party)).toEqual(['northshire-icb', 'shared-record-supplier', 'care-home-oaks']);
    expect(j.signing.unsigned[0].parties).toBe(12); // Hillside leaves only on 2027-01-31
    expect(j.signing.flows_changed.map((f: { flow: string; change: string; party: string }) => `${f.flow} ${f.change} ${f.party}`)).toEqual([
      'gp-to-all joined care-home-oaks', 'hillside-to-trust left gp-hillside',
    ]);
    out = '';
    await runReview({ register, impact: false, asOf: '2026-12-02' });
    expect(out).toMatch(/Agreements with parties yet to sign[\s\S]*3 of 12 parties still to sign[\s\S]*CareLink Systems Ltd: SIRO/);
    expect(out).toMatch(/Flows whose party changed[\s\S]*flow hillside-to-trust names Hillside Surgery, which leaves on 2027-01-31/);
    // An agreement in the register only by a join (not as an assessment) is listed too, and its
    // versions are checked against the register.
    const other = await rosterPack(PARTIES.slice(0, 3), false, 'scr2');
    await runJoin(other, { party: partyFile, key: keyOf('recorder'), signer: 'Ann Lee' });
    out = '';
    await runReview({ register, impact: false, json: true, asOf: '2026-12-02' });
    expect(JSON.parse(out).signing.unsigned.map((u: { out_dir: string; id: string }) => [u.out_dir, u.id])).toEqual([['scr', 'R-0001'], ['scr2', 'R-0004']]);
    const moved = join(work, 'moved');
    renameSync(join(other, 'addenda', 'v2-join-care-home-oaks'), moved);
    expect((capture(() => runVerify(other, {})).error as CheckFailed).details).toContain('missing: addenda/v2-join-care-home-oaks (recorded in the decision register as R-0004, but not in the pack)');
    renameSync(moved, join(other, 'addenda', 'v2-join-care-home-oaks'));
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });

    // Once everyone has signed, the agreement is no longer listed.
    for (const p of [...PARTIES.slice(9), oaks]) await signParty(dir, p);
    out = '';
    await runReview({ register, impact: false, json: true, asOf: '2026-12-02' });
    expect(JSON.parse(out).signing.unsigned.map((u: { out_dir: string }) => u.out_dir)).toEqual(['scr2']);
  }, 60_000);

  it('a usage error is a UsageError (exit 2)', async () => {
    const dir = await rosterPack();
    await expect(runLeave(dir, { party: 'nobody' })).rejects.toBeInstanceOf(UsageError);
  });
});
