// The answers file's `parties:`, `flows:` and `agreement:` sections, checked field by field like the
// `dpia:` section: every problem reported at its path (so with file and line), unknown keys with a
// suggestion. A flow's `answers` are checked against the facts vocabulary like the file's own.
import type { FactDef, Facts } from '../core/types.js';
import { suggest } from '../load/suggest.js';
import type { AgreementInfo, Contact, Flow, Party, SigningRole } from './types.js';
import { AGREEMENT_KEY, FLOWS_KEY, PARTIES_KEY } from './types.js';

export type Report = (path: (string | number)[], message: string, key?: boolean) => void;
/** Checks nested answers against the vocabulary and flattens them (validateFacts, passed in to avoid an import cycle). */
export type CheckAnswers = (raw: Record<string, unknown>, path: (string | number)[]) => Facts;

export const PARTY_FIELDS = ['id', 'name', 'ods', 'type', 'role', 'dspt', 'publicly_funded_care', 'contacts', 'signs_as', 'left'];
export const FLOW_FIELDS = ['id', 'from', 'to', 'answers'];
export const AGREEMENT_FIELDS = ['kind', 'version', 'overarching', 'joint'];
export const SIGNING_ROLES: SigningRole[] = ['siro', 'caldicott_guardian', 'dpo', 'ig_lead'];
export const PARTY_ROLES: Party['role'][] = ['controller', 'joint_controller', 'processor'];
export const AGREEMENT_KINDS: AgreementInfo['kind'][] = ['single', 'overarching', 'schedule'];
/** Facts a party gives its flows: set on the party, never in the shared answers or a flow's. */
export const PARTY_FACTS = ['name', 'type', 'publicly_funded_care', 'contacts', 'role', 'dspt'];
/** A party's spreadsheet roster, named in place of the list: read by src/parties/sheet.ts. */
export interface RosterFile { file: string }

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
const asDate = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
const isDate = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s)
  && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const vocab = (vocabulary: FactDef[], id: string) => vocabulary.find(f => f.id === id)?.values ?? [];

/** Field readers that report at a path; shared by the YAML sections and the spreadsheet roster. */
export function readers(report: Report) {
  const keys = (obj: Record<string, unknown>, at: (string | number)[], allowed: string[]) => {
    for (const k of Object.keys(obj)) {
      if (allowed.includes(k)) continue;
      const s = suggest(k, allowed);
      report([...at, k], `unknown field${s ? `; did you mean \`${s}\`?` : ''} (one of ${allowed.join(', ')})`, true);
    }
  };
  const text = (obj: Record<string, unknown>, k: string, at: (string | number)[], required = false): string | undefined => {
    const v = obj[k];
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) {
      if (required) report([...at, k], `\`${k}\` is required`);
      return undefined;
    }
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') { report([...at, k], 'expected text'); return undefined; }
    return v.trim();
  };
  const word = <T extends string>(obj: Record<string, unknown>, k: string, at: (string | number)[], words: readonly string[], required = false): T | undefined => {
    const v = obj[k];
    if (v === undefined || v === null || v === '') {
      if (required) report([...at, k], `\`${k}\` is required (one of ${words.join(', ')})`);
      return undefined;
    }
    if (typeof v !== 'string' || !words.includes(v)) {
      const s = typeof v === 'string' ? suggest(v, [...words]) : undefined;
      report([...at, k], `unknown value ${JSON.stringify(v)}${s ? `; did you mean \`${s}\`?` : ''} (one of ${words.join(', ')})`);
      return undefined;
    }
    return v as T;
  };
  const id = (obj: Record<string, unknown>, k: string, at: (string | number)[]): string | undefined => {
    const v = text(obj, k, at, true);
    if (v !== undefined && !ID.test(v)) { report([...at, k], `${JSON.stringify(v)} is not an id: use lower-case letters, digits and hyphens (like \`gp-riverside\`)`); return undefined; }
    return v;
  };
  return { keys, text, word, id };
}

