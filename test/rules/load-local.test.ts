// Local packs on top of the built-in one: every kind of broken pack is reported at the right place,
// overrides are explicit and recorded, and a local pack changes decisions as its authors intend.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError, formatProblem } from '../../src/errors.js';
import { loadPacks, readPackDir } from '../../src/load/load-pack.js';
import { builtinDir } from '../../src/pack/active.js';
import { evaluate } from '../../src/core/evaluate.js';
import { validateFacts } from '../../src/load/answers.js';
import type { Pack } from '../../src/core/types.js';

const FIX = 'test/fixtures/packs';
const builtin = readPackDir(builtinDir(), true);
const withLocal = (...dirs: string[]) => loadPacks([builtin, ...dirs.map(d => readPackDir(`${FIX}/${d}`))]);

function problemsOf(dir: string): string[] {
  try { withLocal(`broken/${dir}`); } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error(`${dir} loaded without a problem`);
}

describe('a broken local pack is refused with every problem located', () => {
  const file = (d: string) => `${FIX}/broken/${d}/rules.yaml`;
  it.each([
    ['malformed-yaml', ['3:12: Nested mappings are not allowed', '5:5: Map keys must be unique']],
    ['schema-error', [
      '2:5: conditions[0]: missing required field `title`',
      '3:5: conditions[0].titel: unknown field `titel`; did you mean `title`?',
      '7:12: conditions[0].owner: "someone" is not one of discloser, recipient, both',
      '9:7: conditions[0].when: not a valid condition (has fact, iss)',
    ]],
    ['missing-citation', ['2:5: bases[0]: missing required field `citation`']],
    ['missing-explanation', ['2:5: conditions[0]: missing required field `explanation`']],
    ['duplicate-id', ['6:9: routes[1].id: duplicate id `ask-the-dpo` (first defined at']],
    ['redefines-builtin', ['2:9: conditions[0].id: duplicate id `dpia`']],
    ['unknown-fact', ['11:17: conditions[0].when.all[1].fact: unknown fact `recipient.tyep`; did you mean `recipient.type`?']],
    ['unknown-enum', ['9:22: conditions[0].when.in[1]: `purpose` has no value "reserch"; did you mean `research`?']],
    ['unknown-ref', ['8:12: conditions[0].when.ref: refers to an unknown definition `data.persnal`']],
    ['define-cycle', ['6:7: defines[0].when: definitions form a cycle: local.a -> local.b -> local.a']],
    ['unknown-layer', ['3:12: bases[0].layer: unknown layer `art66`; did you mean `art6`?']],
    ['chosen-later-layer', ['9:15: bases[0].when.chosen: `cldc-s251` is decided in layer `confidentiality`']],
    ['unknown-route', ['14:19: bases[0].review_route: unknown route `ask-the-dpoo`']],
    ['override-unknown', ['2:13: overrides[0].target: overrides an unknown rule `dpiaa`; did you mean `dpia`?']],
    ['fact-clash', ['2:9: facts[0].id: `recipient` cannot be a fact, because `recipient.name` makes it a group of facts']],
    ['override-cycle', ['11:7: overrides[0].when: definitions form a cycle: data.personal -> local.living -> data.personal']],
    ['override-ambiguous', ['2:13: overrides[0].target: `transfer-mechanism` names a condition and a route; add `kind:`']],
    ['many-problems', ['9:13: conditions[0].when.fact: unknown fact `purpos`', '18:11: conditions[1].when.is: `recipient.type` has no value "polise"', '23:14: routes[0].layers[0]: unknown layer `art7`']],
  ])('%s', (dir, expected) => {
    const got = problemsOf(dir);
    expect(got).toHaveLength(expected.length);
    expected.forEach((want, i) => expect(got[i]).toContain(`${file(dir)}:${want}`));
  });

  it('tells how to change a built-in rule when one is redefined', () => {
    expect(problemsOf('redefines-builtin')[0]).toMatch(/rules\/england\/conditions\.yaml:\d+\); to change a rule of another pack, use `overrides:`/);
  });

  it('refuses a second pack with the built-in pack\'s name', () => {
    const clash = { dir: 'x', builtin: false, files: [{ path: 'x/pack.yaml', text: 'pack: { name: england, version: "1", title: Clash }\n' }] };
    expect(() => loadPacks([builtin, clash])).toThrow(/also named `england`/);
  });

  it('refuses an override of a rule in the same pack, and one that changes nothing', () => {
    const own = { dir: 'y', builtin: false, files: [{ path: 'y/pack.yaml', text: [
      'pack: { name: own, version: "1", title: Own }',
      'routes: [{ id: ask-dpo, title: Ask the DPO, explanation: Ask., layers: [art6] }]',
      'overrides:',
      '  - { target: ask-dpo, reason: Because. , explanation: Ask now. }',
      '  - { target: dpia, reason: Nothing. }',
    ].join('\n') }] };
    try { loadPacks([builtin, own]); expect.fail('loaded'); } catch (e) {
      const msgs = (e as InputError).problems.map(p => p.message);
      expect(msgs.some(m => /may override only rules of packs loaded before it/.test(m))).toBe(true);
      expect(msgs.some(m => /must replace `when` or `explanation`/.test(m))).toBe(true);
    }
  });
});

