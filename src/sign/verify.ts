// Verifying a signed output directory. Fails closed: anything unexpected or unreadable is a failure.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join, posix } from 'node:path';
import { ALGORITHM, MANIFEST_FORMAT, type Manifest } from './manifest.js';
import { fingerprint } from './keys.js';
import { checkStatement, type SignerStatement } from './signers.js';
import { checkJson } from '../io/limits.js';
import { fsError } from '../io/write.js';

export interface SignerResult { name: string; fingerprint?: string; valid: boolean; trusted?: boolean; problem?: string; statement?: SignerStatement }
export interface VerifyResult { ok: boolean; problems: string[]; signers: SignerResult[]; manifest?: Manifest }

/** Every regular file under dir, as posix paths relative to it; symlinks and oddities are problems. */
function walk(dir: string, problems: string[], prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(join(dir, rel));
    if (st.isDirectory()) out.push(...walk(dir, problems, rel));
    else if (st.isFile()) out.push(rel);
    else problems.push(`extra: ${rel} (not a regular file)`);
  }
  return out;
}

function safePath(p: unknown): p is string {
  return typeof p === 'string' && p.length > 0 && !p.startsWith('/') && !p.includes('\\') && !p.includes('\0')
    && posix.normalize(p) === p && !p.split('/').includes('..') && p !== 'manifest.json' && !p.startsWith('signatures/');
}

export function verifyDir(dir: string, trusted: { label: string; key: KeyObject }[] = []): VerifyResult {
  const problems: string[] = [];
  const signers: SignerResult[] = [];
  let files: string[];
  try { files = walk(dir, problems); } catch (e) {
    return { ok: false, problems: [fsError(e, dir, 'read the folder').message], signers };
  }
  let bytes: Buffer;
  let manifest: Manifest;
  try {
    bytes = readFileSync(join(dir, 'manifest.json'));
  } catch { return { ok: false, problems: [...problems, 'missing: manifest.json (nothing can be verified without it)'], signers }; }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // A key given twice would be read one way here and perhaps another way by someone else.
    const odd = checkJson(text);
    if (odd) throw new Error(`line ${odd.line}: ${odd.message}`);
    manifest = JSON.parse(text) as Manifest;
    if (!manifest || typeof manifest !== 'object' || !Array.isArray(manifest.files)) throw new Error('no list of files');
  } catch (e) {
    return { ok: false, problems: [...problems, `manifest.json is not a readable manifest (${(e as Error).message})`], signers };
  }
  if (manifest.format !== MANIFEST_FORMAT) problems.push(`manifest.json: unknown format ${JSON.stringify(manifest.format)} (expected ${MANIFEST_FORMAT})`);
  if (manifest.algorithm !== ALGORITHM) problems.push(`manifest.json: unknown signature algorithm ${JSON.stringify(manifest.algorithm)} (expected ${ALGORITHM})`);

  // Every listed file present and unchanged; nothing unlisted beside them.
  problems.push(...fieldProblems(manifest));
  const listed = new Set<string>();
  for (const f of manifest.files) {
    // Every field an entry lists is checked: path, sha256 and bytes, and nothing else.
    if (!f || typeof f !== 'object' || !safePath(f.path) || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)
      || !Number.isSafeInteger(f.bytes) || f.bytes < 0 || Object.keys(f).some(k => k !== 'path' && k !== 'sha256' && k !== 'bytes')) {
      problems.push(`manifest.json: invalid file entry ${JSON.stringify(f)?.slice(0, 120)} (each is {path, sha256, bytes})`);
      continue;
    }
    if (listed.has(f.path)) { problems.push(`manifest.json: ${f.path} is listed twice`); continue; }
    if (f.path === 'manifest.json' || f.path.startsWith('signatures/')) { problems.push(`manifest.json: lists ${f.path}, which cannot be one of the signed files`); continue; }
    listed.add(f.path);
    let got: { sha256: string; bytes: number };
    try { got = hashFile(join(dir, f.path)); } catch { problems.push(`missing: ${f.path}`); continue; }
    if (got.sha256 !== f.sha256) problems.push(`changed: ${f.path}`);
    else if (got.bytes !== f.bytes) problems.push(`manifest.json: ${f.path} is listed as ${f.bytes} bytes but has ${got.bytes}`);
  }
  const present = new Set(files);
  for (const f of files) if (f !== 'manifest.json' && !f.startsWith('signatures/') && !listed.has(f)) problems.push(`extra: ${f}`);

  // Signatures: pairs of NAME.sig and NAME.pub.pem, nothing else.
  const sigFiles = files.filter(f => f.startsWith('signatures/'));
  const names = new Set<string>();
  for (const f of sigFiles) {
    const m = /^signatures\/([^/]+?)\.(sig|pub\.pem|signer\.json)$/.exec(f);
    if (!m) { problems.push(`extra: ${f}`); continue; }
    names.add(m[1]);
  }
  for (const name of [...names].sort()) {
    const sigPath = `signatures/${name}.sig`;
    const pemPath = `signatures/${name}.pub.pem`;
    if (!present.has(sigPath)) { problems.push(`missing: ${sigPath} (the public key ${pemPath} has no signature)`); continue; }
    if (!present.has(pemPath)) { problems.push(`missing: ${pemPath} (the signature ${sigPath} has no public key)`); continue; }
    let key: KeyObject;
    try { key = createPublicKey({ key: readFileSync(join(dir, pemPath), 'utf8'), format: 'pem' }); } catch {
      signers.push({ name, valid: false, problem: 'public key unreadable' });
      problems.push(`bad signature: ${sigPath} (${pemPath} is not a readable public key)`);
      continue;
    }
    if (key.asymmetricKeyType !== ALGORITHM) {
      signers.push({ name, valid: false, problem: `unknown algorithm ${key.asymmetricKeyType}` });
      problems.push(`bad signature: ${sigPath} (unknown algorithm ${key.asymmetricKeyType}; only Ed25519 is accepted)`);
      continue;
    }
    const fp = fingerprint(key);
    const sig = readFileSync(join(dir, sigPath));
    const valid = sig.length === 64 && verify(null, bytes, key, sig);
    const isTrusted = trusted.length ? trusted.some(t => fingerprint(t.key) === fp) : undefined;
    // Who signed, in what role and for which organisation: the statement beside the signature, if any.
    let statement: SignerStatement | undefined;
    const stPath = `signatures/${name}.signer.json`;
    if (present.has(stPath)) {
      const stText = readFileSync(join(dir, stPath), 'utf8');
      const odd = checkJson(stText);
      const st = odd ? { problem: `is not readable (line ${odd.line}: ${odd.message})`, statement: undefined } : checkStatement(stText, key, fp, bytes);
      if (st.problem) problems.push(`bad signer statement: ${stPath} ${st.problem}`);
      statement = st.statement;
    }
    signers.push({ name, fingerprint: fp, valid, ...(isTrusted !== undefined ? { trusted: isTrusted } : {}), ...(statement ? { statement } : {}) });
    if (!valid) problems.push(`bad signature: ${sigPath} (${sig.length === 64 ? 'does not match manifest.json' : `${sig.length} bytes, not a raw 64-byte Ed25519 signature`})`);
  }
  const good = signers.filter(s => s.valid);
  if (!names.size) problems.push('no signature: signatures/ holds no NAME.sig with NAME.pub.pem');
  const declared = manifest.signer?.key_fingerprint;
  if (good.length && !good.some(s => s.fingerprint === declared)) problems.push(`manifest.json names signer key ${declared ?? '(none)'}, but no valid signature is by that key`);
  for (const t of trusted) {
    if (!good.some(s => s.fingerprint === fingerprint(t.key))) problems.push(`no valid signature by the trusted key ${t.label} (${fingerprint(t.key)})`);
  }
  return { ok: problems.length === 0, problems, signers, manifest };
}

