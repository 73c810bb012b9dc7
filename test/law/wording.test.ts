// The sentences a board reads: every basis says why it is not met (why_not on its condition), in
// words, never with a fact path, a rule id or a vocabulary label; explanations state the law, not
// drafting instructions.
import { describe, expect, it } from 'vitest';
import type { Condition } from '../../src/core/types.js';
import { builtinPack } from '../helpers/pack.js';

const pack = builtinPack();
const whyNots = (c: Condition, out: string[] = []): string[] => {
  if (c.why_not) out.push(c.why_not);
  if ('all' in c) c.all.forEach(x => whyNots(x, out));
  if ('any' in c) c.any.forEach(x => whyNots(x, out));
  if ('not' in c) whyNots(c.not, out);
  return out;
};
const ids = new Set([...pack.bases, ...pack.conditions, ...pack.routes].map(r => r.id));
const factPaths = pack.facts.map(f => f.id).filter(id => id.includes('.'));
const labels = pack.facts.flatMap(f => (f.values ?? []).filter(v => v.includes('_')));
const leaks = (s: string) => [
  ...factPaths.filter(p => s.includes(p)),
  ...[...ids].filter(id => new RegExp(`(^|[^\\w-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w-]|$)`).test(s) && id.includes('-')),
  ...labels.filter(l => new RegExp(`\\b${l}\\b`).test(s)),
];

describe('board-readable wording', () => {
  it('every basis has at least one why_not sentence on its condition', () => {
    expect(pack.bases.filter(b => !whyNots(b.when).length).map(b => b.id)).toEqual([]);
  });
  it('why_not sentences name no fact path, rule id or vocabulary label', () => {
    const bad = pack.bases.flatMap(b => whyNots(b.when).filter(s => leaks(s).length).map(s => `${b.id}: ${s} (${leaks(s).join(', ')})`));
    expect(bad).toEqual([]);
  });
  it('basis explanations carry no fact paths or drafting instructions', () => {
    const bad = pack.bases.filter(b => factPaths.some(p => b.explanation.includes(p)) || /\b(Name|Record|Document) (the|a|it)\b/.test(b.explanation)).map(b => b.id);
    expect(bad).toEqual([]);
  });
});