function scenarioDecision(pack: Pack, file: string) {
  const s = parse(readFileSync(file, 'utf8'));
  const problems: string[] = [];
  const facts = validateFacts(s.answers, pack.facts, (p, m) => problems.push(`${p.join('.')}: ${m}`));
  expect(problems).toEqual([]);
  return evaluate(pack, facts, '2026-11-22');
}

describe('a local pack changes decisions, visibly', () => {
  const scenario = 'test/fixtures/scenarios/builtin/routine-no-dpia.yaml';

  it('the built-in pack finds the routine share lawful with no DPIA', () => {
    const d = scenarioDecision(loadPacks([builtin]), scenario);
    expect(d.verdict).toBe('lawful');
    expect(d.overrides).toEqual([]);
  });

  it('an override makes the DPIA a condition and is recorded with its pack', () => {
    const pack = withLocal('dpia-routine');
    const d = scenarioDecision(pack, scenario);
    expect(d.verdict).toBe('lawful_with_conditions');
    expect(d.conditions.map(c => c.id)).toContain('dpia');
    expect(d.conditions.find(c => c.id === 'dpia')!.reason).toMatch(/Local policy/);
    expect(d.overrides).toEqual([{ pack: 'dpia-for-routine', target: 'dpia', kind: 'condition', reason: 'Local policy requires a DPIA for every routine share, high risk or not.' }]);
    expect(d.packs.map(p => [p.name, p.version, p.builtin])).toEqual([['england', '2026.11.0', true], ['dpia-for-routine', '0.2.0', false]]);
    expect(d.packs[1].digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('a new local condition, with its own fact and default, applies to a national scenario unchanged', () => {
    const pack = withLocal('dpo-review');
    const d = scenarioDecision(pack, 'test/scenarios/acceptance/01-discharge-summary-trust-to-gp.yaml');
    expect(d.verdict).toBe('lawful_with_conditions');
    expect(d.conditions.map(c => c.id)).toEqual(['dpo-review']);
    expect(pack.clauses.map(c => [c.id, c.pack])).toEqual([['local-retention', 'northfield-local']]);
    expect(pack.conditions.find(c => c.id === 'dpo-review')!.pack).toBe('northfield-local');
  });

  it('the merged digest changes with the local pack\'s content', () => {
    expect(withLocal('dpia-routine').digest).not.toBe(withLocal('dpo-review').digest);
    expect(withLocal('dpia-routine').digest).not.toBe(loadPacks([builtin]).digest);
  });
});

describe('local packs on top of the cached built-in pack', () => {
  const cached = JSON.parse(JSON.stringify(loadPacks([builtin]))) as Pack;
  const local = (d: string) => readPackDir(`${FIX}/${d}`);

  it('give the same merged pack as loading everything from source', () => {
    for (const d of ['dpia-routine', 'dpo-review']) expect(loadPacks([local(d)], cached)).toEqual(withLocal(d));
  });

  it('leave the cached pack unchanged by an override', () => {
    const before = JSON.stringify(cached);
    loadPacks([local('dpia-routine')], cached);
    expect(JSON.stringify(cached)).toBe(before);
  });

  it('report the same problems, built-in positions included', () => {
    for (const d of ['redefines-builtin', 'many-problems', 'chosen-later-layer', 'override-cycle']) {
      let got: string[] = [];
      try { loadPacks([local(`broken/${d}`)], cached); } catch (e) { got = (e as InputError).problems.map(formatProblem); }
      expect(got).toEqual(problemsOf(d));
    }
  });
});
