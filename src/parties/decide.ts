// Deciding an agreement between many organisations with the one engine: a decision per flow and per
// recipient, each disclosing party's layers as a row of the party-by-layer matrix, the agreement's
// verdict the weakest of its flows, and what each party must do. Pure: no I/O, clock or colour.
import { evaluate } from '../core/evaluate.js';
import type { ConditionOut, Decision, Facts, LayerStatus, Pack, RouteOut, Verdict } from '../core/types.js';
import { flowFacts, recipientsOf, rosterOf } from './roster.js';
import type { Flow, Party, Roster } from './types.js';

export interface FlowDecision {
  flow: Flow;
  from: Party;
  to: Party;
  /** The facts the engine saw (shared answers, the flow's, and the two parties'). */
  facts: Facts;
  decision: Decision;
}

export interface MatrixCell {
  status: LayerStatus | 'none';
  /** The bases relied on (titles with citations), or why none is. */
  bases: string[];
  /** Why the layer is not met or unknown, where it is not (the engine's reason). */
  reason?: string;
  /** The engine's notes that the basis relied on is unsettled in law (independent providers, say). */
  unsettled: string[];
  /** The flows (and recipients) where the cell's status was found: the weakest. */
  where: string[];
}

export interface MatrixRow { party: Party; cells: Record<string, MatrixCell>; verdict: Verdict | 'none' }

export interface PartyDuties {
  party: Party;
  /** Conditions the party must meet, as discloser or recipient, with the flows they come from. */
  conditions: (ConditionOut & { flows: string[] })[];
  /** Routes to a lawful share for its flows that are not cleared. */
  routes: (RouteOut & { flows: string[] })[];
  /** Its flows (as discloser) that are not cleared. */
  blocking: { flow: string; to: string; verdict: Verdict }[];
}

export interface AgreementDecision {
  roster: Roster;
  flows: FlowDecision[];
  /** The layer ids and titles, in the engine's order (the matrix's columns). */
  layers: { id: string; title: string }[];
  matrix: MatrixRow[];
  verdict: Verdict;
  /** The flow decision the verdict comes from (the weakest; the first of equals). */
  weakest?: FlowDecision;
  duties: PartyDuties[];
  as_of: string;
}

const VERDICT_ORDER: Verdict[] = ['not_lawful', 'incomplete', 'needs_review', 'lawful_with_conditions', 'lawful'];
const STATUS_ORDER: (LayerStatus | 'none')[] = ['not_met', 'unknown', 'review', 'met', 'not_applicable', 'none'];
export const weakerVerdict = (a: Verdict, b: Verdict) => (VERDICT_ORDER.indexOf(a) <= VERDICT_ORDER.indexOf(b) ? a : b);
export const cleared = (v: Verdict | 'none') => v === 'lawful' || v === 'lawful_with_conditions';

/**
 * Decide every flow. `decide` is the engine with whatever the caller adds (the DPIA screening); by
 * default `evaluate` itself.
 */
export function decideAgreement(pack: Pack, facts: Facts, asOf: string,
  decide: (facts: Facts) => Decision = f => evaluate(pack, f, asOf)): AgreementDecision {
  const roster = rosterOf(facts);
  const byId = new Map(roster.parties.map(p => [p.id, p]));
  const flows: FlowDecision[] = [];
  for (const flow of roster.flows) {
    const from = byId.get(flow.from);
    if (!from || (from.left && from.left.date <= asOf)) continue;
    for (const to of recipientsOf(roster, flow, asOf)) {
      const f = flowFacts(facts, flow, from, to);
      flows.push({ flow, from, to, facts: f, decision: decide(f) });
    }
  }
  const layers = flows[0]?.decision.layers.map(l => ({ id: l.id, title: l.title })) ?? [];
  const matrix = roster.parties.map(party => matrixRow(party, flows.filter(x => x.from.id === party.id), layers));
  let weakest: FlowDecision | undefined;
  for (const x of flows) if (!weakest || VERDICT_ORDER.indexOf(x.decision.verdict) < VERDICT_ORDER.indexOf(weakest.decision.verdict)) weakest = x;
  return {
    roster, flows, layers, matrix,
    // No flow decided (nothing shared yet) is not a cleared agreement: it is incomplete.
    verdict: weakest?.decision.verdict ?? 'incomplete',
    weakest,
    duties: roster.parties.map(p => dutiesOf(p, flows)),
    as_of: asOf,
  };
}

const label = (x: FlowDecision) => `${x.flow.id} to ${x.to.name}`;

function matrixRow(party: Party, own: FlowDecision[], layers: { id: string }[]): MatrixRow {
  const cells: Record<string, MatrixCell> = {};
  for (const { id } of layers) {
    let cell: MatrixCell = { status: 'none', bases: [], unsettled: [], where: [] };
    for (const x of own) {
      const l = x.decision.layers.find(y => y.id === id);
      if (!l) continue;
      const chosen = l.options.filter(o => l.chosen.includes(o.id));
      const bases = chosen.map(o => o.title);
      const unsettled = x.decision.notes.filter(n => n.kind === 'unsettled' && l.chosen.includes(n.about)).map(n => n.text);
      const rank = STATUS_ORDER.indexOf(l.status);
      const was = STATUS_ORDER.indexOf(cell.status);
      const reason = l.status === 'met' || l.status === 'not_applicable' ? undefined : l.reason;
      if (rank < was) cell = { status: l.status, bases, ...(reason ? { reason } : {}), unsettled, where: [label(x)] };
      else if (rank === was) {
        cell.where.push(label(x));
        for (const b of bases) if (!cell.bases.includes(b)) cell.bases.push(b);
        for (const u of unsettled) if (!cell.unsettled.includes(u)) cell.unsettled.push(u);
      }
    }
    cells[id] = cell;
  }
  const verdict = own.reduce<Verdict | 'none'>((v, x) => (v === 'none' ? x.decision.verdict : weakerVerdict(v, x.decision.verdict)), 'none');
  return { party, cells, verdict };
}

/** A condition's owner decides who meets it: the discloser, the recipient, or both. */
function dutiesOf(party: Party, flows: FlowDecision[]): PartyDuties {
  const conditions = new Map<string, ConditionOut & { flows: string[] }>();
  const routes = new Map<string, RouteOut & { flows: string[] }>();
  const blocking: PartyDuties['blocking'] = [];
  for (const x of flows) {
    const asFrom = x.from.id === party.id;
    const asTo = x.to.id === party.id;
    if (!asFrom && !asTo) continue;
    for (const c of x.decision.conditions) {
      const owner = c.owner ?? 'both';
      if (!(owner === 'both' || (owner === 'discloser' && asFrom) || (owner === 'recipient' && asTo))) continue;
      const had = conditions.get(c.id);
      if (had) { if (!had.flows.includes(x.flow.id)) had.flows.push(x.flow.id); } else conditions.set(c.id, { ...c, trace: undefined, flows: [x.flow.id] });
    }
    if (asFrom && !cleared(x.decision.verdict)) {
      blocking.push({ flow: x.flow.id, to: x.to.name, verdict: x.decision.verdict });
      for (const r of x.decision.routes) {
        const had = routes.get(r.id);
        if (had) { if (!had.flows.includes(x.flow.id)) had.flows.push(x.flow.id); } else routes.set(r.id, { ...r, flows: [x.flow.id] });
      }
    }
  }
  return { party, conditions: [...conditions.values()], routes: [...routes.values()], blocking };
}
