// One identifier, successive versions of a provision (principle 7; decision.md identifiers): the
// loader accepts rules sharing an id only where their in-force windows do not overlap, and the
// engine relies on the version in force on the date asked.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPacks, readPackDir, windowsOverlap } from '../../src/load/load-pack.js';
import { builtinDir } from '../../src/pack/active.js';
import { evaluate } from '../../src/core/evaluate.js';
import { InputError, formatProblem } from '../../src/errors.js';
import { builtinPack, factsOf } from '../helpers/pack.js';

const pack = builtinPack();
const BEFORE = '2025-12-01';
const AFTER = '2026-03-01';

const research = factsOf({
  purpose: 'research', jurisdiction: 'england',
  discloser: { type: 'university' }, recipient: { type: 'university', location: 'uk' },
  data: { identifiability: 'identifiable', categories: ['health', 'criminal_offence'] },
  subjects: { deceased: false, lack_capacity: false }, individual: { objected: false },
  consent: { explicit: true }, gateway: { s251: false }, sharing: { frequency: 'one_off' },
});

describe('the research provisions carry the contract identifiers under both the old and the new law', () => {
  it.each([
    [BEFORE, /Art 89\(1\)|s19, as in force until/],
    [AFTER, /Art 84B|DUAA 2025/],
  ])('on %s Art 9(2)(j) and Sch 1 para 4 are relied on by their contract ids, in the version then in force', (date, citation) => {
    const d = evaluate(pack, research, date);
    const art9 = d.bases.filter(b => b.layer === 'art9').map(b => b.id);
    expect(art9).toEqual(['uk-gdpr-art9-2j', 'dpa2018-sch1-p1-para4']);
    for (const b of d.bases.filter(x => x.layer === 'art9')) expect(b.citation).toMatch(citation);
    // The Art 10 layer reaches the same paragraph (s10(5), Part 1) in its dated version.
    const art10 = d.layers.find(l => l.id === 'art10')!;
    expect(art10.status).toBe('met');
    expect(d.bases.filter(b => b.layer === 'art10').map(b => b.citation).join(' ')).toMatch(citation);
  });

  it('no other layer option on either date has two versions in force', () => {
    for (const date of [BEFORE, AFTER]) {
      const d = evaluate(pack, research, date);
      const ids = d.layers.flatMap(l => l.options.map(o => o.id));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('the check in-force-windows', () => {
  const header = (name: string) => `pack:\n  name: ${name}\n  version: 0.0.1\n  title: A local pack (${name})\n`;
  const basis = (from?: string, until?: string) => [
    '  - id: local-duty',
    '    layer: art6',
    '    title: A local duty',
    '    citation: Local Act 2020 s1',
    '    provision: A local duty to plan.',
    '    when: { fact: purpose, is: planning }',
    '    explanation: A local duty.',
    '    examples:',
    '      - { name: planning, facts: { purpose: planning }, expect: met, why: "The duty covers planning." }',
    ...(from ? [`    in_force_from: "${from}"`] : []),
    ...(until ? [`    in_force_until: "${until}"`] : []),
  ].join('\n');
  const local = (name: string, ...bases: string[]) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lawa-')), name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'rules.yaml'), `${header(name)}bases:\n${bases.join('\n')}\n`);
    return dir;
  };
  const load = (dir: string) => loadPacks([readPackDir(builtinDir(), true), readPackDir(dir)]);
  const problems = (dir: string): string[] => {
    try { load(dir); } catch (e) { if (e instanceof InputError) return e.problems.map(formatProblem); throw e; }
    return [];
  };

  it('accepts two versions whose windows meet but do not overlap, and applies each on its dates', () => {
    const p = load(local('successive', basis(undefined, '2026-02-05'), basis('2026-02-05')));
    expect(p.bases.filter(b => b.id === 'local-duty')).toHaveLength(2);
    const facts = factsOf({ purpose: 'planning' }, p);
    for (const date of [BEFORE, AFTER]) {
      const opts = evaluate(p, facts, date).layers.find(l => l.id === 'art6')!.options.filter(o => o.id === 'local-duty');
      expect(opts).toHaveLength(1);
    }
  });

  it('refuses versions whose windows overlap, naming file, line and the other version', () => {
    const found = problems(local('overlap', basis(undefined, '2026-03-01'), basis('2026-02-05')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/rules\.yaml:\d+:\d+: .*`local-duty` is also defined at .*rules\.yaml:\d+ and both would be in force from 2026-02-05 until 2026-03-01/);
  });

  it('still refuses a plain duplicate (a version without any in-force date)', () => {
    const found = problems(local('plain', basis(), basis('2026-02-05')));
    expect(found.join('\n')).toMatch(/duplicate id `local-duty`/);
  });

  it('refuses versions that move a provision to another layer', () => {
    const other = basis(undefined, '2026-02-05');
    const moved = basis('2026-02-05').replace('layer: art6', 'layer: art9');
    expect(problems(local('moved', other, moved)).join('\n')).toMatch(/versions of one provision keep its layer/);
  });

  it('windows [from, until) overlap exactly when they share a day', () => {
    expect(windowsOverlap({ in_force_until: '2026-02-05' }, { in_force_from: '2026-02-05' })).toBe(false);
    expect(windowsOverlap({ in_force_until: '2026-02-06' }, { in_force_from: '2026-02-05' })).toBe(true);
    expect(windowsOverlap({ in_force_from: '2026-01-01', in_force_until: '2026-02-01' }, { in_force_from: '2025-01-01', in_force_until: '2025-12-31' })).toBe(false);
    expect(windowsOverlap({}, { in_force_from: '2030-01-01' })).toBe(true);
  });
});

describe('the transfer rules carry the contract identifiers under both laws', () => {
  const idta = factsOf({
    purpose: 'direct_care', jurisdiction: 'england',
    discloser: { type: 'nhs_trust' }, recipient: { type: 'commercial', role: 'processor', location: 'other' },
    data: { identifiability: 'identifiable', categories: ['health'] },
    subjects: { deceased: false }, sharing: { frequency: 'routine' },
    controls: { transfer_mechanism: 'idta', transfer_assessment: false, processor_contract: true },
  });
  it.each([BEFORE, AFTER])('on %s an IDTA is `transfer-safeguards` and the missing assessment the condition `transfer-mechanism`, each in the version then in force', date => {
    const d = evaluate(pack, idta, date);
    expect(d.layers.find(l => l.id === 'transfer')!.chosen).toEqual(['transfer-safeguards']);
    const cond = d.conditions.find(c => c.id === 'transfer-mechanism');
    expect(cond).toBeDefined();
    const versions = pack.conditions.filter(c => c.id === 'transfer-mechanism');
    expect(versions).toHaveLength(2);
    const inForce = versions.filter(c => (!c.in_force_from || c.in_force_from <= date) && (!c.in_force_until || date < c.in_force_until));
    expect(inForce.map(c => c.citation)).toEqual([cond!.citation]);
    const basis = d.bases.find(b => b.id === 'transfer-safeguards')!;
    expect(pack.bases.filter(b => b.id === 'transfer-safeguards' && (!b.in_force_from || b.in_force_from <= date) && (!b.in_force_until || date < b.in_force_until)).map(b => b.citation)).toEqual([basis.citation]);
  });
});
