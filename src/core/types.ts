import type { DpiaDecision } from '../dpia/screen.js';
// The shapes shared by the loader, the engine and every renderer: facts, rule packs, decisions.
// Pure data: no behaviour lives here.

/** Three-valued truth: a missing fact is `unknown`, never `not_met`. */
export type Truth = 'met' | 'not_met' | 'unknown';

export type FactValue = string | number | boolean | string[] | FactItem[] | Record<string, unknown>;
export interface FactItem { name?: string; justification?: string; [k: string]: unknown }

/** Facts addressed by dotted path (`recipient.type`). Absent means unknown. */
export type Facts = Record<string, FactValue>;

/** The condition language: `all` / `any` / `not` over fact tests, references and earlier choices. */
export type Condition = (
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | FactTest
  | { ref: string }
  | { chosen: string }
  | { layer: string; status: LayerStatus[] }
) & { /** A board-readable sentence shown when this part is what stops its rule. */ why_not?: string };

/** A worked example on a rule (`examples:`), run by `igcheck rules test`. */
export interface RuleExample {
  name: string;
  /** Facts in the answers vocabulary, nested as in an answers file. */
  facts: Record<string, unknown>;
  expect: Truth;
  why: string;
  as_of?: string;
}

export interface FactTest {
  fact: string;
  is?: string | boolean | number;
  in?: string[];
  includes_any?: string[];
  /** For lists of `{name, justification}`: met when some item lacks this field. */
  any_item_missing?: string;
  /** `known: true` is met when the fact has a value; `known: false` when it has none. Never unknown. */
  known?: boolean;
}

export type Verification = 'vp' | 'vs' | 'uv';

export interface SourceRef { file: string; line: number }

export interface FactDef {
  id: string;
  type: 'bool' | 'enum' | 'list' | 'string' | 'text' | 'date' | 'items' | 'contacts';
  values?: string[];
  default?: string | boolean;
  descriptive?: boolean;
  description: string;
  source?: SourceRef;
  pack?: string;
}

export interface DefineDef {
  id: string;
  description: string;
  citation: string;
  when: Condition;
  examples?: RuleExample[];
  /** Made by igcheck from another section (the DPIA risks), not written in a pack file. */
  generated?: boolean;
  source?: SourceRef;
}

export interface LayerDef {
  id: string;
  title: string;
  citation: string;
  applies: Condition;
  explanation: string;
  /** Whether the bases chosen in this layer are listed among the decision's legal bases. */
  lists_bases?: boolean;
  examples?: RuleExample[];
  source?: SourceRef;
}

export interface BasisDef {
  id: string;
  layer: string;
  title: string;
  citation: string;
  provision: string;
  when: Condition;
  explanation: string;
  not_met?: string;
  /** A companion basis that must be met with this one (Art 9(2)(g) needs a Sch 1 Part 2 paragraph). */
  requires_one_of?: string[];
  /** Only usable as a companion of another basis. */
  companion?: boolean;
  /** When no basis is met but this holds, the layer needs a named senior judgement. */
  review_when?: Condition;
  review_route?: string;
  review_reason?: string;
  verification?: Verification;
  unsettled?: string;
  /** Show `unsettled` only when this holds (default: whenever the basis is relied on). */
  unsettled_when?: Condition;
  in_force_from?: string;
  /** The first day the rule no longer applies: it applies while as_of < in_force_until. */
  in_force_until?: string;
  examples?: RuleExample[];
  source?: SourceRef;
  pack?: string;
}

export interface ConditionDef {
  id: string;
  title: string;
  citation: string;
  provision: string;
  when: Condition;
  explanation: string;
  /** Who must act. */
  owner?: 'discloser' | 'recipient' | 'both';
  verification?: Verification;
  in_force_from?: string;
  /** The first day the rule no longer applies: it applies while as_of < in_force_until. */
  in_force_until?: string;
  examples?: RuleExample[];
  source?: SourceRef;
  pack?: string;
}

export interface RouteDef {
  id: string;
  title: string;
  citation?: string;
  explanation: string;
  /** The layers whose failure this route can cure. */
  layers: string[];
  when?: Condition;
  examples?: RuleExample[];
  source?: SourceRef;
  pack?: string;
}

export interface PrincipleDef {
  id: string;
  title: string;
  citation: string;
  provision: string;
  not_met_when?: Condition;
  attention_when?: Condition;
  /** Principle 6 (comply with the law) follows the verdict. */
  follows_verdict?: boolean;
  met: string;
  attention?: string;
  not_met?: string;
  source?: SourceRef;
}

export interface ChoiceDef { value: string | boolean; label: string; explain?: string }

export interface QuestionDef {
  fact: string;
  section: string;
  ask: string;
  help?: string;
  choices?: ChoiceDef[];
  ask_when?: Condition;
  source?: SourceRef;
}

/** Extra wording a pack adds to the DSA draft (local policy). */
export interface ClauseDef {
  id: string;
  title: string;
  /** The DSA section it belongs to (for example `governance`, `retention`, `security`). */
  section: string;
  text: string;
  /** Included only when this holds (default: always). */
  when?: Condition;
  citation?: string;
  source?: SourceRef;
  pack?: string;
}

/** Steps on the 5x5 scale. */
export interface RiskSteps { likelihood?: number; impact?: number }

/** A risk of the DPIA's catalogue (pack section `risks:`). */
export interface RiskDef {
  id: string;
  title: string;
  description: string;
  citation: string;
  raised_by: Condition;
  likelihood: number;
  impact: number;
  aggravated_by?: { title: string; when: Condition; adds: RiskSteps }[];
  measures: { id: string; title: string; in_place: Condition; condition?: string; reduces: RiskSteps }[];
  source?: SourceRef;
  pack?: string;
}

export interface PackMeta {
  name: string;
  version: string;
  title: string;
  jurisdiction?: string;
  description?: string;
}

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
  /** The DPIA's risk catalogue. */
  risks: RiskDef[];
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
  /** The DPIA screening (which criteria fired; required, likely, not required) and the risk assessment. */
  dpia?: DpiaDecision;
}
