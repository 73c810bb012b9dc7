// The DPIA as a document, on the same model as the DSA and the rationale report: Markdown section
// templates (templates/dpia/) filled from the decision and the answers, rendered to every format.
// What only a person can write comes from the answers file's `dpia:` section, or is marked
// "To be completed" with a prompt: never invented.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Decision } from '../core/types.js';
import { csvField } from '../audit/write-results.js';
import { bool, bullets, code, commonValues, label, list, str, table, type DocContext } from '../docs/context.js';
import { escapeMarkdown, escapeMarkdownParagraphs } from '../docs/escape.js';
import { buildDocument, type SectionSpec } from '../docs/sections.js';
import { md, templatesDir, type Md } from '../docs/template.js';
import type { Action, DpiaAnswers, Person } from './answers.js';
import type { RiskResult } from './risk.js';
import { PRIOR_CONSULTATION_FROM, type Band, type Score } from './scale.js';
import type { DpiaDecision } from './screen.js';
import type { RiskMapData } from './riskmap.js';

export interface DpiaText {
  likelihood: string[];
  impact: string[];
  bands: Record<Band, string>;
  screening: Record<DpiaDecision['outcome'], string>;
  family: Record<'art35' | 'ico' | 'edpb', string>;
  prompts: Record<string, string>;
  sentences: Record<string, string>;
  /** Data categories and the nature of sharing in the DPIA's words, where they differ from the shared labels. */
  categories?: Record<string, string>;
  frequency?: Record<string, string>;
}

export const loadDpiaText = (dir = templatesDir()): DpiaText => parse(readFileSync(join(dir, 'dpia', 'words.yaml'), 'utf8')) as DpiaText;

/** Where the risk map goes; each format puts its own picture there (see `figureFor`). */
export const RISK_MAP_MARK = '<!-- igcheck:risk-map -->';

/** Whether a decision calls for a DPIA document: the screening says required or likely. */
export const dpiaCalledFor = (d: Decision) => d.dpia?.outcome === 'required' || d.dpia?.outcome === 'likely';

export const dpiaAnswers = (c: DocContext): DpiaAnswers => {
  const v = c.facts.dpia;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as DpiaAnswers) : {};
};

/** A sentence from words.yaml with its {placeholders} filled (values escaped; the sentence itself is Markdown). */
const say = (t: DpiaText, key: string, values: Record<string, string> = {}): Md =>
  md(t.sentences[key].trim().replace(/\{([a-z_]+)\}/g, (_m, k: string) => escapeMarkdown(values[k] ?? '')));

const toComplete = (prompt: string): Md => md(`*To be completed:* ${escapeMarkdown(prompt)}`);
const given = (text: string | undefined, prompt: string): Md => (text ? md(escapeMarkdownParagraphs(text)) : toComplete(prompt));
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const yesNo = (v: boolean | undefined, yes: string, no: string, unknown: string) => (v === true ? yes : v === false ? no : unknown);
const showScore = (t: DpiaText, s: Score) => `${s.likelihood} x ${s.impact} = ${s.score} (${t.bands[s.band].replace(/ \(.*\)$/, '').toLowerCase()})`;

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A fact as the question that asks it (else its description), for "depends on": a board reads no fact paths. */
function asked(c: DocContext, fact: string): Md {
  const q = c.pack.questions.find(x => x.fact === fact);
  const d = c.pack.facts.find(f => f.id === fact)?.description;
  return md(escapeMarkdown(q?.ask ?? d ?? 'A further answer (see the rationale report)'));
}

/** Reference numbers of the risks, in catalogue order: R1, R2 ... */
export const riskRefs = (risks: RiskResult[]) => new Map(risks.map((r, i) => [r.id, `R${i + 1}`]));

