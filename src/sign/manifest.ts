// The manifest: every output's SHA-256 with the answers and rule-pack digests, as canonical bytes to sign.
import { createHash, sign, type KeyObject } from 'node:crypto';

export const MANIFEST_FORMAT = 'igcheck-manifest/1';
export const ALGORITHM = 'ed25519';

export interface ManifestFile { path: string; sha256: string; bytes: number }
export interface Manifest {
  format: string;
  algorithm: string;
  igcheck_version: string;
  created: string;
  title: string;
  verdict: string;
  files: ManifestFile[];
  answers_sha256: string;
  rule_pack: { name: string; version: string; digest: string; packs: { name: string; version: string; digest: string }[] };
  signer: { name: string; role: string; organisation?: string; key_fingerprint: string };
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** JSON with keys sorted at every level: the same manifest always has the same bytes. */
export function canonicalJson(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map(k => [k, sort((x as Record<string, unknown>)[k])]));
    return x;
  };
  return `${JSON.stringify(sort(v), null, 2)}\n`;
}

export function fileEntry(path: string, bytes: Buffer): ManifestFile {
  return { path, sha256: sha256(bytes), bytes: bytes.length };
}

/** The raw 64-byte Ed25519 signature of the exact manifest bytes (what openssl pkeyutl -rawin checks). */
export const signBytes = (bytes: Buffer, key: KeyObject): Buffer => sign(null, bytes, key);

// ---------------------------------------------------------------------------------------------
// Addenda: a party joining or leaving an agreement between many organisations, as a new schedule
// version of the pack. The pack's manifest.json and every signature over it stay as they are; each
// addendum is a folder addenda/v<N>-<join|leave>-<party id>/ with its own manifest.json (naming the
// SHA-256 of the pack's manifest.json and of the manifest of the version before it, so the versions
// form a chain back to what the first parties signed), the files it adds, and its own signatures/.

export const ADDENDA = 'addenda';
export const ADDENDUM_FORMAT = 'igcheck-addendum/1';

export interface AddendumManifest {
  format: string;
  algorithm: string;
  igcheck_version: string;
  created: string;
  /** The agreement's title, as in manifest.json. */
  title: string;
  /** 2 for the first addendum (the pack as first signed is version 1), then 3, ... */
  schedule_version: number;
  action: 'join' | 'leave';
  /** Join: the whole party as added. Leave: its id and name. */
  party: { id: string; name: string } & Record<string, unknown>;
  /** The date the party joins or leaves (YYYY-MM-DD). */
  date: string;
  reason?: string;
  /** SHA-256 (hex) of the pack's manifest.json: the agreement this addendum belongs to. */
  agreement_sha256: string;
  /** SHA-256 (hex) of the manifest of the version before: manifest.json, or the previous addendum's. */
  previous_sha256: string;
  /** The files the addendum adds, relative to its folder (a join: party.yaml). */
  files: ManifestFile[];
  /** Who recorded the addendum (signs it first, as the preparer signs manifest.json). */
  signer: { name: string; role: string; organisation?: string; key_fingerprint: string };
}

export const addendumDirName = (version: number, action: string, partyId: string) => `v${version}-${action}-${partyId}`;
