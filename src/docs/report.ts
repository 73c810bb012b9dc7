// The rationale report: the verdict, each layer's basis with the answers behind it, alternatives, next steps.
import { decisiveFacts, unknownFacts } from '../core/condition.js';
import { basesOn } from '../core/evaluate.js';
import type { BasisResult, LayerResult, Trace } from '../core/types.js';
import { bullets, cat, code, commonValues, label, list, showValue, table, type DocContext } from './context.js';
import { asSentence, lowerFirst } from './wording.js';
import { escapeMarkdown } from './escape.js';
import { tellingWouldPrejudice } from './record.js';
import { buildDocument, type SectionSpec } from './sections.js';
import { md, type Md } from './template.js';

/** The facts whose answers made a not-met trace false (under a `not`, the ones that made it true). */
function failingFacts(t: Trace, negated = false, out = new Map<string, unknown>()): Map<string, unknown> {
  if (t.kind === 'fact') out.set(t.fact, t.actual);
  else if (t.kind === 'all' || t.kind === 'any') {
    const decisive = (t.kind === 'all') !== negated ? t.children.filter(ch => ch.result === t.result) : t.children;
    decisive.forEach(ch => failingFacts(ch, negated, out));
  } else if (t.kind === 'not') failingFacts(t.child, !negated, out);
  else if (t.kind === 'ref') failingFacts(t.child, negated, out);
  return out;
}

/** A fact's answer in words: the question the questionnaire asks (else its description) and the answer, labelled. */
function answerRow(c: DocContext, fact: string, value: unknown): string[] {
  const q = c.pack.questions.find(x => x.fact === fact);
  const def = c.pack.facts.find(f => f.id === fact);
  const what = q?.ask ?? (def?.description ?? fact.replace(/[._]/g, ' ')).split(/(?<=\.)\s/)[0];
  const group = c.labels.fact_values?.[fact];
  const word = (x: unknown) => (typeof x === 'string' && group ? label(c, group, x)
    : typeof x === 'string' && q?.choices?.find(ch => ch.value === x) ? q.choices.find(ch => ch.value === x)!.label
      : showValue(x as never));
  return [what, Array.isArray(value) ? value.map(word).join(', ') : word(value)];
}

function answersTable(c: DocContext, facts: Map<string, unknown>): Md {
  return table(['Question', 'Answer'], [...facts].map(([f, v]) => answerRow(c, f, v)));
}

function layerSection(c: DocContext, l: LayerResult): string {
  const defs = basesOn(c.pack, c.decision.as_of);
  const why = l.status === 'not_met' ? ' The next section says why each basis is not available.' : '';
  const parts = [`### ${escapeMarkdown(l.title)}`, cat(md('**'), label(c, 'layer_status', l.status), md('.** '), asSentence(l.reason), why).text, cat(md('*'), l.citation, md('*')).text];
  const relied = l.chosen.map(id => {
    const def = defs.get(id);
    const out = c.decision.bases.find(b => b.id === id && b.layer === l.id) ?? c.decision.bases.find(b => b.id === id);
    return cat(md('**'), def?.title ?? out?.title ?? 'A basis', md('**'), ` (${def?.citation ?? out?.citation ?? ''}). ${asSentence(out?.reason ?? def?.explanation ?? '')}`);
  });
  if (relied.length) parts.push(`Relied on:\n\n${bullets(relied).text}`);
  const applies = decisiveFacts(l.applies);
  if (applies.size) parts.push(`It applies because of these answers:\n\n${answersTable(c, applies).text}`);
  const behind = new Map<string, unknown>();
  for (const o of l.options.filter(o => l.chosen.includes(o.id))) for (const [f, v] of decisiveFacts(o.trace)) if (!applies.has(f)) behind.set(f, v);
  if (behind.size) parts.push(`${l.chosen.length > 1 ? 'The bases' : 'The basis'} relied on ${l.chosen.length > 1 ? 'rest' : 'rests'} on these answers:\n\n${answersTable(c, behind).text}`);
  if (l.missing.length) parts.push(`It depends on answers not yet given: ${escapeMarkdown(questionsFor(c, l.missing))}.`);
  return parts.join('\n\n');
}

