// The agreement between many organisations as Markdown, from templates/parties/: the parties, the
// flows, the party-by-layer matrix, each party's duties, the Art 26 arrangement between joint
// controllers, the common terms (or, for a schedule, the overarching agreement it sits under), and
// every party's signing blocks. Rendered to HTML, Word and PDF by the document model in src/docs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { FactItem } from '../core/types.js';
import { bullets, commonValues, label, list, str, table, type DocContext } from '../docs/context.js';
import { escapeMarkdown, escapeMarkdownParagraphs } from '../docs/escape.js';
import { buildDocument, type SectionSpec } from '../docs/sections.js';
import { md, templatesDir, type Md } from '../docs/template.js';
import { clause } from '../docs/wording.js';
import { cleared, type AgreementDecision, type MatrixCell } from './decide.js';
import { requiredRoles } from './roster.js';
import type { Party } from './types.js';

export type PartiesText = Record<string, string> & {
  kind: Record<string, string>; kind_row: Record<string, string>; status: Record<string, string>; responsibility: Record<string, string>; party_role: Record<string, string>;
};
export const loadPartiesText = (dir = templatesDir()): PartiesText => parse(readFileSync(join(dir, 'parties', 'words.yaml'), 'utf8')) as PartiesText;

/** `{name}` placeholders in a words.yaml sentence (values are already Markdown-safe or escaped here). */
const say = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => v[k] ?? `{${k}}`);

const orgName = (p: Party) => `${p.name}${p.ods ? ` (${p.ods})` : ''}`;

/** The layers shown in the matrix: those that apply to at least one party's flows. */
export function matrixLayers(a: AgreementDecision) {
  const shown = (l: { id: string }) => a.matrix.some(r => r.cells[l.id] && r.cells[l.id].status !== 'not_applicable' && r.cells[l.id].status !== 'none');
  // The rules' own scope (England) is shown only where it fails: met everywhere, it says nothing to a board.
  const scopeMet = a.matrix.every(r => !r.cells.scope || r.cells.scope.status === 'met' || r.cells.scope.status === 'none');
  return a.layers.filter(l => shown(l) && !(l.id === 'scope' && scopeMet));
}

/** The unsettled notes, numbered, with the parties each applies to. */
function unsettledNotes(a: AgreementDecision) {
  const notes = new Map<string, string[]>();
  for (const r of a.matrix) for (const c of Object.values(r.cells)) for (const u of c.unsettled) {
    const ps = notes.get(u) ?? [];
    if (!ps.includes(r.party.name)) ps.push(r.party.name);
    notes.set(u, ps);
  }
  return [...notes];
}

function cellText(c: DocContext, cell: MatrixCell | undefined, noteNo: (text: string) => number): Md {
  if (!cell || cell.status === 'none') return md('-');
  const status = `**${escapeMarkdown(label(c, 'layer_status', cell.status))}**`;
  if (cell.status === 'not_applicable') return md(status);
  const marks = cell.unsettled.map(u => `†${noteNo(u)}`).join(' ');
  const basis = cell.bases.length ? `: ${escapeMarkdown(cell.bases.join('; '))}` : '';
  return md(`${status}${basis}${marks ? ` ${marks}` : ''}`);
}

export function matrixTable(c: DocContext, a: AgreementDecision, t: PartiesText): Md {
  const layers = matrixLayers(a);
  const notes = unsettledNotes(a).map(([text]) => text);
  const noteNo = (text: string) => notes.indexOf(text) + 1;
  return table(['Party', ...layers.map(l => l.title), 'Outcome'], a.matrix.map(r => [
    md(`**${escapeMarkdown(r.party.name)}**<br>${escapeMarkdown(label(c, 'org_type', r.party.type))}`),
    ...layers.map(l => cellText(c, r.cells[l.id], noteNo)),
    r.verdict === 'none' ? t.receives_only : md(`**${escapeMarkdown(label(c, 'verdict', r.verdict))}**`),
  ]));
}

function items(c: DocContext): Md {
  const v = c.facts['data.items'];
  const rows = Array.isArray(v) ? (v as FactItem[]).filter(i => i && typeof i === 'object') : [];
  if (!rows.length) return md('*The data items have not been listed. They must be listed, each with its justification, before sharing.*');
  return table(['Data item', 'Why it is needed'], rows.map(i => [i.name ?? '', i.justification?.trim() ? i.justification : md('**No justification given**')]));
}

