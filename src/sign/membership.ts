// `igcheck join` and `igcheck leave`: a party joins or leaves an agreement between many organisations
// as a new schedule version of the pack, without touching what the other parties signed.
//
// The chain: the pack's manifest.json (version 1) lists every document and answers.yaml (the roster)
// and is signed by the first parties; it never changes again. Each change is an addendum, a folder
// addenda/v<N>-<join|leave>-<party id>/ whose manifest.json names the SHA-256 of the pack's
// manifest.json (the agreement) and of the version before it (manifest.json, or the previous
// addendum's), lists the files it adds (for a join, party.yaml) and is signed by whoever records it.
// A joining party's signatories then sign that addendum's manifest: by its digests they sign the
// very agreement the others signed, plus their own entry. Removing, reordering or editing any
// version breaks the chain at verify; each version is also an entry in the decision register.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CheckFailed, UsageError } from '../errors.js';
import { removeEmptyDir, stageDir, type StagedDir } from '../io/write.js';
import { visible } from '../io/term.js';
import { checkDate, today } from '../load/values.js';
import { readRegister, registerPath, checkRegister, appendEntry, relativeToRegister } from '../register/store.js';
import type { PartyChangeEntry, PartyJoinedEntry, PartyLeftEntry, Unchained } from '../register/entry.js';
import { slug } from '../docs/escape.js';
import { version } from '../version.js';
import { resolvePacks } from '../pack/resolve.js';
import { parseAnswers } from '../load/answers.js';
import { assessAgreement } from '../assess/agreement.js';
import { PARTIES_KEY, type Party } from '../parties/types.js';
import { VERDICTS } from '../core/words.js';
import type { Facts, Pack } from '../core/types.js';
import { agreementStatus, type AgreementStatus } from './agreement.js';
import { defaultKeyPath, fingerprint, loadPrivateKey, passphraseFor, publicOf, publicPem, signerName } from './keys.js';
import { ADDENDA, ADDENDUM_FORMAT, ALGORITHM, addendumDirName, canonicalJson, fileEntry, sha256, signBytes, type AddendumManifest } from './manifest.js';
import { ROLE_LABEL, readPackRoster, readPartyFile, requiredRoles } from './roster.js';
import { claimKey, makeStatement, resolveSigner } from './signers.js';
import { verifyDir } from './verify.js';

export interface MemberOptions {
  /** join: the party file; leave: the party's id. */
  party: string;
  reason?: string;
  date?: string;
  key?: string;
  signer?: string;
  role?: string;
  organisation?: string;
  passphraseFile?: string;
  register?: string;
  /** The rule packs whose vocabulary a joining party's type and DSPT status are checked against. */
  rules?: string[];
  config?: boolean;
  /** For tests: the recording time. */
  now?: Date;
  quiet?: boolean;
}

/** The pack must verify and hold a roster whose versions fit together; returns where it stands. */
function standing(dir: string, what: string): { status: AgreementStatus; baseSha: string; lastSha: string } {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such directory`);
  const v = verifyDir(dir);
  if (!v.ok) throw new CheckFailed(`${dir} does not verify, so ${what} was not recorded`, v.problems);
  const roster = readPackRoster(dir);
  if (!roster) throw new UsageError(`${dir} has no roster of parties (no parties: in its answers.yaml), so no party can ${what === 'the joining' ? 'join' : 'leave'} it`,
    'Joining and leaving are for an agreement between many organisations, assessed from answers that list its parties:. An agreement between two organisations is assessed again instead.');
  const status = agreementStatus(v, roster);
  if (status.problems.length) throw new CheckFailed(`${dir}: the parties' joining and leaving do not fit the roster, so ${what} was not recorded`, status.problems);
  return { status, baseSha: v.manifestSha256!, lastSha: v.addenda.at(-1)?.sha256 ?? v.manifestSha256! };
}

