// Assembling a document from its section templates: which sections apply, their numbers, and local clauses.
import type { ClauseDef } from '../core/types.js';
import { escapeMarkdownParagraphs, escapeMarkdown } from './escape.js';
import { holds, type DocContext } from './context.js';
import { fill, loadTemplates, md, type Md, type Value } from './template.js';

export interface SectionSpec {
  /** Whether the section applies; a section that does not is left out, never left blank. */
  include?: (c: DocContext) => boolean;
  values?: (c: DocContext) => Record<string, Value | undefined>;
  /** Unnumbered (the cover). */
  unnumbered?: boolean;
}

/**
 * Build a document: every template in templates/<doc>/ in order, filled from its spec. A template
 * without a spec, or a spec without a template, is a programming error caught by the tests.
 */
export function buildDocument(doc: string, specs: Record<string, SectionSpec>, c: DocContext,
  common: Record<string, Value | undefined>, clauses: ClauseDef[] = []): string {
  const templates = loadTemplates(doc);
  const names = new Set(templates.map(t => t.name));
  for (const k of Object.keys(specs)) if (!names.has(k)) throw new Error(`templates/${doc}: no template for section ${k}`);
  const included = templates.filter(t => {
    const spec = specs[t.name];
    if (!spec) throw new Error(`templates/${doc}/${t.name}: no section builder for this template`);
    return spec.include ? spec.include(c) : true;
  });
  const numbers = new Map<string, number>();
  let n = 0;
  for (const t of included) if (!specs[t.name].unnumbered) numbers.set(t.name, ++n);
  const shared = { ...common, ...Object.fromEntries([...numbers].map(([k, v]) => [`${k.replace(/-/g, '_')}_number`, String(v)])) };
  const parts = included.map(t => {
    const own = specs[t.name].values?.(c) ?? {};
    let text = fill(t, { ...shared, ...own, n: String(numbers.get(t.name) ?? '') });
    const extra = clauses.filter(cl => cl.section === t.name);
    if (extra.length) text += `\n\n${renderClauses(extra, numbers.get(t.name)).text}`;
    return text;
  });
  return `${parts.join('\n\n')}\n`;
}

/** Local clauses from rule packs, as subsections: their wording is escaped like any other text. */
export function renderClauses(clauses: ClauseDef[], n?: number): Md {
  return md(clauses.map((cl, i) => [
    `### ${n ? `${n}.${i + 1} ` : ''}${escapeMarkdown(cl.title)}`,
    escapeMarkdownParagraphs(cl.text),
    cl.citation ? `*${escapeMarkdown(cl.citation)}*` : '',
  ].filter(Boolean).join('\n\n')).join('\n\n'));
}

/** The clauses whose `when` holds for this decision. */
export const applicableClauses = (c: DocContext) => c.pack.clauses.filter(cl => holds(c, cl.when));
