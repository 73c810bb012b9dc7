// Rule-change impact: a local pack that changes one rule flips exactly the one stored decision it
// touches, and review reports that one with the difference; the unchanged packs report nothing.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActivePack } from '../../src/pack/active.js';
import { readRegister } from '../../src/register/store.js';
import { registerState } from '../../src/register/state.js';
import { lawChangedBetween, lawDates, ruleChangeImpact } from '../../src/review/impact.js';
import { dueReviews, parseWithin } from '../../src/review/due.js';
import { addYear, reviewDateFor } from '../../src/register/entry.js';
import { EXAMPLES, nhsNumberChangePack, recordExample, tempDir } from './helpers.js';

let dir: string;
let register: string;
let localPack: string;

beforeAll(async () => {
  dir = tempDir();
  register = join(dir, 'igcheck-register.jsonl');
  await recordExample(dir, EXAMPLES.carePlan, 'care-plan');   // lawful_with_conditions: include-nhs-number
  await recordExample(dir, EXAMPLES.police, 'police');        // needs_review, purpose crime
  localPack = nhsNumberChangePack(dir);
});

describe('rule-change impact', () => {
  it('reports nothing when the rules are unchanged, without reading answers it cannot change', async () => {
    const entries = readRegister(register).entries;
    const state = registerState(entries);
    const pack = await loadActivePack();
    const asOf = (entries[0] as { as_of: string }).as_of;
    const impact = await ruleChangeImpact(register, state, pack, asOf);
    expect(impact).toEqual({ checked: 0, same_packs: 2, changed: [], unreadable: [] });
  });

  it('re-evaluates under the same packs when a rule has come into or gone out of force since', async () => {
    const entries = readRegister(register).entries;
    const pack = await loadActivePack();
    const dates = lawDates(pack);
    expect(dates.length).toBeGreaterThan(0);
    const asOf = (entries[0] as { as_of: string }).as_of;
    // The law as it stood before the first rule's date: every agreement is re-read and re-decided.
    const before = new Date(Date.parse(dates[0]) - 86_400_000).toISOString().slice(0, 10);
    expect(asOf >= dates[0]).toBe(true);
    expect(lawChangedBetween(dates, asOf, before)).toBe(true);
    const impact = await ruleChangeImpact(register, registerState(entries), pack, before);
    expect(impact).toMatchObject({ checked: 2, same_packs: 0, unreadable: [] });
  });

  it('finds the law unchanged between two dates only when no rule starts or stops in between', () => {
    const dates = ['2025-06-19', '2026-02-05'];
    expect(lawChangedBetween(dates, '2025-01-01', '2025-06-18')).toBe(false);
    expect(lawChangedBetween(dates, '2025-06-18', '2025-06-19')).toBe(true);
    expect(lawChangedBetween(dates, '2026-03-01', '2025-07-01')).toBe(true);
    expect(lawChangedBetween(dates, '2025-06-19', '2026-02-04')).toBe(false);
  });

  it('reports exactly the one decision a rule change flips, with the difference', async () => {
    const state = registerState(readRegister(register).entries);
    const impact = await ruleChangeImpact(register, state, await loadActivePack([localPack]), '2026-11-22');
    expect(impact.checked).toBe(2);
    expect(impact.unreadable).toEqual([]);
    expect(impact.changed).toHaveLength(1);
    expect(impact.changed[0]).toMatchObject({
      id: 'R-0001',
      verdict: { was: 'lawful_with_conditions', now: 'lawful' },
      conditions: { added: [], removed: ['include-nhs-number'] },
      bases: { added: [], removed: [] },
      pack_changed: true,
    });
  });
  // An old entry whose answers file has gone: test/register/facts.test.ts.
});

describe('reviews due', () => {
  it('defaults the review date to a year after the start date, else the recording date', () => {
    expect(reviewDateFor({ review_date: '2027-03-01', start_date: '2026-01-01' }, '2026-11-22T10:00:00Z')).toBe('2027-03-01');
    expect(reviewDateFor({ start_date: '2026-01-15' }, '2026-11-22T10:00:00Z')).toBe('2027-01-15');
    expect(reviewDateFor({}, '2026-11-22T10:00:00Z')).toBe('2027-11-22');
    expect(addYear('2028-02-29')).toBe('2029-02-28');
  });

  it('parses periods', () => {
    expect([parseWithin('30d'), parseWithin('6w'), parseWithin('3m'), parseWithin('1y'), parseWithin('10')]).toEqual([30, 42, 90, 365, 10]);
    expect(() => parseWithin('soon')).toThrow(/--within/);
  });

  it('lists overdue reviews first, then those due within the period', () => {
    const state = registerState(readRegister(register).entries);
    // Both examples have review dates; find them and review from a date between.
    const dates = state.current.map(a => a.entry.review_date).sort();
    const due = dueReviews(state, dates[1], 0);
    expect(due.map(d => d.review_date)).toEqual(dates);
    expect(due[due.length - 1].days).toBe(0);
    expect(dueReviews(state, '2000-01-01', 30)).toEqual([]);
  });
});
