// Reading an answers file: YAML or JSON, checked against the facts vocabulary of the active packs.
// An unknown key or value is an error with a suggestion, never ignored.
import { DATE_EXPECTED, readBool, readDate } from './values.js';
import { InputError, type Problem } from '../errors.js';
import type { FactDef, Facts, FactValue } from '../core/types.js';
import { suggest } from './suggest.js';
import { checkDpiaSection } from '../dpia/answers.js';
import { DPIA_KEY } from '../dpia/screen.js';
import { checkJson } from '../io/limits.js';
import { checkAgreementSection, checkFlowsSection, checkPartiesSection, checkRoster } from '../parties/answers.js';
import { AGREEMENT_KEY, FLOWS_KEY, PARTIES_KEY } from '../parties/types.js';

export const MAX_ANSWERS_BYTES = 1024 * 1024;
const CONTACT_ROLES = ['ig_lead', 'caldicott_guardian', 'dpo', 'siro'];

export interface Answers {
  /** Flattened facts by dotted path; absent means unknown. */
  facts: Facts;
  /** The answers as given (nested), for saving and signing. */
  raw: Record<string, unknown>;
}

export interface ParseOptions {
  /** Reads a roster spreadsheet named by `parties: FILE` (relative to the answers file) into parties. */
  readRoster?: (name: string, answersFile: string) => Promise<unknown[]>;
}

