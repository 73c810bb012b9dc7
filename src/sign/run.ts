// The keygen, sign and verify commands' work: read options, call the signing functions, report.
import { existsSync, readFileSync } from 'node:fs';
import { writeFiles } from '../io/write.js';
import { join, resolve } from 'node:path';
import { CheckFailed, UsageError } from '../errors.js';
import { slug } from '../docs/escape.js';
import { askPassphrase, defaultKeyPath, fingerprint, generateKey, loadPrivateKey, loadPublicKey, passphraseFor, publicOf, publicPem, readPassphrase, signerName } from './keys.js';
import { signBytes } from './manifest.js';
import { claimKey, makeStatement, resolveSigner } from './signers.js';
import { verifyDir, type SignerResult, type VerifyResult } from './verify.js';
import { incompleteLines } from './status.js';
import { registerProblems } from './pending.js';
import { agreementStatus, type PartyStatus } from './agreement.js';
import { ROLE_LABEL, partyNamed, partyRoleText, readPackRoster, roleFromText, type PackRoster } from './roster.js';
import type { SigningRole } from '../parties/types.js';
import { visible, visibleDeep, jsonText } from '../io/term.js';

export interface KeygenOptions { out?: string; passphraseFile?: string; passphrase?: boolean; force?: boolean }
export interface SignOptions { key?: string; signer?: string; role?: string; organisation?: string; party?: string; passphraseFile?: string; force?: boolean }
export interface VerifyOptions { trust?: string[]; json?: boolean; register?: string }

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
  const roster = readPackRoster(dir);
  if (!roster && o.party) throw new UsageError(`--party: ${dir} has no roster of parties (no parties: in its answers.yaml), so there is no party to choose`, 'Sign with --role and --organisation, or leave --party out.');
  // For a roster, who signs for whom is settled before the key is opened: a mistake costs no passphrase.
  const seat = roster ? chooseSeat(dir, before, roster, o) : undefined;
  const keyPath = o.key ?? defaultKeyPath();
  if (!existsSync(keyPath)) throw new UsageError(`no signing key at ${keyPath}`, 'Make one with: igcheck keygen (or give --key FILE)');
  const priv = loadPrivateKey(keyPath, await passphraseFor(keyPath, o.passphraseFile));
  const pub = publicOf(priv);
  const fp = fingerprint(pub);
  // One signature per key, except in an agreement between many organisations, where one person may
  // hold two roles or sign for two parties (a DPO shared by several practices): one per party role.
  if (!seat && before.signers.some(s => s.fingerprint === fp) && !o.force) throw new UsageError(`${dir} is already signed with this key (${fp})`);
  const named = resolveSigner(o.signer, fp, () => signerName(undefined));
  const signer = named.name;
  const name = seat ? `${seat.party.id}--${seat.role.replace(/_/g, '-')}` : slug(signer, 40) || 'signer';
  const base = seat ? join(dir, ...seat.party.signs.split('/').slice(0, -1)) : dir;
  const sigPath = join(base, 'signatures', `${name}.sig`);
  if ((existsSync(sigPath) || existsSync(join(base, 'signatures', `${name}.pub.pem`))) && !o.force) {
    throw new UsageError(`${sigPath} already exists`, seat ? 'Replace it with --force.' : 'Sign under another name with --signer NAME, or replace it with --force.');
  }
  if (named.explicit) claimKey(fp, signer);
  const who = seat
    ? { name: signer, role: ROLE_LABEL[seat.role], organisation: seat.party.name, party: seat.party.id, signs_as: seat.role }
    : { name: signer, role: o.role?.trim() || 'not stated', organisation: o.organisation?.trim() || 'not stated' };
  const manifestPath = join(base, 'manifest.json');
  const manifestBytes = readFileSync(manifestPath);
  const sig = signBytes(manifestBytes, priv);
  // All three files or none: a signature never exists without its key and its signer's statement.
  writeFiles([
    { path: join(base, 'signatures', `${name}.pub.pem`), data: publicPem(pub) },
    { path: join(base, 'signatures', `${name}.signer.json`), data: `${JSON.stringify(makeStatement(who, fp, manifestBytes, priv), null, 2)}\n` },
    { path: sigPath, data: sig },
  ]);
  process.stderr.write(`igcheck: ${seat ? 'signed' : 'countersigned'} ${visible(manifestPath)} as ${visible(`${signer}, ${who.role}, ${who.organisation}`)} (${fp}): ${visible(sigPath)}\n`);
  if (seat) {
    const after = agreementStatus(verifyDir(dir), roster!);
    const done = after.parties.filter(p => !p.left && p.complete).length;
    process.stderr.write(`igcheck: ${done} of ${after.current} parties have signed in every required role; ${after.outstanding.length ? `${after.outstanding.length} signature${after.outstanding.length === 1 ? '' : 's'} outstanding (igcheck status ${visible(dir)})` : 'the agreement is complete'}\n`);
  } else if (!o.role || !o.organisation) process.stderr.write('igcheck: give --role and --organisation so the record says in what capacity you signed\n');
  return 0;
}

