// Signing and verification: tampering of any kind fails, naming the file; openssl agrees; keys stay private.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/docs/write.js';
import { generateKey, loadPrivateKey, loadPublicKey, configDir } from '../../src/sign/keys.js';
import { verifyDir } from '../../src/sign/verify.js';
import { assessed, scenarioAnswers, tmp } from '../docs/helpers.js';
import { withByteFlipped } from '../helpers/files.js';

let cfg: string;
beforeAll(() => { cfg = join(tmp(), 'config'); process.env.IGCHECK_CONFIG_DIR = cfg; delete process.env.IGCHECK_PASSPHRASE; });

async function signedDir(format?: string) {
  const a = await assessed(scenarioAnswers('03-care-home-to-gp-privacy-information.yaml'));
  return (await writeOutputs({ ...a, opts: { out: 'out', signer: 'Ann Lee', role: 'DPO', format }, cwd: tmp(), quiet: true })).dir;
}

const FILES = ['data-sharing-agreement.md', 'data-sharing-agreement.html', 'data-sharing-agreement.docx', 'rationale-report.md', 'rationale-report.html', 'rationale-report.docx', 'decision.json', 'answers.yaml'];

describe('verify fails closed', () => {
  it('a changed byte in any output fails, naming the file', async () => {
    const dir = await signedDir();
    for (const f of FILES) {
      const r = withByteFlipped(join(dir, f), () => verifyDir(dir));
      expect(r.ok, f).toBe(false);
      expect(r.problems).toEqual([`changed: ${f}`]);
    }
    expect(verifyDir(dir).ok).toBe(true);
  });
  it('a deleted file, an added file or an added directory fails, naming it', async () => {
    const dir = await signedDir();
    rmSync(join(dir, 'decision.json'));
    writeFileSync(join(dir, 'notes.txt'), 'added');
    mkdirSync(join(dir, 'extra'));
    writeFileSync(join(dir, 'extra', 'x.md'), 'x');
    const r = verifyDir(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(expect.arrayContaining(['missing: decision.json', 'extra: notes.txt', 'extra: extra/x.md']));
  });
  it('a changed manifest breaks the signature', async () => {
    const dir = await signedDir('md');
    const m = readFileSync(join(dir, 'manifest.json'), 'utf8');
    writeFileSync(join(dir, 'manifest.json'), m.replace('"DPO"', '"SIRO"'));
    const r = verifyDir(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/bad signature: signatures\/ann-lee\.sig/);
  });
  it('no signature, a stray signature file, an unknown algorithm or an unreadable manifest fail', async () => {
    const dir = await signedDir('md');
    const sig = readFileSync(join(dir, 'signatures', 'ann-lee.sig'));
    const pem = readFileSync(join(dir, 'signatures', 'ann-lee.pub.pem'));
    rmSync(join(dir, 'signatures'), { recursive: true });
    expect(verifyDir(dir).problems.join('\n')).toMatch(/no signature/);
    mkdirSync(join(dir, 'signatures'));
    writeFileSync(join(dir, 'signatures', 'ann-lee.sig'), sig);
    expect(verifyDir(dir).problems.join('\n')).toMatch(/missing: signatures\/ann-lee\.pub\.pem/);
    writeFileSync(join(dir, 'signatures', 'ann-lee.pub.pem'), pem);
    writeFileSync(join(dir, 'signatures', 'README'), 'x');
    expect(verifyDir(dir).problems).toEqual(['extra: signatures/README']);
    rmSync(join(dir, 'signatures', 'README'));
    // An RSA key beside a signature: unknown algorithm, never a pass.
    const rsa = execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const rsaPub = execFileSync('openssl', ['pkey', '-pubout'], { input: rsa });
    writeFileSync(join(dir, 'signatures', 'ann-lee.pub.pem'), rsaPub);
    expect(verifyDir(dir).problems.join('\n')).toMatch(/unknown algorithm rsa/);
    writeFileSync(join(dir, 'signatures', 'ann-lee.pub.pem'), pem);
    const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
    writeFileSync(join(dir, 'manifest.json'), manifest.replace('"ed25519"', '"none"'));
    expect(verifyDir(dir).problems.join('\n')).toMatch(/unknown signature algorithm "none"/);
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    expect(verifyDir(dir).problems.join('\n')).toMatch(/not a readable manifest/);
    rmSync(join(dir, 'manifest.json'));
    expect(verifyDir(dir).problems.join('\n')).toMatch(/missing: manifest.json/);
  });
  it('a manifest listing a path outside the directory is refused', async () => {
    const dir = await signedDir('md');
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.files.push({ path: '../../etc/passwd', sha256: '0'.repeat(64), bytes: 1 });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    expect(verifyDir(dir).problems.join('\n')).toMatch(/invalid file entry/);
  });
  it('--trust requires a valid signature by each trusted key', async () => {
    const dir = await signedDir('md');
    const mine = loadPublicKey(join(cfg, 'signing-key.pub.pem'));
    expect(verifyDir(dir, [{ label: 'mine', key: mine }]).ok).toBe(true);
    const other = generateKey(join(tmp(), 'other.pem'));
    const r = verifyDir(dir, [{ label: 'other.pub.pem', key: loadPublicKey(other.publicPath) }]);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/no valid signature by the trusted key other\.pub\.pem/);
  });
});

describe('stock tools verify without igcheck', () => {
  it('openssl pkeyutl -rawin verifies the signature, and rejects a changed manifest', async () => {
    const dir = await signedDir('md,json');
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', 'signatures/ann-lee.pub.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'signatures/ann-lee.sig'];
    const ok = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    expect(ok.stdout + ok.stderr).toMatch(/Signature Verified Successfully/);
    expect(ok.status).toBe(0);
    appendFileSync(join(dir, 'manifest.json'), ' ');
    const bad = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
  });
  it('sha256sum agrees with the manifest', async () => {
    const dir = await signedDir('md');
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    for (const f of m.files) expect(execFileSync('sha256sum', [f.path], { cwd: dir, encoding: 'utf8' }).split(' ')[0]).toBe(f.sha256);
  });
});

describe('keys', () => {
  it('the private key is 0600 in a 0700 directory, the default path honours IGCHECK_CONFIG_DIR then XDG', () => {
    const dir = join(tmp(), 'nested', 'cfg');
    const k = generateKey(join(dir, 'signing-key.pem'));
    expect(statSync(k.keyPath).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(configDir({ IGCHECK_CONFIG_DIR: '/a', XDG_CONFIG_HOME: '/b' })).toBe('/a');
    expect(configDir({ XDG_CONFIG_HOME: '/b' })).toBe('/b/igcheck');
    expect(configDir({})).toMatch(/\.config\/igcheck$/);
  });
  it('refuses to replace a key without force', () => {
    const p = join(tmp(), 'k.pem');
    generateKey(p);
    expect(() => generateKey(p)).toThrow(/already exists/);
  });
  it('a passphrase-protected key: missing or wrong passphrase is a clear usage error', () => {
    const p = join(tmp(), 'k.pem');
    generateKey(p, 'correct horse');
    expect(readFileSync(p, 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
    expect(() => loadPrivateKey(p)).toThrow(/protected by a passphrase/);
    expect(() => loadPrivateKey(p, 'wrong')).toThrow(/wrong passphrase/);
    expect(loadPrivateKey(p, 'correct horse').asymmetricKeyType).toBe('ed25519');
  });
  it('refuses a key file others can read', () => {
    const p = join(tmp(), 'k.pem');
    generateKey(p);
    chmodSync(p, 0o644);
    expect(() => loadPrivateKey(p)).toThrow(/can be read by other users/);
  });
});