function signoffBlocks(c: DocContext, a: AgreementDecision, t: PartiesText): Md {
  const active = a.roster.parties.filter(p => !p.left);
  return md(active.map(p => {
    const care = requiredRoles({ ...p, signs_as: undefined }).includes('caldicott_guardian');
    const rows = requiredRoles(p).map(r => {
      const role = label(c, 'contact_role', r);
      return [r === 'caldicott_guardian' && !care ? say(t.sign_role_equivalent, { role }) : role, p.contacts?.[r]?.name ?? '', '', ''];
    });
    // Each party's block is kept on one page.
    return `<div class="approval">\n\n### For ${escapeMarkdown(orgName(p))}\n\n${table(['Role', 'Name', 'Signature', 'Date'], rows).text}\n\n</div>`;
  }).join('\n\n'));
}

function duties(c: DocContext, a: AgreementDecision, t: PartiesText): Md {
  return md(a.duties.filter(d => !d.party.left).map(d => {
    const parts: string[] = [`### ${escapeMarkdown(orgName(d.party))}`];
    if (d.conditions.length) {
      parts.push(table(['Condition', 'Why', 'Citation'], d.conditions.map(x => [
        md(`**${escapeMarkdown(x.title)}**<br>${escapeMarkdown(say(t.condition_flows, { flows: x.flows.join(', ') }))}`), x.reason, x.citation])).text);
    }
    if (d.blocking.length) {
      parts.push(escapeMarkdown(say(t.blocking, { flows: d.blocking.map(b => `${b.flow} to ${b.to} (${label(c, 'verdict', b.verdict)})`).join('; ') })));
      parts.push(d.routes.length ? bullets(d.routes.map(r => md(`**${escapeMarkdown(r.title)}**: ${escapeMarkdown(r.reason)}`))).text : escapeMarkdown(t.no_routes));
    }
    if (!d.conditions.length && !d.blocking.length) parts.push(escapeMarkdown(t.nothing_to_do));
    return parts.join('\n\n');
  }).join('\n\n'));
}

function responsibilities(c: DocContext, a: AgreementDecision, t: PartiesText): Md {
  const j = a.roster.agreement.joint ?? {};
  const who = (v: string | undefined) => (!v || v === 'each' ? t.each : orgName(a.roster.parties.find(p => p.id === v) ?? { id: v, name: v, type: '', role: 'controller' }));
  return table(['Responsibility', 'Who'], [
    [t.responsibility.rights_requests, who(j.rights_requests)],
    [t.responsibility.privacy_information, who(j.privacy_information)],
    [t.responsibility.contact_point, j.contact_point ?? md(`**${escapeMarkdown(t.contact_point_missing)}**`)],
    [t.responsibility.essence, t.essence_who],
  ]);
}

