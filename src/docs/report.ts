// The rationale report: the verdict, each layer's basis with the answers behind it, alternatives, next steps.
import { decisiveFacts, describeTest, unknownFacts } from '../core/condition.js';
import type { LayerResult, Trace } from '../core/types.js';
import { bullets, cat, code, commonValues, label, list, showValue, table, type DocContext } from './context.js';
import { escapeMarkdown } from './escape.js';
import { tellingWouldPrejudice } from './record.js';
import { buildDocument, type SectionSpec } from './sections.js';
import { md, type Md } from './template.js';

type FactTrace = Extract<Trace, { kind: 'fact' }>;

/** The fact tests that made a not-met trace false, for "why not"; a test under `not` is shown negated. */
function failingFacts(t: Trace, negated = false, out: { t: FactTrace; negated: boolean }[] = []) {
  if (t.kind === 'fact') out.push({ t, negated });
  else if (t.kind === 'all' || t.kind === 'any') {
    // Under an even number of `not`s, an `all` fails through its false children and an `any` through all of them.
    const decisive = (t.kind === 'all') !== negated ? t.children.filter(ch => ch.result === t.result) : t.children;
    decisive.forEach(ch => failingFacts(ch, negated, out));
  } else if (t.kind === 'not') failingFacts(t.child, !negated, out);
  else if (t.kind === 'ref') failingFacts(t.child, negated, out);
  return out;
}

/** A fact test in words, negated: "is one of a, b" becomes "is not one of a, b". */
const negateTest = (test: string) => (test.startsWith('is ') ? `is not ${test.slice(3)}` : test.startsWith('includes any of') ? `includes none of${test.slice(15)}` : `not: ${test}`);

const factLine = (fact: string, value: unknown) => cat(code(fact), `: ${showValue(value as never)}`);

function layerSection(c: DocContext, l: LayerResult): string {
  const defs = new Map(c.pack.bases.map(b => [b.id, b]));
  const parts = [`### ${escapeMarkdown(l.title)}`, cat(md('**'), label(c, 'layer_status', l.status), md('.** '), l.reason).text, cat(md('*'), l.citation, md('*')).text];
  const relied = l.chosen.map(id => {
    const def = defs.get(id);
    const out = c.decision.bases.find(b => b.id === id && b.layer === l.id) ?? c.decision.bases.find(b => b.id === id);
    return cat(md('**'), def?.title ?? id, md('** '), code(id), ` (${def?.citation ?? out?.citation ?? ''}). ${out?.reason ?? def?.explanation ?? ''}`);
  });
  if (relied.length) parts.push(`Relied on:\n\n${bullets(relied).text}`);
  const applies = decisiveFacts(l.applies);
  if (applies.size) parts.push(`This layer applies because:\n\n${bullets([...applies].map(([f, v]) => factLine(f, v))).text}`);
  const behind = new Map<string, unknown>();
  for (const o of l.options.filter(o => l.chosen.includes(o.id))) for (const [f, v] of decisiveFacts(o.trace)) behind.set(f, v);
  if (behind.size) parts.push(`The answers that made the basis apply:\n\n${bullets([...behind].map(([f, v]) => factLine(f, v))).text}`);
  if (l.missing.length) parts.push(`Depends on facts not given: ${l.missing.map(m => code(m).text).join(', ')}.`);
  return parts.join('\n\n');
}

function alternatives(c: DocContext): Md {
  const defs = new Map(c.pack.bases.map(b => [b.id, b]));
  const out: string[] = [];
  for (const l of c.decision.layers) {
    if (l.status === 'not_applicable' || l.id === 'scope') continue;
    const rejected = l.options.filter(o => !l.chosen.includes(o.id));
    if (!rejected.length) continue;
    const lines = rejected.map(o => {
      const def = defs.get(o.id);
      let why: Md | string;
      if (o.status === 'unknown') why = cat('depends on facts not given: ', md([...unknownFacts(o.trace)].map(f => code(f).text).join(', ')), '.');
      else if (o.status === 'met') why = 'available, but not needed once the basis relied on applied.';
      else {
        const facts = failingFacts(o.trace);
        const shown = [...new Set(facts.map(({ t: f, negated }) => cat(code(f.fact), ` is ${showValue(f.actual)} (needed: ${negated ? negateTest(describeTest(f.test)) : describeTest(f.test)})`).text))].slice(0, 4).join('; ');
        why = def?.not_met ? cat(def.not_met, shown ? md(` (${shown})`) : '') : md(shown ? `not met: ${shown}.` : 'not met on these facts.');
      }
      return cat(md('**'), def?.title ?? o.id, md('** '), `(${o.citation}): `, why);
    });
    out.push(`### ${escapeMarkdown(l.title)}\n\n${bullets(lines).text}`);
  }
  return md(out.length ? out.join('\n\n') : 'No alternative bases were considered.');
}

