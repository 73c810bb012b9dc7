// The documents of an agreement between many parties, as bytes by file name: the agreement (with the
// matrix, the Art 26 arrangement and every party's signing blocks), the matrix as CSV, each disclosing
// party's rationale report, the joint DPIA covering every party, the agreement decision as JSON and
// the answers. `writeOutputs` signs them all in one manifest.
import { stringify } from 'yaml';
import type { Facts, FactValue, Pack } from '../core/types.js';
import { makeContext, type DocContext } from '../docs/context.js';
import { draftBanner } from '../docs/draft.js';
import type { Inconsistency } from '../docs/consistency.js';
import { decisionJson } from '../render/decision-json.js';
import { version } from '../version.js';
import { buildAgreement, loadPartiesText, matrixLayers } from './agreement.js';
import type { AgreementDecision, FlowDecision } from './decide.js';
import { sharedFacts } from './roster.js';
import { PARTIES_KEY } from './types.js';

export const AGREEMENT_BASE = 'data-sharing-agreement';
export const MATRIX_FILE = 'party-matrix.csv';
export const AGREEMENT_JSON = 'agreement.json';
export const REPORTS_DIR = 'reports';

const csvCell = (s: string) => (/[",\n\r]|^[=+\-@\t]/.test(s) ? `"${(/^[=+\-@\t]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s);

/** The matrix for spreadsheets: one row a party, a column a layer (status and basis). */
export function matrixCsv(a: AgreementDecision): string {
  const layers = matrixLayers(a);
  const rows = [['party', 'name', 'ods', 'type', 'role', ...layers.flatMap(l => [`${l.id}_status`, `${l.id}_basis`]), 'outcome', 'unsettled']];
  for (const r of a.matrix) {
    rows.push([r.party.id, r.party.name, r.party.ods ?? '', r.party.type, r.party.role,
      ...layers.flatMap(l => { const x = r.cells[l.id]; return [x?.status ?? 'none', x?.bases.join('; ') ?? '']; }),
      r.verdict, Object.values(r.cells).some(x => x.unsettled.length) ? 'yes' : 'no']);
  }
  return `${rows.map(r => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The agreement's decision for scripts: the verdict, the matrix and every flow's outcome. */
export function agreementJson(a: AgreementDecision, weakestFull = true) {
  return {
    verdict: a.verdict,
    as_of: a.as_of,
    agreement: a.roster.agreement,
    parties: a.roster.parties,
    flows: a.flows.map(x => ({ flow: x.flow.id, from: x.from.id, to: x.to.id, verdict: x.decision.verdict, layers: Object.fromEntries(x.decision.layers.map(l => [l.id, { status: l.status, chosen: l.chosen }])), conditions: x.decision.conditions.map(k => k.id), routes: x.decision.routes.map(r => r.id) })),
    matrix: a.matrix.map(r => ({ party: r.party.id, verdict: r.verdict, cells: r.cells })),
    duties: a.duties.map(d => ({ party: d.party.id, conditions: d.conditions.map(x => ({ id: x.id, title: x.title, flows: x.flows })), routes: d.routes.map(x => ({ id: x.id, title: x.title, flows: x.flows })), blocking: d.blocking })),
    ...(weakestFull && a.weakest ? { weakest: { flow: a.weakest.flow.id, from: a.weakest.from.id, to: a.weakest.to.id, decision: decisionJson(a.weakest.decision) } } : {}),
    igcheck: { version: version() },
  };
}

/** Each disclosing party's weakest flow decision: the one its rationale report explains. */
export function weakestPerParty(a: AgreementDecision): FlowDecision[] {
  const order = ['not_lawful', 'incomplete', 'needs_review', 'lawful_with_conditions', 'lawful'];
  const out = new Map<string, FlowDecision>();
  for (const x of a.flows) {
    const had = out.get(x.from.id);
    if (!had || order.indexOf(x.decision.verdict) < order.indexOf(had.decision.verdict)) out.set(x.from.id, x);
  }
  return [...out.values()];
}

export interface AgreementRenderInput {
  agreement: AgreementDecision;
  pack: Pack;
  facts: Facts;
  raw: Record<string, unknown>;
  draft?: Inconsistency[];
}

async function allFormats(markdown: string, base: string, title: string, kind: string, formats: readonly string[], files: Map<string, Buffer>) {
  if (formats.includes('md')) files.set(`${base}.md`, Buffer.from(markdown));
  if (formats.includes('html')) files.set(`${base}.html`, Buffer.from((await import('../docs/html.js')).htmlPage(markdown, title, kind)));
  if (formats.includes('docx')) files.set(`${base}.docx`, await (await import('../docs/docx.js')).docxBuffer(markdown, title, kind));
  if (formats.includes('pdf')) files.set(`${base}.pdf`, await (await import('../docs/pdf.js')).pdfBuffer(markdown, title, kind));
}

export async function renderAgreementOutputs(input: AgreementRenderInput, formats: readonly string[], answersSha256: string): Promise<Map<string, Buffer>> {
  const { agreement: a, pack, facts, raw } = input;
  const files = new Map<string, Buffer>();
  const title = typeof facts.title === 'string' && facts.title.trim() ? facts.title : 'Proposed data sharing agreement';
  const t = loadPartiesText();
  const base = a.weakest?.decision;
  if (!base) throw new Error('renderAgreementOutputs: no flow was decided');
  const c: DocContext = { ...makeContext(base, pack, sharedFacts(facts), version(), answersSha256), draft: input.draft };
  const banner = input.draft?.length ? draftBanner(input.draft) : '';
  const drafted = (m: string) => (banner ? m.replace(/^(# .*\n)/, `$1\n${banner}\n`) : m);
  const kind = `${banner ? 'DRAFT ' : ''}${t.kind[a.roster.agreement.kind]}`;
  await allFormats(drafted(buildAgreement(c, a, t)), AGREEMENT_BASE, title, kind, formats, files);
  files.set(MATRIX_FILE, Buffer.from(matrixCsv(a)));

  // Each disclosing party's rationale report, for its weakest flow.
  const { buildReport } = await import('../docs/report.js');
  for (const x of weakestPerParty(a)) {
    const f: Facts = { ...x.facts, title: `${title}: ${x.from.name}` };
    const rc: DocContext = { ...makeContext(x.decision, pack, f, version(), answersSha256), draft: input.draft };
    await allFormats(drafted(buildReport(rc)), `${REPORTS_DIR}/${x.from.id}-rationale-report`, `${title}: ${x.from.name}`, `${banner ? 'DRAFT ' : ''}Rationale report`, formats, files);
  }

  // The joint DPIA: the weakest flow's screening and risks, covering every party.
  if (base.dpia?.outcome === 'required' || base.dpia?.outcome === 'likely') {
    const { renderDpia } = await import('../dpia/render.js');
    const count = String(a.roster.parties.filter(p => !p.left).length);
    const dpiaFacts: Facts = {
      ...a.weakest!.facts, [PARTIES_KEY]: a.roster.parties as unknown as FactValue,
      'discloser.name': t.dpia_controller.replace('{count}', count), 'recipient.name': t.dpia_recipient,
    };
    const dc: DocContext = { ...makeContext(base, pack, dpiaFacts, version(), answersSha256), draft: input.draft };
    for (const [name, bytes] of await renderDpia(dc, formats, title)) files.set(name, bytes);
  }
  if (formats.includes('json')) files.set(AGREEMENT_JSON, Buffer.from(`${JSON.stringify(agreementJson(a), null, 2)}\n`));
  if (formats.includes('yaml')) {
    files.set('answers.yaml', Buffer.from(`# The answers behind this agreement (igcheck assess --answers answers.yaml reproduces it).\n${stringify(raw, { lineWidth: 100 })}`));
  }
  return files;
}
