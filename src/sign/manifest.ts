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