function publicParagraph(c: DocContext): Md {
  const v = commonValues(c);
  const cats = list(c, 'data.categories').map(x => label(c, 'category', x));
  const what = cats.length ? cats.join(', ').replace(/, ([^,]*)$/, ' and $1') : 'information';
  const who = c.facts['subjects.children'] === true ? 'people, including children,' : 'people';
  const bases = c.decision.bases.filter(b => b.layer === 'art6' || b.layer === 'confidentiality').map(b => `${b.title.toLowerCase()} (${b.citation.split(';')[0]})`);
  const dpo = (c.facts['discloser.contacts'] as Record<string, { name?: string; email?: string }> | undefined)?.dpo;
  const contact = dpo?.email ? `our Data Protection Officer at ${dpo.email}` : 'our Data Protection Officer';
  const optOut = c.decision.conditions.some(x => x.id === 'apply-opt-outs') ? ' If you have registered a national data opt-out, your information will not be shared for this purpose.' : '';
  return cat(
    `${v.discloser_name} shares ${what} about ${who} with ${v.recipient_name} for ${v.purpose}. `,
    bases.length ? `The law allows this on the basis of ${bases.join(' and ')}. ` : '',
    `Only the information needed is shared, securely, and it is kept only as long as necessary.${optOut} `,
    `You have rights over your information, including to see it and, in some cases, to object. To find out more, contact ${contact}.`,
  );
}

export function reportSpecs(c: DocContext): Record<string, SectionSpec> {
  const d = c.decision;
  const notes = d.notes.filter(n => n.kind !== 'default');
  return {
    cover: { unnumbered: true, values: () => ({ summary: d.summary, pack: d.packs.map(p => `${p.name} ${p.version}`).join(', ') }) },
    layers: { values: () => ({ layers: md(d.layers.filter(l => l.status !== 'not_applicable' && !(l.id === 'scope' && l.status === 'met')).map(l => layerSection(c, l)).join('\n\n') || 'No legal layer applies: the data is not personal data and is not held in confidence.') }) },
    alternatives: { values: () => ({ alternatives: alternatives(c) }) },
    conditions: { include: () => d.conditions.length > 0, values: () => ({ conditions: table(['Condition', 'Who must act', 'Why', 'Citation'], d.conditions.map(x => [cat(md('**'), x.title, md('** '), code(x.id)), label(c, 'owner', x.owner, 'Both parties'), x.reason, x.citation])) }) },
    routes: { include: () => d.routes.length > 0, values: () => ({ routes: bullets(d.routes.map(r => cat(md('**'), r.title, md('** '), code(r.id), `: ${r.reason}`))) }) },
    missing: {
      include: () => d.missing.length > 0,
      values: () => {
        const defs = new Map(c.pack.facts.map(f => [f.id, f]));
        return { missing: bullets(d.missing.map(m => cat(code(m), `: ${defs.get(m)?.description ?? ''}`))) };
      },
    },
    caldicott: {
      include: () => d.caldicott.some(p => p.status !== 'not_applicable'),
      values: () => ({ table: table(['Principle', 'Status', 'Note'], d.caldicott.map((p, i) => [`${i + 1}. ${p.title}`, md(`**${escapeMarkdown(label(c, 'principle_status', p.status))}**`), p.note])) }),
    },
    notes: { include: () => notes.length > 0, values: () => ({ notes: bullets(notes.map(n => cat(code(n.about), `: ${n.text}`))) }) },
    overrides: { include: () => d.overrides.length > 0, values: () => ({ overrides: table(['Rule', 'Changed by', 'Kind', 'Reason'], d.overrides.map(o => [code(o.target), o.pack, o.kind, o.reason])) }) },
    'public-summary': {
      // Telling the public about a one-off disclosure that telling would prejudice defeats its purpose.
      include: () => !(c.facts['sharing.frequency'] === 'one_off' && tellingWouldPrejudice(c)),
      values: () => ({
        caveat: d.verdict === 'lawful' || d.verdict === 'lawful_with_conditions' ? 'Adapt it to your house style.' : 'A draft for use only if the sharing goes ahead after the steps above.',
        paragraph: publicParagraph(c),
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

