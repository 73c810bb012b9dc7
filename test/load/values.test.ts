// One reading of dates and yes/no for every input: answers files, register cells, scenario files, --as-of.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkDate, readBool, readDate } from '../../src/load/values.js';
import { UsageError } from '../../src/errors.js';
import { readCell } from '../../src/audit/cells.js';
import { checkValue } from '../../src/load/answers.js';
import type { FactDef } from '../../src/core/types.js';

describe('readDate', () => {
  it('reads ISO and UK dates, and dates a YAML or spreadsheet reader made', () => {
    expect(readDate('2026-04-01')).toBe('2026-04-01');
    expect(readDate('01/04/2026')).toBe('2026-04-01');
    expect(readDate('1.4.2026')).toBe('2026-04-01');
    expect(readDate(' 2024-02-29 ')).toBe('2024-02-29');
    expect(readDate(new Date('2026-04-01T00:00:00Z'))).toBe('2026-04-01');
  });
  it('refuses days that do not exist and anything else', () => {
    for (const bad of ['2026-02-31', '2025-02-29', '2026-13-01', '2026-00-10', '31/02/2026', '2026-4-1', '04/01/26', 'tomorrow', '', 20260401, null, new Date('x')]) {
      expect(readDate(bad), String(bad)).toBeUndefined();
    }
  });
  it('round-trips every real calendar day, in both spellings', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }), d => {
      const iso = d.toISOString().slice(0, 10);
      expect(readDate(iso)).toBe(iso);
      const [y, m, day] = iso.split('-');
      expect(readDate(`${day}/${m}/${y}`)).toBe(iso);
    }));
  });
  it('--as-of 2026-02-31 is a usage error naming the option', () => {
    expect(() => checkDate('2026-02-31', '--as-of')).toThrow(UsageError);
    expect(() => checkDate('2026-02-31', '--as-of')).toThrow(/--as-of expects a date/);
    expect(checkDate(undefined, '--as-of')).toBeUndefined();
  });
});

describe('readBool', () => {
  it('reads booleans and the words for them, in any case', () => {
    for (const t of [true, 'yes', 'Yes', 'Y', 'true', 'TRUE', 't']) expect(readBool(t)).toBe(true);
    for (const f of [false, 'no', 'No', 'N', 'false', 'f']) expect(readBool(f)).toBe(false);
    for (const x of ['maybe', '', 1, 0, null, undefined]) expect(readBool(x)).toBeUndefined();
  });
});

describe('an answers file and a register cell read a value alike', () => {
  const bool: FactDef = { id: 'consent.explicit', type: 'bool', description: 'x' };
  const date: FactDef = { id: 'start_date', type: 'date', description: 'x' };
  const answer = (def: FactDef, v: unknown) => { let problem = ''; const out = checkValue(def, v, [def.id], (_p, m) => { problem = m; }); return out ?? problem; };
  it.each(['yes', 'No', 'TRUE', 'f'])('bool %s', w => {
    expect(answer(bool, w)).toBe((readCell(w, bool) as { value: unknown }).value);
  });
  it.each(['2026-04-01', '01/04/2026'])('date %s', w => {
    expect(answer(date, w)).toBe('2026-04-01');
    expect((readCell(w, date) as { value: unknown }).value).toBe('2026-04-01');
  });
  it('a date that does not exist is refused by both', () => {
    expect(answer(date, '2026-02-31')).toMatch(/expected a date/);
    expect(answer(date, (readCell('31/02/2026', date) as { value: unknown }).value)).toMatch(/expected a date/);
  });
});
