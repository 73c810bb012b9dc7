// Terminal views of the packs: the rule table, one rule in full, and the facts vocabulary.
import { style } from '../cli/style.js';
import type { FactDef, Pack } from '../core/types.js';
import { KIND_TITLES, unsettledText, VERIFICATION_WORDS, type RuleEntry, type RuleKind } from './catalogue.js';
import { conditionInWords, outline } from './describe.js';

const LISTED: RuleKind[] = ['basis', 'condition', 'route', 'principle'];

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
const clip = (s: string, n: number) => (n > 1 && s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** `rules list`: one table per kind; long titles and citations are clipped only on a terminal. */
export function renderList(entries: RuleEntry[], width: number | undefined, pack?: Pack): string {
  const out: string[] = [];
  // With local packs active, say where each rule comes from and which built-in rules they override.
  const builtin = new Set(pack?.sources.filter(s => s.builtin).map(s => s.name) ?? []);
  const overridden = new Map((pack?.overrides ?? []).map(o => [`${o.kind}:${o.target}`, o.pack]));
  const note = (e: RuleEntry) => {
    const by = overridden.get(`${e.kind}:${e.id}`);
    return [builtin.size && !builtin.has(e.pack) ? style.info(` [${e.pack}]`) : '', by ? style.warn(` [overridden by ${by}]`) : ''].join('');
  };
  for (const kind of LISTED) {
    const list = entries.filter(e => e.kind === kind);
    if (!list.length) continue;
    const idW = Math.max(2, ...list.map(e => e.id.length));
    const layerW = Math.max(5, ...list.map(e => e.layer.length));
    const titleW = Math.min(48, Math.max(5, ...list.map(e => e.title.length)));
    out.push(style.heading(`${KIND_TITLES[kind]} (${list.length})`));
    out.push(style.dim(`${pad('id', idW)}  ${pad('layer', layerW)}  ${pad('title', titleW)}  citation`));
    for (const e of list) {
      const rest = width ? width - idW - layerW - titleW - 6 : 0;
      const title = width ? clip(e.title, titleW) : e.title;
      out.push(`${style.code(pad(e.id, idW))}  ${pad(e.layer, layerW)}  ${pad(title, titleW)}  ${style.dim(width ? clip(e.citation, Math.max(rest, 20)) : e.citation)}${note(e)}`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

export function listJson(entries: RuleEntry[]): object[] {
  return entries.filter(e => LISTED.includes(e.kind)).map(e => ({ id: e.id, kind: e.kind, layer: e.layer, title: e.title, citation: e.citation, pack: e.pack }));
}

/** The JSON of `rules list`, with the override (if any) of each rule. */
export function listJsonWithOverrides(entries: RuleEntry[], pack: Pack): object[] {
  return listJson(entries).map(r => {
    const o = pack.overrides.find(x => x.target === (r as RuleEntry).id && x.kind === (r as RuleEntry).kind);
    return o ? { ...r, overridden_by: { pack: o.pack, reason: o.reason } } : r;
  });
}

/** `rules show ID`: the rule, its provision, its conditions in words, its label and where it is written. */
export function renderRule(e: RuleEntry, pack: Pack, sourceShown: string | undefined): string {
  const out: string[] = [];
  out.push(`${style.bold(e.title)} ${style.code(e.id)}`);
  out.push(style.dim(`${e.kind}${e.kind === 'basis' ? ` in layer ${e.layer}` : ''} · pack ${e.pack}${sourceShown ? ` · ${sourceShown}` : ''}`));
  out.push('');
  if (e.citation) out.push(`${style.bold('Citation')}: ${e.citation}`);
  if (e.verification) out.push(`${style.bold('Verification')}: ${VERIFICATION_WORDS[e.verification]}`);
  if (e.inForceFrom) out.push(`${style.bold('In force from')}: ${e.inForceFrom}`);
  for (const x of e.extra) out.push(`${style.bold(x.label)}: ${x.text}`);
  if (e.provision) out.push('', style.bold('Provision'), `  ${e.provision}`);
  for (const c of e.conditions) out.push('', style.bold(c.label), ...outline(conditionInWords(c.when), 2, style.code));
  if (e.explanation) out.push('', style.bold(e.kind === 'principle' ? 'When met' : 'Explanation'), `  ${e.explanation}`);
  if (e.unsettled) out.push('', style.warn('Unsettled'), `  ${unsettledText(e.unsettled)}`);
  const overridden = pack.overrides.filter(o => o.target === e.id && o.kind === e.kind);
  for (const o of overridden) out.push('', style.warn(`Overridden by local pack ${o.pack}: ${o.reason}`));
  return out.join('\n');
}

/** `rules facts`: the answers vocabulary of the active packs. */
export function renderFacts(facts: FactDef[]): string {
  const out: string[] = [];
  const idW = Math.max(...facts.map(f => f.id.length));
  for (const [heading, list] of [['Facts used in the legal reasoning', facts.filter(f => !f.descriptive)], ['Descriptive facts (for the documents)', facts.filter(f => f.descriptive)]] as const) {
    if (!list.length) continue;
    out.push(style.heading(heading));
    for (const f of list) {
      const values = f.values ? `${f.type === 'list' ? 'list of ' : ''}${f.values.join(' | ')}` : f.type;
      out.push(`${style.code(pad(f.id, idW))}  ${values}${f.default !== undefined ? style.dim(` (default ${JSON.stringify(f.default)})`) : ''}`);
      out.push(style.dim(`${' '.repeat(idW + 2)}${f.description}`));
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}