/** One party, from YAML or from a spreadsheet row (turned into the same shape first). */
export function checkParty(value: unknown, at: (string | number)[], report: Report, vocabulary: FactDef[]): Party | undefined {
  if (!isMap(value)) { report(at, `expected a party: a mapping of ${PARTY_FIELDS.join(', ')}`); return undefined; }
  const r = readers(report);
  r.keys(value, at, PARTY_FIELDS);
  const id = r.id(value, 'id', at);
  const name = r.text(value, 'name', at, true);
  const type = r.word<string>(value, 'type', at, vocab(vocabulary, 'discloser.type'), true);
  const role = r.word<Party['role']>(value, 'role', at, PARTY_ROLES, true);
  const p: Party = { id: id ?? '', name: name ?? '', type: type ?? '', role: role ?? 'controller' };
  const ods = r.text(value, 'ods', at);
  if (ods !== undefined) {
    if (!/^[A-Z0-9]{3,10}$/i.test(ods)) report([...at, 'ods'], `${JSON.stringify(ods)} is not an ODS code (3 to 10 letters and digits, like RVJ or Y02345)`);
    else p.ods = ods.toUpperCase();
  }
  const dspt = r.word<string>(value, 'dspt', at, vocab(vocabulary, 'recipient.dspt'));
  if (dspt) p.dspt = dspt;
  const funded = value.publicly_funded_care;
  if (funded !== undefined && funded !== null) {
    if (typeof funded === 'boolean') p.publicly_funded_care = funded;
    else report([...at, 'publicly_funded_care'], `expected true or false, found ${JSON.stringify(funded)}`);
  }
  if (value.contacts !== undefined && value.contacts !== null) {
    const cAt = [...at, 'contacts'];
    if (!isMap(value.contacts)) report(cAt, `expected a mapping of roles (${SIGNING_ROLES.join(', ')}), each \`{name, email, phone}\``);
    else {
      const contacts: Partial<Record<SigningRole, Contact>> = {};
      r.keys(value.contacts, cAt, SIGNING_ROLES);
      for (const role of SIGNING_ROLES) {
        const c = value.contacts[role];
        if (c === undefined || c === null) continue;
        if (!isMap(c)) { report([...cAt, role], 'expected `{name, email, phone}`'); continue; }
        r.keys(c, [...cAt, role], ['name', 'email', 'phone']);
        const contact: Contact = {};
        const n = r.text(c, 'name', [...cAt, role]); if (n) contact.name = n;
        const e = r.text(c, 'email', [...cAt, role]);
        if (e && !/^[^\s@]+@[^\s@]+$/.test(e)) report([...cAt, role, 'email'], `not an e-mail address: ${JSON.stringify(e)}`);
        else if (e) contact.email = e;
        const ph = r.text(c, 'phone', [...cAt, role]); if (ph) contact.phone = ph;
        contacts[role] = contact;
      }
      p.contacts = contacts;
    }
  }
  if (value.signs_as !== undefined && value.signs_as !== null) {
    const sAt = [...at, 'signs_as'];
    const list = typeof value.signs_as === 'string' ? value.signs_as.split(/[;,]\s*/).filter(Boolean) : value.signs_as;
    if (!Array.isArray(list) || !list.length) report(sAt, `expected a list of roles (${SIGNING_ROLES.join(', ')})`);
    else {
      const roles: SigningRole[] = [];
      list.forEach((x, i) => {
        const w = r.word<SigningRole>({ x }, 'x', [...sAt, i], SIGNING_ROLES);
        if (w && !roles.includes(w)) roles.push(w);
      });
      p.signs_as = roles;
    }
  }
  if (value.left !== undefined && value.left !== null) {
    const lAt = [...at, 'left'];
    if (!isMap(value.left)) report(lAt, 'expected `{date, reason}`');
    else {
      r.keys(value.left, lAt, ['date', 'reason']);
      const date = asDate(value.left.date);
      if (!isDate(date)) report([...lAt, 'date'], `expected a date as YYYY-MM-DD, found ${JSON.stringify(date)}`);
      else p.left = { date, ...(r.text(value.left, 'reason', lAt) ? { reason: r.text(value.left, 'reason', lAt)! } : {}) };
    }
  }
  return id && name && type && role ? p : undefined;
}

