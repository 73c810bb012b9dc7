// Pure planning for the questionnaire: which question to ask next, given the pack, the answers so
// far and the engine's decision. No I/O, clock or colour: the interview runner and the tests share it.
import { conditionRefs, contextFor, evalCondition, unknownFacts, type EvalContext } from '../core/condition.js';
import { evaluate, withDefaults } from '../core/evaluate.js';
import type { Decision, FactDef, Facts, FactValue, Pack, QuestionDef } from '../core/types.js';
import { overridesOf, withDerivedDpiaFacts } from '../dpia/screen.js';

/** The decision as `assess` reaches it: risk scores a person set in the answers' `dpia:` section count (dpia.residual_high). */
const decide = (pack: Pack, facts: Facts, asOf: string) => evaluate(pack, withDerivedDpiaFacts(pack, facts), asOf);

/** What the user has said so far: facts answered, and facts they said they do not know. */
export interface Answered {
  facts: Facts;
  /** Answered "not sure": left unknown on purpose and not asked again. */
  skipped: Set<string>;
  /** The user declined the assumed defaults, so they are asked one by one. */
  assumptionsDeclined?: boolean;
}

/**
 * opening: descriptive questions placed before the first legal one (the title names the session file);
 * verdict: the verdict depends on the fact; detail: the answer changes the conditions, bases, routes
 * or Caldicott findings; documents: the descriptive facts the DSA and the record need.
 */
export type Phase = 'opening' | 'verdict' | 'detail' | 'documents';

export interface Step {
  question: QuestionDef;
  phase: Phase;
  /**
   * Facts with a default (England, a controller, in the UK, capacity presumed) to confirm together in
   * one question; `question` is the first of them, asked on its own if the user says no.
   */
  assumptions?: QuestionDef[];
}

export interface PlanOptions {
  /** Ask the optional document facts (contacts, review date) in the flow; by default they are offered on the review screen. */
  optional?: boolean;
  /**
   * The index (in `sectionsOf`) of the section reached so far: questions from it onwards are asked
   * first, so the questionnaire moves forward through the sections and goes back only for a question
   * a later answer made necessary.
   */
  fromSection?: number;
}

export interface Plan {
  decision: Decision;
  next?: Step;
}

/** Facts the documents need rather than the legal reasoning: descriptive ones, data items, and any fact no rule tests. */
export const isDocumentFact = (pack: Pack, f: FactDef | undefined) => !!f && (f.descriptive === true || f.type === 'items' || !factsTested(pack).has(f.id));
/** Document facts a user may leave out: contacts, and the review date (a year after the start by default). */
export const isOptionalFact = (f: FactDef | undefined) => !!f && (f.type === 'contacts' || f.id === 'review_date');

/** The next question to ask, or none when nothing left could change the decision or the documents. */
export function plan(pack: Pack, answered: Answered, asOf: string, opts: PlanOptions = {}): Plan {
  const decision = decide(pack, answered.facts, asOf);
  const defs = new Map(pack.facts.map(f => [f.id, f]));
  const byFact = new Map(pack.questions.map(q => [q.fact, q]));
  const open = (fact: string) => byFact.has(fact) && !has(answered.facts, fact) && !answered.skipped.has(fact);
  const ctx = askContext(pack, withDerivedDpiaFacts(pack, answered.facts), decision);
  const resolve = (q: QuestionDef, seen = new Set<string>()): QuestionDef | undefined => resolveQuestion(pack, q, ctx, open, seen);
  // A document question waiting on a legal fact nobody needed (a legal reference when no law was
  // said to require the share) is left out rather than raising that fact again.
  const resolveDoc = (q: QuestionDef): QuestionDef | undefined => (!q.ask_when || evalCondition(q.ask_when, ctx).result === 'met' ? q : undefined);
  const step = (q: QuestionDef | undefined, phase: Phase): Plan | undefined => (q ? { decision, next: { question: q, phase } } : undefined);

  // 1. The opening: descriptive questions at the top of the file.
  const firstLegal = pack.questions.findIndex(q => !isDocumentFact(pack, defs.get(q.fact)));
  for (const q of pack.questions.slice(0, Math.max(firstLegal, 0))) {
    if (open(q.fact)) { const r = step(resolve(q), 'opening'); if (r) return r; }
  }

  // 2. What the verdict depends on (the engine's missing facts, and defaulted facts whose answer
  // matters), then 3. detail: facts whose answer would still change the decision in any other way.
  // Section by section, from the section reached onwards, so the questionnaire moves forward; then
  // the earlier sections, for a question a later answer made necessary.
  const missing = new Set(decision.missing);
  const base = signature(decision);
  const matters = (fact: string) => material(pack, answered.facts, asOf, defs.get(fact), base);
  const order = sectionsOf(pack);
  const from = Math.min(opts.fromSection ?? 0, order.length);
  for (const section of [...order.slice(from), ...order.slice(0, from)]) {
    const list = pack.questions.filter(q => q.section === section && open(q.fact) && !isDocumentFact(pack, defs.get(q.fact)));
    for (const q of list) {
      const def = defs.get(q.fact);
      if (missing.has(q.fact) || (def?.default !== undefined && matters(q.fact))) {
        const r = step(resolve(q), 'verdict');
        if (r && def?.default !== undefined && r.next!.question === q && !answered.assumptionsDeclined) {
          const assumptions = pack.questions.filter(x => defs.get(x.fact)?.default !== undefined && open(x.fact)
            && (!x.ask_when || evalCondition(x.ask_when, ctx).result !== 'not_met'));
          if (assumptions.length > 1) r.next!.assumptions = assumptions;
        }
        if (r) return r;
      }
    }
    for (const q of list) {
      if (matters(q.fact)) { const r = step(resolve(q), 'detail'); if (r) return r; }
    }
  }

  // 4. The documents: names, data items, dates, retention, contacts.
  for (const q of pack.questions) {
    const def = defs.get(q.fact);
    if (!open(q.fact) || !isDocumentFact(pack, def) || (!opts.optional && isOptionalFact(def))) continue;
    const r = step(resolveDoc(q), 'documents');
    if (r) return r;
  }
  return { decision };
}

