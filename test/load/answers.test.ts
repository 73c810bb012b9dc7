import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../../src/load/answers.js';
import { InputError } from '../../src/errors.js';
import { builtinPack } from '../helpers/pack.js';

const vocab = builtinPack().facts;
const problems = async (text: string) => {
  try { await parseAnswers(text, 'a.yaml', vocab); return []; } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
};

describe('answers files', () => {
  it('reads nested YAML into dotted facts', async () => {
    const { facts } = await parseAnswers('purpose: direct_care\nrecipient:\n  type: gp_practice\ndata:\n  categories: [health, health]\n', 'a.yaml', vocab);
    expect(facts).toEqual({ purpose: 'direct_care', 'recipient.type': 'gp_practice', 'data.categories': ['health'] });
  });
  it('reads JSON, and treats null as unknown', async () => {
    const { facts } = await parseAnswers('{"purpose":"research","individual":{"objected":null}}', 'a.json', vocab);
    expect(facts).toEqual({ purpose: 'research' });
  });
  it('names the line, the fact and a suggestion for an unknown key', async () => {
    const p = await problems('purpose: direct_care\nrecipient:\n  typ: gp_practice\n');
    expect(p).toEqual([expect.objectContaining({ line: 3, col: 3, path: 'recipient.typ', message: expect.stringContaining('did you mean `recipient.type`') })]);
  });
  it('suggests enum values and reports every problem at once', async () => {
    const p = await problems('purpose: direct-care\nsharing:\n  emergency: "perhaps"\nstart_date: 2026-13-01\n');
    expect(p.map(x => [x.line, x.path])).toEqual([[1, 'purpose'], [3, 'sharing.emergency'], [4, 'start_date']]);
    expect(p[0].message).toContain('did you mean `direct_care`');
  });
  it('checks data items and contacts', async () => {
    const p = await problems('data:\n  items:\n    - name: NHS number\n      justifcation: id\n    - justification: no name\ndiscloser:\n  contacts:\n    dpo: {name: A, email: not-an-email}\n    cg: {name: B}\n');
    expect(p.map(x => x.path)).toEqual(['data.items[0].justifcation', 'data.items[1]', 'discloser.contacts.dpo.email', 'discloser.contacts.cg']);
  });
  it('refuses derived facts: the law derives them, an answers file cannot set them', async () => {
    const p = await problems('discloser:\n  public_authority: false\n');
    expect(p[0].message).toContain('unknown fact');
  });
  it('rejects a list, a string, __proto__ and alias bombs with located problems', async () => {
    expect((await problems('- a\n- b\n'))[0].message).toContain('found a list');
    expect((await problems('"text"\n'))[0].message).toContain('found a string');
    expect((await problems('{"__proto__": {"x": 1}}'))[0].path).toBe('__proto__');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`), 'title: *h'].join('\n');
    expect((await problems(bomb))[0].message).toMatch(/alias/i);
  });
  it('refuses a file over 1 MiB before parsing it', async () => {
    const p = await problems(`title: ${'x'.repeat(1024 * 1024)}\n`);
    expect(p[0].message).toContain('at most 1 MiB');
  });
});

describe('suggestions never reverse a meaning', () => {
  it('offers no value that adds or drops a "not"', async () => {
    for (const [text, bad] of [
      ['recipient:\n  dspt: standards_not_met\n', 'standards_met'],
      ['data:\n  identifiability: unidentifiable\n', 'identifiable'],
      ['purpose: indirect_care\n', 'direct_care'],
      ['controls:\n  dpia: incomplete\n', 'completed'],
    ] as const) {
      const p = await problems(text);
      expect(p[0].message).not.toContain(`did you mean \`${bad}\``);
      expect(p[0].message).toContain('one of');
    }
    expect((await problems('purpose: direct-care\n'))[0].message).toContain('did you mean `direct_care`');
    expect((await problems('recipient:\n  dspt: not-met\n'))[0].message).toContain('did you mean `not_met`');
  });
});
