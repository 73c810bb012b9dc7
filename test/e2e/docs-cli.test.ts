// End to end through the real binary: assess --out, verify, sign, keygen (build first: npm run build).
import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scenarioAnswers, tmp } from '../docs/helpers.js';

const BIN = resolve(__dirname, '..', '..', 'bin', 'igcheck.js');
let home: string;
const run = (args: string[], o: { input?: string; cwd?: string; env?: Record<string, string> } = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { input: o.input, cwd: o.cwd, encoding: 'utf8', env: { ...process.env, IGCHECK_CONFIG_DIR: join(home, 'config'), IGCHECK_PASSPHRASE: '', NO_COLOR: '1', ...o.env }, timeout: 30000 });

beforeAll(() => { home = tmp('igcheck-e2e-'); });

describe('igcheck assess --out, verify and sign', () => {
  it('writes a signed set from standard input, keeps stdout for the decision, and verify passes; openssl agrees', () => {
    const cwd = tmp();
    const answers = JSON.stringify(scenarioAnswers('01-discharge-summary-trust-to-gp.yaml'));
    const r = run(['assess', '--answers', '-', '--json', '--out', 'board', '--signer', 'Ann Lee', '--role', 'IG lead'], { input: answers, cwd });
    expect(r.stderr).toMatch(/no signing key found, so made one/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe('lawful');
    expect(JSON.parse(readFileSync(join(cwd, 'board', 'decision.json'), 'utf8'))).toEqual(JSON.parse(r.stdout));
    expect(r.stderr).toContain(join(cwd, 'board'));
    expect(statSync(join(home, 'config', 'signing-key.pem')).mode & 0o777).toBe(0o600);
    const v = run(['verify', 'board'], { cwd });
    expect(v.status).toBe(0);
    // 10 files, and the DPIA (md, html, docx, pdf, risk map, action plan): large-scale health data needs one.
    expect(v.stdout).toMatch(/verified: 16 files unchanged, 1 good signature/);
    expect(v.stdout).toMatch(/good {2}SHA256:\S+ {2}Ann Lee, IG lead, Northfield Hospitals NHS Foundation Trust/);
    const o = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'signatures/ann-lee.pub.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'signatures/ann-lee.sig'], { cwd: join(cwd, 'board'), encoding: 'utf8' });
    expect(o.status).toBe(0);

    // A second run without --force is refused; nothing changes.
    const again = run(['assess', '--answers', '-', '--out', 'board'], { input: answers, cwd });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists; refusing to overwrite/);
    expect(run(['verify', 'board'], { cwd }).status).toBe(0);

    // Tampering: verify exits 1 naming each problem.
    appendFileSync(join(cwd, 'board', 'rationale-report.html'), '<!-- -->');
    rmSync(join(cwd, 'board', 'answers.yaml'));
    writeFileSync(join(cwd, 'board', 'extra.txt'), 'x');
    const bad = run(['verify', 'board'], { cwd });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/changed: rationale-report\.html/);
    expect(bad.stderr).toMatch(/missing: answers\.yaml/);
    expect(bad.stderr).toMatch(/extra: extra\.txt/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // never a stack trace
    // And a tampered directory cannot be countersigned.
    expect(run(['sign', 'board', '--signer', 'Bob'], { cwd }).status).toBe(1);
  });

  it('the other party countersigns with a passphrase-protected key; --trust checks both keys', () => {
    const cwd = tmp();
    const answers = JSON.stringify(scenarioAnswers('02-care-plan-council-to-care-home-no-nhs-number.yaml'));
    expect(run(['assess', '--answers', '-', '--out', 'auto', '--format', 'md,json', '--signer', 'Ann Lee'], { input: answers, cwd }).status).toBe(0);
    const dir = readdirSync(cwd).filter(n => n !== 'igcheck-register.jsonl').join('\n');
    expect(dir).toMatch(/^placement-information-from-adult-social-care-to-oakfield-\d{4}-\d{2}-\d{2}$/);
    writeFileSync(join(cwd, 'pass'), 'open sesame\n');
    const kg = run(['keygen', '--out', join(cwd, 'bob.pem'), '--passphrase-file', join(cwd, 'pass')]);
    expect(kg.status).toBe(0);
    expect(kg.stdout).toMatch(/^SHA256:/);
    expect(statSync(join(cwd, 'bob.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cwd, 'bob.pem'), 'utf8')).toContain('ENCRYPTED');
    const wrong = run(['sign', dir, '--key', join(cwd, 'bob.pem'), '--signer', 'Bob Day'], { cwd, env: { IGCHECK_PASSPHRASE: 'nope' } });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/wrong passphrase/);
    const s = run(['sign', dir, '--key', join(cwd, 'bob.pem'), '--signer', 'Bob Day', '--passphrase-file', join(cwd, 'pass')], { cwd });
    expect(s.status).toBe(0);
    const v = run(['verify', dir, '--trust', join(home, 'config', 'signing-key.pub.pem'), '--trust', join(cwd, 'bob.pub.pem')], { cwd });
    expect(v.stdout).toMatch(/2 good signatures/);
    expect(v.status).toBe(0);
    const other = run(['keygen', '--out', join(cwd, 'eve.pem')]);
    expect(other.status).toBe(0);
    const untrusted = run(['verify', dir, '--trust', join(cwd, 'eve.pub.pem')], { cwd });
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toMatch(/no valid signature by the trusted key/);
  });

  it('usage errors exit 2 without a stack trace', () => {
    const cwd = tmp();
    const answers = JSON.stringify(scenarioAnswers('02-care-plan-council-to-care-home-no-nhs-number.yaml'));
    const f = run(['assess', '--answers', '-', '--out', 'x', '--format', 'odt'], { input: answers, cwd });
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/unknown format "odt"/);
    const nodir = run(['verify', join(cwd, 'nope')]);
    expect(nodir.status).toBe(2);
    const empty = run(['verify', cwd]);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/missing: manifest\.json/);
  });
});
