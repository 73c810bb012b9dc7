// The JSON Schema files published for editors: the rule-pack format and the answers vocabulary.
import type { FactDef } from '../core/types.js';
import { packJsonSchema } from '../load/pack-schema.js';
import { rosterJsonSchema } from '../parties/schema.js';

export const SCHEMA_FILES = { pack: 'rule-pack.schema.json', answers: 'answers.schema.json' } as const;

type Json = Record<string, unknown>;

const CONTACT = { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, email: { type: 'string', pattern: '^[^\\s@]+@[^\\s@]+$' } } };
const CONTACT_ROLES = ['ig_lead', 'caldicott_guardian', 'dpo', 'siro'];

/** Null is accepted for every fact: it says "unknown" explicitly, as the answers loader allows. */
function factSchema(f: FactDef): Json {
  const base: Json = { description: f.description + (f.default !== undefined ? ` Default: ${JSON.stringify(f.default)}.` : '') };
  switch (f.type) {
    case 'bool': return { ...base, type: ['boolean', 'null'] };
    case 'enum': return { ...base, enum: [...(f.values ?? []), null] };
    case 'list': return { ...base, type: ['array', 'null'], uniqueItems: true, items: { enum: f.values ?? [] } };
    case 'string': case 'text': return { ...base, type: ['string', 'number', 'null'] };
    case 'date': return { ...base, type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
    case 'items': return {
      ...base, type: ['array', 'null'],
      items: { anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1 }, justification: { type: ['string', 'null'] } } }] },
    };
    case 'contacts': return { ...base, type: ['object', 'null'], additionalProperties: false, properties: Object.fromEntries(CONTACT_ROLES.map(r => [r, CONTACT])) };
  }
}

/** The answers file as a JSON Schema: nested objects by dotted path, unknown keys refused. */
export function answersJsonSchema(facts: FactDef[], packLabel: string): Json {
  const root: Json = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://igcheck.dev/schemas/answers.json',
    title: 'igcheck answers file',
    description: `The facts of one proposed share, in the vocabulary of ${packLabel}. A fact left out is unknown, never false.`,
    type: 'object', additionalProperties: false, properties: {},
  };
  for (const f of facts) {
    const parts = f.id.split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) {
      const props = node.properties as Record<string, Json>;
      props[p] ??= { type: ['object', 'null'], additionalProperties: false, properties: {} };
      node = props[p];
    }
    (node.properties as Record<string, Json>)[parts[parts.length - 1]] = factSchema(f);
  }
  // An agreement between many parties (src/parties).
  Object.assign(root.properties as Record<string, Json>, rosterJsonSchema(facts));
  return root;
}

export const packSchemaText = () => `${JSON.stringify(packJsonSchema(), null, 2)}\n`;
export const answersSchemaText = (facts: FactDef[], packLabel: string) => `${JSON.stringify(answersJsonSchema(facts, packLabel), null, 2)}\n`;
