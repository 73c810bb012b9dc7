// The real binary, as a user or a script runs it.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { igcheck, scenarios } from '../helpers/pack.js';

const tmp = mkdtempSync(join(tmpdir(), 'igcheck-cli-'));
const file = (name: string, text: string) => { const p = join(tmp, name); writeFileSync(p, text); return p; };
const scenario = (prefix: string) => scenarios().find(s => s.file.startsWith(prefix))!.answers;

describe('igcheck assess --answers', () => {
  it('prints the JSON contract and exits 0 for a lawful share', () => {
    const r = igcheck(['assess', '--answers', '-', '--json'], JSON.stringify(scenario('01-')));
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['verdict', 'bases', 'conditions', 'routes', 'missing']));
    expect(d.verdict).toBe('lawful');
    expect(d.bases[0]).toEqual(expect.objectContaining({ id: 'uk-gdpr-art6-1e', layer: 'art6', citation: expect.any(String), reason: expect.any(String) }));
  });
  it('shows the verdict first in the terminal view and exits 1 when not lawful', () => {
    const r = igcheck(['assess', '--answers', file('objects.yaml', JSON.stringify(scenario('05-')))]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toContain('NOT LAWFUL');
    expect(r.stdout).toContain('Respect the objection');
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR and not a TTY: no escape codes
  });
  it('lists the missing facts when incomplete', () => {
    const r = igcheck(['assess', '--answers', '-'], JSON.stringify(scenario('30-')));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('INCOMPLETE');
    expect(r.stdout).toContain('individual.objected');
  });
  it('--explain shows each rule with the facts it saw', () => {
    const r = igcheck(['assess', '--answers', '-', '--explain'], JSON.stringify(scenario('01-')));
    expect(r.stdout).toMatch(/purpose is "direct_care" \(is "direct_care": true\)/);
  });
});

describe('bad input: one clear screen, exit 2, no stack trace', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed YAML', 'purpose: [direct_care\n', /malformed\.yaml:\d+:\d+/],
    ['a list', '- purpose\n', /found a list/],
    ['a string', 'direct_care\n', /found a string/],
    ['__proto__', '__proto__:\n  purpose: direct_care\n', /__proto__: unknown fact/],
    ['a typo', 'recipient:\n  typ: gp_practice\n', /did you mean `recipient\.type`/],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const r = igcheck(['assess', '--answers', file(name === 'malformed YAML' ? 'malformed.yaml' : `${name.replace(/\W/g, '')}.yaml`, text), '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  }
  it('a YAML alias bomb', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`), 'title: *h'].join('\n');
    const r = igcheck(['assess', '--answers', file('bomb.yaml', bomb)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/alias/i);
  });
  it('a 50 MB answers file is refused without reading it', () => {
    const p = join(tmp, 'big.yaml');
    writeFileSync(p, Buffer.alloc(50 * 1024 * 1024, 0x61));
    const r = igcheck(['assess', '--answers', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('50.0 MiB');
  });
  it('a missing file, a bad --as-of date', () => {
    expect(igcheck(['assess', '--answers', join(tmp, 'nope.yaml')]).stderr).toContain('no such file');
    const r = igcheck(['assess', '--answers', '-', '--as-of', 'yesterday'], '{}');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('YYYY-MM-DD');
  });
  it('a local rule pack with a cycle and an unknown fact is refused, every problem located', () => {
    const dir = join(tmp, 'broken-pack');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pack.yaml'), 'pack: {name: broken, version: "1", title: Broken}\n');
    writeFileSync(join(dir, 'defines.yaml'), [
      'defines:',
      '  - id: local.a',
      '    description: a', '    citation: Test Act s1',
      '    when: {ref: local.b}',
      '  - id: local.b',
      '    description: b', '    citation: Test Act s2',
      '    when: {all: [{ref: local.a}, {fact: recipient.typo, is: x}]}',
      '',
    ].join('\n'));
    const r = igcheck(['assess', '--answers', '-', '--rules', dir], '{}');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/defines\.yaml:9:\d+: .*unknown fact `recipient\.typo`/);
    expect(r.stderr).toMatch(/cycle: local\.a -> local\.b -> local\.a|cycle/);
  });
  it('no terminal and no --answers: exits 2 at once naming --answers', () => {
    const r = igcheck(['assess'], '', { CI: 'true' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--answers');
  });
});
