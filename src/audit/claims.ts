// The bases a register claims ("6(1)(e) public task", "Art 9(2)(h)", "Sch 1 para 2", "s251",
// "implied consent", "IDTA"), read into the pack's rule ids and checked against what the facts
// allow. Reading uses the pack's own citations and titles, so a local pack's bases are claimable
// too; a claim that reads as no basis, or as several, is a problem, never a guess. Checking uses
// the engine's three-valued evaluation: a claim already not met is impossible whatever the
// missing facts.
import { evaluate } from '../core/evaluate.js';
import { evalCondition, contextFor, describeTest, unknownFacts } from '../core/condition.js';
import type { BasisDef, Decision, Facts, Pack, Trace } from '../core/types.js';

/** A claim as written, read (or not) into a basis. */
export interface ReadClaim {
  /** The words of this one claim, as written. */
  text: string;
  /** The column it came from (letter and heading). */
  column: string;
  /** The layer the column is for (absent for a general "Legal basis" column). */
  columnLayer?: string;
  /** The basis it names; absent with `none` (a claim that no basis is needed) or `problem`. */
  basis?: string;
  /** "N/A", "not applicable": the layer does not apply. */
  none?: boolean;
  problem?: string;
}

export type ClaimStatus = 'holds' | 'cannot_hold' | 'undecided' | 'not_needed' | 'unread';

/** A claim checked against the facts. */
export interface ClaimCheck {
  column: string;
  text: string;
  /** The layer the claim is for. */
  layer?: string;
  basis?: string;
  /** The basis's title and citation, or "no basis needed". */
  title?: string;
  status: ClaimStatus;
  /** Board-readable sentences: why it cannot hold, or what reading it failed on. */
  why?: string[];
  /** For an undecided claim: the facts that would settle it. */
  missing?: string[];
}

/** Where a claim column for a layer is blank: the basis igcheck would rely on instead. */
export interface Relied { layer: string; bases: string[] }

export interface ClaimsOutcome { claims: ClaimCheck[]; relied: Relied[] }

// ------------------------------------------------------------------ reading

interface Entry { id: string; layer: string; title: string; primary: Set<string>; secondary: Set<string>; words: string[] }

export interface ClaimIndex { entries: Entry[]; byId: Map<string, BasisDef>; layers: Map<string, string> }

/** Words that carry no meaning in a claim ("Article 6(1)(e) - the public task basis under UK GDPR"). */
const STOP = new Set(['of', 'the', 'a', 'an', 'for', 'and', 'or', 'to', 'in', 'on', 'with', 'by', 'under', 'uk', 'gdpr', 'dpa', 'basis', 'condition',
  'lawful', 'legal', 'article', 'art', 'arts', 'para', 'paragraph', 'part', 'pt', 'sch', 'schedule', 'schedules', 'section', 's', 'act', 'data',
  'protection', 'etc', 'is', 'as', 'its', 'their', 'our', 'we', 'see', 'via', 'also', 'plus', 'health', 'nhs', 'v', 'vs', 'reg', 'regs', 'regulation', 'common', 'law', 'duty', 'confidentiality']);

/**
 * Common names for bases the pack's titles and citations do not use, by the basis they name
 * (only applied where that basis exists, and for a column of its layer or a general one).
 */
const ALIASES: [RegExp, string][] = [
  [/\b(idta|international data transfer agreement|uk addendum|addendum|sccs?|standard contractual clauses|bcrs?|binding corporate rules|article 46|art 46)\b/, 'transfer-safeguards'],
  [/\b(adequacy|adequate|eea|eu|data bridge|art 45a)\b/, 'transfer-approved'],
  [/\b(cag|section 251 support|s251 support|confidentiality advisory group)\b/, 'cldc-s251'],
  [/\b(direct care|implied|individual care|care team)\b/, 'cldc-implied-consent'],
  [/\b(court order|required by law|statutory requirement|legal requirement)\b/, 'cldc-legal-requirement'],
  [/\b(anonymised|anonymous|not confidential|pseudonymised)\b/, 'cldc-not-confidential'],
  [/\b(public interest)\b(?!.*substantial)/, 'cldc-public-interest'],
  [/\b(official authority)\b/, 'uk-gdpr-art10-official-authority'],
];

