// The roster of a signed pack, as signing needs it: the `parties:` section of the pack's answers.yaml
// (the contract in src/parties/types.ts), read and checked here so that signing does not depend on
// how the documents were decided. A pack without `parties:` is the usual two-party pack: no roster,
// and signing works as it always has.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, type Problem } from '../errors.js';
import { fsError } from '../io/write.js';
import { suggest } from '../load/suggest.js';
import { parseYaml, nodeAt, position, pathString, MAX_ALIAS_COUNT, type ParsedYaml } from '../load/yaml-doc.js';
import { AGREEMENT_KEY, FLOWS_KEY, PARTIES_KEY, type AgreementInfo, type Party, type SigningRole } from '../parties/types.js';

export const SIGNING_ROLES: readonly SigningRole[] = ['siro', 'caldicott_guardian', 'dpo', 'ig_lead'];
export const PARTY_ROLES: readonly Party['role'][] = ['controller', 'joint_controller', 'processor'];

/** How each signing role is written for people. */
export const ROLE_LABEL: Record<SigningRole, string> = {
  siro: 'SIRO',
  caldicott_guardian: 'Caldicott Guardian',
  dpo: 'Data Protection Officer',
  ig_lead: 'IG lead',
};

/** The words a signer may give to --role for each signing role (compared lower case, spaces and punctuation folded). */
const ROLE_WORDS: Record<SigningRole, string[]> = {
  siro: ['siro', 'senior information risk owner'],
  caldicott_guardian: ['caldicott guardian', 'caldicott', 'cg'],
  dpo: ['dpo', 'data protection officer'],
  ig_lead: ['ig lead', 'information governance lead', 'ig manager', 'information governance manager'],
};

const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** A --role value (an id such as caldicott_guardian, or words such as "Caldicott Guardian") as a signing role. */
export function roleFromText(text: string | undefined): SigningRole | undefined {
  if (!text) return undefined;
  const f = fold(text);
  for (const r of SIGNING_ROLES) if (fold(r) === f || ROLE_WORDS[r].includes(f)) return r;
  return undefined;
}

// The same rule as the parties work's requiredRoles (src/parties/roster.ts), so the signing blocks in
// the agreement and the roles status asks for agree.

/** The roles that must sign for a party (one rule for the agreement's signing blocks and for `status`). */
export { requiredRoles } from '../parties/roster.js';

export const partyRoleText = (r: Party['role']) => r.replace('_', ' ');

/** The party an --organisation names: by its name, its id or its ODS code (case and spacing ignored). */
export function partyNamed<T extends Pick<Party, 'id' | 'name' | 'ods'>>(parties: T[], text: string): T | undefined {
  const f = fold(text);
  return parties.find(p => fold(p.id) === f) ?? parties.find(p => fold(p.name) === f) ?? parties.find(p => p.ods && fold(p.ods) === f);
}

export interface PackRoster {
  parties: Party[];
  /** The flows as far as signing needs them (who discloses to whom), for `review`; others' checks read the rest. */
  flows?: { id: string; from: string; to: string[] }[];
  agreement?: AgreementInfo;
  /** The title of the agreement, from the answers. */
  title?: string;
}

/** As for an answers file (src/load/answers.ts). */
const MAX_ANSWERS_BYTES = 1024 * 1024;
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Check one party as given (in answers.yaml or in a file for `igcheck join`); `report` receives each
 * problem with its path below `at`.
 */
export interface PartyVocabulary { types?: string[]; dspt?: string[] }

export function checkParty(v: unknown, at: (string | number)[], report: (path: (string | number)[], message: string) => void, vocab: PartyVocabulary = {}): v is Party {
  if (!v || typeof v !== 'object' || Array.isArray(v)) { report(at, 'expected a party: a mapping with id, name, type and role'); return false; }
  const p = v as Record<string, unknown>;
  let ok = true;
  const bad = (k: string, message: string) => { report([...at, k], message); ok = false; };
  if (typeof p.id !== 'string' || !ID.test(p.id)) bad('id', 'expected a short id of lower case letters, digits and hyphens (such as gp-riverside)');
  if (typeof p.name !== 'string' || !p.name.trim()) bad('name', 'expected the organisation\'s name');
  if (typeof p.type !== 'string' || !p.type.trim()) bad('type', 'expected the organisation type (as discloser.type, such as nhs_trust or gp_practice)');
  else if (vocab.types?.length && !vocab.types.includes(p.type)) bad('type', unknownValue(p.type, vocab.types, 'organisation type'));
  if (!PARTY_ROLES.includes(p.role as Party['role'])) bad('role', `expected one of ${PARTY_ROLES.join(', ')}`);
  if (p.dspt !== undefined && vocab.dspt?.length && (typeof p.dspt !== 'string' || !vocab.dspt.includes(p.dspt))) bad('dspt', unknownValue(String(p.dspt), vocab.dspt, 'DSPT status'));
  if (p.signs_as !== undefined) {
    if (!Array.isArray(p.signs_as) || !p.signs_as.length) bad('signs_as', `expected a list of signing roles from ${SIGNING_ROLES.join(', ')}`);
    else p.signs_as.forEach((r, i) => { if (!SIGNING_ROLES.includes(r as SigningRole)) { report([...at, 'signs_as', i], `unknown signing role ${JSON.stringify(r)}; expected one of ${SIGNING_ROLES.join(', ')}`); ok = false; } });
  }
  if (p.left !== undefined) {
    const l = p.left as Record<string, unknown> | null;
    if (!l || typeof l !== 'object' || typeof l.date !== 'string' || !DATE.test(l.date)) bad('left', 'expected { date: YYYY-MM-DD, reason: ... }');
  }
  return ok;
}

