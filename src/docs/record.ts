// The disclosure decision record: one document per one-off disclosure (ICO data sharing code, Annex B;
// GMC Confidentiality 2017), never an agreement: no start date, review cycle or destruction clause.
import type { FactItem } from '../core/types.js';
import { basesList } from './dsa.js';
import { bool, bullets, cat, commonValues, hasCondition, label, layerApplies, str, table, type DocContext } from './context.js';
import { whyNot } from './report.js';
import { escapeMarkdown, escapeMarkdownParagraphs } from './escape.js';
import { applicableClauses, buildDocument, type SectionSpec } from './sections.js';
import { md } from './template.js';
import { asSentence, clause, lowerFirst, sentence } from './wording.js';

const para = (s: string) => escapeMarkdownParagraphs(s);

function itemRows(c: DocContext): FactItem[] {
  const v = c.facts['data.items'];
  return Array.isArray(v) ? (v as FactItem[]).filter(i => i && typeof i === 'object' && typeof i.name === 'string') : [];
}

/** Whether the disclosure rests on an overriding public interest (relied on, or the route offered). */
export function reliesOnPublicInterest(c: DocContext): boolean {
  return c.decision.bases.some(b => b.id === 'cldc-public-interest')
    || c.decision.routes.some(r => r.id === 'public-interest-decision')
    || c.decision.conditions.some(x => x.id === 'caldicott-guardian-decision');
}


/**
 * The disclosure is refused: the assessment found it not lawful, or the decision-maker decided not
 * to disclose. The record then documents the refusal and its reasons, with no disclosure details.
 */
export const isRefused = (c: DocContext) => c.decision.verdict === 'not_lawful' || str(c, 'disclosure.decision') === 'refuse';

function decisionMaker(c: DocContext): { role: string; name: string } {
  const people = (c.facts['discloser.contacts'] ?? {}) as Record<string, { name?: string }>;
  // Confidential information: the Caldicott Guardian decides, and refuses (NDG guidance on Caldicott Guardians).
  if (reliesOnPublicInterest(c) || people.caldicott_guardian || (isRefused(c) && layerApplies(c, 'confidentiality'))) return { role: label(c, 'contact_role', 'caldicott_guardian'), name: people.caldicott_guardian?.name ?? '' };
  return { role: label(c, 'contact_role', 'siro'), name: people.siro?.name ?? '' };
}