/**
 * The party and role a signature is for, in an agreement between many organisations: the party by
 * --party ID or --organisation (its name, id or ODS code); the role by --role, one the party signs as.
 */
function chooseSeat(dir: string, v: VerifyResult, roster: PackRoster, o: SignOptions): { party: PartyStatus; role: SigningRole } {
  const st = agreementStatus(v, roster);
  if (st.problems.length) throw new CheckFailed(`${dir}: the parties' joining and leaving do not fit the roster, so it was not signed`, st.problems);
  const list = st.parties.filter(p => !p.left).map(p => `  ${p.id.padEnd(24)} ${p.name} (${partyRoleText(p.role)}; signs as ${p.required.map(r => ROLE_LABEL[r]).join(', ')})`).join('\n');
  if (!o.party && !o.organisation) throw new UsageError(`${dir} is an agreement between ${st.current} parties: say which one you sign for, with --party ID or --organisation NAME`, `The parties:\n${list}`);
  const byId = o.party ? st.parties.find(p => p.id === o.party!.trim()) : undefined;
  if (o.party && !byId) throw new UsageError(`--party ${o.party}: no such party in ${dir}`, `The parties:\n${list}`);
  const byName = o.organisation ? partyNamed(st.parties, o.organisation) : undefined;
  if (o.organisation && !byName) throw new UsageError(`--organisation "${o.organisation}" is not one of the parties to this agreement; a signer signs for one of them`, `The parties:\n${list}`);
  if (byId && byName && byId.id !== byName.id) throw new UsageError(`--party ${byId.id} is ${byId.name}, but --organisation names ${byName.name}`, 'Give one of them, or make them agree.');
  const party = (byId ?? byName)!;
  if (party.left) throw new UsageError(`${party.name} left the agreement on ${party.left.date}, so it no longer signs`);
  const roles = party.required.map(r => ROLE_LABEL[r]).join(', ');
  if (!o.role) throw new UsageError(`--role: say which role you sign as for ${party.name}: ${roles}`);
  const role = roleFromText(o.role);
  if (!role || !party.required.includes(role)) {
    throw new UsageError(`${party.name} signs as ${roles}; "${o.role}" is not one of them`,
      role ? `A party's signing roles are in the roster (signs_as: in its entry under parties:); by default a controller signs as SIRO, Caldicott Guardian (a health or care body) and Data Protection Officer, a processor as SIRO.` : `Give one of: ${party.required.join(', ')}.`);
  }
  const done = party.roles.find(r => r.role === role)?.signed;
  if (done && !o.force) throw new UsageError(`${party.name} has already signed as ${ROLE_LABEL[role]} (${done.name}, ${done.date.slice(0, 10)}: ${done.file})`, 'Replace that signature with --force.');
  return { party, role };
}