/** The action plan: what a person wrote, then each measure not yet confirmed in place, then Art 36 if needed. */
export type PlannedAction = Action & { source: 'person' | 'igcheck' };
export function actionPlan(dpia: DpiaDecision, answers: DpiaAnswers, decision: Decision): PlannedAction[] {
  const out: PlannedAction[] = (answers.actions ?? []).map(a => ({ ...a, source: 'person' as const }));
  const covered = new Set(out.filter(a => a.risk).map(a => `${a.risk}/${a.measure ?? ''}`));
  for (const r of dpia.risks) {
    if (r.applies !== 'met') continue;
    // A measure missing where the residual risk is still high must be put in place; elsewhere it is worth considering.
    const verb = r.residual.score >= 8 ? 'Put in place' : 'Consider putting in place';
    for (const m of r.measures) {
      if (m.status === 'met' || covered.has(`${r.id}/${m.id}`)) continue;
      // A measure the decision makes a condition is not optional, whatever the score.
      const required = m.condition && decision.conditions.some(x => x.id === m.condition);
      out.push({ risk: r.id, measure: m.id, action: `${m.status === 'unknown' ? 'Confirm, or put in place' : required ? 'Put in place (a condition of the decision)' : verb}: ${m.title}`, status: 'open', source: 'igcheck' });
    }
  }
  for (const r of dpia.risks) {
    if (r.applies !== 'met' || r.residual.score < 8 || covered.has(`${r.id}/`)) continue;
    // A risk is not for accepting while a measure the decision requires is missing: that comes first,
    // and assessing again after it shows what is left to accept.
    if (r.measures.some(m => m.status !== 'met' && m.condition && decision.conditions.some(x => x.id === m.condition))) continue;
    out.push({ risk: r.id, action: `Decide whether the residual risk (${r.residual.score}, ${r.residual.band}) is acceptable, or add measures; record the decision and the DPO's advice`, status: 'open', source: 'igcheck' });
  }
  if (decision.conditions.some(x => x.id === 'ico-prior-consultation')) {
    out.push({ action: 'Consult the ICO before processing starts (UK GDPR Art 36)', status: 'open', source: 'igcheck' });
  }
  return out;
}

export function riskMapData(t: DpiaText, risks: RiskResult[]): RiskMapData {
  const refs = riskRefs(risks);
  const shown = risks.filter(r => r.applies === 'met');
  return {
    inherent: shown.map(r => ({ ref: refs.get(r.id)!, likelihood: r.inherent.likelihood, impact: r.inherent.impact })),
    residual: shown.map(r => ({ ref: refs.get(r.id)!, likelihood: r.residual.likelihood, impact: r.residual.impact })),
    likelihood: t.likelihood, impact: t.impact,
    titles: { inherent: 'Before the measures (inherent)', residual: 'After the measures in place (residual)', likelihood: 'Likelihood', impact: 'Impact' },
    bands: t.bands,
  };
}

function person(role: string, p: Person | undefined): (string | Md)[] {
  return [role, [p?.name, p?.role].filter(Boolean).join(', '), '', p?.date ?? ''];
}

