// Verifying a signed output directory. Fails closed: anything unexpected or unreadable is a failure.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join, posix } from 'node:path';
import { ADDENDA, ADDENDUM_FORMAT, ALGORITHM, MANIFEST_FORMAT, addendumDirName, type AddendumManifest, type Manifest, type ManifestFile } from './manifest.js';
import { fingerprint } from './keys.js';
import { checkStatement, type SignerStatement } from './signers.js';
import { checkJson } from '../io/limits.js';
import { fsError } from '../io/write.js';

export interface SignerResult {
  name: string; fingerprint?: string; valid: boolean; trusted?: boolean; problem?: string; statement?: SignerStatement;
  /** The addendum whose manifest this signature is over (addenda/v2-join-x); absent for the pack's manifest.json. */
  addendum?: string;
}
export interface AddendumResult { dir: string; manifest: AddendumManifest; sha256: string; signers: SignerResult[] }
export interface VerifyResult {
  ok: boolean; problems: string[];
  /** The signatures over manifest.json. */
  signers: SignerResult[];
  manifest?: Manifest;
  /** The SHA-256 (hex) of manifest.json. */
  manifestSha256?: string;
  /** The addenda (parties joining and leaving), in schedule-version order. */
  addenda: AddendumResult[];
}

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
    && posix.normalize(p) === p && !p.split('/').includes('..') && p !== 'manifest.json' && !p.startsWith('signatures/') && !p.startsWith(`${ADDENDA}/`);
}

export interface VerifyOptions {
  /** Hash every listed file (default). Off only to read who signed, never to verify. */
  hashFiles?: boolean;
}

/**
 * Verify a signed pack: the base manifest.json with its files and signatures, then each addendum
 * under addenda/ (a party joining or leaving, src/sign/addenda.ts) with its own files and signatures,
 * chained to the base manifest and to the addendum before it by their SHA-256.
 */
export function verifyDir(dir: string, trusted: { label: string; key: KeyObject }[] = [], opts: VerifyOptions = {}): VerifyResult {
  const problems: string[] = [];
  const signers: SignerResult[] = [];
  let files: string[];
  try { files = walk(dir, problems); } catch (e) {
    return { ok: false, problems: [fsError(e, dir, 'read the folder').message], signers, addenda: [] };
  }
  const baseFiles = files.filter(f => !f.startsWith(`${ADDENDA}/`));
  let bytes: Buffer;
  let manifest: Manifest;
  try {
    bytes = readFileSync(join(dir, 'manifest.json'));
  } catch { return { ok: false, problems: [...problems, 'missing: manifest.json (nothing can be verified without it)'], signers, addenda: [] }; }
  try {
    manifest = parseManifest(bytes);
  } catch (e) {
    return { ok: false, problems: [...problems, `manifest.json is not a readable manifest (${(e as Error).message})`], signers, addenda: [] };
  }
  if (manifest.format !== MANIFEST_FORMAT) problems.push(`manifest.json: unknown format ${JSON.stringify(manifest.format)} (expected ${MANIFEST_FORMAT})`);
  if (manifest.algorithm !== ALGORITHM) problems.push(`manifest.json: unknown signature algorithm ${JSON.stringify(manifest.algorithm)} (expected ${ALGORITHM})`);
  problems.push(...fieldProblems(manifest));
  signers.push(...checkTree(dir, '', baseFiles, bytes, manifest, trusted, problems, opts));

  const addenda = checkAddenda(dir, files, sha256hex(bytes), trusted, problems, opts);
  const good = [...signers, ...addenda.flatMap(a => a.signers)].filter(s => s.valid);
  for (const t of trusted) {
    if (!good.some(s => s.fingerprint === fingerprint(t.key))) problems.push(`no valid signature by the trusted key ${t.label} (${fingerprint(t.key)})`);
  }
  return { ok: problems.length === 0, problems, signers, manifest, manifestSha256: sha256hex(bytes), addenda };
}

const sha256hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function parseManifest<T extends { files: unknown }>(bytes: Buffer): T {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  // A key given twice would be read one way here and perhaps another way by someone else.
  const odd = checkJson(text);
  if (odd) throw new Error(`line ${odd.line}: ${odd.message}`);
  const m = JSON.parse(text) as T;
  if (!m || typeof m !== 'object' || !Array.isArray(m.files)) throw new Error('no list of files');
  return m;
}

/**
 * One signed tree (the pack, or one addendum): every listed file present and unchanged, nothing
 * unlisted beside them, and every signature in its signatures/ over its manifest bytes. `prefix`
 * places the tree's paths in the pack for the problems (`addenda/v2-join-x/`).
 */