export function runVerify(dir: string, o: VerifyOptions): number {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such directory`);
  const trusted = (o.trust ?? []).map(p => ({ label: p, key: loadPublicKey(p) }));
  const r = verifyDir(dir, trusted);
  // An agreement between many organisations is complete only when every current party's required
  // roles have signed; its roster is read only from a pack whose answers.yaml verified.
  const roster = r.ok ? readPackRoster(dir) : null;
  const st = roster ? agreementStatus(r, roster) : undefined;
  if (st?.problems.length) r.problems.push(...st.problems);
  // The versions against the register, when it holds this agreement (the latest removed shows there).
  if (r.ok && (roster || o.register)) r.problems.push(...registerProblems(dir, r, o.register).problems);
  const ok = r.problems.length === 0;
  const complete = ok && (!st || st.complete);
  if (o.json) {
    process.stdout.write(`${jsonText({
      ok, complete, problems: r.problems, signers: r.signers, files: r.manifest?.files?.length ?? 0,
      addenda: r.addenda.map(a => ({ dir: a.dir, schedule_version: a.manifest.schedule_version, action: a.manifest.action, party: a.manifest.party.id, signers: a.signers })),
      ...(st ? { agreement: { schedule_version: st.schedule_version, current: st.current, complete: st.complete, outstanding: st.outstanding } } : {}),
    })}\n`);
    return complete ? 0 : 1;
  }
  const line = (s: SignerResult) => `  ${s.valid ? 'good' : 'BAD '}  ${visible(s.fingerprint ?? '(no key)')}  ${visible(s.statement ? [s.statement.name, s.statement.role, s.statement.organisation].join(', ') : s.name)}${s.trusted === true ? '  trusted' : s.trusted === false ? '  not in --trust' : ''}`;
  const lines = r.signers.map(line);
  const addendaLines = r.addenda.flatMap(a => [`${visible(a.dir)} (version ${a.manifest.schedule_version}: ${visible(a.manifest.party.name)} ${a.manifest.action === 'join' ? 'joins' : 'leaves'} on ${visible(a.manifest.date)}):`, ...a.signers.map(line)]);
  if (!ok) throw new CheckFailed(`${dir}: verification FAILED`, [...r.problems, ...(lines.length ? ['signers:', ...lines] : []), ...addendaLines]);
  const m = visibleDeep(r.manifest!);
  const shown = visible(dir);
  const count = r.signers.length + r.addenda.reduce((n, a) => n + a.signers.length, 0);
  const fileCount = m.files.length + r.addenda.reduce((n, a) => n + a.manifest.files.length + 1, 0);
  process.stdout.write(`${shown}: ${st && !st.complete ? 'every file and signature verified, but the agreement is INCOMPLETE' : 'verified'}: ${fileCount} file${fileCount === 1 ? '' : 's'} unchanged, ${count} good signature${count === 1 ? '' : 's'}${r.addenda.length ? ` (schedule version ${r.addenda.length + 1}: ${r.addenda.length} addend${r.addenda.length === 1 ? 'um' : 'a'})` : ''}\n`);
  process.stdout.write(`prepared by ${m.signer?.name ?? '(not named)'}, role: ${m.signer?.role ?? 'not stated'}${m.signer?.organisation ? `, ${m.signer.organisation}` : ''}, on ${m.created ?? '(no date)'}, verdict ${m.verdict ?? '(none)'}\n`);
  process.stdout.write(`signers (by key fingerprint):\n${lines.join('\n')}\n`);
  if (addendaLines.length) process.stdout.write(`${addendaLines.join('\n')}\n`);
  if (!trusted.length) process.stdout.write('note: the signatures match the keys stored beside them; pass --trust KEY.pub.pem to check who signed\n');
  if (st && !st.complete) {
    const waiting = new Set(st.outstanding.map(x => x.party)).size;
    throw new CheckFailed(`${dir}: every signature is good, but the agreement is INCOMPLETE: ${waiting} of ${st.current} parties have roles still to sign`,
      [...incompleteLines(visibleDeep(st)).map(l => l.trim()), `See who and how: igcheck status ${dir}`]);
  }
  if (st) process.stdout.write(`complete: all ${st.current} parties have signed in every required role\n`);
  return 0;
}
