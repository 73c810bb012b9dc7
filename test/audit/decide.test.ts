// The memo must never change an answer: a remembered decision equals evaluating afresh.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { evaluate } from '../../src/core/evaluate.js';
import type { Facts, Pack } from '../../src/core/types.js';
import { validateFacts } from '../../src/load/answers.js';
import { Decider, decisiveFacts } from '../../src/audit/decide.js';
import { scenarios } from './register.js';

const pack: Pack = JSON.parse(readFileSync(join(__dirname, '..', '..', 'dist', 'builtin-pack.json'), 'utf8'));
const asOf = '2026-06-01';
const compact = (f: Facts) => {
  const d = evaluate(pack, f, asOf);
  return { verdict: d.verdict, bases: d.bases.map(b => b.id), conditions: d.conditions.map(c => c.id), routes: d.routes.map(r => r.id), missing: d.missing };
};

test('descriptions and data items enter the key only as far as the rules read them', () => {
  const byId = new Map(decisiveFacts(pack).map(k => [k.id, k]));
  expect(byId.get('description')).toMatchObject({ presenceOnly: true });
  expect(byId.get('data.items')).toMatchObject({ presenceOnly: true, itemFields: ['justification'] });
  expect(byId.get('purpose')).toMatchObject({ presenceOnly: false });
  expect(byId.has('title')).toBe(false);
});

test('remembered decisions equal fresh ones, over scenarios varied fact by fact', () => {
  const base = scenarios().map(s => validateFacts(s.answers, pack.facts, () => {}));
  const decider = new Decider(pack, asOf);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const bools = pack.facts.filter(f => f.type === 'bool').map(f => f.id);
  for (let i = 0; i < 600; i++) {
    const f: Facts = { ...base[i % base.length] };
    const k = bools[Math.floor(rand() * bools.length)];
    if (rand() < 0.3) delete f[k]; else f[k] = rand() < 0.5;
    if (rand() < 0.5) f.description = `wording ${i}`;
    if (rand() < 0.3) f['data.items'] = [{ name: `item ${i}`, ...(rand() < 0.5 ? { justification: 'needed' } : {}) }];
    expect(decider.decide(f)).toEqual(compact(f));
  }
  expect(decider.hits).toBeGreaterThan(100);
});