function checkTree(root: string, prefix: string, files: string[], bytes: Buffer, manifest: { files: ManifestFile[]; signer?: { key_fingerprint?: string } },
  trusted: { label: string; key: KeyObject }[], problems: string[], opts: VerifyOptions): SignerResult[] {
  const signers: SignerResult[] = [];
  const dir = join(root, ...prefix.split('/').filter(Boolean));
  const mPath = `${prefix}manifest.json`;
  // Every listed file present and unchanged; nothing unlisted beside them.
  const listed = new Set<string>();
  for (const f of manifest.files) {
    // Every field an entry lists is checked: path, sha256 and bytes, and nothing else.
    if (!f || typeof f !== 'object' || !safePath(f.path) || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)
      || !Number.isSafeInteger(f.bytes) || f.bytes < 0 || Object.keys(f).some(k => k !== 'path' && k !== 'sha256' && k !== 'bytes')) {
      problems.push(`${mPath}: invalid file entry ${JSON.stringify(f)?.slice(0, 120)} (each is {path, sha256, bytes})`);
      continue;
    }
    if (listed.has(f.path)) { problems.push(`${mPath}: ${f.path} is listed twice`); continue; }
    if (f.path === 'manifest.json' || f.path.startsWith('signatures/') || f.path.startsWith(`${ADDENDA}/`)) { problems.push(`${mPath}: lists ${f.path}, which cannot be one of the signed files`); continue; }
    listed.add(f.path);
    if (opts.hashFiles === false) continue;
    let got: { sha256: string; bytes: number };
    try { got = hashFile(join(dir, f.path)); } catch { problems.push(`missing: ${prefix}${f.path}`); continue; }
    if (got.sha256 !== f.sha256) problems.push(`changed: ${prefix}${f.path}`);
    else if (got.bytes !== f.bytes) problems.push(`${mPath}: ${f.path} is listed as ${f.bytes} bytes but has ${got.bytes}`);
  }
  const present = new Set(files);
  for (const f of files) if (f !== 'manifest.json' && !f.startsWith('signatures/') && !listed.has(f)) problems.push(`extra: ${prefix}${f}`);

  // Signatures: pairs of NAME.sig and NAME.pub.pem, nothing else.
  const sigFiles = files.filter(f => f.startsWith('signatures/'));
  const names = new Set<string>();
  for (const f of sigFiles) {
    const m = /^signatures\/([^/]+?)\.(sig|pub\.pem|signer\.json)$/.exec(f);
    if (!m) { problems.push(`extra: ${prefix}${f}`); continue; }
    names.add(m[1]);
  }
  for (const name of [...names].sort()) {
    const sigPath = `signatures/${name}.sig`;
    const pemPath = `signatures/${name}.pub.pem`;
    if (!present.has(sigPath)) { problems.push(`missing: ${prefix}${sigPath} (the public key ${prefix}${pemPath} has no signature)`); continue; }
    if (!present.has(pemPath)) { problems.push(`missing: ${prefix}${pemPath} (the signature ${prefix}${sigPath} has no public key)`); continue; }
    let key: KeyObject;
    try { key = createPublicKey({ key: readFileSync(join(dir, pemPath), 'utf8'), format: 'pem' }); } catch {
      signers.push({ name, valid: false, problem: 'public key unreadable', ...(prefix ? { addendum: prefix.slice(0, -1) } : {}) });
      problems.push(`bad signature: ${prefix}${sigPath} (${prefix}${pemPath} is not a readable public key)`);
      continue;
    }
    if (key.asymmetricKeyType !== ALGORITHM) {
      signers.push({ name, valid: false, problem: `unknown algorithm ${key.asymmetricKeyType}`, ...(prefix ? { addendum: prefix.slice(0, -1) } : {}) });
      problems.push(`bad signature: ${prefix}${sigPath} (unknown algorithm ${key.asymmetricKeyType}; only Ed25519 is accepted)`);
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
      if (st.problem) problems.push(`bad signer statement: ${prefix}${stPath} ${st.problem}`);
      statement = st.statement;
    }
    signers.push({ name, fingerprint: fp, valid, ...(isTrusted !== undefined ? { trusted: isTrusted } : {}), ...(statement ? { statement } : {}), ...(prefix ? { addendum: prefix.slice(0, -1) } : {}) });
    if (!valid) problems.push(`bad signature: ${prefix}${sigPath} (${sig.length === 64 ? `does not match ${mPath}` : `${sig.length} bytes, not a raw 64-byte Ed25519 signature`})`);
  }
  const good = signers.filter(s => s.valid);
  if (!names.size) problems.push(`no signature: ${prefix}signatures/ holds no NAME.sig with NAME.pub.pem`);
  const declared = manifest.signer?.key_fingerprint;
  if (good.length && !good.some(s => s.fingerprint === declared)) problems.push(`${mPath} names signer key ${declared ?? '(none)'}, but no valid signature is by that key`);
  return signers;
}