/** What facts not yet given are about, in words ("whether the person has objected"). */
function questionsFor(c: DocContext, facts: Iterable<string>): string {
  return [...new Set([...facts].map(f => `“${answerRow(c, f, null)[0]}”`))].join('; ');
}

/** Why a basis was not available, as sentences from the rules (never the trace). */
export function whyNot(c: DocContext, o: BasisResult): string {
  const def = basesOn(c.pack, c.decision.as_of).get(o.id);
  if (o.status === 'unknown') return `It depends on answers not yet given: ${questionsFor(c, unknownFacts(o.trace))}.`;
  if (o.status === 'met') return 'It is available, but was not needed once the basis relied on applied.';
  const said = o.why_not?.length ? o.why_not : def?.not_met ? [def.not_met] : [];
  if (said.length) return said.map(asSentence).join(' ');
  const facts = [...failingFacts(o.trace)].slice(0, 3).map(([f, v]) => answerRow(c, f, v)).map(([q, a]) => `${q.replace(/[?.]$/, '')}: ${a}`);
  return facts.length ? `Not available on these answers (${facts.join('; ')}).` : 'Its conditions are not met on the answers given.';
}

function alternatives(c: DocContext): Md {
  const defs = basesOn(c.pack, c.decision.as_of);
  const out: string[] = [];
  for (const l of c.decision.layers) {
    if (l.status === 'not_applicable' || l.id === 'scope') continue;
    const rejected = l.options.filter(o => !l.chosen.includes(o.id));
    if (!rejected.length) continue;
    const lines = rejected.map(o => cat(md('**'), defs.get(o.id)?.title ?? o.title, md('** '), `(${o.citation}): `, whyNot(c, o)));
    out.push(`### ${escapeMarkdown(l.title)}\n\n${bullets(lines).text}`);
  }
  return md(out.length ? out.join('\n\n') : 'No alternative bases were considered.');
}

/** The public summary's values: plain words from templates/labels.yaml, no citations. */
function publicValues(c: DocContext): Record<string, string> {
  const cats = list(c, 'data.categories').map(x => label(c, 'category', x));
  const what = cats.length ? cats.join(', ').replace(/, ([^,]*)$/, ' and $1') : 'information';
  const plain = c.labels.plain_basis ?? {};
  const relied = c.decision.bases.filter(b => b.layer === 'art6' || b.layer === 'confidentiality');
  const allowed = [...new Set(relied.map(b => plain[b.id]).filter(Boolean))].join(' ');
  const art6 = relied.find(b => b.layer === 'art6');
  const objection = c.labels.plain_object ?? {};
  const dpo = (c.facts['discloser.contacts'] as Record<string, { name?: string; email?: string }> | undefined)?.dpo;
  return {
    what,
    who: c.facts['subjects.children'] === true ? 'people, including children,' : 'people',
    allowed: allowed ? `The law allows this. ${allowed}` : '',
    opt_out: c.decision.conditions.some(x => x.id === 'apply-opt-outs') ? 'If you have registered a national data opt-out, we will not share your information for this.' : '',
    object: (art6 && objection[art6.id]) ?? objection.default ?? '',
    contact: dpo?.email ? `our Data Protection Officer at ${dpo.email}` : 'our Data Protection Officer',
  };
}

/** The outcome in sentences: the layers not met, the conditions and the routes, by title. */
export function outcomeSummary(c: DocContext): string {
  const d = c.decision;
  const titles = (xs: { title: string }[]) => xs.map(x => lowerFirst(x.title)).join('; ');
  const failing = d.layers.filter(l => l.status === 'not_met');
  const review = d.layers.filter(l => l.status === 'review');
  const unknown = d.layers.filter(l => l.status === 'unknown');
  return [
    failing.length ? `No basis is available for: ${titles(failing)}.` : '',
    review.length ? `A senior officer must record a judgement for: ${titles(review)}.` : '',
    unknown.length ? `Answers are still needed for: ${titles(unknown)}.` : '',
    d.conditions.length ? `Before or while sharing: ${titles(d.conditions)}.` : '',
    d.routes.length ? `Ways to make it lawful: ${titles(d.routes)}.` : '',
    !failing.length && !review.length && !unknown.length && !d.conditions.length ? 'Every legal layer that applies is met.' : '',
  ].filter(Boolean).join(' ');
}

