// Every rule of a pack as one uniform record: what `rules list`, `show` and `docs` present.
import { basename } from 'node:path';
import type { Condition, Pack, SourceRef, Verification } from '../core/types.js';

export type RuleKind = 'layer' | 'basis' | 'condition' | 'route' | 'principle' | 'define' | 'clause';

export interface RuleEntry {
  id: string;
  kind: RuleKind;
  /** The layer a basis belongs to; for other kinds, the kind itself. */
  layer: string;
  title: string;
  citation: string;
  provision?: string;
  explanation?: string;
  verification?: Verification;
  unsettled?: string;
  inForceFrom?: string;
  inForceUntil?: string;
  pack: string;
  source?: SourceRef;
  /** Each condition the rule carries, labelled by what it decides. */
  conditions: { label: string; when: Condition }[];
  extra: { label: string; text: string }[];
}

export const KIND_TITLES: Record<RuleKind, string> = {
  layer: 'Layers', basis: 'Bases', condition: 'Conditions', route: 'Routes', principle: 'Caldicott principles', define: 'Definitions', clause: 'DSA clauses',
};

export const VERIFICATION_WORDS: Record<Verification, string> = {
  vp: 'vp: checked against the primary source',
  vs: 'vs: from a secondary source',
  uv: 'uv: unverified; relying on it yields needs_review',
};

const cond = (label: string, when: Condition | undefined) => (when ? [{ label, when }] : []);
const text = (label: string, t: string | undefined) => (t ? [{ label, text: t }] : []);

/** Which pack each rule came from, when the loader recorded it (the built-in cache carries it too). */
const packOf = (pack: Pack, r: { pack?: string }) => r.pack ?? pack.meta.name;

export function catalogue(pack: Pack): RuleEntry[] {
  const builtin = pack.sources.find(s => s.builtin)?.name ?? pack.meta.name;
  const out: RuleEntry[] = [];
  for (const l of pack.layers) {
    out.push({ id: l.id, kind: 'layer', layer: l.id, title: l.title, citation: l.citation, explanation: l.explanation, pack: (l as { pack?: string }).pack ?? builtin, source: l.source, conditions: cond('Applies when', l.applies), extra: [] });
  }
  for (const b of pack.bases) {
    out.push({
      id: b.id, kind: 'basis', layer: b.layer, title: b.title, citation: b.citation, provision: b.provision, explanation: b.explanation,
      verification: b.verification, unsettled: b.unsettled, inForceFrom: b.in_force_from, inForceUntil: b.in_force_until, pack: packOf(pack, b), source: b.source,
      conditions: [...cond('Met when', b.when), ...cond('Needs a senior judgement when', b.review_when), ...cond('Unsettled point shown when', b.unsettled_when)],
      extra: [...text('Only with one of', b.requires_one_of?.join(', ')), ...text('Companion', b.companion ? 'used only with the basis that requires it' : undefined),
        ...text('Review route', b.review_route), ...text('When not met', b.not_met)],
    });
  }
  for (const c of pack.conditions) {
    out.push({ id: c.id, kind: 'condition', layer: 'condition', title: c.title, citation: c.citation, provision: c.provision, explanation: c.explanation, verification: c.verification, inForceFrom: c.in_force_from, inForceUntil: c.in_force_until, pack: packOf(pack, c), source: c.source, conditions: cond('Required when', c.when), extra: text('Owner', c.owner) });
  }
  for (const r of pack.routes) {
    out.push({ id: r.id, kind: 'route', layer: 'route', title: r.title, citation: r.citation ?? '', explanation: r.explanation, pack: packOf(pack, r), source: r.source, conditions: cond('Offered when', r.when), extra: text('Cures the layers', r.layers.join(', ')) });
  }
  for (const p of pack.caldicott) {
    out.push({ id: p.id, kind: 'principle', layer: 'caldicott', title: p.title, citation: p.citation, provision: p.provision, explanation: p.met, pack: (p as { pack?: string }).pack ?? builtin, source: p.source, conditions: [...cond('Not met when', p.not_met_when), ...cond('Needs attention when', p.attention_when)], extra: text('Follows the verdict', p.follows_verdict ? 'yes: met exactly when the share is lawful' : undefined) });
  }
  for (const d of pack.defines) {
    out.push({ id: d.id, kind: 'define', layer: 'define', title: d.description, citation: d.citation, pack: (d as { pack?: string }).pack ?? builtin, source: d.source, conditions: cond('Holds when', d.when), extra: [] });
  }
  for (const c of pack.clauses) {
    out.push({ id: c.id, kind: 'clause', layer: 'clause', title: c.title, citation: c.citation ?? '', explanation: c.text, pack: packOf(pack, c), source: c.source, conditions: cond('Included when', c.when), extra: text('DSA section', c.section) });
  }
  return out;
}

/** A source position that does not depend on where the pack was loaded from: `<pack dir>/<file>:<line>`. */
export function stableSource(e: RuleEntry): string | undefined {
  if (!e.source) return undefined;
  const parts = e.source.file.split(/[\\/]/);
  const dir = parts.length > 1 ? parts[parts.length - 2] : e.pack;
  return `${dir}/${basename(e.source.file)}:${e.source.line}`;
}

/** Pack authors often begin the note with its own label; shown under a heading, it would say it twice. */
export const unsettledText = (s: string) => s.replace(/^\s*unsettled:\s*(.)/i, (_m, c: string) => c.toUpperCase());