/** Every addendum under addenda/, verified and chained: each names the base manifest and the one before it. */
function checkAddenda(dir: string, files: string[], baseSha: string, trusted: { label: string; key: KeyObject }[], problems: string[], opts: VerifyOptions): AddendumResult[] {
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    if (!f.startsWith(`${ADDENDA}/`)) continue;
    const rest = f.slice(ADDENDA.length + 1);
    const at = rest.indexOf('/');
    if (at < 0) { problems.push(`extra: ${f}`); continue; }
    const name = rest.slice(0, at);
    byDir.set(name, [...(byDir.get(name) ?? []), rest.slice(at + 1)]);
  }
  const out: AddendumResult[] = [];
  for (const [name, list] of byDir) {
    const prefix = `${ADDENDA}/${name}/`;
    const mPath = `${prefix}manifest.json`;
    if (!list.includes('manifest.json')) { problems.push(`missing: ${mPath} (the addendum ${prefix} cannot be verified without it)`); continue; }
    const bytes = readFileSync(join(dir, ADDENDA, name, 'manifest.json'));
    let m: AddendumManifest;
    try { m = parseManifest<AddendumManifest>(bytes); } catch (e) {
      problems.push(`${mPath} is not a readable manifest (${(e as Error).message})`);
      continue;
    }
    problems.push(...addendumFieldProblems(m, name).map(p => `${mPath}: ${p}`));
    const signers = checkTree(dir, prefix, list, bytes, m, trusted, problems, opts);
    out.push({ dir: `${ADDENDA}/${name}`, manifest: m, sha256: sha256hex(bytes), signers });
  }
  // The chain: versions 2, 3, ... in order, each naming the base manifest and the manifest before it.
  out.sort((a, b) => (a.manifest.schedule_version ?? 0) - (b.manifest.schedule_version ?? 0));
  let previous = baseSha;
  out.forEach((a, i) => {
    const mPath = `${a.dir}/manifest.json`;
    if (a.manifest.schedule_version !== i + 2) problems.push(`${mPath}: schedule version ${a.manifest.schedule_version} where ${i + 2} was expected (an addendum is missing or doubled)`);
    if (a.manifest.agreement_sha256 !== baseSha) problems.push(`${mPath}: names agreement ${a.manifest.agreement_sha256}, not this pack's manifest.json (${baseSha})`);
    if (a.manifest.previous_sha256 !== previous) problems.push(`${mPath}: does not follow the version before it (it names ${a.manifest.previous_sha256}, expected ${previous}): the chain of versions is broken`);
    previous = a.sha256;
  });
  return out;
}

function addendumFieldProblems(m: AddendumManifest, name: string): string[] {
  const out: string[] = [];
  const str = (v: unknown) => typeof v === 'string';
  const need = (ok: boolean, field: string, what: string) => { if (!ok) out.push(`${field} is missing or not ${what}`); };
  need(m.format === ADDENDUM_FORMAT, 'format', ADDENDUM_FORMAT);
  need(m.algorithm === ALGORITHM, 'algorithm', ALGORITHM);
  need(str(m.created) && !Number.isNaN(Date.parse(m.created)), 'created', 'a date and time');
  need(Number.isSafeInteger(m.schedule_version) && m.schedule_version >= 2, 'schedule_version', 'a version number from 2');
  need(m.action === 'join' || m.action === 'leave', 'action', 'join or leave');
  need(!!m.party && typeof m.party === 'object' && str(m.party.id) && str(m.party.name), 'party', 'a party (id, name)');
  need(str(m.date) && /^\d{4}-\d{2}-\d{2}$/.test(m.date), 'date', 'a date (YYYY-MM-DD)');
  need(str(m.agreement_sha256) && /^[0-9a-f]{64}$/.test(m.agreement_sha256), 'agreement_sha256', 'a SHA-256');
  need(str(m.previous_sha256) && /^[0-9a-f]{64}$/.test(m.previous_sha256), 'previous_sha256', 'a SHA-256');
  need(!!m.signer && str(m.signer.name) && str(m.signer.key_fingerprint), 'signer', 'a signer (name, key_fingerprint)');
  if (!out.length && name !== addendumDirName(m.schedule_version, m.action, m.party.id)) out.push(`is in ${ADDENDA}/${name}, but says it is ${ADDENDA}/${addendumDirName(m.schedule_version, m.action, m.party.id)}`);
  return out;
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
