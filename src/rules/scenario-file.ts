// Reading and running one scenario file (the scenario format of the shared specification) in-process against a pack.
import { DATE_EXPECTED, readDate } from '../load/values.js';
import { shownPath } from '../paths.js';
import { readFileSync } from 'node:fs';
import { formatProblem, type Problem } from '../errors.js';
import type { Decision, Facts, Pack } from '../core/types.js';
import { evaluate } from '../core/evaluate.js';
import { validateFacts } from '../load/answers.js';
import { suggest } from '../load/suggest.js';
import { keyNodeAt, nodeAt, parseYaml, position } from '../load/yaml-doc.js';
import { checkExpect, compareDecision, type Expect } from './scenario-check.js';

const SCENARIO_KEYS = ['title', 'law', 'answers', 'expect', 'as_of'];

export interface ScenarioRun {
  name: string;
  title?: string;
  /** Problems with the file itself (located) and mismatches with `expect:`; empty when it passes. */
  problems: string[];
  decision?: Decision;
}

export function runScenarioFile(file: string, pack: Pack, defaultAsOf: string): ScenarioRun {
  const name = shownPath(file);
  const parsed = parseYaml(readFileSync(file, 'utf8'), name);
  const located: Problem[] = [...parsed.problems];
  const locate = (path: (string | number)[], message: string, key = false) => located.push({
    file: name, ...position(parsed, key ? keyNodeAt(parsed.doc, path) : nodeAt(parsed.doc, path)), ...(path.length ? { path: path.join('.') } : {}), message,
  });
  const done = (extra: Partial<ScenarioRun> = {}): ScenarioRun => ({ name, problems: located.map(formatProblem), ...extra });
  if (located.length) return done();

  const raw = parsed.doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) { locate([], 'expected a scenario: a mapping with `answers:` and `expect:`'); return done(); }
  const data = raw as Record<string, unknown>;
  const title = typeof data.title === 'string' ? data.title : undefined;
  for (const key of Object.keys(data)) {
    if (!SCENARIO_KEYS.includes(key)) { const s = suggest(key, SCENARIO_KEYS); locate([key], `unknown key${s ? `; did you mean \`${s}\`?` : ''} (${SCENARIO_KEYS.join(', ')})`, true); }
  }
  let facts: Facts = {};
  const answers = data.answers ?? {};
  if (typeof answers !== 'object' || Array.isArray(answers) || answers === null) locate(['answers'], 'expected a mapping of facts');
  else facts = validateFacts(answers as Record<string, unknown>, pack.facts, (p, m, k) => locate(['answers', ...p], m, k));
  for (const p of checkExpect(data.expect, pack)) locate(p.path, p.message);
  let asOf = defaultAsOf;
  if (data.as_of !== undefined) {
    const v = readDate(data.as_of);
    if (!v) locate(['as_of'], `expected ${DATE_EXPECTED}`);
    else asOf = v;
  }
  if (located.length) return done({ title });

  const decision = evaluate(pack, facts, asOf);
  return { name, title, decision, problems: compareDecision(decision, (data.expect ?? {}) as Expect) };
}
