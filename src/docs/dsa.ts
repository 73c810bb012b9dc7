// The data sharing agreement draft: ICO data sharing code headings plus what health and care need.
import type { Decision, FactItem } from '../core/types.js';
import {
  bool, bullets, cat, commonValues, hasCondition, label, layer, layerApplies, list, str, table, type DocContext,
} from './context.js';
import { escapeMarkdown, escapeMarkdownParagraphs } from './escape.js';
import { applicableClauses, buildDocument, renderClauses, type SectionSpec } from './sections.js';
import { md, type Md } from './template.js';
import { clause, lowerFirst, sentence } from './wording.js';

const HEALTH_CARE_TYPES = ['nhs_trust', 'gp_practice', 'nhs_commissioner', 'nhs_national', 'local_authority', 'independent_care_provider', 'independent_health_provider'];

/** Bases of some layers, each with its citation and the reason it applies. */
export function basesList(d: Decision, layers: string[]): Md {
  const bases = d.bases.filter(b => layers.includes(b.layer));
  if (!bases.length) return md('No basis is available on the facts assessed; see the rationale report.');
  return bullets(bases.map(b => cat(md(`**${escapeMarkdown(b.title)}**`), ` (${b.citation}). ${b.reason}`)));
}

function items(c: DocContext): Md {
  const v = c.facts['data.items'];
  const rows = Array.isArray(v) ? (v as FactItem[]).filter(i => i && typeof i === 'object') : [];
  if (!rows.length) return md('*The data items have not been listed. They must be listed, each with its justification, before sharing.*');
  return table(['Data item', 'Why it is needed'], rows.map(i => [i.name ?? '', i.justification?.trim() ? i.justification : md('**No justification given**')]));
}

function contacts(c: DocContext): Md {
  const rows: (string | Md)[][] = [];
  for (const party of ['discloser', 'recipient']) {
    const org = str(c, `${party}.name`) ?? party;
    const v = c.facts[`${party}.contacts`] as Record<string, { name?: string; email?: string }> | undefined;
    for (const [role, person] of Object.entries(v ?? {})) rows.push([org, label(c, 'contact_role', role), person.name ?? '', person.email ?? '']);
  }
  if (!rows.length) return md('The parties name their information governance contacts in the approval section.');
  return table(['Organisation', 'Role', 'Name', 'E-mail'], rows);
}

function party(c: DocContext, p: 'discloser' | 'recipient'): (string | Md)[] {
  const funded = bool(c, `${p}.publicly_funded_care`) ? ' (care arranged or funded by a public body)' : '';
  const role = p === 'discloser' ? 'controller' : label(c, 'role', str(c, 'recipient.role') ?? 'controller');
  return [p === 'discloser' ? 'Discloser' : 'Recipient', str(c, `${p}.name`) ?? 'not named', `${label(c, 'org_type', str(c, `${p}.type`))}${funded}`, role];
}

function signoffBlocks(c: DocContext): Md {
  const blocks: string[] = [];
  for (const p of ['discloser', 'recipient'] as const) {
    const org = str(c, `${p}.name`) ?? (p === 'discloser' ? 'the discloser' : 'the recipient');
    const type = str(c, `${p}.type`);
    const people = (c.facts[`${p}.contacts`] ?? {}) as Record<string, { name?: string }>;
    // Every organisation's SIRO, Caldicott Guardian and DPO sign, whatever was left unknown; an
    // organisation outside health and care signs through its equivalent of a Caldicott Guardian.
    const careBody = type === undefined || HEALTH_CARE_TYPES.includes(type) || bool(c, `${p}.publicly_funded_care`) === true;
    const rows = type === 'individual'
      ? [['Recipient', str(c, 'recipient.name') ?? '', '', '']]
      : ['siro', 'caldicott_guardian', 'dpo'].map(r => [
        r === 'caldicott_guardian' && !careBody ? `${label(c, 'contact_role', r)} or equivalent` : label(c, 'contact_role', r), people[r]?.name ?? '', '', '']);
    blocks.push(`### For ${escapeMarkdown(org)}\n\n${table(['Role', 'Name', 'Signature', 'Date'], rows).text}`);
  }
  return md(blocks.join('\n\n'));
}