/** The question to ask for `q`: itself, a prerequisite its ask_when still waits for, or none. */
function resolveQuestion(pack: Pack, q: QuestionDef, ctx: EvalContext, open: (f: string) => boolean, seen: Set<string>): QuestionDef | undefined {
  if (!q.ask_when) return q;
  const t = evalCondition(q.ask_when, ctx);
  if (t.result === 'met') return q;
  if (t.result === 'not_met') return undefined;
  // Unknown: ask what it waits for first, in question order; if none can be asked, ask this one.
  seen.add(q.fact);
  const waits = unknownFacts(t);
  for (const p of pack.questions) {
    if (!waits.has(p.fact) || seen.has(p.fact) || !open(p.fact)) continue;
    const r = resolveQuestion(pack, p, ctx, open, seen);
    if (r) return r;
  }
  return q;
}

/** The facts any rule of the pack tests: only these can change a decision (notes such as `unsettled_when` do not). */
const referenced = new WeakMap<Pack, Set<string>>();
function factsTested(pack: Pack): Set<string> {
  let out = referenced.get(pack);
  if (!out) {
    const refs = { facts: new Set<string>(), defines: new Set<string>(), chosen: new Set<string>(), layers: new Set<string>() };
    const conds = [...pack.defines.map(d => d.when), ...pack.layers.map(l => l.applies),
      ...pack.bases.flatMap(b => [b.when, b.review_when]), ...pack.conditions.map(c => c.when),
      ...pack.routes.map(r => r.when), ...pack.caldicott.flatMap(p => [p.not_met_when, p.attention_when])];
    for (const c of conds) if (c) conditionRefs(c, refs);
    referenced.set(pack, (out = refs.facts));
  }
  return out;
}

// Answers to document facts (names, dates) do not change what matters: remember the answer per state.
const memo = new WeakMap<Pack, Map<string, boolean>>();

/** Whether any answer to this fact would change the decision (the answer can still matter). */
function material(pack: Pack, facts: Facts, asOf: string, def: FactDef | undefined, base: string): boolean {
  if (!def) return false;
  const tested = factsTested(pack);
  if (!tested.has(def.id)) return false;
  let cache = memo.get(pack);
  if (!cache) memo.set(pack, (cache = new Map()));
  if (cache.size > 5000) cache.clear();
  // The risk scores a person set (the answers' dpia: section) count as well.
  const key = `${asOf}|${def.id}|${JSON.stringify(Object.keys(facts).filter(k => tested.has(k)).sort().map(k => [k, facts[k]]))}|${JSON.stringify(overridesOf(facts))}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const result = changes(pack, facts, asOf, def, base);
  cache.set(key, result);
  return result;
}

function changes(pack: Pack, facts: Facts, asOf: string, def: FactDef, base: string): boolean {
  const values: FactValue[] = def.type === 'bool' ? [true, false]
    : def.type === 'enum' ? def.values ?? []
    : def.type === 'list' ? (def.values ?? []).map(v => [v])
    : [];
  return values.some(v => signature(decide(pack, { ...facts, [def.id]: v }, asOf)) !== base);
}

/**
 * The parts of a decision an answer can change. Not the bases: once the verdict is settled, another
 * basis that would also serve is not worth a question. Not the notes, which mention defaults.
 */
export function signature(d: Decision): string {
  return JSON.stringify([d.verdict, d.missing, d.conditions.map(c => c.id), d.routes.map(r => r.id),
    d.undetermined.map(u => u.id), d.caldicott.map(p => p.status)]);
}

/** An evaluation context for ask_when: the facts with defaults, the pack's definitions, and the decision's choices. */
export function askContext(pack: Pack, input: Facts, decision: Decision): EvalContext {
  return contextFor(pack, withDefaults(pack, input).facts, decision);
}

function has(facts: Facts, id: string): boolean {
  return Object.prototype.hasOwnProperty.call(facts, id);
}

/** Sections in the order they first appear, for "Parties · 2 of 7". */
export function sectionsOf(pack: Pack): string[] {
  return [...new Set(pack.questions.map(q => q.section))];
}