const NONE = /^(n\/?a|na|none|not applicable|not required|not needed|no transfer|none required|no special category( data)?|none needed)\.?$/i;

/** Provisions named in some text, as keys: art6-1e, art9-2h, art10, art46, sch1-para2, s251, copi-reg3. */
export function provisionKeys(text: string): string[] {
  const t = text.toLowerCase().replace(/article/g, 'art').replace(/schedule/g, 'sch').replace(/paragraph/g, 'para').replace(/section/g, 's');
  const keys: string[] = [];
  // 6(1)(e), Art 9(2)(h), 6.1.e, 9(2)h - never s70(2)(a) (a section of an Act).
  for (const m of t.matchAll(/(?<![a-z0-9])(?:art\.?\s*)?(\d{1,2})\s*(?:\(\s*(\d)\s*\)|\.(\d)\.?)\s*(?:\(\s*([a-z]{1,2})\s*\)|([a-z]{1,2})(?![a-z]))/g)) {
    keys.push(`art${m[1]}-${m[2] ?? m[3]}${m[4] ?? m[5]}`);
  }
  // Art 10, Art 46, Art 45A on their own.
  for (const m of t.matchAll(/(?<![a-z0-9])arts?\.?\s*(\d{1,2}[a-z]?)(?![\d(a-z.]|\.\d)/g)) keys.push(`art${m[1]}`);
  // Sch 1 para 2, Sch 1 Part 2 para 18, Sch1 P1 para 2.
  for (const m of t.matchAll(/sch\.?\s*1(?!\d)[\s,]*(?:(?:part|pt|p)\.?\s*\d[\s,]*)?paras?\.?\s*(\d{1,2})(?!\d)/g)) keys.push(`sch1-para${m[1]}`);
  if (/(?<![a-z0-9])s\.?\s*251(?![\d(a-z])/.test(t)) keys.push('s251');
  if (/\b(copi|control of patient information)\b/.test(t)) {
    for (const m of t.matchAll(/\b(?:reg|regs|regulation|regulations)\.?\s*(\d)(?!\d)/g)) keys.push(`copi-reg${m[1]}`);
  } else if (/^\s*(?:reg|regulation)\.?\s*3\b/.test(t)) keys.push('copi-reg3');
  return [...new Set(keys)];
}

/** Meaningful words, singular. */
function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+/g) ?? []).map(w => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)).filter(w => !STOP.has(w) && w.length > 1);
}

/** The claims index of a pack: each basis's provisions (its citation's first part and title, then the rest) and title words. */
export function claimIndex(pack: Pack): ClaimIndex {
  const entries = pack.bases.map(b => {
    const [first, ...rest] = b.citation.split(';');
    return { id: b.id, layer: b.layer, title: b.title, primary: new Set(provisionKeys(`${b.title}; ${first}`)), secondary: new Set(provisionKeys(rest.join(';'))), words: words(b.title) };
  });
  return { entries, byId: new Map(pack.bases.map(b => [b.id, b])), layers: new Map(pack.layers.map(l => [l.id, l.title])) };
}

/** One cell of a claims column → its claims, each read or with a problem. */
export function readClaims(cell: string, column: string, columnLayer: string | undefined, ix: ClaimIndex): ReadClaim[] {
  const out: ReadClaim[] = [];
  // Claims are separated by ; or new lines, or "and", "with", "+" between provisions: "Art 9(2)(h) with Sch 1 para 2".
  const parts = cell.split(/[;\n]|\s\+\s|\s(?:and|with|&|plus)\s(?=\s*(?:art|article|sch|schedule|s\.?\s*251|\d))|,\s*(?=\s*(?:art|article|sch|schedule|\d))/i).map(p => p.trim()).filter(Boolean);
  for (const text of parts) {
    const base = { text, column, ...(columnLayer ? { columnLayer } : {}) };
    if (NONE.test(text)) { out.push({ ...base, none: true }); continue; }
    const r = readOne(text, columnLayer, ix);
    out.push(typeof r === 'string' ? { ...base, problem: r } : { ...base, basis: r.id });
  }
  return out;
}