function controls(c: DocContext): Md {
  const yes = (id: string, good: string, bad: string, unknown: string) => bool(c, id) === true ? good : bool(c, id) === false ? bad : unknown;
  return bullets([
    yes('controls.secure_transfer', 'Data is transferred only over a secure, approved channel.', 'The transfer channel must be made secure before sharing starts.', 'The parties agree a secure, approved transfer channel before sharing starts.'),
    yes('controls.need_to_know', 'Access at the recipient is limited by role to those who need to know.', 'The recipient must restrict access to those who need to know.', 'The recipient restricts access by role to those who need to know.'),
    yes('controls.staff_trained', 'Staff with access are trained in, and bound to, confidentiality.', 'Staff with access must be trained in and bound to confidentiality.', 'Staff with access are trained in, and bound to, confidentiality.'),
    'Each party keeps an audit trail of access to the shared data and makes it available to the other on request.',
  ]);
}

/** Why the national data opt-out does not apply, from the confidentiality basis relied on. */
function optOutReason(c: DocContext): string {
  const chosen = layer(c, 'confidentiality')?.chosen ?? [];
  const reason = c.labels.opt_out_reason ?? {};
  const why = chosen.map(id => reason[id]).find(Boolean);
  return why ? `The national data opt-out does not apply: ${why} (NDOO operational policy guidance, sections 5-7).`
    : 'The national data opt-out applies only to confidential patient information leaving individual care under section 251 support; that is not the basis here.';
}

