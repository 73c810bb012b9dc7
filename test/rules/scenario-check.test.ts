// Scenario expectations, their own mistakes, coverage, and conditions in plain words.
import { describe, expect, it } from 'vitest';
import { loadActivePack } from '../../src/pack/active.js';
import { evaluate } from '../../src/core/evaluate.js';
import { checkExpect, compareDecision, coverage } from '../../src/rules/scenario-check.js';
import { conditionInWords, outline } from '../../src/rules/describe.js';

const pack = await loadActivePack([]);
const decision = evaluate(pack, { purpose: 'direct_care' }, '2026-11-22');

describe('compareDecision', () => {
  it('passes what matches and names each mismatch', () => {
    expect(compareDecision(decision, { verdict: ['incomplete', 'lawful'] })).toEqual([]);
    expect(compareDecision(decision, { verdict: 'lawful', bases: ['uk-gdpr-art6-1e'], not_routes: [] }))
      .toEqual(['verdict incomplete, expected lawful', 'missing basis uk-gdpr-art6-1e']);
  });
});

describe('checkExpect', () => {
  it('catches typos that would make a check pass vacuously', () => {
    const got = checkExpect({ verdict: 'lawfull', not_condition: [], conditions: ['dpai'] }, pack).map(p => `${p.path.join('.')}: ${p.message}`);
    expect(got).toEqual([
      'expect.verdict: unknown verdict "lawfull" (one of lawful, lawful_with_conditions, needs_review, not_lawful, incomplete)',
      'expect.not_condition: unknown key; did you mean `not_conditions`?',
      'expect.conditions.0: no condition `dpai` in the active packs; did you mean `dpia`?',
    ]);
    expect(checkExpect({ verdict: 'lawful', bases: ['uk-gdpr-art6-1e'] }, pack)).toEqual([]);
  });
});

describe('coverage', () => {
  it('lists every rule no decision used', () => {
    const none = coverage(pack, []);
    expect(none.map(c => [c.kind, c.exercised, c.total])).toEqual([['bases', 0, pack.bases.length], ['conditions', 0, pack.conditions.length], ['routes', 0, pack.routes.length]]);
    const d = evaluate(pack, { jurisdiction: 'england', purpose: 'direct_care', sharing: { frequency: 'one_off' } } as never, '2026-11-22');
    const fake = { ...d, bases: [{ id: 'uk-gdpr-art6-1e' }], conditions: [{ id: 'dpia' }], routes: [] } as never;
    const cov = coverage(pack, [fake]);
    expect(cov[0].missing).not.toContain('uk-gdpr-art6-1e');
    expect(cov[1].missing).not.toContain('dpia');
    expect(cov[1].exercised).toBe(1);
  });
});

describe('conditions in plain words', () => {
  it('reads an all/any/not tree as an outline, flattening single items and double negation', () => {
    const words = conditionInWords({ all: [{ ref: 'data.personal' }, { any: [{ fact: 'purpose', in: ['research', 'planning'] }] }, { not: { fact: 'controls.dpia', is: 'completed' } }, { not: { not: { chosen: 'cldc-s251' } } }] });
    expect(outline(words)).toEqual([
      '- all of these hold:',
      '  - data.personal holds (a definition)',
      '  - purpose is one of research, planning',
      '  - controls.dpia is not "completed"',
      '  - basis cldc-s251 was chosen',
    ]);
  });
});

describe('a scenario file', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { runScenarioFile } = await import('../../src/rules/scenario-file.js');
  const dir = mkdtempSync(join(tmpdir(), 'igcheck-scenario-'));
  const write = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };

  it('reports its own mistakes with line and column, and is not run', () => {
    const f = write('bad.yaml', 'title: Bad\nexpected:\n  verdict: lawful\nanswers:\n  purpose: direct_cares\nas_of: soon\n');
    const r = runScenarioFile(f, pack, '2026-11-22');
    expect(r.decision).toBeUndefined();
    expect(r.problems.map(p => p.replace(/^.*bad\.yaml:/, ''))).toEqual([
      '2:1: expected: unknown key; did you mean `expect`? (title, law, answers, expect, as_of)',
      '5:12: answers.purpose: unknown value "direct_cares"; did you mean `direct_care`? (one of direct_care, safeguarding, planning, research, public_health, crime, legal_proceedings, public_protection, commercial, individual_request, other)',
      '6:8: as_of: expected a date as YYYY-MM-DD (or DD/MM/YYYY)',
    ]);
  });

  it('runs against the pack and compares, using its own as_of', () => {
    const f = write('ok.yaml', 'title: Minimal\nas_of: 2026-01-01\nanswers:\n  purpose: direct_care\nexpect:\n  verdict: incomplete\n');
    const r = runScenarioFile(f, pack, '2026-11-22');
    expect(r.problems).toEqual([]);
    expect(r.decision!.as_of).toBe('2026-01-01');
    expect(r.title).toBe('Minimal');
  });
});