/** `parties:`: a list of parties, or the name of a spreadsheet roster (CSV or XLSX) beside the answers file. */
export function checkPartiesSection(value: unknown, path: (string | number)[], report: Report, vocabulary: FactDef[]): Party[] | RosterFile | undefined {
  if (typeof value === 'string' && value.trim()) {
    if (!/\.(csv|xlsx)$/i.test(value.trim())) { report(path, `a roster file must be a spreadsheet (.csv or .xlsx), not ${JSON.stringify(value)}`); return undefined; }
    return { file: value.trim() };
  }
  if (!Array.isArray(value)) { report(path, 'expected a list of parties (each with id, name, type, role), or the name of a spreadsheet roster (.csv or .xlsx)'); return undefined; }
  const out: Party[] = [];
  value.forEach((v, i) => { const p = checkParty(v, [...path, i], report, vocabulary); if (p) out.push(p); });
  return out;
}

/** `flows:`: who discloses to whom, each with its own answers over the file's shared ones. */
export function checkFlowsSection(value: unknown, path: (string | number)[], report: Report, checkAnswers: CheckAnswers): Flow[] | undefined {
  if (!Array.isArray(value)) { report(path, 'expected a list of flows, each `{id, from, to, answers}`'); return undefined; }
  const r = readers(report);
  const out: Flow[] = [];
  value.forEach((v, i) => {
    const at = [...path, i];
    if (!isMap(v)) { report(at, 'expected a flow: `{id, from, to, answers}`'); return; }
    r.keys(v, at, FLOW_FIELDS);
    const id = r.id(v, 'id', at);
    const from = r.text(v, 'from', at, true);
    let to: string[] | undefined;
    if (typeof v.to === 'string' && v.to.trim()) to = [v.to.trim()];
    else if (Array.isArray(v.to) && v.to.length && v.to.every(x => typeof x === 'string' && x.trim())) to = (v.to as string[]).map(x => x.trim());
    else report([...at, 'to'], v.to === undefined ? '`to` is required: a party id, a list of them, or "*" for every other party' : 'expected a party id, a list of party ids, or "*" for every other party');
    let answers: Facts | undefined;
    if (v.answers !== undefined && v.answers !== null) {
      if (!isMap(v.answers)) report([...at, 'answers'], 'expected a mapping of answers (like `purpose: direct_care`), as at the top of the file');
      else {
        for (const k of [PARTIES_KEY, FLOWS_KEY, AGREEMENT_KEY]) if (k in v.answers) report([...at, 'answers', k], `\`${k}\` belongs at the top of the file, not in a flow`, true);
        const rest = Object.fromEntries(Object.entries(v.answers).filter(([k]) => ![PARTIES_KEY, FLOWS_KEY, AGREEMENT_KEY].includes(k)));
        answers = checkAnswers(rest, [...at, 'answers']);
      }
    }
    if (id && from && to) out.push({ id, from, to, ...(answers && Object.keys(answers).length ? { answers } : {}) });
  });
  return out;
}

/** `agreement:`: single, overarching or a schedule under an overarching agreement (named by its digest). */
export function checkAgreementSection(value: unknown, path: (string | number)[], report: Report): AgreementInfo | undefined {
  if (!isMap(value)) { report(path, `expected a mapping (${AGREEMENT_FIELDS.join(', ')})`); return undefined; }
  const r = readers(report);
  r.keys(value, path, AGREEMENT_FIELDS);
  const kind = r.word<AgreementInfo['kind']>(value, 'kind', path, AGREEMENT_KINDS) ?? 'single';
  const out: AgreementInfo = { kind };
  const version = r.text(value, 'version', path);
  if (version) out.version = version;
  if (value.overarching !== undefined && value.overarching !== null) {
    const at = [...path, 'overarching'];
    if (!isMap(value.overarching)) report(at, 'expected `{digest, title}`: the overarching agreement\'s manifest digest and title');
    else {
      r.keys(value.overarching, at, ['digest', 'title']);
      const digest = r.text(value.overarching, 'digest', at, true);
      if (digest && !/^sha256:[0-9a-f]{64}$/.test(digest)) report([...at, 'digest'], 'expected sha256: and 64 lower-case hex digits (the SHA-256 of the overarching agreement\'s manifest.json)');
      else if (digest) out.overarching = { digest, ...(r.text(value.overarching, 'title', at) ? { title: r.text(value.overarching, 'title', at)! } : {}) };
    }
  }
  if (kind === 'schedule' && !out.overarching && value.overarching === undefined) report([...path, 'kind'], 'a schedule names the overarching agreement it sits under: add `overarching: {digest: sha256:..., title: ...}`');
  if (kind !== 'schedule' && value.overarching !== undefined) report([...path, 'overarching'], 'only a schedule sits under an overarching agreement (set `kind: schedule`)', true);
  if (value.joint !== undefined && value.joint !== null) {
    const at = [...path, 'joint'];
    if (!isMap(value.joint)) report(at, 'expected `{rights_requests, privacy_information, contact_point}`');
    else {
      r.keys(value.joint, at, ['rights_requests', 'privacy_information', 'contact_point']);
      const j: NonNullable<AgreementInfo['joint']> = {};
      for (const k of ['rights_requests', 'privacy_information', 'contact_point'] as const) { const t = r.text(value.joint, k, at); if (t) j[k] = t; }
      out.joint = j;
    }
  }
  return out;
}

