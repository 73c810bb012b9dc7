// The roster of an agreement from the answers: the `parties:`/`flows:`/`agreement:` sections, or,
// for the usual file with none, a roster of two (discloser and recipient) that means what it always did.
// Pure: facts in, roster and per-flow facts out.
import type { Facts, FactValue } from '../core/types.js';
import { AGREEMENT_KEY, FLOWS_KEY, PARTIES_KEY, type AgreementInfo, type Flow, type Party, type Roster, type SigningRole } from './types.js';

/** Whether the answers name a roster of their own (many parties), not the one-to-one share. */
export const hasRoster = (facts: Facts) => Array.isArray(facts[PARTIES_KEY]);

/** The ids of the roster of two, for a file without `parties:`. */
export const DISCLOSER_ID = 'discloser';
export const RECIPIENT_ID = 'recipient';

const s = (v: FactValue | undefined) => (typeof v === 'string' && v.trim() ? v : undefined);

export function rosterOf(facts: Facts): Roster {
  const agreement = (facts[AGREEMENT_KEY] as unknown as AgreementInfo | undefined) ?? { kind: 'single' };
  if (hasRoster(facts)) {
    return { parties: facts[PARTIES_KEY] as unknown as Party[], flows: (facts[FLOWS_KEY] as unknown as Flow[] | undefined) ?? [], agreement };
  }
  const party = (side: 'discloser' | 'recipient'): Party => {
    const funded = facts[`${side}.publicly_funded_care`];
    const contacts = facts[`${side}.contacts`] as Party['contacts'] | undefined;
    const dspt = side === 'recipient' ? s(facts['recipient.dspt']) : undefined;
    return {
      id: side === 'discloser' ? DISCLOSER_ID : RECIPIENT_ID,
      name: s(facts[`${side}.name`]) ?? (side === 'discloser' ? 'The discloser' : 'The recipient'),
      type: s(facts[`${side}.type`]) ?? 'other',
      role: side === 'discloser' ? 'controller' : ((s(facts['recipient.role']) ?? 'controller') as Party['role']),
      ...(dspt ? { dspt } : {}),
      ...(typeof funded === 'boolean' ? { publicly_funded_care: funded } : {}),
      ...(contacts ? { contacts } : {}),
    };
  };
  return {
    parties: [party('discloser'), party('recipient')],
    flows: [{ id: 'share', from: DISCLOSER_ID, to: [RECIPIENT_ID] }],
    agreement,
  };
}

/** The parties still in the agreement on a date (a party that has left is kept in the record, not in new flows). */
export const activeParties = (r: Roster, asOf?: string) => r.parties.filter(p => !p.left || (asOf !== undefined && p.left.date > asOf));

/** A flow's recipients: `*` is every other party still in the agreement. */
export function recipientsOf(r: Roster, flow: Flow, asOf?: string): Party[] {
  const active = activeParties(r, asOf);
  if (flow.to.includes('*')) return active.filter(p => p.id !== flow.from);
  return flow.to.map(id => active.find(p => p.id === id)).filter((p): p is Party => !!p);
}

const HEALTH_CARE_TYPES = ['nhs_trust', 'gp_practice', 'nhs_commissioner', 'nhs_national', 'local_authority', 'independent_care_provider', 'independent_health_provider'];

/**
 * The roles that must sign for a party: its `signs_as`, else a controller or joint controller signs
 * as SIRO, Caldicott Guardian (a health or care body, or a provider of publicly funded care) and DPO;
 * a processor as SIRO.
 */
export function requiredRoles(p: Pick<Party, 'role' | 'signs_as' | 'type' | 'publicly_funded_care'>): SigningRole[] {
  if (p.signs_as?.length) return [...new Set(p.signs_as)];
  if (p.role === 'processor') return ['siro'];
  const care = HEALTH_CARE_TYPES.includes(p.type) || p.publicly_funded_care === true;
  return care ? ['siro', 'caldicott_guardian', 'dpo'] : ['siro', 'dpo'];
}

/** The answers with the roster sections taken out (what the engine reads). */
export function sharedFacts(facts: Facts): Facts {
  const out: Facts = {};
  for (const [k, v] of Object.entries(facts)) if (k !== PARTIES_KEY && k !== FLOWS_KEY && k !== AGREEMENT_KEY) out[k] = v;
  return out;
}

/**
 * One flow's facts for one recipient: the file's shared answers, overlaid by the flow's answers,
 * with discloser.* from the `from` party and recipient.* from the `to` party. For a file without
 * `parties:` the answers are used as they are, so a one-to-one file means what it always did.
 */
export function flowFacts(facts: Facts, flow: Flow, from: Party, to: Party): Facts {
  if (!hasRoster(facts)) return sharedFacts(facts);
  const out: Facts = { ...sharedFacts(facts), ...(flow.answers as Facts | undefined ?? {}) };
  const set = (id: string, v: FactValue | undefined) => { if (v !== undefined) out[id] = v; };
  set('discloser.name', from.name);
  set('discloser.type', from.type);
  set('discloser.publicly_funded_care', from.publicly_funded_care);
  set('discloser.contacts', from.contacts as FactValue | undefined);
  set('recipient.name', to.name);
  set('recipient.type', to.type);
  set('recipient.role', to.role);
  set('recipient.dspt', to.dspt);
  set('recipient.publicly_funded_care', to.publicly_funded_care);
  set('recipient.contacts', to.contacts as FactValue | undefined);
  return out;
}
