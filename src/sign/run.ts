// The keygen, sign and verify commands' work: read options, call the signing functions, report.
import { existsSync, readFileSync } from 'node:fs';
import { writeFiles } from '../io/write.js';
import { join, resolve } from 'node:path';
import { CheckFailed, UsageError } from '../errors.js';
import { slug } from '../docs/escape.js';
import { askPassphrase, defaultKeyPath, fingerprint, generateKey, loadPrivateKey, loadPublicKey, passphraseFor, publicOf, publicPem, readPassphrase, signerName } from './keys.js';
import { signBytes } from './manifest.js';
import { claimKey, makeStatement, resolveSigner } from './signers.js';
import { verifyDir } from './verify.js';
import { visible, visibleDeep, jsonText } from '../io/term.js';

export interface KeygenOptions { out?: string; passphraseFile?: string; passphrase?: boolean; force?: boolean }
export interface SignOptions { key?: string; signer?: string; role?: string; organisation?: string; passphraseFile?: string; force?: boolean }
export interface VerifyOptions { trust?: string[]; json?: boolean }

export async function runKeygen(o: KeygenOptions): Promise<number> {
  const path = resolve(o.out ?? defaultKeyPath());
  let passphrase = readPassphrase(o.passphraseFile);
  if (!passphrase && o.passphrase) {
    passphrase = await askPassphrase('Passphrase for the new key', true);
    if (!passphrase) throw new UsageError('--passphrase needs a terminal to ask on', 'Give it with --passphrase-file FILE or IGCHECK_PASSPHRASE instead.');
  }
  const k = generateKey(path, passphrase, o.force);
  process.stdout.write(`${k.fingerprint}\n`);
  process.stderr.write(`igcheck: private key ${visible(k.keyPath)} (mode 0600${k.encrypted ? ', passphrase-protected' : ', not passphrase-protected'})\n`);
  process.stderr.write(`igcheck: public key  ${visible(k.publicPath)} (give this to whoever verifies your signatures: igcheck verify DIR --trust ${visible(k.publicPath)})\n`);
  return 0;
}

/** Countersign: only a directory that verifies may be signed, so no one signs altered documents. */
export async function runSign(dir: string, o: SignOptions): Promise<number> {
  const before = verifyDir(dir);
  if (!before.ok) throw new CheckFailed(`${dir} does not verify, so it was not signed`, before.problems);
  const keyPath = o.key ?? defaultKeyPath();
  if (!existsSync(keyPath)) throw new UsageError(`no signing key at ${keyPath}`, 'Make one with: igcheck keygen (or give --key FILE)');
  const priv = loadPrivateKey(keyPath, await passphraseFor(keyPath, o.passphraseFile));
  const pub = publicOf(priv);
  const fp = fingerprint(pub);
  if (before.signers.some(s => s.fingerprint === fp) && !o.force) throw new UsageError(`${dir} is already signed with this key (${fp})`);
  const named = resolveSigner(o.signer, fp, () => signerName(undefined));
  const signer = named.name;
  const name = slug(signer, 40) || 'signer';
  const sigPath = join(dir, 'signatures', `${name}.sig`);
  if ((existsSync(sigPath) || existsSync(join(dir, 'signatures', `${name}.pub.pem`))) && !o.force) {
    throw new UsageError(`${sigPath} already exists`, 'Sign under another name with --signer NAME, or replace it with --force.');
  }
  if (named.explicit) claimKey(fp, signer);
  const who = { name: signer, role: o.role?.trim() || 'not stated', organisation: o.organisation?.trim() || 'not stated' };
  const manifestBytes = readFileSync(join(dir, 'manifest.json'));
  const sig = signBytes(manifestBytes, priv);
  // All three files or none: a signature never exists without its key and its signer's statement.
  writeFiles([
    { path: join(dir, 'signatures', `${name}.pub.pem`), data: publicPem(pub) },
    { path: join(dir, 'signatures', `${name}.signer.json`), data: `${JSON.stringify(makeStatement(who, fp, manifestBytes, priv), null, 2)}\n` },
    { path: sigPath, data: sig },
  ]);
  process.stderr.write(`igcheck: countersigned ${visible(join(dir, 'manifest.json'))} as ${visible(`${signer}, ${who.role}, ${who.organisation}`)} (${fp}): ${visible(sigPath)}\n`);
  if (!o.role || !o.organisation) process.stderr.write('igcheck: give --role and --organisation so the record says in what capacity you signed\n');
  return 0;
}

export function runVerify(dir: string, o: VerifyOptions): number {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such directory`);
  const trusted = (o.trust ?? []).map(p => ({ label: p, key: loadPublicKey(p) }));
  const r = verifyDir(dir, trusted);
  if (o.json) {
    process.stdout.write(`${jsonText({ ok: r.ok, problems: r.problems, signers: r.signers, files: r.manifest?.files?.length ?? 0 })}\n`);
    return r.ok ? 0 : 1;
  }
  const lines = r.signers.map(s => `  ${s.valid ? 'good' : 'BAD '}  ${visible(s.fingerprint ?? '(no key)')}  ${visible(s.statement ? [s.statement.name, s.statement.role, s.statement.organisation].join(', ') : s.name)}${s.trusted === true ? '  trusted' : s.trusted === false ? '  not in --trust' : ''}`);
  if (!r.ok) throw new CheckFailed(`${dir}: verification FAILED`, [...r.problems, ...(lines.length ? ['signers:', ...lines] : [])]);
  const m = visibleDeep(r.manifest!);
  dir = visible(dir);
  process.stdout.write(`${dir}: verified: ${m.files.length} file${m.files.length === 1 ? '' : 's'} unchanged, ${r.signers.length} good signature${r.signers.length === 1 ? '' : 's'}\n`);
  process.stdout.write(`prepared by ${m.signer?.name ?? '(not named)'}, role: ${m.signer?.role ?? 'not stated'}${m.signer?.organisation ? `, ${m.signer.organisation}` : ''}, on ${m.created ?? '(no date)'}, verdict ${m.verdict ?? '(none)'}\n`);
  process.stdout.write(`signers (by key fingerprint):\n${lines.join('\n')}\n`);
  if (!trusted.length) process.stdout.write('note: the signatures match the keys stored beside them; pass --trust KEY.pub.pem to check who signed\n');
  return 0;
}