function readOne(text: string, columnLayer: string | undefined, ix: ClaimIndex): { id: string } | string {
  const inLayer = (e: { layer: string }) => !columnLayer || e.layer === columnLayer;
  const keys = provisionKeys(text);
  const wanted = words(text.replace(/\([^)]*\)/g, ' ').replace(/\b\d+\b/g, ' '));
  const lower = text.toLowerCase();
  const describe = (es: Entry[]) => es.map(e => `${e.title} (${ix.byId.get(e.id)!.citation.split(';')[0]})`).join(', or ');
  const narrow = (es: Entry[]): Entry[] => {
    if (es.length < 2) return es;
    // Several bases under one provision (Art 10): the words decide, and a column's layer.
    const byWords = wanted.length ? es.filter(e => wanted.every(w => e.words.includes(w))) : [];
    if (byWords.length) es = byWords;
    const own = es.filter(inLayer);
    return own.length ? own : es;
  };
  if (keys.length) {
    // Each named provision, most specific first: a basis naming it in its first citation, then anywhere.
    for (const k of keys.sort((a, b) => b.length - a.length)) {
      let hits = ix.entries.filter(e => e.primary.has(k));
      if (!hits.length) hits = ix.entries.filter(e => e.secondary.has(k));
      hits = narrow(hits);
      if (hits.length === 1) return { id: hits[0].id };
      if (hits.length > 1) return `"${text}" could be ${describe(hits)}; name one`;
    }
    // A bare "Art 6" or "Art 9" names the layer, not the basis: the words may still say which.
    if (!wanted.length) return `"${text}" names ${keys.join(', ').replace(/-/g, ' ')} but no basis igcheck knows; write it as its provision, such as "Art 6(1)(e) public task" or "Art 9(2)(h)"`;
  }
  for (const [re, id] of ALIASES) {
    if (!re.test(lower)) continue;
    const e = ix.entries.find(x => x.id === id);
    if (e && inLayer(e)) return { id };
  }
  if (wanted.length) {
    const fits = (e: Entry) => wanted.every(w => e.words.includes(w));
    let hits = ix.entries.filter(fits);
    const exact = hits.filter(e => e.words.length === wanted.length);
    const own = hits.filter(inLayer);
    if (own.length) hits = own;
    const ownExact = exact.filter(inLayer);
    if (ownExact.length === 1) return { id: ownExact[0].id };
    if (hits.length === 1) return { id: hits[0].id };
    if (hits.length > 1) return `"${text}" could be ${describe(hits)}; name one`;
  }
  return `cannot read "${text}" as a basis${columnLayer ? ` for ${ix.layers.get(columnLayer) ?? columnLayer}` : ''}; write it as its provision (such as "6(1)(e) public task", "Art 9(2)(h)", "Sch 1 para 2", "s251") or its name`;
}

// ------------------------------------------------------------------ checking

/**
 * Claims checked against the facts. `blankLayers`: layers whose claim column is blank in this row;
 * for each that applies, the basis igcheck would rely on.
 */