export function dsaSpecs(c: DocContext): Record<string, SectionSpec> {
  const d = c.decision;
  const identifiability = str(c, 'data.identifiability');
  const role = str(c, 'recipient.role') ?? 'controller';
  const clauses = applicableClauses(c);
  const cleared = d.verdict === 'lawful' || d.verdict === 'lawful_with_conditions';
  // A draft of contradictory answers is never offered for signature.
  const forSignature = cleared && !c.draft?.length;
  const deceased = bool(c, 'subjects.deceased') === true;
  const processor = role === 'processor';
  const spec: Record<string, SectionSpec> = {
    cover: {
      unnumbered: true,
      // A board must not sign a draft the assessment did not clear: say so before anything else.
      values: () => ({
        document_kind: 'Data sharing agreement',
        warning: cleared ? md('')
          : md(`> **Do not sign.** ${escapeMarkdown(`${label(c, 'do_not_sign', d.verdict)} This draft records what an agreement would contain; the rationale report says what must happen first.`)}`),
        status: forSignature
          ? md(`**Draft for approval.** Prepared with igcheck ${escapeMarkdown(c.igcheckVersion)} on ${d.as_of} from the answers recorded with it. The parties' senior officers approve it by signing the approval section; until then it is a draft.`)
          : md(`**Not for approval.** Prepared with igcheck ${escapeMarkdown(c.igcheckVersion)} on ${d.as_of} from the answers recorded with it. It has no approval section: a new assessment must clear the sharing first.`),
      }),
    },
    purpose: { values: () => ({ data_kind: identifiability === 'anonymised' ? 'anonymised information' : deceased ? 'confidential information about people who have died (not personal data under UK GDPR, but still held in confidence)' : 'personal data', description: md(str(c, 'description') ? escapeMarkdownParagraphs(str(c, 'description')!) : '*No description was given.*') }) },
    parties: { values: () => ({ parties_table: table(['Party', 'Organisation', 'Type', 'Role'], [party(c, 'discloser'), party(c, 'recipient')]), contacts: contacts(c) }) },
    'joint-controllers': {
      include: () => role === 'joint_controller',
      values: () => ({ arrangement: bool(c, 'controls.joint_arrangement') ? 'The parties have an Article 26 arrangement in place.' : 'The parties must put an Article 26 arrangement in place before sharing starts.' }),
    },
    processor: {
      include: () => role === 'processor',
      values: () => ({ contract: bool(c, 'controls.processor_contract') ? 'That contract is in place.' : 'That contract must be in place before processing starts.' }),
    },
    'data-items': { values: () => ({ identifiability: label(c, 'identifiability', identifiability), categories: list(c, 'data.categories').map(x => label(c, 'category', x)).join(', ') || 'not stated', items: items(c) }) },
    'lawful-basis': {
      include: () => layerApplies(c, 'art6'),
      values: () => ({
        bases: basesList(d, ['art6']),
        statutory_power: str(c, 'gateway.legal_requirement_ref')
          ? cat('The disclosure is required by ', md(`**${escapeMarkdown(str(c, 'gateway.legal_requirement_ref')!)}**`), '.')
          : md('Each party acts within its own statutory powers and functions; a public body relies on the powers that create the functions the sharing serves.'),
      }),
    },
    'special-category': {
      include: () => layerApplies(c, 'art9') || layerApplies(c, 'art10'),
      values: () => ({
        bases: basesList(d, ['art9', 'art10']),
        apd: hasCondition(c, 'appropriate-policy-document') ? 'The discloser must have an Appropriate Policy Document (DPA 2018 Sch 1 Part 4) before sharing.'
          : bool(c, 'controls.apd') ? 'The discloser has an Appropriate Policy Document (DPA 2018 Sch 1 Part 4) covering the condition relied on, where that condition needs one.'
            : md('Where a Schedule 1 condition relied on needs one, the discloser keeps an Appropriate Policy Document (DPA 2018 Sch 1 Part 4).'),
      }),
    },
    confidentiality: {
      include: () => layerApplies(c, 'confidentiality'),
      values: () => {
        const intros = c.labels.confidentiality_intro ?? {};
        const chosen = layer(c, 'confidentiality')?.chosen ?? [];
        return { intro: chosen.map(id => intros[id]).find(Boolean) ?? intros.default ?? '', bases: basesList(d, ['confidentiality']) };
      },
    },
    'opt-out': {
      include: () => layerApplies(c, 'confidentiality') || layerApplies(c, 'opt_out'),
      values: () => {
        const l = layer(c, 'opt_out');
        if (!l || l.status === 'not_applicable') return { position: optOutReason(c) };
        return { position: cat(l.reason, hasCondition(c, 'apply-opt-outs') ? ' The discloser applies national data opt-outs before every disclosure.' : '') };
      },
    },
    'nhs-number': {
      // HSCA 2012 s251A is about information processed for a person's care (direct care only).
      include: () => list(c, 'data.categories').some(x => x === 'health' || x === 'social_care') && layerApplies(c, 'art6') && str(c, 'purpose') === 'direct_care',
      values: () => ({
        position: hasCondition(c, 'include-nhs-number') ? 'The NHS number must be included as the identifier.'
          : bool(c, 'data.nhs_number') ? 'The NHS number is included as the identifier.' : 'The NHS number is not included.',
      }),
    },
    rights: {
      include: () => layerApplies(c, 'art6'),
      values: () => ({
        requests: processor
          ? 'The discloser, as controller, answers individuals\' requests (access, rectification, erasure where it applies, restriction, objection) within one month; the recipient passes any request it receives to the discloser at once and helps it respond (UK GDPR Article 28(3)(e)).'
          : 'Each party handles requests made to it (access, rectification, erasure where it applies, restriction, objection) within one month, tells the other party within five working days of any request that affects the shared data, and helps the other party to respond.',
        transparency: hasCondition(c, 'privacy-information') ? 'The discloser must publish or update privacy information covering this sharing before it starts (UK GDPR Articles 13 and 14).'
          : bool(c, 'controls.privacy_notice') ? 'The parties\' published privacy information covers this sharing (UK GDPR Articles 13 and 14).'
            : 'Each party\'s privacy information must cover this sharing (UK GDPR Articles 13 and 14).',
      }),
    },
    retention: { values: () => ({ disposal: processor
      ? 'At the end of the service, or on the discloser\'s instruction, the recipient deletes or returns all the data, as the discloser chooses, deletes existing copies unless the law requires it to keep them, and confirms this in writing (UK GDPR Article 28(3)(g)).'
      : 'When the retention period ends, or this agreement ends, the recipient securely destroys the data (or returns it where the parties agree) and confirms destruction in writing.', retention: str(c, 'controls.retention') ? sentence(`The recipient keeps the data as follows: ${lowerFirst(clause(str(c, 'controls.retention')!))}`) : md('*The retention period has not been stated. The parties must agree it before sharing starts.*') }) },
    security: {
      values: () => {
        const dspt = str(c, 'recipient.dspt');
        return {
          dspt: cat(`The recipient's latest Data Security and Protection Toolkit outcome: `, md(`**${escapeMarkdown(label(c, 'dspt', dspt))}**`), '.',
            hasCondition(c, 'recipient-assurance') ? ' The recipient must reach Standards Met, or give assurance the discloser accepts as equivalent, before sharing starts.' : ''),
          controls: controls(c),
        };
      },
    },
    accuracy: {},
    breach: {},
    dpia: {
      values: () => {
        const s = str(c, 'controls.dpia');
        return { dpia: cat(`Data protection impact assessment: ${label(c, 'dpia', s)}.`, hasCondition(c, 'dpia') ? ' A DPIA is required (UK GDPR Article 35) and must be completed before sharing starts; record its reference here: ____________.' : ' Reference: ____________.') };
      },
    },
    transfers: {
      include: () => layerApplies(c, 'transfer'),
      values: () => {
        const mech = str(c, 'controls.transfer_mechanism');
        const met = d.bases.some(b => b.layer === 'transfer');
        const where = `The recipient processes or accesses the data in ${label(c, 'location', str(c, 'recipient.location'))}.`;
        if (!met) return { position: md(`${escapeMarkdown(where)} **No transfer may take place** until a transfer mechanism (the IDTA, the Addendum or binding corporate rules) and a documented assessment that the data protection test is met are in place, or the data stays in the UK or a destination approved by regulations (UK GDPR Articles 45A and 46(1A), as amended by the Data (Use and Access) Act 2025).`) };
        return {
          position: md([
            escapeMarkdown(where),
            basesList(d, ['transfer']).text,
            mech && mech !== 'none' ? escapeMarkdown(`Safeguard: ${label(c, 'transfer_mechanism', mech)}.`) : '',
            hasCondition(c, 'transfer-mechanism') ? escapeMarkdown('The documented transfer assessment must be completed before any transfer.') : '',
          ].filter(Boolean).join('\n\n')),
        };
      },
    },
    'onward-sharing': {
      values: () => ({
        onward: processor
          ? 'The recipient processes the data only on the discloser\'s documented instructions, including as to transfers, and does not use it for its own purposes or disclose it to anyone else unless the law requires it (UK GDPR Article 28(3)(a) and 29).'
          : 'The recipient does not share the data with any other organisation, or use it for another purpose, unless the law requires it or the discloser agrees in writing after its own assessment.',
      }),
    },
    pseudonymised: {
      include: () => identifiability === 'pseudonymised',
      values: () => ({ reidentification: bool(c, 'data.recipient_can_reidentify') === false ? 'The discloser keeps the key; the recipient has no means to re-identify.' : 'The recipient keeps any means of re-identification separate and under strict access control.' }),
    },
    conditions: {
      include: () => d.conditions.length > 0,
      values: () => ({ conditions: table(['Condition', 'Who acts', 'Why', 'Citation'], d.conditions.map(x => [md(`**${escapeMarkdown(x.title)}**`), label(c, 'owner', x.owner, 'Both parties'), x.reason, x.citation])) }),
    },
    local: { include: () => false },
    review: {
      values: () => ({
        review: md(`The parties review this agreement by **${escapeMarkdown(String(commonValues(c).review_date))}**, and sooner if the law, the purpose, the data or the parties change, or after a breach. Either party may suspend sharing at once where it believes the sharing is no longer lawful, and may end this agreement on one month's written notice. The retention, security, confidentiality and destruction terms survive its end.`),
      }),
    },
    // Only a share the assessment cleared is offered for signature.
    signoff: { include: () => forSignature, values: () => ({ blocks: signoffBlocks(c) }) },
  };
  // Local clauses go into the section they name when it is included; the rest into "Local terms".
  const included = new Set(Object.entries(spec).filter(([, s]) => !s.include || s.include(c)).map(([k]) => k));
  const homeless = clauses.filter(cl => !included.has(cl.section));
  spec.local = { include: () => homeless.length > 0, values: () => ({ clauses: renderClauses(homeless) }) };
  return spec;
}

/** The DSA draft as Markdown. */
export function buildDsa(c: DocContext): string {
  const clauses = applicableClauses(c);
  return buildDocument('dsa', dsaSpecs(c), c, commonValues(c), clauses);
}


