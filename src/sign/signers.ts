// Who signed: each signature carries a statement of the signer's name, role and organisation, signed
// with the same key; and one key is one person (a key that first signed as one name never signs as another).
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { makeDir, writeFile } from '../io/write.js';
import { configDir } from './keys.js';
import { canonicalJson } from './manifest.js';
import type { SigningRole } from '../parties/types.js';

export const STATEMENT_FORMAT = 'igcheck-signer/1';

export interface SignerIdentity {
  name: string; role: string; organisation: string;
  /** In an agreement between many organisations: the id of the party signed for, and the role signed as. */
  party?: string;
  signs_as?: SigningRole;
}
export interface SignerStatement extends SignerIdentity {
  format: string;
  key_fingerprint: string;
  manifest_sha256: string;
  signed: string;
  /** Base64 Ed25519 signature of the canonical JSON of every other field. */
  signature: string;
}

/** The statement a signer adds beside their signature: who they are, bound to the manifest and key. */
export function makeStatement(who: SignerIdentity, fingerprint: string, manifestBytes: Buffer, key: KeyObject, signed = new Date().toISOString()): SignerStatement {
  const body = {
    format: STATEMENT_FORMAT, name: who.name, role: who.role, organisation: who.organisation,
    ...(who.party ? { party: who.party } : {}), ...(who.signs_as ? { signs_as: who.signs_as } : {}),
    key_fingerprint: fingerprint, manifest_sha256: createHash('sha256').update(manifestBytes).digest('hex'), signed,
  };
  return { ...body, signature: sign(null, Buffer.from(canonicalJson(body)), key).toString('base64') };
}

/** Problems with a statement read from signatures/NAME.signer.json (empty when it is sound). */
export function checkStatement(text: string, key: KeyObject, fingerprint: string, manifestBytes: Buffer): { statement?: SignerStatement; problem?: string } {
  let s: SignerStatement;
  try { s = JSON.parse(text) as SignerStatement; } catch { return { problem: 'is not readable JSON' }; }
  if (!s || typeof s !== 'object' || s.format !== STATEMENT_FORMAT || typeof s.signature !== 'string' || typeof s.name !== 'string') return { problem: 'is not a signer statement' };
  const { signature, ...body } = s;
  const sig = Buffer.from(signature, 'base64');
  if (sig.length !== 64 || !verify(null, Buffer.from(canonicalJson(body)), key, sig)) return { problem: 'is not signed by the key beside it (the name, role or organisation was changed)' };
  if (s.key_fingerprint !== fingerprint) return { problem: `names key ${s.key_fingerprint}, not the key beside it` };
  if (s.manifest_sha256 !== createHash('sha256').update(manifestBytes).digest('hex')) return { problem: 'was made for another manifest.json' };
  return { statement: s };
}

const registryPath = (env = process.env) => join(configDir(env), 'key-owners.json');
type Registry = Record<string, { name: string; first_signed: string }>;

function readRegistry(): Registry {
  const p = registryPath();
  if (!existsSync(p)) return {};
  try { return JSON.parse(readFileSync(p, 'utf8')) as Registry; } catch { return {}; }
}

/** The name a key first signed with, if it has signed before on this machine. */
export function ownerOf(fingerprint: string): string | undefined {
  return readRegistry()[fingerprint]?.name;
}

/**
 * The signer's name: as given (--signer or $IGCHECK_SIGNER); else the name the key first signed
 * with; else the login name (a guess, which never claims the key).
 */
export function resolveSigner(given: string | undefined, fingerprint: string, fallback: () => string): { name: string; explicit: boolean } {
  const explicit = given?.trim() || process.env.IGCHECK_SIGNER?.trim();
  if (explicit) return { name: explicit, explicit: true };
  const owner = ownerOf(fingerprint);
  return owner ? { name: owner, explicit: true } : { name: fallback(), explicit: false };
}

/**
 * One key is one person: the first name a key signs with is kept (in the config directory), and
 * signing with it under another name is refused with the reason.
 */
export function claimKey(fingerprint: string, name: string, now = new Date().toISOString()): void {
  const reg = readRegistry();
  const owner = reg[fingerprint];
  if (owner && owner.name !== name) {
    throw new UsageError(`this key (${fingerprint}) first signed as "${owner.name}" on ${owner.first_signed.slice(0, 10)}, so it cannot sign as "${name}": one key is one person, so a signature always names the person who holds the key`,
      `Sign as "${owner.name}" (--signer "${owner.name}"), or make a key of your own with: igcheck keygen --out FILE, and sign with --key FILE.`);
  }
  if (owner) return;
  reg[fingerprint] = { name, first_signed: now };
  makeDir(configDir());
  writeFile(registryPath(), `${JSON.stringify(reg, null, 2)}\n`, { mode: 0o600 });
}
