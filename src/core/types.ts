// The shapes shared by the loader, the engine and every renderer: facts, rule packs, decisions.
// Pure data: no behaviour lives here. The rule shapes are derived from the schema (load/pack-schema.ts).
import type { Static } from '@sinclair/typebox';
import type {
  BasisSchema, ClauseSchema, ConditionRuleSchema, ConditionSchema, DefineSchema, ExampleSchema, FactSchema, LayerSchema,
  PackMetaSchema, PrincipleSchema, QuestionSchema, RouteSchema,
} from '../load/pack-schema.js';

/** Three-valued truth: a missing fact is `unknown`, never `not_met`. */
export type Truth = 'met' | 'not_met' | 'unknown';

export type FactValue = string | number | boolean | string[] | FactItem[] | Record<string, unknown>;
export interface FactItem { name?: string; justification?: string; [k: string]: unknown }

/** Facts addressed by dotted path (`recipient.type`). Absent means unknown. */
export type Facts = Record<string, FactValue>;

/**
 * The condition language: `all` / `any` / `not` over fact tests, references and earlier choices,
 * each part with an optional `why_not` sentence. Declared once, in load/pack-schema.ts.
 */
export type Condition = Static<typeof ConditionSchema>;

type FactVariant = Extract<Condition, { fact: string }>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/**
 * A fact test in any of its forms, as one shape: `is`, `in`, `includes_any`, `any_item_missing`
 * (met when some item of a list lacks this field) or `known` (met when the fact has a value, or has
 * none; never unknown). The schema allows exactly one test per node.
 */
export type FactTest = { fact: string } & Partial<Omit<UnionToIntersection<FactVariant>, 'fact'>>;

/** A worked example on a rule (`examples:`), run by `igcheck rules test`. */
export type RuleExample = Static<typeof ExampleSchema>;

export type Verification = 'vp' | 'vs' | 'uv';

export interface SourceRef { file: string; line: number }

/** Where a loaded rule came from: its file and line, and the pack that brought it. */
interface Loaded { source?: SourceRef; pack?: string }

// The rules of a pack: the schema's declarations (load/pack-schema.ts), with where each was loaded from.
export type FactDef = Static<typeof FactSchema> & Loaded;
export type DefineDef = Static<typeof DefineSchema> & Loaded;
export type LayerDef = Static<typeof LayerSchema> & Loaded;
export type BasisDef = Static<typeof BasisSchema> & Loaded;
export type ConditionDef = Static<typeof ConditionRuleSchema> & Loaded;
export type RouteDef = Static<typeof RouteSchema> & Loaded;
export type PrincipleDef = Static<typeof PrincipleSchema> & Loaded;
export type QuestionDef = Static<typeof QuestionSchema> & Loaded;
export type ChoiceDef = NonNullable<QuestionDef['choices']>[number];
/** Extra wording a pack adds to the DSA draft (local policy). */
export type ClauseDef = Static<typeof ClauseSchema> & Loaded;
export type PackMeta = Static<typeof PackMetaSchema>;

/** One loaded pack (or the merge of several). */
export interface Pack {
  meta: PackMeta;
  digest: string;
  facts: FactDef[];
  defines: DefineDef[];
  layers: LayerDef[];
  bases: BasisDef[];
  conditions: ConditionDef[];
  routes: RouteDef[];
  caldicott: PrincipleDef[];
  questions: QuestionDef[];
  clauses: ClauseDef[];
  /** Provenance of every pack merged into this one, built-in first. */
  sources: PackProvenance[];
  overrides: OverrideRecord[];
}

export interface PackProvenance { name: string; version: string; digest: string; builtin: boolean }
export interface OverrideRecord { pack: string; target: string; kind: string; reason: string }

// ---------------------------------------------------------------- decisions

export type Verdict = 'lawful' | 'lawful_with_conditions' | 'needs_review' | 'not_lawful' | 'incomplete';

export type LayerStatus = 'not_applicable' | 'met' | 'review' | 'not_met' | 'unknown';

/** The explanation trace: each node mirrors a piece of a condition with what it saw. */
export type Trace =
  | { kind: 'all' | 'any'; result: Truth; children: Trace[] }
  | { kind: 'not'; result: Truth; child: Trace }
  | { kind: 'fact'; result: Truth; fact: string; test: FactTest; actual: FactValue | null }
  | { kind: 'ref'; result: Truth; id: string; child: Trace }
  | { kind: 'chosen'; result: Truth; id: string }
  | { kind: 'layer'; result: Truth; id: string; status: LayerStatus | 'unknown' };

export interface BasisResult {
  id: string;
  title: string;
  citation: string;
  status: Truth;
  trace: Trace;
  companion?: string;
  verification?: Verification;
  review?: Truth;
  /**
   * When not met or unknown: board-readable sentences saying why, from the `why_not` of the parts of
   * its condition that failed (innermost first), else the basis's `not_met` text.
   */
  why_not?: string[];
}

export interface LayerResult {
  id: string;
  title: string;
  citation: string;
  status: LayerStatus;
  applies: Trace;
  chosen: string[];
  /** False when a preferred basis is still unknown, so the one relied on may change as facts are given. */
  choice_settled: boolean;
  options: BasisResult[];
  reason: string;
  missing: string[];
}

export interface BasisOut { id: string; layer: string; title: string; citation: string; reason: string; verification?: Verification }
export interface ConditionOut { id: string; title: string; citation: string; reason: string; owner?: string; trace?: Trace }
export interface RouteOut { id: string; title: string; reason: string; layers: string[] }
export interface PrincipleOut { id: string; title: string; status: 'met' | 'attention' | 'not_met' | 'unknown' | 'not_applicable'; note: string }
export interface Note { kind: 'unsettled' | 'unverified' | 'default' | 'info'; about: string; text: string }

export interface Decision {
  verdict: Verdict;
  bases: BasisOut[];
  conditions: ConditionOut[];
  routes: RouteOut[];
  missing: string[];
  /** Conditions that may apply but depend on facts not given (the verdict does not turn on them). */
  undetermined: { id: string; facts: string[] }[];
  summary: string;
  layers: LayerResult[];
  caldicott: PrincipleOut[];
  notes: Note[];
  as_of: string;
  packs: PackProvenance[];
  overrides: OverrideRecord[];
}

/**
 * A decision without its explanation (`evaluate(..., { trace: false })`, what the audit and the review
 * need): the outcome and each layer's result, without traces, why_not, summary, notes or the Caldicott
 * review.
 * Every Decision is one of these.
 */
export type Outcome = Pick<Decision, 'verdict' | 'bases' | 'conditions' | 'routes' | 'missing' | 'undetermined' | 'as_of'> & {
  layers: (Omit<LayerResult, 'applies' | 'options'> & { applies?: Trace; options: (Omit<BasisResult, 'trace'> & { trace?: Trace })[] })[];
};
