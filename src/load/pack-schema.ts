// The rule-pack file format, declared once: TypeBox gives both the JSON Schema (for ajv and
// editors) and the TypeScript type.
import { Type, type Static } from '@sinclair/typebox';

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'A stable kebab-case identifier.' });
const Text = Type.String({ minLength: 1 });
const FactPath = Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$', description: 'A fact, by dotted path.' });
const Citation = Type.String({ minLength: 3, description: 'The provision this rule rests on: required.' });
const Verification = Type.Union([Type.Literal('vp'), Type.Literal('vs'), Type.Literal('uv')], {
  description: 'vp: checked against the primary source; vs: secondary source; uv: unverified (yields needs_review when relied on).',
});
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Scalar = Type.Union([Type.String(), Type.Boolean(), Type.Number()]);

/** A board-readable sentence shown when this part of a condition is what stops its rule. */
const WhyNot = { why_not: Type.Optional(Type.String({ minLength: 1, description: 'A sentence a board can read, shown when this part of the condition is what fails.' })) };

export const ConditionSchema = Type.Recursive(Self => Type.Union([
  Type.Object({ all: Type.Array(Self, { minItems: 1 }), ...WhyNot }, { additionalProperties: false }),
  Type.Object({ any: Type.Array(Self, { minItems: 1 }), ...WhyNot }, { additionalProperties: false }),
  Type.Object({ not: Self, ...WhyNot }, { additionalProperties: false }),
  Type.Object({ ref: Id, ...WhyNot }, { additionalProperties: false }),
  Type.Object({ chosen: Id, ...WhyNot }, { additionalProperties: false }),
  Type.Object({ layer: Id, status: Type.Array(Type.Union([Type.Literal('not_applicable'), Type.Literal('met'), Type.Literal('review'), Type.Literal('not_met'), Type.Literal('unknown')]), { minItems: 1 }), ...WhyNot }, { additionalProperties: false }),
  Type.Object({ fact: FactPath, is: Scalar, ...WhyNot }, { additionalProperties: false }),
  Type.Object({ fact: FactPath, in: Type.Array(Type.String(), { minItems: 1 }), ...WhyNot }, { additionalProperties: false }),
  Type.Object({ fact: FactPath, includes_any: Type.Array(Type.String(), { minItems: 1 }), ...WhyNot }, { additionalProperties: false }),
  Type.Object({ fact: FactPath, any_item_missing: Type.String(), ...WhyNot }, { additionalProperties: false }),
  Type.Object({ fact: FactPath, known: Type.Boolean(), ...WhyNot }, { additionalProperties: false }),
]), { $id: 'https://igcheck.dev/schemas/condition.json' });

/** Every use of a condition refers to the one recursive definition. */
const Cond = Type.Ref(ConditionSchema);

const SourceFree = { additionalProperties: false } as const;

/**
 * A worked example on a rule, run by `igcheck rules test` (like ESLint's RuleTester): facts in the
 * answers vocabulary (nested as in an answers file), the rule's expected status and the legal reason.
 * For a basis: whether the basis is met; a condition: whether it is required; a route: whether it is
 * offered; a define or a layer's `applies`: whether it holds.
 */
export const ExampleSchema = Type.Object({
  name: Text,
  facts: Type.Record(Type.String(), Type.Unknown()),
  expect: Type.Union([Type.Literal('met'), Type.Literal('not_met'), Type.Literal('unknown')]),
  why: Text,
  as_of: Type.Optional(IsoDate),
}, { additionalProperties: false });
const Examples = Type.Optional(Type.Array(ExampleSchema, { minItems: 1 }));
/** The first day on which the rule no longer applies (law repealed or replaced): applies while as_of < in_force_until. */
const InForceUntil = Type.Optional(IsoDate);