/** A file's SHA-256 and size, read a MiB at a time (a huge file is hashed, never held whole). */
function hashFile(path: string): { sha256: string; bytes: number } {
  const fd = openSync(path, 'r');
  try {
    const h = createHash('sha256');
    const buf = Buffer.alloc(1 << 20);
    let bytes = 0;
    for (let n; (n = readSync(fd, buf, 0, buf.length, bytes)) > 0;) { h.update(buf.subarray(0, n)); bytes += n; }
    return { sha256: h.digest('hex'), bytes };
  } finally { closeSync(fd); }
}

/** The manifest's own fields: present and of the right kind, so what verify prints is what was signed. */
function fieldProblems(m: Manifest): string[] {
  const out: string[] = [];
  const str = (v: unknown) => typeof v === 'string';
  const need = (ok: boolean, field: string, what: string) => { if (!ok) out.push(`manifest.json: ${field} is missing or not ${what}`); };
  need(str(m.igcheck_version), 'igcheck_version', 'a version');
  need(str(m.created) && !Number.isNaN(Date.parse(m.created)), 'created', 'a date and time');
  need(str(m.title), 'title', 'text');
  need(['lawful', 'lawful_with_conditions', 'needs_review', 'not_lawful', 'incomplete'].includes(m.verdict), 'verdict', 'a verdict');
  need(str(m.answers_sha256) && /^[0-9a-f]{64}$/.test(m.answers_sha256), 'answers_sha256', 'a SHA-256');
  need(!!m.rule_pack && str(m.rule_pack.name) && str(m.rule_pack.version) && str(m.rule_pack.digest), 'rule_pack', 'a rule pack (name, version, digest)');
  need(!!m.signer && str(m.signer.name) && str(m.signer.key_fingerprint), 'signer', 'a signer (name, key_fingerprint)');
  return out;
}
