// Rules that test themselves, as ESLint's RuleTester does: every `examples:` entry of a basis,
// condition, route, define or layer is run through the one engine and its status compared.
// Pure: no I/O. The adapters (`igcheck rules test`, the vitest) print and locate failures.
import { evaluate, withDefaults } from '../core/evaluate.js';
import { contextFor, evalCondition } from '../core/condition.js';
import type { Decision, Facts, Pack, RuleExample, SourceRef, Truth } from '../core/types.js';
import { validateFacts } from '../load/answers.js';

export type ExampleKind = 'basis' | 'condition' | 'route' | 'define' | 'layer';

export interface ExampleResult {
  kind: ExampleKind;
  /** The rule's id. */
  id: string;
  /** Which example of the rule (0-based), and its name. */
  index: number;
  name: string;
  expect: Truth;
  /** What the engine said; undefined when the example's facts are not valid answers. */
  actual?: Truth;
  ok: boolean;
  why: string;
  as_of: string;
  /** The rule's own position; `exampleLine` finds the example's line in the file's text. */
  source?: SourceRef;
  pack?: string;
  problems: string[];
}

interface Ruled { id: string; examples?: RuleExample[]; source?: SourceRef; pack?: string }

/** Every example of every rule in the pack, in file order within each kind. */
export function runExamples(pack: Pack, defaultAsOf: string): ExampleResult[] {
  const out: ExampleResult[] = [];
  const run = (kind: ExampleKind, rule: Ruled, status: (facts: Facts, d: Decision, asOf: string) => Truth) => {
    (rule.examples ?? []).forEach((ex, index) => {
      const problems: string[] = [];
      const facts = validateFacts(ex.facts ?? {}, pack.facts, (p, m) => problems.push(`${p.join('.')}: ${m}`));
      const asOf = ex.as_of ?? defaultAsOf;
      let actual: Truth | undefined;
      if (!problems.length) {
        const d = evaluate(pack, facts, asOf);
        actual = status(facts, d, asOf);
      }
      out.push({
        kind, id: rule.id, index, name: ex.name, expect: ex.expect, actual, ok: !problems.length && actual === ex.expect,
        why: ex.why, as_of: asOf, source: rule.source, pack: rule.pack, problems,
      });
    });
  };
  const inForce = (r: { in_force_from?: string; in_force_until?: string }, asOf: string) =>
    (!r.in_force_from || r.in_force_from <= asOf) && (!r.in_force_until || asOf < r.in_force_until);
  const ctxOf = (facts: Facts, d: Decision) => contextFor(pack, withDefaults(pack, facts).facts, d);

  for (const b of pack.bases) {
    run('basis', b, (facts, d, asOf) => {
      if (!inForce(b, asOf)) return 'not_met';
      const option = d.layers.find(l => l.id === b.layer)?.options.find(o => o.id === b.id);
      if (option) return option.status;
      // A companion (a Schedule 1 paragraph) is not a layer option: its own condition decides.
      return evalCondition(b.when, ctxOf(facts, d)).result;
    });
  }
  for (const c of pack.conditions) {
    run('condition', c, (facts, d, asOf) => {
      if (!inForce(c, asOf)) return 'not_met';
      if (d.conditions.some(x => x.id === c.id)) return 'met';
      return evalCondition(c.when, ctxOf(facts, d)).result;
    });
  }
  for (const r of pack.routes) {
    run('route', r, (facts, d) => {
      if (d.routes.some(x => x.id === r.id)) return 'met';
      // Routes are offered only once the verdict is settled; before that, whether it will be is open.
      const open = d.layers.some(l => r.layers.includes(l.id) && l.status !== 'met' && l.status !== 'not_applicable');
      if (d.verdict === 'incomplete' && open && (!r.when || evalCondition(r.when, ctxOf(facts, d)).result !== 'not_met')) return 'unknown';
      return 'not_met';
    });
  }
  for (const def of pack.defines) run('define', def, (facts, d) => ctxOf(facts, d).define(def.id).result);
  for (const l of pack.layers) run('layer', l, (_f, d) => d.layers.find(x => x.id === l.id)?.applies.result ?? 'unknown');
  return out;
}

/** The rules that have no examples (kinds that must carry them: bases, conditions and routes). */
export function rulesWithoutExamples(pack: Pack): { kind: ExampleKind; id: string; source?: SourceRef }[] {
  const missing: { kind: ExampleKind; id: string; source?: SourceRef }[] = [];
  for (const b of pack.bases) if (!b.examples?.length) missing.push({ kind: 'basis', id: b.id, source: b.source });
  for (const c of pack.conditions) if (!c.examples?.length) missing.push({ kind: 'condition', id: c.id, source: c.source });
  for (const r of pack.routes) if (!r.examples?.length) missing.push({ kind: 'route', id: r.id, source: r.source });
  return missing;
}

/** The 1-based line of a rule's `index`-th example, found in the text of its file from the rule's line on. */
export function exampleLine(text: string, ruleLine: number, index: number): number {
  const lines = text.split('\n');
  let seen = -1;
  let indent: number | undefined; // the indentation of the example items, once `examples:` is seen
  let inExamples = false;
  for (let i = Math.max(0, ruleLine - 1); i < lines.length; i++) {
    if (i > ruleLine - 1 && /^\s*- id:\s/.test(lines[i])) break; // the next rule
    if (/^\s*examples:\s*$/.test(lines[i])) { inExamples = true; continue; }
    const item = /^(\s*)- /.exec(lines[i]);
    if (!inExamples || !item) continue;
    indent ??= item[1].length;
    if (item[1].length === indent && ++seen === index) return i + 1;
  }
  return ruleLine;
}

/** One failure in words: what was expected, what the engine said, and the example's reason. */
export function describeFailure(r: ExampleResult): string {
  if (r.problems.length) return `${r.kind} ${r.id}, example "${r.name}": invalid facts (${r.problems.join('; ')})`;
  return `${r.kind} ${r.id}, example "${r.name}"${r.as_of ? ` (as of ${r.as_of})` : ''}: expected ${r.expect}, got ${r.actual} - ${r.why}`;
}