export function agreementSpecs(c: DocContext, a: AgreementDecision, t: PartiesText): Record<string, SectionSpec> {
  const kind = a.roster.agreement.kind;
  const ok = cleared(a.verdict);
  const forSignature = ok && !c.draft?.length;
  const active = a.roster.parties.filter(p => !p.left);
  const joint = active.filter(p => p.role === 'joint_controller');
  const processors = active.filter(p => p.role === 'processor');
  const identifiability = str(c, 'data.identifiability');
  const retention = str(c, 'controls.retention');
  const common = commonValues(c);
  return {
    cover: {
      unnumbered: true,
      values: () => ({
        document_kind: t.kind[kind],
        agreement_kind: t.kind_row[kind],
        version: a.roster.agreement.version ?? '1',
        party_count: String(active.length),
        flow_count: String(a.flows.length),
        warning: ok ? md('') : md(`> **Do not sign.** ${escapeMarkdown(say(t.do_not_sign, { verdict: label(c, 'verdict', a.verdict), duties: '{duties}' }))}`),
        status: md(say(forSignature ? t.status.for_signature : t.status.not_for_signature, { version: escapeMarkdown(c.igcheckVersion), date: a.as_of, duties: '{duties}' })),
        overarching: a.roster.agreement.overarching
          ? md(`Under the overarching agreement ${a.roster.agreement.overarching.title ? `**${escapeMarkdown(a.roster.agreement.overarching.title)}**, ` : ''}manifest digest \`${a.roster.agreement.overarching.digest}\`.`)
          : md(''),
      }),
    },
    purpose: {
      values: () => ({
        data_kind: identifiability === 'anonymised' ? 'anonymised information' : 'personal data',
        description: md(str(c, 'description') ? escapeMarkdownParagraphs(str(c, 'description')!) : '*No description was given.*'),
        identifiability: label(c, 'identifiability', identifiability),
        categories: list(c, 'data.categories').map(x => label(c, 'category', x)).join(', ') || 'not stated',
        items: items(c),
      }),
    },
    parties: {
      values: () => ({
        parties_table: table(['Organisation', 'ODS code', 'Type', 'Role', 'DSPT'], a.roster.parties.map(p => [
          md(`**${escapeMarkdown(p.name)}**${p.left ? `<br>Left on ${escapeMarkdown(p.left.date)}` : ''}`), p.ods ?? '-',
          `${label(c, 'org_type', p.type)}${p.publicly_funded_care ? ' (publicly funded care)' : ''}`, t.party_role[p.role] ?? p.role, label(c, 'dspt', p.dspt)])),
        roles: md([
          processors.length ? escapeMarkdown(say(t.processor, {
            names: processors.map(p => p.name).join(', '), verb: processors.length > 1 ? 'act as' : 'acts as', pronoun: processors.length > 1 ? 'they' : 'it', process: processors.length > 1 ? 'process' : 'processes', is_party: processors.length > 1 ? 'are' : 'is',
          })) : '',
          escapeMarkdown(t.controllers),
        ].filter(Boolean).join(' ')),
      }),
    },
    flows: {
      values: () => ({
        flows_table: a.flows.length ? table(['Flow', 'Disclosed by', 'Received by', 'Outcome'], a.roster.flows.map(f => {
          const mine = a.flows.filter(x => x.flow.id === f.id);
          const verdict = mine.reduce<string | undefined>((v, x) => (v === undefined || ['not_lawful', 'incomplete', 'needs_review', 'lawful_with_conditions', 'lawful'].indexOf(x.decision.verdict) < ['not_lawful', 'incomplete', 'needs_review', 'lawful_with_conditions', 'lawful'].indexOf(v) ? x.decision.verdict : v), undefined);
          const from = a.roster.parties.find(p => p.id === f.from);
          const to = f.to.includes('*') ? `Every other party (${mine.length})` : mine.map(x => x.to.name).join(', ');
          return [f.id, from?.name ?? f.from, to || '-', verdict ? md(`**${escapeMarkdown(label(c, 'verdict', verdict))}**`) : '-'];
        })) : md(escapeMarkdown(t.no_flows)),
      }),
    },
    matrix: {
      values: () => {
        const notes = unsettledNotes(a);
        return {
          matrix: matrixTable(c, a, t),
          legend: md(t.matrix_legend),
          notes: notes.length ? md(`### ${escapeMarkdown(t.unsettled_heading)}\n\n${notes.map(([text, ps], i) => `${i + 1}. † ${escapeMarkdown(text)} ${escapeMarkdown(say(t.unsettled_parties, { parties: ps.join(', ') }))}`).join('\n')}`) : md(''),
        };
      },
    },
    duties: { values: () => ({ duties: duties(c, a, t) }) },
    'joint-controllers': {
      include: () => joint.length > 0,
      values: () => ({ joint_parties: joint.length === active.length ? 'The parties' : joint.map(p => p.name).join(', '), responsibilities: responsibilities(c, a, t) }),
    },
    terms: {
      include: () => kind !== 'schedule',
      values: () => ({
        schedules_clause: kind === 'overarching' ? t.schedules_clause : '',
        retention: say(t.retention, { retention: retention ? `${clause(retention)}.` : t.retention_missing }),
        review: md(say(t.review, { date: escapeMarkdown(String(common.review_date)) })),
      }),
    },
    overarching: {
      include: () => kind === 'schedule' && !!a.roster.agreement.overarching,
      values: () => ({ overarching_title: a.roster.agreement.overarching?.title ?? 'the overarching agreement', overarching_digest: md(a.roster.agreement.overarching?.digest ?? '') }),
    },
    signoff: { include: () => forSignature, values: () => ({ blocks: signoffBlocks(c, a, t) }) },
  };
}

/** The agreement as Markdown. */
export function buildAgreement(c: DocContext, a: AgreementDecision, t: PartiesText = loadPartiesText()): string {
  const specs = agreementSpecs(c, a, t);
  const text = buildDocument('parties', specs, c, { ...commonValues(c) });
  // Section numbers known only once the document is assembled.
  const n = /^## (\d+)\. What each party must do/m.exec(text)?.[1] ?? '';
  return text.replace(/\{duties\}/g, n).replace(/\n{3,}/g, '\n\n');
}
