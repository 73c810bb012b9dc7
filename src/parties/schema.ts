// The roster sections of an answers file as JSON Schema (for editors), beside the facts' schema.
import type { FactDef } from '../core/types.js';
import { AGREEMENT_KINDS, PARTY_ROLES, SIGNING_ROLES } from './answers.js';

type Json = Record<string, unknown>;
const text = { type: 'string', minLength: 1 };
const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' };
const contact = { type: 'object', additionalProperties: false, properties: { name: text, email: { type: 'string', pattern: '^[^\\s@]+@[^\\s@]+$' }, phone: text } };

/** `parties:`, `flows:` and `agreement:`; a flow's `answers` are the file's own vocabulary (`#`). */
export function rosterJsonSchema(facts: FactDef[]): Record<string, Json> {
  const values = (fact: string) => facts.find(f => f.id === fact)?.values ?? [];
  const party = {
    type: 'object', additionalProperties: false, required: ['id', 'name', 'type', 'role'],
    properties: {
      id, name: text, ods: { type: 'string', pattern: '^[A-Za-z0-9]{3,10}$' }, type: { enum: values('discloser.type') }, role: { enum: PARTY_ROLES },
      dspt: { enum: values('recipient.dspt') }, publicly_funded_care: { type: 'boolean' },
      contacts: { type: 'object', additionalProperties: false, properties: Object.fromEntries(SIGNING_ROLES.map(r => [r, contact])) },
      signs_as: { type: 'array', items: { enum: SIGNING_ROLES } },
      left: { type: 'object', additionalProperties: false, required: ['date'], properties: { date: { type: 'string', format: 'date' }, reason: text } },
    },
  };
  return {
    parties: {
      description: 'The organisations party to the agreement, or the name of a roster spreadsheet (.csv or .xlsx) beside this file.',
      anyOf: [{ type: 'array', items: party }, { type: 'string', pattern: '\\.(csv|xlsx|CSV|XLSX)$' }],
    },
    flows: {
      description: 'Who discloses to whom: `to` is a party id, a list of them, or "*" for every other party; `answers` add to the shared answers for this flow.',
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['id', 'from', 'to'], properties: { id, from: id, to: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }, answers: { $ref: '#' } } },
    },
    agreement: {
      description: 'Where the agreement sits (single, overarching, or a schedule naming its overarching agreement\'s digest) and the joint controllers\' Art 26 arrangement.',
      type: 'object', additionalProperties: false,
      properties: {
        kind: { enum: AGREEMENT_KINDS }, version: { type: ['string', 'number'] },
        overarching: { type: 'object', additionalProperties: false, required: ['digest'], properties: { digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' }, title: text } },
        joint: { type: 'object', additionalProperties: false, properties: { rights_requests: text, privacy_information: text, contact_point: text } },
      },
    },
  };
}