export const FactSchema = Type.Object({
  id: FactPath,
  type: Type.Union([Type.Literal('bool'), Type.Literal('enum'), Type.Literal('list'), Type.Literal('string'), Type.Literal('text'), Type.Literal('date'), Type.Literal('items'), Type.Literal('contacts')]),
  values: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  default: Type.Optional(Type.Union([Type.String(), Type.Boolean()])),
  descriptive: Type.Optional(Type.Boolean()),
  description: Text,
}, SourceFree);

export const DefineSchema = Type.Object({
  id: FactPath, description: Text, citation: Citation, when: Cond,
  examples: Examples,
}, SourceFree);

export const LayerSchema = Type.Object({
  id: Id, title: Text, citation: Citation, applies: Cond, explanation: Text,
  lists_bases: Type.Optional(Type.Boolean()),
  examples: Examples,
}, SourceFree);

export const BasisSchema = Type.Object({
  id: Id, layer: Id, title: Text, citation: Citation, provision: Text, when: Cond, explanation: Text,
  not_met: Type.Optional(Text),
  requires_one_of: Type.Optional(Type.Array(Id, { minItems: 1 })),
  companion: Type.Optional(Type.Boolean()),
  review_when: Type.Optional(Cond),
  review_route: Type.Optional(Id),
  review_reason: Type.Optional(Text),
  verification: Type.Optional(Verification),
  unsettled: Type.Optional(Text),
  unsettled_when: Type.Optional(Cond),
  in_force_from: Type.Optional(IsoDate),
  in_force_until: InForceUntil,
  examples: Examples,
}, SourceFree);

export const ConditionRuleSchema = Type.Object({
  id: Id, title: Text, citation: Citation, provision: Text, when: Cond, explanation: Text,
  owner: Type.Optional(Type.Union([Type.Literal('discloser'), Type.Literal('recipient'), Type.Literal('both')])),
  verification: Type.Optional(Verification),
  in_force_from: Type.Optional(IsoDate),
  in_force_until: InForceUntil,
  examples: Examples,
}, SourceFree);

export const RouteSchema = Type.Object({
  id: Id, title: Text, citation: Type.Optional(Citation), explanation: Text,
  layers: Type.Array(Id, { minItems: 1 }),
  when: Type.Optional(Cond),
  /** Offered when a decision that is not lawful has no other route (so there is always one). */
  fallback: Type.Optional(Type.Boolean({ description: 'Offered when a decision that is not lawful or needs review has no other route.' })),
  /** Offered, and only then, when a layer is for review because the basis it would rest on is unverified. */
  for_unverified: Type.Optional(Type.Boolean({ description: 'Offered, and only then, when a layer is for review because the basis it would rest on is not yet verified.' })),
  examples: Examples,
}, SourceFree);

export const PrincipleSchema = Type.Object({
  id: Id, title: Text, citation: Citation, provision: Text,
  not_met_when: Type.Optional(Cond),
  attention_when: Type.Optional(Cond),
  follows_verdict: Type.Optional(Type.Boolean()),
  met: Text, attention: Type.Optional(Text), not_met: Type.Optional(Text),
}, SourceFree);

export const QuestionSchema = Type.Object({
  fact: FactPath, section: Text, ask: Text,
  help: Type.Optional(Text),
  choices: Type.Optional(Type.Array(Type.Object({
    value: Type.Union([Type.String(), Type.Boolean()]), label: Text, explain: Type.Optional(Text),
  }, SourceFree), { minItems: 1 })),
  ask_when: Type.Optional(Cond),
  /** The question may be left blank (the fact then stays unknown); the words say what a blank means. */
  blank: Type.Optional(Type.String({ minLength: 1, description: 'The question may be left blank, and these words say what a blank means (shown after the question, for example "blank if nothing is withheld").' })),
}, SourceFree);

export const OverrideKinds = ['basis', 'condition', 'route', 'layer', 'define', 'principle'] as const;

