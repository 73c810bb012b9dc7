// Every rule of the built-in pack carries examples (met, not_met, unknown, each with its legal
// reason), and every example holds: the rules test themselves, as ESLint's RuleTester does.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinPack } from '../helpers/pack.js';
import { builtinDir } from '../../src/pack/active.js';
import { describeFailure, exampleLine, runExamples, rulesWithoutExamples } from '../../src/rules/examples.js';
import type { Pack } from '../../src/core/types.js';

const pack = builtinPack();
const TODAY = '2026-11-30';
const where = (file: string, line: number, index: number) => {
  const path = join(builtinDir(), file.split('/').pop()!);
  return `rules/england/${path.split('/').pop()}:${exampleLine(readFileSync(path, 'utf8'), line, index)}`;
};

describe('rule examples of the built-in pack', () => {
  const results = runExamples(pack, TODAY);

  it('every example passes (a failure names file:line)', () => {
    const failures = results.filter(r => !r.ok).map(r => `${r.source ? where(r.source.file, r.source.line, r.index) : r.id} ${describeFailure(r)}`);
    expect(failures).toEqual([]);
  });

  it('every basis, condition and route has examples', () => {
    expect(rulesWithoutExamples(pack).map(r => `${r.kind} ${r.id}`)).toEqual([]);
  });

  it('every basis and condition has a met and a not_met example', () => {
    const seen = new Map<string, Set<string>>();
    for (const r of results) if (r.kind === 'basis' || r.kind === 'condition') {
      const k = `${r.kind} ${r.id}`;
      if (!seen.has(k)) seen.set(k, new Set());
      seen.get(k)!.add(r.expect);
    }
    const lacking = [...seen].filter(([, s]) => !s.has('met') || !s.has('not_met')).map(([k]) => k);
    expect(lacking).toEqual([]);
  });

  it('every example states its legal reason', () => {
    expect(results.filter(r => r.why.trim().length < 5).map(r => `${r.id}: ${r.name}`)).toEqual([]);
  });
});

describe('the examples runner', () => {
  it('reports a wrong expectation with the rule, the example, the expectation and the reason', () => {
    const broken: Pack = {
      ...pack,
      bases: pack.bases.map(b => b.id === 'uk-gdpr-art6-1a'
        ? { ...b, examples: [{ name: 'wrong on purpose', facts: { consent: { explicit: false } }, expect: 'met' as const, why: 'a deliberately wrong example' }] }
        : b),
    };
    const r = runExamples(broken, TODAY).find(x => x.id === 'uk-gdpr-art6-1a')!;
    expect(r.ok).toBe(false);
    expect(r.actual).toBe('not_met');
    expect(describeFailure(r)).toContain('expected met, got not_met - a deliberately wrong example');
  });

  it('refuses an example whose facts are not valid answers', () => {
    const broken: Pack = { ...pack, conditions: pack.conditions.map(c => c.id === 'dpia' ? { ...c, examples: [{ name: 'typo', facts: { controls: { dpai: 'completed' } }, expect: 'not_met' as const, why: 'typo in a fact' }] } : c) };
    const r = runExamples(broken, TODAY).find(x => x.id === 'dpia')!;
    expect(r.ok).toBe(false);
    expect(r.problems.join()).toMatch(/unknown fact/);
  });

  it('finds the line of the n-th example after the rule', () => {
    const text = ['  - id: a', '    examples:', '      - { name: x }', '      - name: y', '        facts:', '          items:', '            - z', '  - id: b'].join('\n');
    expect(exampleLine(text, 1, 0)).toBe(3);
    expect(exampleLine(text, 1, 1)).toBe(4);
    expect(exampleLine(text, 1, 5)).toBe(1);
  });

  it('decides an example under the law of its as_of date', () => {
    const ea = runExamples(pack, TODAY).filter(r => r.id === 'uk-gdpr-art6-1ea');
    expect(ea.find(r => r.as_of === '2025-12-01')?.actual).toBe('not_met');
    expect(ea.some(r => r.as_of === TODAY && r.actual === 'met')).toBe(true);
  });
});

describe('a local pack\'s examples', () => {
  it('run with the built-in ones, and a failing one names its own file and line', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'igcheck-law-'));
    try {
      writeFileSync(join(dir, 'pack.yaml'), [
        'pack:', '  name: local-examples', '  version: 1.0.0', '  title: A local pack with examples',
        'conditions:',
        '  - id: local-dpo-review',
        '    title: DPO review of routine shares',
        '    citation: Local policy 4.2; UK GDPR Art 39(1)(a)',
        '    provision: The DPO reviews every routine share.',
        '    when:', '      fact: sharing.frequency', '      is: routine',
        '    explanation: The DPO reviews every routine share before it starts.',
        '    examples:',
        '      - { name: routine, facts: { sharing: { frequency: routine } }, expect: met, why: "Policy 4.2 covers routine shares." }',
        '      - { name: one-off, facts: { sharing: { frequency: one_off } }, expect: met, why: "Deliberately wrong: one-off shares are outside it." }',
        '',
      ].join('\n'));
      const r = spawnSync(process.execPath, ['bin/igcheck.js', 'rules', 'test', '--no-config', '--rules', dir], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/FAIL .*pack\.yaml:16 condition local-dpo-review, example "one-off".*expected met, got not_met/);
      expect(r.stdout).toMatch(/Examples: \d+ passed, 1 failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