export function recordSpecs(c: DocContext): Record<string, SectionSpec> {
  const d = c.decision;
  const v = commonValues(c);
  const cleared = d.verdict === 'lawful' || d.verdict === 'lawful_with_conditions';
  const refused = isRefused(c);
  // A draft of contradictory answers is never offered for signature.
  const forSignature = cleared && !refused && !c.draft?.length;
  const refusalForSignature = refused && !c.draft?.length;
  const bySelf = !str(c, 'request.by');
  const items = itemRows(c);
  const unjustified = items.filter(i => !i.justification?.trim());
  const justified = items.filter(i => i.justification?.trim());
  const maker = decisionMaker(c);
  const people = (c.facts['discloser.contacts'] ?? {}) as Record<string, { name?: string }>;
  return {
    cover: {
      unnumbered: true,
      values: () => ({
        request_date: str(c, 'request.date') ?? 'not recorded',
        decision_state: refused ? 'Refused: nothing is disclosed'
          : str(c, 'disclosure.decision') === 'disclose' && forSignature ? 'Disclose, as set out below'
            : forSignature ? 'For the decision-maker' : 'Not for decision',
        warning: refused
          ? md(`> **Refused.** ${escapeMarkdown(d.verdict === 'not_lawful'
            ? `${label(c, 'do_not_sign', d.verdict)} Nothing is disclosed; this record gives the reasons.`
            : 'The decision-maker decided not to disclose. Nothing is disclosed; this record gives the reasons.')}`)
          : cleared ? md('')
            : md(`> **Do not disclose on this record.** ${escapeMarkdown(`${label(c, 'do_not_sign', d.verdict)} The rationale report says what must happen first.`)}`),
        status: refused
          ? md(refusalForSignature
            ? `**Record of a refusal.** Prepared with igcheck ${escapeMarkdown(c.igcheckVersion)} on ${d.as_of} from the answers recorded with it. The decision-maker confirms the refusal and signs it in the last section.`
            : `**Draft record of a refusal.** Prepared with igcheck ${escapeMarkdown(c.igcheckVersion)} on ${d.as_of} from answers that contradict each other; it has no signature section until they are resolved.`)
          : forSignature
          ? md(`**For decision.** Prepared with igcheck ${escapeMarkdown(c.igcheckVersion)} on ${d.as_of} from the answers recorded with it. The decision-maker records the decision and signs it in the last section.`)
          : md(`**Not for decision.** Prepared with igcheck ${escapeMarkdown(c.igcheckVersion)} on ${d.as_of} from the answers recorded with it. It has no signature section: a new assessment must clear the disclosure first.`),
      }),
    },
    request: {
      values: () => {
        const by = str(c, 'request.by');
        const kind = label(c, 'org_type', str(c, 'recipient.type'), 'organisation type not recorded');
        // No doubled brackets when the name already ends with one: "Police (Major Crime Team), police force".
        const org = String(v.recipient_name).trim().endsWith(')') ? `${v.recipient_name}, ${kind}` : `${v.recipient_name} (${kind})`;
        const power = str(c, 'request.power') ?? str(c, 'gateway.legal_requirement_ref');
        return {
          requester: by ? sentence(`The request was made by ${clause(by)}, for ${org}.`)
            : refused ? sentence(`The disclosure considered was to ${org}. No named requester is recorded; a referral the discloser considers on its own initiative has none.`)
              : sentence(`The information goes to ${org}. No named requester is recorded; a referral the discloser makes on its own initiative has none.`),
          power: power
            ? sentence(`The requester relied on ${lowerFirst(clause(power))}.${bool(c, 'gateway.legal_requirement') === true ? ' The law requires the disclosure.' : bool(c, 'gateway.legal_requirement') === false ? ' No law requires the disclosure, so it is a decision for the discloser.' : ''}`)
            : md(bool(c, 'gateway.legal_requirement') === true ? 'The law requires the disclosure; the provision is not recorded.'
              : 'No law is recorded that requires the disclosure, so disclosing is a decision for the discloser, not a duty.'),
          description: md(str(c, 'description') ? para(str(c, 'description')!) : ''),
        };
      },
    },
    necessity: {
      include: () => !refused,
      values: () => {
        const parts: string[] = [escapeMarkdown(`The information is sought for ${v.purpose}.`)];
        if (bool(c, 'harm.serious') === true) parts.push('The request concerns a risk of serious harm to others or a serious crime.');
        else if (bool(c, 'harm.serious') === false) parts.push('The request does not concern a risk of serious harm or a serious crime.');
        if (bool(c, 'sharing.emergency') === true) parts.push('It is made in an emergency.');
        if (justified.length) parts.push(`Each item disclosed is needed for the reason given beside it in the next section.`);
        return { necessity: md(parts.join(' ')) };
      },
    },
    disclosed: {
      include: () => !refused,
      values: () => ({
        lead: forSignature ? 'Only the minimum necessary is disclosed (Caldicott principle 3; UK GDPR Article 5(1)(c)).'
          : 'Nothing is disclosed on this record. These are the items asked for, and why the requester needs them.',
        disclosed: justified.length
          ? table([forSignature ? 'Disclosed' : 'Asked for', 'Why it is needed'], justified.map(i => [i.name!, i.justification!]))
          : md(items.length ? 'No item asked for has a recorded reason why it is needed, so nothing is disclosed until one is recorded.' : 'The items to be disclosed are not recorded.'),
        withheld: md([
          unjustified.length ? `Withheld, because no reason was recorded for needing it: ${escapeMarkdown(unjustified.map(i => i.name!).join('; '))}.` : '',
          str(c, 'disclosure.withheld') ? `Also withheld: ${para(str(c, 'disclosure.withheld')!)}` : '',
          !unjustified.length && !str(c, 'disclosure.withheld') ? 'Nothing asked for is withheld.' : '',
        ].filter(Boolean).join('\n\n')),
      }),
    },
    basis: {
      include: () => !refused && (layerApplies(c, 'art6') || layerApplies(c, 'confidentiality')),
      values: () => ({
        bases: basesList(d, ['art6', 'art9', 'art10', 'confidentiality', 'transfer']),
      }),
    },
    told: {
      include: () => !refused,
      values: () => {
        const informed = bool(c, 'individual.informed');
        const reason = str(c, 'individual.not_told_reason');
        if (informed === true) return { told: md('The person knows of, or would reasonably expect, this disclosure.') };
        if (informed === undefined) return { told: md('Whether the person has been told is not recorded.') };
        if (reason) return { told: sentence(`The person has not been told, because ${lowerFirst(clause(reason).replace(/^because\s+/i, ''))}`) };
        if (bool(c, 'consent.would_prejudice') === true) return { told: md('The person has not been told, because telling them would prejudice the purpose of the disclosure. They should be told once that is no longer so, unless it would put someone at risk.') };
        return { told: md('The person has not been told, and nothing recorded shows that telling them would prejudice the purpose or put anyone at risk, so they should be told.') };
      },
    },
    handling: {
      include: () => !refused,
      values: () => {
        const sec = bool(c, 'controls.secure_transfer');
        const keep = str(c, 'controls.retention');
        return {
          handling: md([
            sec === true ? 'The information is sent over a secure, approved channel.' : sec === false ? 'The information is sent only once a secure, approved channel is in place.' : 'The information is sent over a secure, approved channel agreed with the requester.',
            keep ? escapeMarkdown(sentence(`After receipt, the recipient holds it as follows: ${lowerFirst(clause(keep))}`).text) : '',
            'A copy of what was disclosed is kept with this record.',
          ].filter(Boolean).join(' ')),
        };
      },
    },
    conditions: {
      include: () => !refused && d.conditions.length > 0,
      values: () => ({ conditions: table(['Step', 'Why', 'Source'], d.conditions.map(x => [md(`**${escapeMarkdown(x.title)}**`), x.reason, x.citation])) }),
    },
    balancing: {
      include: () => !refused && reliesOnPublicInterest(c),
      values: () => ({
        recorded: label(c, 'public_interest_decision', str(c, 'public_interest.decision'), ''),
        balancing: table(['Question', 'The Caldicott Guardian\'s reasons'], [
          ['What public interest does disclosure serve?', ''],
          ['What harm could disclosure do to the person, and to trust in confidential services?', ''],
          ['Why is disclosure necessary and proportionate, and could less be disclosed?', ''],
          ['Why is the person\'s consent not sought, or their objection overridden?', ''],
        ]),
      }),
    },
    asked: {
      include: () => refused,
      values: () => ({
        asked: items.length
          ? table(['Asked for', bySelf ? 'Why it was thought to be needed' : 'Why the requester said it was needed'], items.map(i => [i.name!, i.justification?.trim() || 'No reason was given']))
          : md('The items asked for are not recorded.'),
      }),
    },
    refusal: {
      include: () => refused,
      values: () => {
        const defs = new Map(c.pack.bases.map(b => [b.id, b]));
        // Each legal layer with no basis on these facts, and why each basis it offers is not available.
        const failing = d.layers.filter(l => l.status === 'not_met' && l.id !== 'scope');
        const legal = failing.map(l => [
          cat(md('**'), l.title, md('.** No basis is available on these facts ('), l.citation.startsWith(l.title) ? l.citation.slice(l.title.length).trim().replace(/^\((.*)\)(.*)$/, '$1$2') : l.citation, md('):')).text,
          bullets(l.options.filter(o => o.status === 'not_met').map(o => cat(md('**'), defs.get(o.id)?.title ?? o.title, md('**: '), whyNot(c, o)))).text,
        ].join('\n\n'));
        const required = bool(c, 'gateway.legal_requirement') === true;
        const reasons = str(c, 'disclosure.refusal_reasons');
        return {
          legal: md(d.verdict === 'not_lawful'
            ? [`The assessment found that the disclosure would not be lawful on the facts given${str(c, 'disclosure.decision') === 'disclose' ? ', so it is refused even though a decision to disclose was recorded' : ''}.`, ...legal].join('\n\n')
            : escapeMarkdown(`${d.verdict === 'lawful' ? 'The assessment found that the disclosure could lawfully be made.'
              : d.verdict === 'lawful_with_conditions' ? 'The assessment found that the disclosure could lawfully be made once its conditions were met.'
                : d.verdict === 'needs_review' ? 'The assessment had not settled whether the disclosure would be lawful: it turned on a judgement still to be made.'
                  : 'The assessment had not settled whether the disclosure would be lawful: facts were missing.'} ${required
              ? 'The answers record that a law requires this disclosure: take legal advice before refusing it, and record that advice here.'
              : 'No law is recorded that requires the disclosure, so refusing it is a decision the discloser may take.'}`)),
          routes: d.verdict === 'not_lawful' && d.routes.length
            ? md(`What would have to change for a disclosure to be considered again:\n\n${bullets(d.routes.map(r => cat(md('**'), r.title, md('**: '), r.reason))).text}`)
            : md(''),
          reasons: reasons
            ? cat(md('The decision-maker\'s reasons, as recorded: '), asSentence(reasons))
            : md('The decision-maker records their own reasons in the last section.'),
        };
      },
    },
    decision: {
      include: () => forSignature,
      values: () => ({
        decision: md(`The decision-maker records the decision and the reasons for it, having read the rationale report${hasCondition(c, 'minimise-data') ? ' and removed the items withheld above' : ''}.`),
        blocks: md([
          table(['Decision', 'Tick one'], [['Disclose the items listed as disclosed above', ''], ['Do not disclose', '']]).text,
          table(['Reasons for the decision'], [['']]).text,
          table(['Role', 'Name', 'Signature', 'Date'], [
            [maker.role, maker.name, '', ''],
            [`${label(c, 'contact_role', 'dpo')} (advice given)`, people.dpo?.name ?? '', '', ''],
          ]).text,
        ].join('\n\n')),
      }),
    },
    refused_decision: {
      include: () => refusalForSignature,
      values: () => ({
        decision: md('The decision-maker confirms that the information is not disclosed, for the reasons above and any of their own, and records when the requester was told.'),
        blocks: md([
          table(['Decision', 'Confirmed'], [['Do not disclose', '']]).text,
          table(['Reasons for the decision'], [[str(c, 'disclosure.refusal_reasons') ?? '']]).text,
          ...(bySelf ? [] : [table(['Requester told of the refusal by', 'Date', 'How'], [['', '', '']]).text]),
          table(['Role', 'Name', 'Signature', 'Date'], [
            [maker.role, maker.name, '', ''],
            [`${label(c, 'contact_role', 'dpo')} (advice given)`, people.dpo?.name ?? '', '', ''],
          ]).text,
        ].join('\n\n')),
      }),
    },
  };
}

/** The disclosure decision record as Markdown. */
export function buildRecord(c: DocContext): string {
  const clauses = applicableClauses(c);
  return buildDocument('record', recordSpecs(c), c, commonValues(c), clauses);
}