export const OverrideSchema = Type.Object({
  target: Id,
  /** Needed only when the id names rules of two kinds (the condition and the route `transfer-mechanism`). */
  kind: Type.Optional(Type.Union(OverrideKinds.map(k => Type.Literal(k)))),
  reason: Text,
  /** Replace the rule's condition (for a condition: when it is required). */
  when: Type.Optional(Cond),
  explanation: Type.Optional(Text),
}, SourceFree);

export const ClauseSchema = Type.Object({
  id: Id, title: Text, section: Id, text: Text,
  when: Type.Optional(Cond),
  citation: Type.Optional(Citation),
}, SourceFree);

/** A 1..5 point on the NHS England 5x5 risk scale. */
const Scale = Type.Integer({ minimum: 1, maximum: 5 });
/** How far a measure lowers (or an aggravating factor raises) likelihood and impact: never negative. */
const Steps = Type.Object({
  likelihood: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  impact: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
}, SourceFree);

/** A risk to the people whose data it is, for the DPIA: raised by facts, lowered by measures in place. */
export const RiskSchema = Type.Object({
  id: Id, title: Text, description: Text, citation: Citation,
  raised_by: Cond,
  likelihood: Scale,
  impact: Scale,
  aggravated_by: Type.Optional(Type.Array(Type.Object({ title: Text, when: Cond, adds: Steps }, SourceFree), { minItems: 1, maxItems: 4 })),
  measures: Type.Array(Type.Object({
    id: Id, title: Text, in_place: Cond,
    /** The igcheck condition that asks for this measure, when there is one. */
    condition: Type.Optional(Id),
    reduces: Steps,
  }, SourceFree), { maxItems: 8 }),
}, SourceFree);

export const PackMetaSchema = Type.Object({
  name: Id, version: Text, title: Text,
  jurisdiction: Type.Optional(Text), description: Type.Optional(Text),
  /** The definition that says whether the Caldicott principles apply (without one they always do). */
  caldicott_applies: Type.Optional(FactPath),
}, SourceFree);

/** One file of a pack: any of these sections. */
export const PackFileSchema = Type.Object({
  pack: Type.Optional(PackMetaSchema),
  facts: Type.Optional(Type.Array(FactSchema)),
  defines: Type.Optional(Type.Array(DefineSchema)),
  layers: Type.Optional(Type.Array(LayerSchema)),
  bases: Type.Optional(Type.Array(BasisSchema)),
  conditions: Type.Optional(Type.Array(ConditionRuleSchema)),
  routes: Type.Optional(Type.Array(RouteSchema)),
  caldicott: Type.Optional(Type.Array(PrincipleSchema)),
  questions: Type.Optional(Type.Array(QuestionSchema)),
  overrides: Type.Optional(Type.Array(OverrideSchema)),
  clauses: Type.Optional(Type.Array(ClauseSchema)),
  risks: Type.Optional(Type.Array(RiskSchema)),
}, { additionalProperties: false, $id: 'https://igcheck.dev/schemas/rule-pack.json', title: 'igcheck rule pack file' });

export type PackFile = Static<typeof PackFileSchema>;
export type OverrideSpec = Static<typeof OverrideSchema>;
export type RiskSpec = Static<typeof RiskSchema>;
export const SECTIONS = ['facts', 'defines', 'layers', 'bases', 'conditions', 'routes', 'caldicott', 'questions', 'overrides', 'clauses', 'risks'] as const;
export type Section = typeof SECTIONS[number];

/** The pack file schema as one self-contained JSON Schema document (for editors). */
export function packJsonSchema(): object {
  const file = JSON.parse(JSON.stringify(PackFileSchema));
  const cond = JSON.parse(JSON.stringify(ConditionSchema));
  delete cond.$id;
  const text = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...file, definitions: { Condition: cond } })
    .split('"$ref":"https://igcheck.dev/schemas/condition.json"').join('"$ref":"#/definitions/Condition"');
  return JSON.parse(text);
}