export async function runJoin(dir: string, o: MemberOptions): Promise<number> {
  const { status, baseSha, lastSha } = standing(dir, 'the joining');
  // The organisation type and DSPT status from the vocabulary the rule packs decide with.
  const pack = await resolvePacks({ rules: o.rules, config: o.config });
  const values = (id: string) => pack.facts.find(f => f.id === id)?.values;
  const { party, text } = readPartyFile(o.party, { types: values('discloser.type'), dspt: values('recipient.dspt') });
  const same = status.parties.find(p => p.id === party.id);
  if (same) throw new UsageError(`${party.id} is already a party to ${dir} (${same.name}${same.left ? `, which left on ${same.left.date}` : ''})`, same.left ? 'A party that returns joins under a new id (for example with -2 added).' : 'Give the new party its own id.');
  const named = status.parties.find(p => !p.left && p.name.trim().toLowerCase() === party.name.trim().toLowerCase());
  if (named) throw new UsageError(`${party.name} is already a party to ${dir} (as ${named.id})`);
  if (party.left) throw new UsageError(`${o.party}: a joining party cannot already have left (remove left:)`);
  const date = checkDate(o.date, '--date') ?? today();
  // Its own decision: every flow that now reaches it or leaves from it, decided with the agreement's answers.
  const own = await joiningDecision(dir, pack, party, date);
  const entry = await record(dir, o, status, baseSha, lastSha, {
    action: 'join', party: party as unknown as AddendumManifest['party'], date,
    files: [['party.yaml', Buffer.from(text.endsWith('\n') ? text : `${text}\n`)], ['decision.json', Buffer.from(`${JSON.stringify(own, null, 2)}\n`)]],
  });
  if (!o.quiet) {
    process.stderr.write(`igcheck: ${visible(party.name)} joins ${visible(dir)} as schedule version ${entry.schedule_version} (${visible(entry.addendum)}), recorded in the register as ${entry.id}\n`);
    if (!own.flows.length) process.stderr.write('igcheck: no flow reaches it yet (none is to every party, and it discloses none)\n');
    else process.stderr.write(`igcheck: its flows, decided with the agreement's answers (decision.json in the addendum):\n${own.flows.map(f => `  ${visible(f.from)} to ${visible(f.to)}: ${VERDICTS[f.verdict].label.toLowerCase()}\n`).join('')}`);
    if (own.conditions.length) {
      process.stderr.write(`igcheck: what ${visible(party.name)} must do:\n`);
      for (const c of own.conditions) process.stderr.write(`  - ${visible(c)}\n`);
    }
    process.stderr.write(`igcheck: its signatories sign the addendum, which names the agreement the other parties signed:\n`);
    for (const r of requiredRoles(party)) process.stderr.write(`  igcheck sign ${visible(dir)} --party ${party.id} --role ${r} --signer "FULL NAME"    (${ROLE_LABEL[r]})\n`);
  }
  return 0;
}

/** The joining party's flows, decided with the agreement's answers (answers.yaml) and the party added. */
async function joiningDecision(dir: string, pack: Pack, party: Party, asOf: string) {
  const file = join(dir, 'answers.yaml');
  const { facts } = await parseAnswers(readFileSync(file, 'utf8'), file, pack.facts);
  const parties = [...((facts[PARTIES_KEY] as unknown as Party[] | undefined) ?? []), party];
  const a = assessAgreement(pack, { ...facts, [PARTIES_KEY]: parties as unknown as Facts[string] }, asOf);
  const flows = a.flows.filter(f => f.from.id === party.id || f.to.id === party.id)
    .map(f => ({ flow: f.flow.id, from: f.from.name, to: f.to.name, verdict: f.decision.verdict, bases: f.decision.bases.map(b => b.id) }));
  const duties = a.duties.find(d => d.party.id === party.id);
  return { format: 'igcheck-join-decision/1', party: party.id, as_of: asOf, flows, conditions: (duties?.conditions ?? []).map(c => c.title) };
}

export async function runLeave(dir: string, o: MemberOptions): Promise<number> {
  const { status, baseSha, lastSha } = standing(dir, 'the leaving');
  const p = status.parties.find(x => x.id === o.party.trim());
  const list = status.parties.filter(x => !x.left).map(x => `  ${x.id.padEnd(24)} ${x.name}`).join('\n');
  if (!p) throw new UsageError(`--party ${o.party}: no such party in ${dir}`, `The parties:\n${list}`);
  if (p.left) throw new UsageError(`${p.name} left ${dir} already, on ${p.left.date}`);
  if (p.leaving) throw new UsageError(`${p.name} is already recorded as leaving ${dir} on ${p.leaving.date}`);
  if (status.current === 1) throw new UsageError(`${p.name} is the last party to ${dir}; an agreement cannot be left with no parties`, 'End the agreement instead: record that in the register, and keep the pack.');
  const date = checkDate(o.date, '--date') ?? today();
  const reason = o.reason?.trim();
  const entry = await record(dir, o, status, baseSha, lastSha, {
    action: 'leave', party: { id: p.id, name: p.name, ...(p.ods ? { ods: p.ods } : {}), type: p.type, role: p.role }, date, ...(reason ? { reason } : {}), files: [],
  });
  if (!o.quiet) {
    process.stderr.write(`igcheck: ${visible(p.name)} leaves ${visible(dir)} on ${date} as schedule version ${entry.schedule_version} (${visible(entry.addendum)}), recorded in the register as ${entry.id}\n`);
    process.stderr.write(`igcheck: its signatures stay in the record; ${date > today() ? `until ${date} it is still a party; from then ` : ''}the agreement is complete when the ${status.current - 1} remaining parties have signed (igcheck status ${visible(dir)})\n`);
  }
  return 0;
}

