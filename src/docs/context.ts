// What every document section reads: the facts with defaults, the decision, the labels, and Markdown helpers.
import { readFileSync } from 'node:fs';
import { join as pathJoin } from 'node:path';
import { parse } from 'yaml';
import { contextFor, evalCondition } from '../core/condition.js';
import { withDefaults } from '../core/evaluate.js';
import type { Condition, Decision, FactValue, Facts, Pack } from '../core/types.js';
import { escapeMarkdown } from './escape.js';
import { md, type Md, templatesDir, type Value } from './template.js';

export type Labels = Record<string, Record<string, string>>;

export function loadLabels(dir = templatesDir()): Labels {
  return parse(readFileSync(pathJoin(dir, 'labels.yaml'), 'utf8')) as Labels;
}

export interface DocContext {
  decision: Decision;
  pack: Pack;
  /** Facts with the pack's defaults applied (as the engine saw them). */
  facts: Facts;
  labels: Labels;
  igcheckVersion: string;
  answersSha256: string;
  /** Contradictions in the answers: the documents are drafts (`--draft`) and offer nothing for signature. */
  draft?: import('./consistency.js').Inconsistency[];
}

export function makeContext(decision: Decision, pack: Pack, facts: Facts, igcheckVersion: string, answersSha256: string, labels = loadLabels()): DocContext {
  return { decision, pack, facts: withDefaults(pack, facts).facts, labels, igcheckVersion, answersSha256 };
}

export const str = (c: DocContext, id: string): string | undefined => {
  const v = c.facts[id];
  return typeof v === 'string' && v.trim() ? v : undefined;
};
export const bool = (c: DocContext, id: string): boolean | undefined => {
  const v = c.facts[id];
  return typeof v === 'boolean' ? v : undefined;
};
export const list = (c: DocContext, id: string): string[] => {
  const v = c.facts[id];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

/** A label from templates/labels.yaml, or the raw value when the labels have none. */
export function label(c: DocContext, group: string, value: string | undefined, fallback = 'not stated'): string {
  if (value === undefined) return fallback;
  return c.labels[group]?.[value] ?? value.replace(/_/g, ' ');
}

export const layer = (c: DocContext, id: string) => c.decision.layers.find(l => l.id === id);
export const layerApplies = (c: DocContext, id: string) => {
  const l = layer(c, id);
  return !!l && l.status !== 'not_applicable';
};
/** Telling the person would prejudice the purpose (so no public summary and no notice now). */
export const tellingWouldPrejudice = (c: DocContext) => bool(c, 'consent.would_prejudice') === true && bool(c, 'individual.informed') !== true;
export const hasCondition = (c: DocContext, id: string) => c.decision.conditions.some(x => x.id === id);

/** Whether a pack condition holds for these facts and this decision (for clauses). */
export function holds(c: DocContext, cond: Condition | undefined): boolean {
  if (!cond) return true;
  const { facts } = withDefaults(c.pack, c.facts);
  return evalCondition(cond, contextFor(c.pack, facts, c.decision)).result === 'met';
}

/** A fact's value in words, for "the answers that made it apply". */
export function showValue(v: FactValue | null): string {
  if (v === null || v === undefined) return 'not given';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map(x => (typeof x === 'string' ? x : (x as { name?: string }).name ?? '')).join(', ');
  if (typeof v === 'object') return 'given';
  return String(v);
}

/** A GFM table: header and cells are plain text (escaped) or Markdown built by code. */
export function table(header: string[], rows: (string | Md)[][]): Md {
  const cell = (x: string | Md) => (typeof x === 'string' ? escapeMarkdown(x) || ' ' : x.text.replace(/\n/g, ' ') || ' ');
  const lines = [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(r => `| ${r.map(cell).join(' | ')} |`)];
  return md(lines.join('\n'));
}

export function bullets(items: (string | Md)[]): Md {
  return md(items.map(i => `- ${typeof i === 'string' ? escapeMarkdown(i) : i.text}`).join('\n'));
}

export const bold = (s: string) => md(`**${escapeMarkdown(s)}**`);
export const code = (s: string) => md(`\`${s.replace(/[`\n]/g, '')}\``);
export const cat = (...parts: (string | Md)[]) => md(parts.map(p => (typeof p === 'string' ? escapeMarkdown(p, false) : p.text)).join(''));

/** The values every DSA and report section may use. */
export function commonValues(c: DocContext): Record<string, Value> {
  const start = str(c, 'start_date');
  return {
    title: str(c, 'title') ?? 'Proposed data share',
    discloser_name: str(c, 'discloser.name') ?? 'The discloser (name not given)',
    recipient_name: str(c, 'recipient.name') ?? 'The recipient (name not given)',
    purpose: label(c, 'purpose', str(c, 'purpose')),
    frequency: label(c, 'frequency', str(c, 'sharing.frequency')),
    start_date: start ?? 'not stated',
    review_date: str(c, 'review_date') ?? (start ? `${Number(start.slice(0, 4)) + 1}${start.slice(4)}` : 'one year after sharing starts'),
    verdict: label(c, 'verdict', c.decision.verdict),
    as_of: c.decision.as_of,
    igcheck_version: c.igcheckVersion,
  };
}