/** The DPIA as Markdown, with RISK_MAP_MARK where the picture goes. */
export function buildDpia(c: DocContext, t: DpiaText = loadDpiaText()): string {
  const d = c.decision;
  const dpia = d.dpia;
  if (!dpia) throw new Error('buildDpia: the decision has no DPIA screening (the rule pack defines no dpia.required)');
  const a = dpiaAnswers(c);
  const refs = riskRefs(dpia.risks);
  const applying = dpia.risks.filter(r => r.applies === 'met');
  const maybe = dpia.risks.filter(r => r.applies === 'unknown');
  const highest = applying.reduce<RiskResult | undefined>((m, r) => (!m || r.residual.score > m.residual.score ? r : m), undefined);
  const icoNeeded = d.conditions.some(x => x.id === 'ico-prior-consultation');
  const icoDone = str(c, 'controls.ico_consultation') === 'completed';
  const ids = str(c, 'data.identifiability');
  const location = str(c, 'recipient.location');
  const common = commonValues(c);
  const reviewDate = a.review_date ?? String(common.review_date);
  // The DPIA's own words where the shared labels fit a decision record better than an assessment
  // (a one-off research extract of 40,000 records is not an "exceptional disclosure").
  const frequency = t.frequency?.[str(c, 'sharing.frequency') ?? ''] ?? String(common.frequency);

  const criterionRow = (x: DpiaDecision['fired'][number]) => [t.family[x.family], x.description, x.citation];
  const specs: Record<string, SectionSpec> = {
    cover: {
      unnumbered: true,
      values: () => ({
        screening_outcome: t.screening[dpia.outcome],
        status_line: (d.verdict === 'lawful' || d.verdict === 'lawful_with_conditions'
          ? `igcheck's decision on the share: ${label(c, 'verdict', d.verdict)}.`
          : `igcheck's decision on the share: ${label(c, 'verdict', d.verdict)}; the DPIA cannot be concluded until that is resolved.`)
          // The answers may say a DPIA already exists: this draft is then a check on it, not a second one.
          + (t.sentences[`existing_${str(c, 'controls.dpia')}`] ? ` ${say(t, `existing_${str(c, 'controls.dpia')}`).text}` : ''),
        highest_residual: highest ? `${refs.get(highest.id)} ${highest.title}: ${showScore(t, highest.residual)}` : 'no risk scored',
        ico_line: icoNeeded ? 'required and not yet completed' : icoDone ? 'completed' : dpia.residual_high === 'unknown' ? 'not yet known (some risks depend on facts not given)' : say(t, 'ico_line_not_required', { threshold: String(PRIOR_CONSULTATION_FROM) }).text,
        dpia_status: (a.status ?? 'draft').replace('_', ' '),
        pack: d.packs.map(p => `${p.name} ${p.version}`).join(', '),
        review_date: reviewDate,
      }),
    },
    screening: {
      values: () => ({
        screening_outcome: t.screening[dpia.outcome],
        screening_reason: say(t, `reason_${dpia.outcome}`, { count: dpia.outcome === 'not_required' && dpia.edpb_met <= 1 ? (dpia.edpb_met ? 'only one' : 'none') : String(dpia.edpb_met), verb: dpia.edpb_met === 1 ? 'is' : 'are' }),
        criteria: dpia.fired.length ? md(`Criteria met:\n\n${table(['Source', 'Criterion', 'Citation'], dpia.fired.map(criterionRow)).text}`) : 'No screening criterion is met.',
        open_criteria: dpia.open.length ? md(`Not yet known:\n\n${table(['Source', 'Criterion', 'Citation'], dpia.open.map(criterionRow)).text}${dpia.missing.length ? `\n\nTo settle them, answer:\n\n${bullets(dpia.missing.map(f => asked(c, f))).text}` : ''}`) : '',
        identifiability: ids === 'pseudonymised'
          ? `Pseudonymised: still personal data. ${bool(c, 'data.recipient_can_reidentify') === false ? 'The recipient cannot re-identify people (the key is held apart).' : bool(c, 'data.recipient_can_reidentify') ? 'The recipient holds or could obtain the means to re-identify people.' : 'Whether the recipient could re-identify people is not stated.'}`
          : ids === 'identifiable' ? 'Identifiable: the data identifies people directly.'
          : ids ? `${capital(label(c, 'identifiability', ids))}.` : 'Not stated.',
      }),
    },
    need: {
      values: () => ({
        description: given(str(c, 'description'), t.prompts.description),
        need: given(a.need, t.prompts.need),
        necessity: given(a.necessity, t.prompts.necessity),
      }),
    },
    data: {
      values: () => {
        const items = Array.isArray(c.facts['data.items']) ? c.facts['data.items'] as { name: string; justification?: string }[] : [];
        const cats = list(c, 'data.categories');
        const linkage: string[] = [];
        const matching = bool(c, 'processing.data_matching');
        linkage.push(matching === true ? 'Datasets from different sources are combined or matched.' : matching === false ? 'The data is not combined or matched with other datasets.' : 'Whether the data is linked with other datasets is not stated.');
        if (ids === 'pseudonymised') linkage.push(bool(c, 'data.recipient_can_reidentify') === false ? 'Identifiers are replaced by a pseudonym before the data leaves, and the recipient cannot reach the key.' : 'The data is pseudonymised, but the recipient could re-identify people: treat it as identifiable.');
        if (ids === 'identifiable') linkage.push('The data identifies people directly.');
        return {
          // The DPIA's own words where the shared label says more than the items hold (demographic data need not mean names).
          categories: cats.length ? capital(cats.map(x => t.categories?.[x] ?? label(c, 'category', x)).join(', ')) + '.' : 'Not stated.',
          scale: yesNo(bool(c, 'data.large_scale'), 'Large scale (a whole service\'s caseload or a population).', 'Not large scale.', 'Not stated.'),
          items: items.length ? table(['Data item', 'Why it is needed'], items.map(i => [i.name, i.justification ?? md('*No justification given: remove the item or justify it (Caldicott principle 3).*')])) : toComplete('List each data item and why it is needed (Caldicott principle 3).'),
          linkage: linkage.join(' '),
        };
      },
    },
    flows: {
      values: () => ({
        flows: table(['From', 'To', 'Recipient\'s role', 'Frequency', 'Transfer channel', 'Where processed'], [[
          String(common.discloser_name), String(common.recipient_name), label(c, 'role', str(c, 'recipient.role')), frequency,
          yesNo(bool(c, 'controls.secure_transfer'), 'a secure, approved channel', 'not yet a secure, approved channel', 'not stated'),
          label(c, 'location', location),
        ]]),
        transfers: location === 'uk' ? 'None: the recipient processes the data in the UK.'
          : location === 'approved' ? 'To a destination approved by UK regulations (UK GDPR Art 45A).'
          : location === 'other' ? `To a country without UK approval, relying on ${label(c, 'transfer_mechanism', str(c, 'controls.transfer_mechanism'))}; the transfer assessment (Art 46(1A)) is ${bool(c, 'controls.transfer_assessment') ? 'documented' : 'not yet documented'}.`
          : 'Not stated.',
        register_updated: a.register_updated === true ? 'Yes.' : a.register_updated === false ? md(`No. ${toComplete(t.prompts.register_updated).text}`) : toComplete(t.prompts.register_updated),
      }),
    },
    'lawful-basis': {
      values: () => ({
        verdict: label(c, 'verdict', d.verdict),
        // The decision in words a board reads: layer titles, condition and route titles, never their ids.
        summary: [
          d.layers.some(l => l.status === 'not_met') ? `Not met: ${d.layers.filter(l => l.status === 'not_met').map(l => l.title).join('; ')}.` : '',
          d.layers.some(l => l.status === 'review') ? `For review: ${d.layers.filter(l => l.status === 'review').map(l => l.title).join('; ')}.` : '',
          d.conditions.length ? `Conditions: ${d.conditions.map(x => x.title).join('; ')}.` : '',
          d.routes.length ? `Ways to make it lawful: ${d.routes.map(x => x.title).join('; ')}.` : '',
        ].filter(Boolean).join(' '),
        layers: table(['Layer', 'Status', 'Relied on'], d.layers.filter(l => l.status !== 'not_applicable' && l.id !== 'scope').map(l => [
          l.title, label(c, 'layer_status', l.status),
          l.chosen.length ? md(l.chosen.map(id => { const b = c.pack.bases.find(x => x.id === id) ?? d.bases.find(x => x.id === id); return b ? `${escapeMarkdown(b.title)} (${escapeMarkdown(b.citation)})` : code(id).text; }).join('; ')) : '-',
        ])),
        opt_out: d.conditions.some(x => x.id === 'apply-opt-outs')
          ? 'Applies: national data opt-outs must be applied before disclosure (a condition of this decision).'
          : bool(c, 'controls.ndoo_applied') ? 'Opt-outs are applied before disclosure.'
          : d.layers.find(l => l.id === 'opt_out')?.status === 'not_applicable' ? 'Does not apply to this flow.'
          : (d.layers.find(l => l.id === 'opt_out')?.reason ?? 'See the rationale report.'),
      }),
    },
    security: {
      values: () => ({
        controls: table(['Control', 'Position'], [
          ['Secure, approved transfer channel', yesNo(bool(c, 'controls.secure_transfer'), 'In place', 'Not in place', 'Not stated')],
          ['Access limited by role to those who need it', yesNo(bool(c, 'controls.need_to_know'), 'In place', 'Not in place', 'Not stated')],
          ['Staff trained in and bound to confidentiality', yesNo(bool(c, 'controls.staff_trained'), 'In place', 'Not in place', 'Not stated')],
          ['Recipient\'s Data Security and Protection Toolkit', label(c, 'dspt', str(c, 'recipient.dspt'))],
          ['Appropriate Policy Document (DPA 2018 Sch 1 Part 4)', yesNo(bool(c, 'controls.apd'), 'In place', 'Not in place', 'Not stated')],
        ]),
        security: given(a.security, t.prompts.security),
      }),
    },
    retention: { values: () => ({ retention: given(str(c, 'controls.retention'), t.prompts.retention) }) },
    rights: {
      values: () => ({
        transparency: bullets([
          `Privacy information: ${yesNo(bool(c, 'controls.privacy_notice'), 'published information covers this share.', 'does not yet cover this share (a condition of this decision).', 'not stated.')}`,
          `People ${yesNo(bool(c, 'individual.informed'), 'know or would reasonably expect this use.', 'have not been told and may not expect this use.', ': whether they expect this use is not stated.')}`,
          `Invisible processing (data not obtained from the people, telling them impossible or disproportionate): ${yesNo(bool(c, 'processing.invisible'), 'yes.', 'no.', 'not stated.')}`,
        ]),
        rights: toComplete(t.prompts.rights),
        automated: [
          `Automated decisions with significant effects: ${yesNo(bool(c, 'processing.automated_decisions'), 'yes (UK GDPR Arts 22A-22D apply).', 'no.', 'not stated.')}`,
          `Profiling or scoring: ${yesNo(bool(c, 'processing.profiling'), 'yes.', 'no.', 'not stated.')}`,
          `Innovative technology or AI: ${yesNo(bool(c, 'processing.new_technology'), 'yes.', 'no.', 'not stated.')}`,
          bool(c, 'processing.automated_decisions') || bool(c, 'processing.new_technology') ? `Human review of outputs: ${yesNo(bool(c, 'controls.human_review'), 'a person reviews every output and can overrule it.', 'no.', 'not stated.')}` : '',
        ].filter(Boolean).join(' '),
        consultation: given(a.consultation, t.prompts.consultation),
      }),
    },
    parties: {
      values: () => ({
        // An agreement between many parties (src/parties): the joint DPIA covers every one of them.
        parties: Array.isArray(c.facts.parties) ? table(['Organisation', 'Role', 'Arrangement'], (c.facts.parties as unknown as { name: string; ods?: string; role: string; left?: unknown }[]).filter(p => !p.left).map(p => [
          `${p.name}${p.ods ? ` (${p.ods})` : ''}`, label(c, 'role', p.role),
          p.role === 'processor' ? `Art 28 contract: ${yesNo(bool(c, 'controls.processor_contract'), 'in place', 'not yet in place', 'not stated')}`
            : p.role === 'joint_controller' ? `Art 26 arrangement: ${yesNo(bool(c, 'controls.joint_arrangement'), 'in place', 'not yet in place', 'not stated')}; takes part in this joint DPIA`
              : 'Data sharing agreement (drafted with this DPIA)',
        ])) : table(['Organisation', 'Role', 'Arrangement'], [
          [String(common.discloser_name), 'Controller (discloser)', 'Carries out this DPIA'],
          [String(common.recipient_name), label(c, 'role', str(c, 'recipient.role')),
            str(c, 'recipient.role') === 'processor' ? `Art 28 contract: ${yesNo(bool(c, 'controls.processor_contract'), 'in place', 'not yet in place', 'not stated')}`
              : str(c, 'recipient.role') === 'joint_controller' ? `Art 26 arrangement: ${yesNo(bool(c, 'controls.joint_arrangement'), 'in place', 'not yet in place', 'not stated')}`
              : 'Data sharing agreement (drafted with this DPIA)'],
        ]),
      }),
    },
    risks: {
      values: () => ({
        risk_map: applying.length ? md(RISK_MAP_MARK) : 'No risk of the catalogue applies on the answers given.',
        risks: md([
          applying.length ? table(['Ref', 'Risk', 'Inherent', 'Measures', 'Residual'], applying.map(r => [
            md(`**${refs.get(r.id)}**`),
            md(`**${escapeMarkdown(r.title)}**<br>${escapeMarkdown(r.description)}<br>*${escapeMarkdown(r.citation)}*`),
            md(`${escapeMarkdown(showScore(t, r.inherent))}${r.set?.inherent ? `<br>Set by a person (computed ${escapeMarkdown(showScore(t, r.computed.inherent))}): ${escapeMarkdown(r.set.inherent)}` : ''}${r.aggravating.filter(x => x.status === 'met').map(x => `<br>Raised: ${escapeMarkdown(x.title)}`).join('')}`),
            md(r.measures.map(m => `${m.status === 'met' ? 'In place' : m.status === 'unknown' ? 'Not confirmed' : 'Not in place'}: ${escapeMarkdown(m.title)}`).join('<br>') || '-'),
            md(`**${escapeMarkdown(showScore(t, r.residual))}**${r.set?.residual ? `<br>Set by a person (computed ${escapeMarkdown(showScore(t, r.computed.residual))}): ${escapeMarkdown(r.set.residual)}` : ''}${r.residual_if_confirmed ? `<br>${escapeMarkdown(showScore(t, r.residual_if_confirmed))} once the measures not confirmed are in place` : ''}`),
          ])).text : '',
          maybe.length ? `**Risks that may apply**, depending on facts not given (answer them and assess again):\n\n${table(['Ref', 'Risk', 'Depends on'], maybe.map(r => [
            md(`**${refs.get(r.id)}**`), md(`**${escapeMarkdown(r.title)}**<br>${escapeMarkdown(r.description)}`), md(r.applies_unknown.map(f => asked(c, f).text).join('<br>')),
          ])).text}` : '',
        ].filter(Boolean).join('\n\n')),
        risk_notes: say(t, 'risks_set', { ids: dpia.risks.map(r => r.id).join(', ') }),
      }),
    },
    actions: {
      values: () => {
        const plan = actionPlan(dpia, a, d);
        return {
          actions: plan.length ? table(['Risk', 'Action', 'Owner', 'Due', 'Status', 'Approver'], plan.map(x => [
            x.risk ? md(`${refs.get(x.risk) ?? ''} ${escapeMarkdown(dpia.risks.find(r => r.id === x.risk)?.title ?? x.risk)}`) : 'All',
            x.action,
            x.owner ?? md('*To be assigned*'),
            x.due ?? md('*To be set*'),
            (x.status ?? 'open').replace('_', ' '),
            x.approver ?? '',
          ])) : 'No action is outstanding.',
        };
      },
    },
    signoff: {
      values: () => {
        const dpo = a.dpo;
        const dpoText = dpo?.advice
          ? md([
            `${escapeMarkdownParagraphs(dpo.advice)}`,
            dpo.response === 'accepted' ? '**Response:** accepted.' : dpo.response === 'overruled' ? `**Response:** overruled. Reasons: ${escapeMarkdown(dpo.reason ?? '')}` : toComplete('Record whether the DPO\'s advice was accepted or overruled, and if overruled, why.').text,
          ].join('\n\n'))
          : toComplete(t.prompts.dpo);
        const ico = icoNeeded || icoDone || a.ico_consultation
          ? md([
            icoNeeded ? say(t, 'ico_required').text : icoDone ? '**Completed.**' : '',
            a.ico_consultation ? table(['Submitted', 'Reference', 'Advice received', 'Advice'], [[a.ico_consultation.submitted ?? '', a.ico_consultation.reference ?? '', a.ico_consultation.advice_received ?? '', a.ico_consultation.advice ?? '']]).text : '',
            a.ico_consultation?.submitted && !a.ico_consultation.advice_received
              ? say(t, 'ico_due', { submitted: a.ico_consultation.submitted, due: addDays(a.ico_consultation.submitted, 56), extended: addDays(a.ico_consultation.submitted, 98) }).text : '',
            icoNeeded ? say(t, 'ico_record').text : '',
          ].filter(Boolean).join('\n\n'))
          : dpia.residual_high === 'unknown' ? say(t, 'ico_unknown') : say(t, 'ico_not_required', { threshold: String(PRIOR_CONSULTATION_FROM) });
        return {
          conclusion: a.status === 'approved' && a.approver?.name ? md(`Approved by ${escapeMarkdown(a.approver.name)}${a.approver.date ? ` on ${escapeMarkdown(a.approver.date)}` : ''}.`) : toComplete(t.prompts.conclusion),
          ico,
          dpo: dpoText,
          signatures: table(['Role', 'Name and job title', 'Signature', 'Date'], [
            person('Author', a.author), person('Reviewer', a.reviewer),
            [`Data Protection Officer (advice${dpo?.response ? ` ${dpo.response}` : ''})`, dpo?.name ?? '', '', dpo?.date ?? ''],
            person('Approver (accepts the residual risks)', a.approver),
          ]),
          review_date: reviewDate,
          review_triggers: given(a.review_triggers, t.prompts.review_triggers),
        };
      },
    },
  };
  return buildDocument('dpia', specs, c, { ...common, purpose: capital(String(common.purpose)), frequency, review_date: reviewDate });
}

/** The action plan as CSV (UTF-8 with a byte order mark, so Excel reads it), one row per action. */
export function actionPlanCsv(decision: Decision, answers: DpiaAnswers): string {
  const dpia = decision.dpia!;
  const refs = riskRefs(dpia.risks);
  const title = (id: string | undefined) => (id ? dpia.risks.find(r => r.id === id)?.title ?? '' : '');
  const rows = actionPlan(dpia, answers, decision).map(a => [a.risk ? refs.get(a.risk) : '', a.risk ?? '', title(a.risk), a.measure ?? '', a.action, a.owner ?? '', a.due ?? '', a.status ?? 'open', a.approver ?? '', a.source]);
  return `\uFEFF${[['ref', 'risk', 'risk_title', 'measure', 'action', 'owner', 'due', 'status', 'approver', 'source'], ...rows].map(r => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