export function checkClaims(pack: Pack, facts: Facts, asOf: string, claims: ReadClaim[], blankLayers: string[], decision?: Decision, index?: ClaimIndex): ClaimsOutcome {
  const d = decision ?? evaluate(pack, facts, asOf);
  const byLayer = new Map(d.layers.map(l => [l.id, l]));
  const ix = index ?? claimIndex(pack);
  let ctx: ReturnType<typeof contextFor> | undefined;
  const out: ClaimCheck[] = [];
  for (const c of claims) {
    const base = { column: c.column, text: c.text };
    if (c.problem) { out.push({ ...base, ...(c.columnLayer ? { layer: c.columnLayer } : {}), status: 'unread', why: [c.problem] }); continue; }
    if (c.none) {
      const layer = c.columnLayer ? byLayer.get(c.columnLayer) : undefined;
      const title = 'no basis needed';
      if (!layer) { out.push({ ...base, status: 'unread', why: [`"${c.text}" says no basis is needed, but the column does not say for which layer of the law`] }); continue; }
      if (layer.status === 'not_applicable') out.push({ ...base, layer: layer.id, title, status: 'holds' });
      else if (layer.status === 'unknown' && layer.applies.result === 'unknown') out.push({ ...base, layer: layer.id, title, status: 'undecided', missing: [...unknownFacts(layer.applies)] });
      else out.push({ ...base, layer: layer.id, title, status: 'cannot_hold', why: [`${layer.title} applies to this share (${layer.citation}), so a basis is needed.`] });
      continue;
    }
    const def = ix.byId.get(c.basis!)!;
    const layer = byLayer.get(def.layer);
    const title = `${def.title} (${def.citation.split(';')[0]})`;
    const head = { ...base, layer: def.layer, basis: def.id, title };
    const notInForce = (def.in_force_from && asOf < def.in_force_from) ? `not yet in force on ${asOf} (from ${def.in_force_from})`
      : (def.in_force_until && asOf >= def.in_force_until) ? `no longer in force on ${asOf} (until ${def.in_force_until})` : undefined;
    if (notInForce) { out.push({ ...head, status: 'cannot_hold', why: [`${def.title} is ${notInForce}.`] }); continue; }
    let option = layer?.options.find(o => o.id === def.id);
    if (!option) {
      // A companion (a Schedule 1 paragraph) is not an option of its own: its condition decides.
      ctx ??= contextFor(pack, withDefaultsOf(pack, facts), d);
      const trace = evalCondition(def.when, ctx);
      option = { id: def.id, title: def.title, citation: def.citation, status: trace.result, trace };
    }
    if (option.status === 'met') out.push({ ...head, status: layer?.status === 'not_applicable' ? 'not_needed' : 'holds' });
    else if (option.status === 'unknown') out.push({ ...head, status: 'undecided', missing: [...unknownFacts(option.trace)] });
    else out.push({ ...head, status: 'cannot_hold', why: option.why_not?.length ? option.why_not : whyNot(def, option.trace, pack) });
  }
  const claimed = new Set(out.filter(c => c.status !== 'unread' && c.layer).map(c => c.layer!));
  const relied: Relied[] = [];
  for (const id of blankLayers) {
    const l = byLayer.get(id);
    if (!l || claimed.has(id) || !l.chosen.length) continue;
    relied.push({ layer: id, bases: l.chosen });
  }
  return { claims: out, relied };
}

function withDefaultsOf(pack: Pack, facts: Facts): Facts {
  const out: Facts = { ...facts };
  for (const f of pack.facts) if (f.default !== undefined && out[f.id] === undefined) out[f.id] = f.default;
  return out;
}

/**
 * Why a basis is not met, when the engine has not said: the basis's own `not_met` sentence, else
 * what its condition found, in words ("the discloser is a public authority, so it may not use…").
 */
function whyNot(def: BasisDef, trace: Trace, pack: Pack): string[] {
  if (def.not_met) return [def.not_met];
  const reasons: string[] = [];
  const defines = new Map(pack.defines.map(x => [x.id, x]));
  const walk = (t: Trace, negated: boolean): void => {
    if (reasons.length >= 3) return;
    const failed = negated ? t.result === 'met' : t.result === 'not_met';
    if (!failed) return;
    switch (t.kind) {
      case 'all': case 'any': for (const c of t.children) walk(c, negated); break;
      case 'not': walk(t.child, !negated); break;
      case 'ref': {
        const d = defines.get(t.id);
        // The define's first clause ("The discloser is a public authority"): what holds, not what follows from it.
        if (d && negated) reasons.push(d.description.split(/,? so |;|\. /)[0].replace(/\.$/, '').replace(/^./, ch => ch.toLowerCase()));
        else walk(t.child, negated);
        break;
      }
      case 'fact': reasons.push(`${t.fact} is ${JSON.stringify(t.actual)}, where it ${negated ? 'must not be' : 'needs to be'}: ${describeTest(t.test).replace(/^is /, '')}`); break;
      default: reasons.push(`${def.title} depends on an earlier choice that was not made`);
    }
  };
  walk(trace, false);
  return [`${def.title} (${def.citation.split(';')[0]}) is not met on these facts${reasons.length ? `: ${reasons.join('; ').replace(/\.$/, '')}` : ''}.`];
}