interface Change {
  action: 'join' | 'leave';
  party: AddendumManifest['party'];
  date: string;
  reason?: string;
  files: [string, Buffer][];
}

/** Write the addendum (signed by whoever records it) and its register entry: both, or neither. */
async function record(dir: string, o: MemberOptions, status: AgreementStatus, baseSha: string, lastSha: string, c: Change): Promise<PartyChangeEntry> {
  const reg = registerPath(o.register);
  // The register first: a pack change that cannot be recorded is not made.
  checkRegister(reg);
  const keyPath = o.key ?? defaultKeyPath();
  if (!existsSync(keyPath)) throw new UsageError(`no signing key at ${keyPath}`, 'Make one with: igcheck keygen (or give --key FILE)');
  const priv = loadPrivateKey(keyPath, await passphraseFor(keyPath, o.passphraseFile));
  const pub = publicOf(priv);
  const fp = fingerprint(pub);
  const named = resolveSigner(o.signer, fp, () => signerName(undefined));
  if (named.explicit) claimKey(fp, named.name);
  const who = { name: named.name, role: o.role?.trim() || 'not stated', organisation: o.organisation?.trim() || 'not stated' };

  const scheduleVersion = status.schedule_version + 1;
  const name = addendumDirName(scheduleVersion, c.action, c.party.id);
  const manifest: AddendumManifest = {
    format: ADDENDUM_FORMAT,
    algorithm: ALGORITHM,
    igcheck_version: version(),
    created: (o.now ?? new Date()).toISOString(),
    title: status.title,
    schedule_version: scheduleVersion,
    action: c.action,
    party: c.party,
    date: c.date,
    ...(c.reason ? { reason: c.reason } : {}),
    agreement_sha256: baseSha,
    previous_sha256: lastSha,
    files: c.files.map(([n, b]) => fileEntry(n, b)),
    signer: { ...who, key_fingerprint: fp },
  };
  const bytes = Buffer.from(canonicalJson(manifest));
  const sigName = slug(who.name, 40) || 'signer';
  const target = join(dir, ADDENDA, name);
  if (existsSync(target)) throw new UsageError(`${target} already exists`, 'Another join or leave was recorded at the same moment: run igcheck status and try again.');
  const agreementEntry = findAgreementEntry(reg, baseSha);
  const body = {
    v: 1,
    kind: c.action === 'join' ? 'party-joined' : 'party-left',
    recorded_at: (o.now ?? new Date()).toISOString(),
    entry: agreementEntry,
    title: status.title,
    out_dir: relativeToRegister(reg, resolve(dir)),
    manifest_sha256: `sha256:${baseSha}`,
    addendum_sha256: `sha256:${sha256(bytes)}`,
    addendum: `${ADDENDA}/${name}`,
    schedule_version: scheduleVersion,
    party: { id: c.party.id, name: c.party.name, ...(typeof c.party.ods === 'string' ? { ods: c.party.ods } : {}), ...(typeof c.party.type === 'string' ? { type: c.party.type } : {}), ...(typeof c.party.role === 'string' ? { role: c.party.role } : {}) },
    date: c.date,
    ...(c.reason ? { reason: c.reason } : {}),
    by: who.name,
  } as Unchained<PartyJoinedEntry> | Unchained<PartyLeftEntry>;
  // The addendum is built beside its place and renamed in (src/io/write.ts); the register entry is
  // appended once it is there, and if that fails the addendum is taken out again: both or neither.
  const addenda = join(dir, ADDENDA);
  const madeAddenda = !existsSync(addenda);
  let staged: StagedDir | undefined;
  try {
    staged = stageDir(target, [
      ...c.files,
      ['manifest.json', bytes],
      [`signatures/${sigName}.sig`, signBytes(bytes, priv)],
      [`signatures/${sigName}.pub.pem`, publicPem(pub)],
      [`signatures/${sigName}.signer.json`, `${JSON.stringify(makeStatement(who, fp, bytes, priv), null, 2)}\n`],
    ]);
    staged.commit();
    const written = await appendEntry<PartyChangeEntry>(reg, body);
    staged.finish();
    return written;
  } catch (e) {
    staged?.undo();
    staged?.finish();
    if (madeAddenda) removeEmptyDir(addenda);
    throw e;
  }
}

/** The register's assessment of this agreement (the latest with its manifest), if it holds one. */
function findAgreementEntry(reg: string, baseSha: string): string | null {
  const v = readRegister(reg);
  if (!v.ok) return null;
  const want = `sha256:${baseSha}`;
  for (let i = v.entries.length - 1; i >= 0; i--) {
    const e = v.entries[i];
    if (e.kind === 'assessment' && e.manifest_sha256 === want) return e.id;
  }
  return null;
}