/**
 * Cross-checks once every section is read: unique ids, flows naming parties that exist, a party
 * never disclosing to itself, party facts given on the party only, the Art 26 parties named.
 */
export function checkRoster(facts: Facts, report: Report): void {
  const parties = Array.isArray(facts[PARTIES_KEY]) ? facts[PARTIES_KEY] as unknown as Party[] : undefined;
  const flows = Array.isArray(facts[FLOWS_KEY]) ? facts[FLOWS_KEY] as unknown as Flow[] : undefined;
  const agreement = facts[AGREEMENT_KEY] as unknown as AgreementInfo | undefined;
  if (!parties) {
    if (flows) report([FLOWS_KEY], 'flows are between parties: add a `parties:` list (or a roster spreadsheet)', true);
    return;
  }
  const ids = parties.map(p => p.id);
  parties.forEach((p, i) => { if (ids.indexOf(p.id) !== i) report([PARTIES_KEY, i, 'id'], `the id \`${p.id}\` is used by another party`); });
  if (parties.length < 2) report([PARTIES_KEY], 'an agreement needs at least two parties');
  for (const side of ['discloser', 'recipient']) {
    for (const k of PARTY_FACTS) {
      const id = `${side}.${k}`;
      if (id in facts && id !== 'discloser.role' && id !== 'discloser.dspt') report(id.split('.'), `with a \`parties:\` list, ${side} facts come from each flow's parties: set \`${k}\` on the party instead`, true);
    }
  }
  const flowIds: string[] = [];
  (flows ?? []).forEach((f, i) => {
    const at = [FLOWS_KEY, i];
    if (flowIds.includes(f.id)) report([...at, 'id'], `the id \`${f.id}\` is used by another flow`);
    flowIds.push(f.id);
    const known = (id: string, where: (string | number)[]) => {
      if (ids.includes(id)) return true;
      const s = suggest(id, ids);
      report(where, `no party \`${id}\`${s ? `; did you mean \`${s}\`?` : ''} (the parties are ${ids.join(', ')})`);
      return false;
    };
    known(f.from, [...at, 'from']);
    f.to.forEach((t, j) => {
      if (t === '*') { if (f.to.length > 1) report([...at, 'to'], '"*" already means every other party: give it alone'); return; }
      if (known(t, [...at, 'to', ...(f.to.length > 1 ? [j] : [])]) && t === f.from) report([...at, 'to'], `\`${t}\` discloses in this flow: a party does not share with itself`);
    });
    for (const side of ['discloser', 'recipient']) {
      for (const k of PARTY_FACTS) if (f.answers && `${side}.${k}` in f.answers) report([...at, 'answers', side, k], `${side} facts come from the flow's parties: set \`${k}\` on the party instead`, true);
    }
  });
  if (parties.length && !flows?.length) report([PARTIES_KEY], 'the parties share nothing yet: add `flows:` (who discloses to whom), like `- {id: records, from: gp-riverside, to: "*"}`');
  const joint = agreement?.joint;
  for (const k of ['rights_requests', 'privacy_information'] as const) {
    const v = joint?.[k];
    if (v && v !== 'each' && !ids.includes(v)) {
      const s = suggest(v, ids);
      report([AGREEMENT_KEY, 'joint', k], `no party \`${v}\`${s ? `; did you mean \`${s}\`?` : ''} (a party id, or \`each\`: every party for its own records)`);
    }
  }
  if (joint && !parties.some(p => p.role === 'joint_controller')) report([AGREEMENT_KEY, 'joint'], 'an Art 26 arrangement is between joint controllers: no party has `role: joint_controller`', true);
}