export async function parseAnswers(text: string, file: string, vocabulary: FactDef[], options: ParseOptions = {}): Promise<Answers> {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_ANSWERS_BYTES) {
    throw new InputError('Answers file too large', [{ file, message: `is ${(bytes / 1048576).toFixed(1)} MiB; an answers file is at most 1 MiB` }]);
  }
  let raw: unknown;
  let jsonOk = false;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    // Refused as in YAML: a key given twice (JSON.parse would keep the last), nesting past the limit.
    const odd = checkJson(text);
    if (odd) throw new InputError('The answers file cannot be used', [{ file, line: odd.line, col: odd.col, message: odd.message }]);
    try { raw = JSON.parse(text); jsonOk = true; } catch { /* not JSON: read it as YAML, which reports positions */ }
  }
  // yaml is loaded only for YAML input or to locate a problem: start-up stays lean for JSON.
  let y: typeof import('./yaml-doc.js') | undefined;
  let parsed: import('./yaml-doc.js').ParsedYaml | undefined;
  const yaml = async () => {
    y ??= await import('./yaml-doc.js');
    parsed ??= y.parseYaml(text, file);
    return { y, parsed };
  };
  if (!jsonOk) {
    const { y, parsed } = await yaml();
    if (parsed.problems.length) throw new InputError('The answers file is not valid YAML or JSON', parsed.problems);
    try {
      raw = parsed.doc.toJS({ maxAliasCount: y.MAX_ALIAS_COUNT });
    } catch (e) {
      throw new InputError('The answers file cannot be read', [{ file, message: `${(e as Error).message} (anchors and aliases may not expand the file more than ${y.MAX_ALIAS_COUNT} times)` }]);
    }
  }
  if (raw === null || raw === undefined) raw = {};
  const found: { path: (string | number)[]; message: string; key?: boolean }[] = [];
  let facts: Facts = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    found.push({ path: [], message: `expected a mapping of facts (like \`purpose: direct_care\`), found ${Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}` });
  } else {
    const report: Report = (path, message, key) => found.push({ path, message, key });
    facts = validateFacts(raw as Record<string, unknown>, vocabulary, report);
    // A roster named as a spreadsheet is read beside the answers file by the reader the caller
    // gives (src/parties/sheet.ts; passed in, as it reads with the audit's readers, which read answers).
    const roster = facts[PARTIES_KEY] as { file?: string } | undefined;
    if (roster && !Array.isArray(roster) && roster.file && !found.length) {
      if (!options.readRoster) report([PARTIES_KEY], 'a roster spreadsheet is read by `igcheck assess`; give the parties as a list here');
      else facts[PARTIES_KEY] = await options.readRoster(roster.file, file) as unknown as FactValue;
    }
    if (!found.length) checkRoster(facts, report);
  }
  if (found.length) {
    const { y, parsed } = await yaml();
    const problems: Problem[] = found.map(f => ({
      file, ...y.position(parsed, f.key ? y.keyNodeAt(parsed.doc, f.path) : y.nodeAt(parsed.doc, f.path)),
      ...(f.path.length ? { path: f.path.map((p, i) => (/^\d+$/.test(String(p)) ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('') } : {}), message: f.message,
    }));
    throw new InputError(`The answers file has ${problems.length} problem${problems.length > 1 ? 's' : ''}`, problems,
      '`igcheck rules facts` lists every fact and its values.');
  }
  return { facts, raw: raw as Record<string, unknown> };
}

export type Report = (path: (string | number)[], message: string, key?: boolean) => void;

/** Check a nested answers object against the vocabulary and flatten it to dotted facts. */
const vocabularyIndex = new WeakMap<FactDef[], { byId: Map<string, FactDef>; namespaces: Set<string> }>();
function indexVocabulary(vocabulary: FactDef[]) {
  let ix = vocabularyIndex.get(vocabulary);
  if (!ix) {
    const namespaces = new Set<string>();
    for (const f of vocabulary) {
      const parts = f.id.split('.');
      for (let i = 1; i < parts.length; i++) namespaces.add(parts.slice(0, i).join('.'));
    }
    ix = { byId: new Map(vocabulary.map(f => [f.id, f])), namespaces };
    vocabularyIndex.set(vocabulary, ix);
  }
  return ix;
}

export function validateFacts(raw: Record<string, unknown>, vocabulary: FactDef[], report: Report): Facts {
  const { byId, namespaces } = indexVocabulary(vocabulary);
  const facts: Facts = {};
  const walk = (obj: Record<string, unknown>, prefix: string[]) => {
    for (const key of Object.keys(obj)) {
      const path = [...prefix, key];
      const id = path.join('.');
      const value = obj[key];
      const def = byId.get(id);
      if (prefix.length === 0 && (id === PARTIES_KEY || id === FLOWS_KEY || id === AGREEMENT_KEY)) {
        // An agreement between many organisations (src/parties/answers.ts).
        if (value === null || value === undefined) continue;
        const v = id === PARTIES_KEY ? checkPartiesSection(value, path, report, vocabulary)
          : id === FLOWS_KEY ? checkFlowsSection(value, path, report, (r, at) => walkAt(r, at))
            : checkAgreementSection(value, path, report);
        if (v) facts[id] = v as unknown as FactValue;
      } else if (id === DPIA_KEY) {
        // The DPIA's own section (sign-off, scores set by hand, actions): checked by src/dpia/answers.ts.
        if (value === null || value === undefined) continue;
        const d = checkDpiaSection(value, path, report);
        if (d) facts[id] = d as Record<string, unknown>;
      } else if (def) {
        if (value === null || value === undefined) continue; // explicitly unknown
        const v = checkValue(def, value, path, report);
        if (v !== undefined) facts[id] = v;
      } else if (namespaces.has(id)) {
        if (value === null || value === undefined) continue;
        if (typeof value !== 'object' || Array.isArray(value)) report(path, `\`${id}\` is a group of facts (${childrenOf(id, vocabulary).join(', ')}), not a single value`);
        else walk(value as Record<string, unknown>, path);
      } else {
        const candidates = [...byId.keys(), ...namespaces].filter(c => c.split('.').length === path.length);
        const s = suggest(id, candidates) ?? suggest(key, candidates.map(c => c.split('.').pop()!));
        const full = s && !s.includes('.') && prefix.length ? [...prefix, s].join('.') : s;
        report(path, `unknown fact${full ? `; did you mean \`${full}\`?` : ''}`, true);
      }
    }
  };
  // A flow's answers: the same checks, flattened on their own (reported at their place in the file).
  const walkAt = (r: Record<string, unknown>, at: (string | number)[]): Facts => {
    const inner = validateFacts(r, vocabulary, (p, m, k) => report([...at, ...p], m, k));
    return inner;
  };
  walk(raw, []);
  return facts;
}

function childrenOf(ns: string, vocabulary: FactDef[]): string[] {
  return [...new Set(vocabulary.filter(f => f.id.startsWith(`${ns}.`)).map(f => f.id.slice(ns.length + 1).split('.')[0]))];
}

/** One answer checked against its fact's definition: the value to keep, or undefined once reported. */
export function checkValue(def: FactDef, value: unknown, path: string[], report: Report): FactValue | undefined {
  const bad = (m: string) => { report(path, m); return undefined; };
  switch (def.type) {
    case 'bool':
      return readBool(value) ?? bad(`expected true or false (or yes or no), found ${JSON.stringify(value)}`);
    case 'enum': {
      if (typeof value !== 'string') return bad(`expected one of ${def.values!.join(', ')}; found ${JSON.stringify(value)}`);
      if (def.values!.includes(value)) return value;
      const s = suggest(value, def.values!);
      return bad(`unknown value ${JSON.stringify(value)}${s ? `; did you mean \`${s}\`?` : ''} (one of ${def.values!.join(', ')})`);
    }
    case 'list': {
      if (!Array.isArray(value)) return bad(`expected a list of ${def.values!.join(', ')}`);
      let ok = true;
      value.forEach((v, i) => {
        if (typeof v !== 'string' || !def.values!.includes(v)) {
          ok = false;
          const s = typeof v === 'string' ? suggest(v, def.values!) : undefined;
          report([...path, String(i)], `unknown value ${JSON.stringify(v)}${s ? `; did you mean \`${s}\`?` : ''} (one of ${def.values!.join(', ')})`);
        }
      });
      return ok ? [...new Set(value as string[])] : undefined;
    }
    case 'string': case 'text':
      if (typeof value === 'number') return String(value);
      return typeof value === 'string' ? value : bad(`expected text, found ${Array.isArray(value) ? 'a list' : typeof value}`);
    case 'date': {
      return readDate(value) ?? bad(`expected ${DATE_EXPECTED}, found ${JSON.stringify(value instanceof Date ? String(value) : value)}`);
    }
    case 'items': {
      if (!Array.isArray(value)) return bad('expected a list of data items, each `{name, justification}`');
      const items: { name: string; justification?: string }[] = [];
      value.forEach((item, i) => {
        if (typeof item === 'string') { items.push({ name: item }); return; }
        if (!item || typeof item !== 'object' || Array.isArray(item)) { report([...path, String(i)], 'expected `{name, justification}`'); return; }
        const rec = item as Record<string, unknown>;
        for (const k of Object.keys(rec)) {
          if (k !== 'name' && k !== 'justification') report([...path, String(i), k], `unknown field${suggest(k, ['name', 'justification']) ? `; did you mean \`${suggest(k, ['name', 'justification'])}\`?` : ''}`, true);
        }
        if (typeof rec.name !== 'string' || !rec.name.trim()) report([...path, String(i)], 'a data item needs a `name`');
        else if (rec.justification !== undefined && rec.justification !== null && typeof rec.justification !== 'string') report([...path, String(i), 'justification'], 'expected text');
        else items.push({ name: rec.name, ...(typeof rec.justification === 'string' ? { justification: rec.justification } : {}) });
      });
      return items;
    }
    case 'contacts': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return bad(`expected a mapping of roles (${CONTACT_ROLES.join(', ')})`);
      const out: Record<string, { name?: string; email?: string }> = {};
      for (const [role, c] of Object.entries(value as Record<string, unknown>)) {
        if (!CONTACT_ROLES.includes(role)) {
          const s = suggest(role, CONTACT_ROLES);
          report([...path, role], `unknown role${s ? `; did you mean \`${s}\`?` : ''} (one of ${CONTACT_ROLES.join(', ')})`, true);
          continue;
        }
        if (!c || typeof c !== 'object' || Array.isArray(c)) { report([...path, role], 'expected `{name, email}`'); continue; }
        const rec = c as Record<string, unknown>;
        for (const k of Object.keys(rec)) if (k !== 'name' && k !== 'email') report([...path, role, k], 'unknown field (name or email)', true);
        if (rec.email !== undefined && (typeof rec.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(rec.email))) report([...path, role, 'email'], `not an e-mail address: ${JSON.stringify(rec.email)}`);
        if (rec.name !== undefined && typeof rec.name !== 'string') report([...path, role, 'name'], 'expected text');
        out[role] = { ...(typeof rec.name === 'string' ? { name: rec.name } : {}), ...(typeof rec.email === 'string' ? { email: rec.email } : {}) };
      }
      return out;
    }
  }
}

/** Facts back to the nested shape of an answers file (for saving a questionnaire's answers). */
export function nestFacts(facts: Facts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, v] of Object.entries(facts)) {
    const parts = id.split('.');
    let o = out;
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
    o[parts[parts.length - 1]] = v;
  }
  return out;
}