/** A rule's title for the reader (its identifier only when the pack has no such rule). */
const ruleTitle = (c: DocContext, id: string) => [...c.pack.bases, ...c.pack.conditions, ...c.pack.routes].find(r => r.id === id)?.title ?? id;

export function reportSpecs(c: DocContext): Record<string, SectionSpec> {
  const d = c.decision;
  const notes = d.notes.filter(n => n.kind !== 'default');
  return {
    cover: { unnumbered: true, values: () => ({ summary: outcomeSummary(c), pack: d.packs.map(p => `${p.name} ${p.version}`).join(', ') }) },
    layers: { values: () => ({ layers: md(d.layers.filter(l => l.status !== 'not_applicable' && !(l.id === 'scope' && l.status === 'met')).map(l => layerSection(c, l)).join('\n\n') || 'No legal layer applies: the data is not personal data and is not held in confidence.') }) },
    alternatives: { values: () => ({ alternatives: alternatives(c) }) },
    conditions: { include: () => d.conditions.length > 0, values: () => ({ conditions: table(['Condition', 'Who must act', 'Why', 'Citation'], d.conditions.map(x => [cat(md('**'), x.title, md('**')), label(c, 'owner', x.owner, 'Both parties'), x.reason, x.citation])) }) },
    routes: { include: () => d.routes.length > 0, values: () => ({ routes: bullets(d.routes.map(r => cat(md('**'), r.title, md('**'), `: ${asSentence(r.reason)}`))) }) },
    missing: {
      include: () => d.missing.length > 0,
      values: () => ({ missing: bullets(d.missing.map(m => asSentence(c.pack.facts.find(f => f.id === m)?.description ?? m.replace(/[._]/g, ' ')))) }),
    },
    caldicott: {
      include: () => d.caldicott.some(p => p.status !== 'not_applicable'),
      values: () => ({ table: table(['Principle', 'Status', 'Note'], d.caldicott.map((p, i) => [`${i + 1}. ${p.title}`, md(`**${escapeMarkdown(label(c, 'principle_status', p.status))}**`), p.note])) }),
    },
    notes: { include: () => notes.length > 0, values: () => ({ notes: bullets(notes.map(n => asSentence(n.text))) }) },
    overrides: { include: () => d.overrides.length > 0, values: () => ({ overrides: table(['Rule', 'Changed by', 'Kind', 'Reason'], d.overrides.map(o => [ruleTitle(c, o.target), o.pack, o.kind, o.reason])) }) },
    'public-summary': {
      // Telling the public about a one-off disclosure that telling would prejudice defeats its purpose.
      // Only for a share the assessment cleared: there is nothing true to tell the public about one it did not.
      include: () => (d.verdict === 'lawful' || d.verdict === 'lawful_with_conditions') && !(c.facts['sharing.frequency'] === 'one_off' && tellingWouldPrejudice(c)),
      values: () => ({
        caveat: 'Adapt it to your house style.',
        ...publicValues(c),
      }),
    },
    provenance: {
      values: () => ({
        packs: md(d.packs.map(p => `${escapeMarkdown(`${p.name} ${p.version}`)}${p.builtin ? ' (built-in)' : ''}, ${code(p.digest).text}`).join('; ')),
        answers_sha256: code(c.answersSha256),
      }),
    },
  };
}

/** The rationale report as Markdown. */
export function buildReport(c: DocContext): string {
  return buildDocument('report', reportSpecs(c), c, commonValues(c));
}