function unknownValue(v: string, values: string[], what: string): string {
  const s = suggest(v, values);
  return `unknown ${what} ${JSON.stringify(v)}${s ? `; did you mean ${s}?` : ''} (one of ${values.join(', ')})`;
}

/** Parse YAML text and give its value with a way to place a path at its line and column. */
function readYaml(text: string, file: string): { value: unknown; parsed: ParsedYaml } {
  const parsed = parseYaml(text, file);
  if (parsed.problems.length) throw new InputError(`${file} is not valid YAML`, parsed.problems);
  let value: unknown;
  try { value = parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }); } catch (e) {
    throw new InputError(`${file} cannot be read`, [{ file, message: (e as Error).message }]);
  }
  return { value, parsed };
}

function problemsAt(parsed: ParsedYaml, file: string) {
  const problems: Problem[] = [];
  const report = (path: (string | number)[], message: string) => problems.push({ file, ...position(parsed, nodeAt(parsed.doc, path)), ...(path.length ? { path: pathString(path) } : {}), message });
  return { problems, report };
}

/**
 * The roster in a pack's answers.yaml: null when the file has no `parties:` (the usual pack) or
 * there is no answers.yaml. A `parties:` section that is not a list of parties is an error naming
 * file, line and field.
 */
export function readPackRoster(dir: string): PackRoster | null {
  const file = join(dir, 'answers.yaml');
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fsError(e, file, 'read');
  }
  // Most packs have no roster: a glance at the text saves parsing the YAML.
  if (!new RegExp(`^${PARTIES_KEY}\\s*:`, 'm').test(text)) return null;
  return rosterFromText(text, file);
}

export function rosterFromText(text: string, file: string): PackRoster | null {
  const { value, parsed } = readYaml(text, file);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const raw = value as Record<string, unknown>;
  const list = raw[PARTIES_KEY];
  if (list === undefined || list === null) return null;
  const { problems, report } = problemsAt(parsed, file);
  if (!Array.isArray(list) || !list.length) report([PARTIES_KEY], 'expected a list of parties (at least one)');
  else {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (checkParty(p, [PARTIES_KEY, i], report)) {
        if (seen.has(p.id)) report([PARTIES_KEY, i, 'id'], `the id ${p.id} is given to two parties; each party needs its own`);
        seen.add(p.id);
      }
    });
  }
  if (problems.length) throw new InputError(`The roster of parties in ${file} cannot be used for signing`, problems);
  const agreement = raw[AGREEMENT_KEY] && typeof raw[AGREEMENT_KEY] === 'object' ? raw[AGREEMENT_KEY] as AgreementInfo : undefined;
  const flows = Array.isArray(raw[FLOWS_KEY])
    ? (raw[FLOWS_KEY] as unknown[]).filter((f): f is { id: string; from: string; to: unknown } => !!f && typeof f === 'object' && typeof (f as { id?: unknown }).id === 'string' && typeof (f as { from?: unknown }).from === 'string')
      .map(f => ({ id: f.id, from: f.from, to: Array.isArray(f.to) ? f.to.filter((t): t is string => typeof t === 'string') : typeof f.to === 'string' ? [f.to] : [] }))
    : [];
  return { parties: list as Party[], flows, ...(agreement ? { agreement } : {}), ...(typeof raw.title === 'string' ? { title: raw.title } : {}) };
}

/** One party from a file given to `igcheck join --party FILE`: a mapping, or a list of exactly one. */
export function readPartyFile(file: string, vocab: PartyVocabulary = {}): { party: Party; text: string } {
  let text: string;
  try {
    // A party is a few lines: a huge file is refused before it is read.
    if (statSync(file).size > MAX_ANSWERS_BYTES) throw new InputError(`${file} is too large for a party file`, [{ file, message: `is over ${MAX_ANSWERS_BYTES / 1048576} MiB; a party file describes one organisation` }]);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw fsError(e, file, 'read the party file');
  }
  const { value, parsed } = readYaml(text, file);
  const { problems, report } = problemsAt(parsed, file);
  let v = value;
  let at: (string | number)[] = [];
  if (v && typeof v === 'object' && !Array.isArray(v) && PARTIES_KEY in (v as object) && !('id' in (v as object))) { v = (v as Record<string, unknown>)[PARTIES_KEY]; at = [PARTIES_KEY]; }
  if (Array.isArray(v)) {
    if (v.length !== 1) throw new InputError(`${file} must describe one party`, [{ file, message: `it lists ${v.length}; join adds one party at a time` }]);
    v = v[0]; at = [...at, 0];
  }
  checkParty(v, at, report, vocab);
  if (problems.length) throw new InputError(`${file} is not a party igcheck can add`, problems,
    'A party file looks like:\n  id: care-home-oaks\n  name: The Oaks Care Home\n  type: independent_care_provider\n  role: joint_controller');
  return { party: v as Party, text };
}
