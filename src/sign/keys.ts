// Ed25519 signing keys: where they live, making them (mode 0600, optionally encrypted) and reading them.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fsError, makeDir, writeFile } from '../io/write.js';
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { visible } from '../io/term.js';

/** $IGCHECK_CONFIG_DIR, else $XDG_CONFIG_HOME/igcheck, else ~/.config/igcheck. */
export function configDir(env = process.env): string {
  if (env.IGCHECK_CONFIG_DIR) return env.IGCHECK_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'igcheck');
  return join(homedir(), '.config', 'igcheck');
}

export const defaultKeyPath = (env = process.env) => join(configDir(env), 'signing-key.pem');
export const publicPathFor = (keyPath: string) => keyPath.replace(/(\.key|\.pem)?$/, '.pub.pem');

/** The passphrase from --passphrase-file (its first line) or $IGCHECK_PASSPHRASE; none otherwise. */
export function readPassphrase(file?: string, env = process.env): string | undefined {
  if (file) {
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (e) { throw fsError(e, file, 'read the passphrase file'); }
    const line = text.split(/\r?\n/)[0];
    if (!line) throw new UsageError(`the passphrase file ${file} is empty`);
    return line;
  }
  return env.IGCHECK_PASSPHRASE || undefined;
}

const canAsk = () => !!process.stdin.isTTY && !!process.stderr.isTTY && process.env.CI !== 'true' && process.env.CI !== '1';

/** Ask for a passphrase at the terminal (twice when making a key); undefined when there is no terminal. */
export async function askPassphrase(message: string, confirm = false): Promise<string | undefined> {
  if (!canAsk()) return undefined;
  const { askSecret } = await import('../cli/prompt.js');
  const first = await askSecret(message);
  if (!first) return undefined;
  if (confirm && (await askSecret('The same passphrase again')) !== first) throw new UsageError('the two passphrases differ; nothing was written');
  return first;
}

/** The passphrase for an existing key: from the file or environment, else asked for when the key is encrypted. */
export async function passphraseFor(keyPath: string, file?: string): Promise<string | undefined> {
  const given = readPassphrase(file);
  if (given) return given;
  try {
    if (!readFileSync(keyPath, 'utf8').includes('ENCRYPTED PRIVATE KEY')) return undefined;
  } catch { return undefined; /* loadPrivateKey reports an unreadable key */ }
  return askPassphrase(`Passphrase for ${keyPath}`);
}

/** SHA256:<base64> of the public key's SPKI DER encoding, as ssh-keygen shows fingerprints. */
export function fingerprint(pub: KeyObject): string {
  return `SHA256:${createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('base64').replace(/=+$/, '')}`;
}

export const publicPem = (pub: KeyObject) => pub.export({ type: 'spki', format: 'pem' }).toString();

export interface NewKey { keyPath: string; publicPath: string; fingerprint: string; encrypted: boolean }

/** Make a key pair. The private key file is created with mode 0600 in a directory with mode 0700. */
export function generateKey(keyPath: string, passphrase?: string, force = false): NewKey {
  const publicPath = publicPathFor(keyPath);
  if (!force && existsSync(keyPath)) throw new UsageError(`${keyPath} already exists; refusing to replace a signing key`, 'Use --force to replace it (signatures made with the old key stay valid, but identify the old key).');
  const dir = dirname(keyPath);
  if (!existsSync(dir)) makeDir(dir, 0o700);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem', ...(passphrase ? { cipher: 'aes-256-cbc', passphrase } : {}) }).toString();
  // Written whole to a temporary file (0600 from the start, never briefly readable), then put in
  // place atomically: a hard link fails if another run made a key meanwhile, so two runs at once
  // never leave a half-written key or replace each other's.
  try {
    writeFile(keyPath, pem, { mode: 0o600, noReplace: !force });
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') throw new UsageError(`${keyPath} already exists; refusing to replace a signing key`, 'Use --force to replace it.');
    throw e;
  }
  writeFile(publicPath, publicPem(publicKey), { mode: 0o644 });
  return { keyPath, publicPath, fingerprint: fingerprint(publicKey), encrypted: !!passphrase };
}

/** Read a private key, refusing one others can read and naming a wrong passphrase plainly. */
export function loadPrivateKey(keyPath: string, passphrase?: string): KeyObject {
  let pem: string;
  try {
    const st = statSync(keyPath);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw new UsageError(`the signing key ${keyPath} can be read by other users (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`, `Restrict it: chmod 600 ${keyPath}`);
    }
    pem = readFileSync(keyPath, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const plain = fsError(e, keyPath, 'read the signing key');
    throw new UsageError(plain.message, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'Make one with: igcheck keygen' : `${plain.hint[0].toUpperCase()}${plain.hint.slice(1)}.`);
  }
  const encrypted = pem.includes('ENCRYPTED PRIVATE KEY');
  if (encrypted && !passphrase) throw new UsageError(`the signing key ${keyPath} is protected by a passphrase`, 'Give it with --passphrase-file FILE or the IGCHECK_PASSPHRASE environment variable.');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem', ...(encrypted ? { passphrase } : {}) });
  } catch (e) {
    if (encrypted) throw new UsageError(`wrong passphrase for the signing key ${keyPath}`);
    throw new UsageError(`${keyPath} is not a readable private key (${(e as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${keyPath} is a ${key.asymmetricKeyType} key; igcheck signs with Ed25519 keys (igcheck keygen makes one)`);
  return key;
}

export const publicOf = (priv: KeyObject) => createPublicKey(priv);

/** Read a public key given as a PEM file (SPKI) for --trust. */
export function loadPublicKey(path: string): KeyObject {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) { throw fsError(e, path, 'read the trusted key'); }
  try {
    const k = createPublicKey({ key: text, format: 'pem' });
    if (k.asymmetricKeyType !== 'ed25519') throw new Error(`a ${k.asymmetricKeyType} key, not Ed25519`);
    return k;
  } catch (e) {
    throw new UsageError(`${path} is not an Ed25519 public key in PEM form (${(e as Error).message})`);
  }
}

/** The signer's name: as given, else $IGCHECK_SIGNER, else the login name. */
export function signerName(given?: string, env = process.env): string {
  if (given?.trim()) return given.trim();
  if (env.IGCHECK_SIGNER?.trim()) return env.IGCHECK_SIGNER.trim();
  let login = 'signer';
  try { login = userInfo().username || 'signer'; } catch { /* no login name */ }
  process.stderr.write(`igcheck: signing as "${visible(login)}" (your login name); give --signer "Full Name" (or set IGCHECK_SIGNER) to name the signer in the manifest\n`);
  return login;
}
