// Where an agreement between many organisations stands: the roster as first signed, changed by each
// addendum in turn (a party joining or leaving), and for every party still in it, which of its
// required roles have signed and which are outstanding. Pure: a verification result in, a status out.
import type { Contact, Party, SigningRole } from '../parties/types.js';
import { today } from '../load/values.js';
import { ROLE_LABEL, partyNamed, requiredRoles, roleFromText, type PackRoster } from './roster.js';
import type { SignerResult, VerifyResult } from './verify.js';

export interface RoleStatus {
  role: SigningRole;
  label: string;
  /** The valid signature for this role, if there is one. */
  signed?: { name: string; fingerprint: string; date: string; file: string };
  /** Who to ask, from the party's contacts. */
  contact?: Contact;
}

export interface PartyStatus {
  id: string;
  name: string;
  ods?: string;
  type: string;
  role: Party['role'];
  /** The schedule version the party joined in: 1 for the parties of the pack as first assessed. */
  joined_version: number;
  /** Where the party's signatories sign: manifest.json, or its join addendum's manifest. */
  signs: string;
  /** The party has left (on or before the date the status is for); it no longer signs. */
  left?: { date: string; reason?: string; version?: number };
  /** A leaving recorded for a later date: until then the party is in, and its roles still sign. */
  leaving?: { date: string; reason?: string; version?: number };
  required: SigningRole[];
  roles: RoleStatus[];
  complete: boolean;
}

export interface AgreementStatus {
  title: string;
  /** 1, plus one for each addendum. */
  schedule_version: number;
  parties: PartyStatus[];
  /** Parties that have not left. */
  current: number;
  /** Every current party's required roles have signed. */
  complete: boolean;
  outstanding: { party: string; name: string; role: SigningRole; label: string; signs: string; contact?: Contact }[];
  /** Valid signatures that are not a party's role (the preparer's, or a signer the roster does not name). */
  others: { name: string; role: string; organisation: string; where: string }[];
  /** Addenda that do not fit the roster (joining twice, leaving without being a party). */
  problems: string[];
}

type Member = Party & { joined_version: number; signs: string; left_version?: number };

/** The parties as they stand after every addendum, with problems where an addendum does not fit. */
export function applyAddenda(roster: PackRoster, v: Pick<VerifyResult, 'addenda'>): { members: Member[]; problems: string[] } {
  const members: Member[] = roster.parties.map(p => ({ ...p, joined_version: 1, signs: 'manifest.json' }));
  const problems: string[] = [];
  for (const a of v.addenda) {
    const m = a.manifest;
    const where = `${a.dir}/manifest.json`;
    const existing = members.find(p => p.id === m.party.id);
    if (m.action === 'join') {
      if (existing) { problems.push(`${where}: ${m.party.id} joins, but is already a party${existing.left ? ' (it left; a party that returns joins under a new id)' : ''}`); continue; }
      members.push({ ...(m.party as unknown as Party), joined_version: m.schedule_version, signs: where });
    } else {
      if (!existing) { problems.push(`${where}: ${m.party.id} leaves, but is not a party`); continue; }
      if (existing.left) { problems.push(`${where}: ${m.party.id} leaves, but left already on ${existing.left.date}`); continue; }
      existing.left = { date: m.date, ...(m.reason ? { reason: m.reason } : {}) };
      existing.left_version = m.schedule_version;
    }
  }
  return { members, problems };
}

/** The party and role a signature stands for: as its statement names them, else read from its organisation and role. */
export function roleOf(s: SignerResult, members: Party[]): { party: string; role: SigningRole } | undefined {
  const st = s.statement;
  if (!st) return undefined;
  if (st.party && st.signs_as) return { party: st.party, role: st.signs_as };
  const party = st.organisation ? partyNamed(members, st.organisation) : undefined;
  const role = roleFromText(st.role);
  return party && role ? { party: party.id, role } : undefined;
}

/** Where the agreement stands on `asOf` (default today): a party leaving later is still in until then. */
export function agreementStatus(v: VerifyResult, roster: PackRoster, asOf: string = today()): AgreementStatus {
  const { members, problems } = applyAddenda(roster, v);
  const all: SignerResult[] = [...v.signers, ...v.addenda.flatMap(a => a.signers)];
  const whereOf = (s: SignerResult) => (s.addendum ? `${s.addendum}/manifest.json` : 'manifest.json');
  const used = new Set<SignerResult>();
  const parties: PartyStatus[] = members.map(p => {
    const required = requiredRoles(p);
    const roles: RoleStatus[] = required.map(role => {
      const s = all.find(x => x.valid && !used.has(x) && whereOf(x) === p.signs && (() => { const r = roleOf(x, members); return r?.party === p.id && r.role === role; })());
      if (s) used.add(s);
      const contact = p.contacts?.[role];
      return {
        role, label: ROLE_LABEL[role],
        ...(s ? { signed: { name: s.statement!.name, fingerprint: s.fingerprint!, date: s.statement!.signed, file: `${s.addendum ? `${s.addendum}/` : ''}signatures/${s.name}.sig` } } : {}),
        ...(contact ? { contact } : {}),
      };
    });
    return {
      id: p.id, name: p.name, ...(p.ods ? { ods: p.ods } : {}), type: p.type, role: p.role,
      joined_version: p.joined_version, signs: p.signs,
      ...(p.left ? { [p.left.date <= asOf ? 'left' : 'leaving']: { ...p.left, ...(p.left_version ? { version: p.left_version } : {}) } } : {}),
      required, roles, complete: roles.every(r => r.signed),
    };
  });
  const current = parties.filter(p => !p.left);
  const outstanding = current.flatMap(p => p.roles.filter(r => !r.signed).map(r => ({ party: p.id, name: p.name, role: r.role, label: r.label, signs: p.signs, ...(r.contact ? { contact: r.contact } : {}) })));
  const others = all.filter(s => s.valid && !used.has(s) && s.statement).map(s => ({ name: s.statement!.name, role: s.statement!.role, organisation: s.statement!.organisation, where: whereOf(s) }));
  return {
    title: v.manifest?.title ?? roster.title ?? '',
    schedule_version: 1 + v.addenda.length,
    parties, current: current.length,
    complete: outstanding.length === 0 && current.length > 0 && problems.length === 0,
    outstanding, others, problems,
  };
}
