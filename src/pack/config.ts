// The project config file, igcheck.config.yaml, found from the working directory upwards:
// `rules:` lists local pack directories, relative to the config file, added on top of the built-in pack.
import { shownPath } from '../paths.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, type Problem } from '../errors.js';

export const CONFIG_NAME = 'igcheck.config.yaml';

/** The organisation using igcheck: in an audit, the discloser of every flow unless a column says otherwise. */
export interface Organisation {
  name: string;
  /** A discloser.type value (nhs_trust, local_authority…). */
  type?: string;
  /** The NHS Organisation Data Service code. */
  ods_code?: string;
  /** Roles (ig_lead, caldicott_guardian, dpo, siro) with name and email; as discloser.contacts. */
  contacts?: Record<string, { name?: string; email?: string }>;
  /** Where the public writes to object or ask (a web page or postal address), for the published register. */
  objections?: string;
}

export interface ProjectConfig { file: string; rules: string[]; organisation?: Organisation }

const ORG_KEYS = ['name', 'type', 'ods_code', 'contacts', 'objections'];
const CONTACT_ROLES = ['ig_lead', 'caldicott_guardian', 'dpo', 'siro'];

/** The nearest igcheck.config.yaml at or above `cwd`, or undefined. Cheap: no YAML is loaded unless one exists. */
export function findConfig(cwd: string = process.cwd()): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Read and check a config file; rule directories come back as absolute paths. */
export async function readConfig(file: string): Promise<ProjectConfig> {
  const { parseYaml, nodeAt, keyNodeAt, position } = await import('../load/yaml-doc.js');
  const shown = shownPath(file);
  const parsed = parseYaml(readFileSync(file, 'utf8'), shown);
  if (parsed.problems.length) throw new InputError('The igcheck config file is not valid YAML', parsed.problems);
  const data = parsed.doc.toJS({ maxAliasCount: 100 }) as unknown;
  const problems: Problem[] = [];
  const at = (path: (string | number)[], message: string, key = false): void => {
    problems.push({ file: shown, ...position(parsed, key ? keyNodeAt(parsed.doc, path) : nodeAt(parsed.doc, path)), path: path.join('.') || undefined, message });
  };
  const rules: string[] = [];
  let organisation: Organisation | undefined;
  if (data === null || data === undefined) return { file, rules };
  if (typeof data !== 'object' || Array.isArray(data)) at([], 'expected a mapping such as `rules: [local-rules]`');
  else {
    for (const key of Object.keys(data)) if (key !== 'rules' && key !== 'organisation') at([key], `unknown setting \`${key}\` (known: rules, organisation)`, true);
    const org = (data as { organisation?: unknown }).organisation;
    if (org !== undefined && org !== null) {
      const o = readOrganisation(org, at);
      if (o) organisation = o;
    }
    const list = (data as { rules?: unknown }).rules;
    if (list !== undefined && list !== null) {
      if (!Array.isArray(list)) at(['rules'], 'expected a list of rule pack directories');
      else list.forEach((d, i) => {
        if (typeof d !== 'string' || !d.trim()) at(['rules', i], 'expected a directory path');
        else if (!existsSync(resolve(dirname(file), d))) at(['rules', i], `no such directory: ${resolve(dirname(file), d)}`);
        else rules.push(resolve(dirname(file), d));
      });
    }
  }
  if (problems.length) throw new InputError('The igcheck config file is invalid', problems);
  return { file, rules, ...(organisation ? { organisation } : {}) };
}

/** The `organisation:` section, checked; problems reported through `at`. */
function readOrganisation(org: unknown, at: (path: (string | number)[], message: string, key?: boolean) => void): Organisation | undefined {
  if (typeof org !== 'object' || Array.isArray(org)) { at(['organisation'], 'expected a mapping: name, type, ods_code, contacts'); return undefined; }
  const o = org as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!ORG_KEYS.includes(k)) at(['organisation', k], `unknown setting \`${k}\` (known: ${ORG_KEYS.join(', ')})`, true);
  const text = (k: string): string | undefined => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !v.trim()) { at(['organisation', k], 'expected text'); return undefined; }
    return v.trim();
  };
  const name = text('name');
  if (!name) at(['organisation'], 'the organisation needs a `name`');
  const out: Organisation = { name: name ?? '' };
  for (const k of ['type', 'ods_code', 'objections'] as const) { const v = text(k); if (v) out[k] = v; }
  if (out.ods_code && !/^[A-Z0-9]{3,6}$/i.test(out.ods_code)) at(['organisation', 'ods_code'], `expected an ODS code such as RXX or A81001, found ${JSON.stringify(out.ods_code)}`);
  if (o.contacts !== undefined && o.contacts !== null) {
    if (typeof o.contacts !== 'object' || Array.isArray(o.contacts)) at(['organisation', 'contacts'], `expected roles (${CONTACT_ROLES.join(', ')}) each with name and email`);
    else {
      const contacts: Record<string, { name?: string; email?: string }> = {};
      for (const [role, v] of Object.entries(o.contacts as Record<string, unknown>)) {
        if (!CONTACT_ROLES.includes(role)) { at(['organisation', 'contacts', role], `unknown role \`${role}\` (known: ${CONTACT_ROLES.join(', ')})`, true); continue; }
        if (!v || typeof v !== 'object' || Array.isArray(v)) { at(['organisation', 'contacts', role], 'expected name and email'); continue; }
        const c = v as Record<string, unknown>;
        for (const k of Object.keys(c)) if (k !== 'name' && k !== 'email') at(['organisation', 'contacts', role, k], `unknown field \`${k}\` (known: name, email)`, true);
        contacts[role] = { ...(typeof c.name === 'string' ? { name: c.name } : {}), ...(typeof c.email === 'string' ? { email: c.email } : {}) };
      }
      out.contacts = contacts;
    }
  }
  return out;
}

/** The organisation of the nearest config file, if it has one (undefined with `config: false`). */
export async function organisation(opts: { config?: boolean; cwd?: string } = {}): Promise<Organisation | undefined> {
  const file = opts.config === false ? undefined : findConfig(opts.cwd);
  return file ? (await readConfig(file)).organisation : undefined;
}

/**
 * The local pack directories in force: the config file's (unless disabled), then `--rules`, each once.
 * Config packs come first so a pack named on the command line can override them.
 */
export async function localPackDirs(cliDirs: string[] = [], opts: { config?: boolean; cwd?: string } = {}): Promise<string[]> {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const file = opts.config === false ? undefined : findConfig(cwd);
  const fromConfig = file ? (await readConfig(file)).rules : [];
  const seen = new Set<string>();
  const out: string[] = [];
  // --rules directories are relative to the working directory; the config's are absolute already.
  for (const d of [...fromConfig, ...cliDirs.map(d => resolve(cwd, d))]) {
    if (seen.has(d)) continue;
    seen.add(d);
    out.push(d);
  }
  return out;
}
