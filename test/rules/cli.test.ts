// End to end: the real binary (build first: npm run build) for `igcheck rules ...` and local packs in `assess`.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

const BIN = resolve('bin/igcheck.js');
const igcheck = (args: string[], opts: { cwd?: string; input?: string } = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: opts.cwd, input: opts.input, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const answersOf = (file: string) => stringify(parse(readFileSync(file, 'utf8')).answers);
const ROUTINE = 'test/fixtures/scenarios/builtin/routine-no-dpia.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'igcheck-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('igcheck rules test', () => {
  it('passes the acceptance scenarios and prints coverage', () => {
    const r = igcheck(['rules', 'test', 'test/scenarios/acceptance']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok {3}test\/scenarios\/acceptance\/01-/m);
    expect(r.out).toContain('30 passed, 0 failed');
    expect(r.out).toMatch(/Coverage: \d+\/\d+ bases, \d+\/\d+ conditions, \d+\/\d+ routes exercised by 30 scenarios/);
    expect(r.out).toMatch(/not exercised \(conditions\): .*processor-contract/);
  });

  it('fails, exit 1, when a local override changes an expected outcome', () => {
    const ok = igcheck(['rules', 'test', '--rules', 'test/fixtures/packs/dpia-routine']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('ok   test/fixtures/packs/dpia-routine/tests/routine-no-dpia.yaml');
    expect(igcheck(['rules', 'test', '--rules', 'test/fixtures/packs/dpo-review']).out).toContain('2 passed, 0 failed');
    const r = igcheck(['rules', 'test', '--rules', 'test/fixtures/packs/dpia-routine', ROUTINE]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('verdict lawful_with_conditions, expected lawful');
    expect(r.out).toContain('unexpected condition dpia');
    expect(r.out).toContain('0 passed, 1 failed');
  });
});

describe('local packs in assess', () => {
  it('an override is named in the terminal view and in the JSON, with every pack\'s version and digest', () => {
    const term = igcheck(['assess', '--answers', '-', '--rules', 'test/fixtures/packs/dpia-routine'], { input: answersOf(ROUTINE) });
    expect(term.code).toBe(0);
    expect(term.out).toContain('LAWFUL WITH CONDITIONS');
    expect(term.out).toContain('Local overrides: dpia by dpia-for-routine (Local policy requires a DPIA for every routine share');
    expect(term.out).toMatch(/Rule packs: england 2026\.11\.0 \(sha256:[0-9a-f]+…\), dpia-for-routine 0\.2\.0/);
    const json = JSON.parse(igcheck(['assess', '--answers', '-', '--json', '--rules', 'test/fixtures/packs/dpia-routine'], { input: answersOf(ROUTINE) }).out);
    expect(json.conditions.map((c: { id: string }) => c.id)).toContain('dpia');
    expect(json.overrides).toEqual([expect.objectContaining({ pack: 'dpia-for-routine', target: 'dpia', kind: 'condition' })]);
    expect(json.packs.map((p: { name: string }) => p.name)).toEqual(['england', 'dpia-for-routine']);
  });

  it('igcheck.config.yaml above the working directory adds its packs', () => {
    writeFileSync(join(tmp, 'igcheck.config.yaml'), `rules:\n  - ${JSON.stringify(resolve('test/fixtures/packs/dpo-review'))}\n`);
    const r = igcheck(['assess', '--answers', '-', '--json'], { cwd: tmp, input: answersOf('test/scenarios/acceptance/01-discharge-summary-trust-to-gp.yaml') });
    const d = JSON.parse(r.out);
    expect(d.verdict).toBe('lawful_with_conditions');
    expect(d.conditions.map((c: { id: string }) => c.id)).toEqual(['dpo-review']);
    expect(d.packs.map((p: { name: string; version: string }) => `${p.name} ${p.version}`)).toEqual(['england 2026.11.0', 'northfield-local 1.0.0']);
  });
});

describe('igcheck rules validate, list, show, docs, facts', () => {
  it('validate reports every problem with file:line:col and exits 2', () => {
    const r = igcheck(['rules', 'validate', 'test/fixtures/packs/broken/many-problems']);
    expect(r.code).toBe(2);
    const lines = r.err.split('\n').filter(l => l.includes('rules.yaml:'));
    expect(lines.map(l => l.trim().split(': ')[0])).toEqual([9, 18, 23].map((n, i) => `test/fixtures/packs/broken/many-problems/rules.yaml:${n}:${[13, 11, 14][i]}`));
    expect(r.err).not.toMatch(/at .*\.js:\d+/); // never a stack trace
  });

  it('validate says ok in one line for a good pack', () => {
    const r = igcheck(['rules', 'validate', 'test/fixtures/packs/dpo-review']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.out).toMatch(/^ok: england 2026\.11\.0 \+ northfield-local 1\.0\.0 valid/);
  });

  it('list --json gives id, layer, title and citation of every rule', () => {
    const rules = JSON.parse(igcheck(['rules', 'list', '--json']).out) as { id: string; kind: string; layer: string; citation: string }[];
    expect(rules.find(r => r.id === 'uk-gdpr-art6-1e')).toMatchObject({ kind: 'basis', layer: 'art6', citation: expect.stringContaining('Art 6(1)(e)') });
    expect(rules.filter(r => r.kind === 'condition').map(r => r.id)).toContain('include-nhs-number');
    expect(rules.every(r => r.kind === 'route' || r.citation.length > 3)).toBe(true);
  });

  it('list marks local rules and the built-in rules they override', () => {
    const r = igcheck(['rules', 'list', '--rules', 'test/fixtures/packs/dpia-routine', '--rules', 'test/fixtures/packs/dpo-review']);
    expect(r.out).toMatch(/^dpia .*\[overridden by dpia-for-routine\]$/m);
    expect(r.out).toMatch(/^dpo-review .*\[northfield-local\]$/m);
    const json = JSON.parse(igcheck(['rules', 'list', '--json', '--rules', 'test/fixtures/packs/dpia-routine']).out) as { id: string; overridden_by?: { pack: string } }[];
    expect(json.find(x => x.id === 'dpia')!.overridden_by!.pack).toBe('dpia-for-routine');
  });

  it('show explains one rule and suggests a near miss', () => {
    const r = igcheck(['rules', 'show', 'dpia']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Required when');
    expect(r.out).toContain('controls.dpia is not "completed"');
    expect(r.out).toMatch(/rules\/england\/conditions\.yaml:\d+/);
    expect(r.out).toContain('Verification: vp');
    const shown = igcheck(['rules', 'show', 'dpia', '--rules', 'test/fixtures/packs/dpia-routine']);
    expect(shown.out).toContain('Overridden by local pack dpia-for-routine');
    const ex = igcheck(['rules', 'show', 'cldc-s251', '--scenarios', 'test/scenarios/acceptance']);
    expect(ex.out).toMatch(/Examples \(\d+ scenarios use it\)/);
    expect(ex.out).toContain('test/scenarios/acceptance/14-planning-s251-opt-outs-apply.yaml');
    const miss = igcheck(['rules', 'show', 'dpai']);
    expect(miss.code).toBe(2);
    expect(miss.err).toContain('did you mean `dpia`?');
  });

  it('docs prints the committed reference; facts lists the vocabulary', () => {
    expect(igcheck(['rules', 'docs', '--no-config']).out).toBe(readFileSync('docs/rules.md', 'utf8'));
    expect(igcheck(['rules', 'facts']).out).toMatch(/recipient\.type\s+nhs_trust \| gp_practice/);
  });
});
