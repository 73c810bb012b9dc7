// Unit tests: reading cells and headings as IG teams write them, and escaping what is written back.
import { describe, expect, test } from 'vitest';
import type { FactDef } from '../../src/core/types.js';
import { enumWord, readCell } from '../../src/audit/cells.js';
import { columnLetter, headingTable, normalise, resolveHeader } from '../../src/audit/headings.js';
import { csvField } from '../../src/audit/write-results.js';
import { md } from '../../src/audit/report.js';
import { progressLine } from '../../src/audit/progress.js';
import { RowReader, factsOf, type RowFacts } from '../../src/audit/row.js';

/** A row as read, its coded facts gathered in. */
const whole = (r: RowFacts) => ({ ref: r.ref, problems: r.problems, facts: factsOf(r) });

const fact = (id: string, type: FactDef['type'], values?: string[]): FactDef => ({ id, type, values, description: id });
const bool = fact('data.nhs_number', 'bool');
const cats = fact('data.categories', 'list', ['health', 'demographic', 'racial_ethnic', 'social_care']);
const purpose = fact('purpose', 'enum', ['direct_care', 'planning']);
const dspt = fact('recipient.dspt', 'enum', ['standards_met', 'approaching', 'not_met', 'none', 'not_applicable']);
const start = fact('start_date', 'date');
const items = fact('data.items', 'items');
const vocabulary = [bool, cats, purpose, dspt, start, items, fact('title', 'string')];

describe('cells', () => {
  test.each([['yes', true], ['Y', true], ['TRUE', true], ['no', false], ['n', false], ['False', false]])('boolean %s', (cell, value) => {
    expect(readCell(cell, bool)).toEqual({ value });
  });
  test('blank, "unknown" and "n/k" are unknown, never no', () => {
    for (const c of ['', '  ', 'Unknown', 'n/k', null, undefined]) expect(readCell(c, bool)).toEqual({ blank: true });
  });
  test('a boolean that is neither yes nor no is an error', () => {
    expect(readCell('maybe', bool)).toEqual({ error: 'expected yes or no, found "maybe"' });
  });
  test('lists split on ; , | and new lines, each value normalised', () => {
    expect(readCell('Health; Demographics, ethnicity', cats)).toEqual({ value: ['health', 'demographic', 'racial_ethnic'] });
  });
  test('enum values as people write them', () => {
    expect(enumWord('Direct care', 'purpose')).toBe('direct_care');
    expect(enumWord('Standards Met', 'recipient.dspt')).toBe('standards_met');
    expect(enumWord('Met', 'recipient.dspt')).toBe('standards_met');
    expect(enumWord('ICB', 'recipient.type')).toBe('nhs_commissioner');
    expect(enumWord('Yes', 'controls.dpia')).toBe('completed');
  });
  test('UK dates become ISO dates; never read the American way', () => {
    expect(readCell('01/04/2026', start)).toEqual({ value: '2026-04-01' });
    expect(readCell('2026-04-01', start)).toEqual({ value: '2026-04-01' });
    expect(readCell(new Date(Date.UTC(2026, 3, 1)), start)).toEqual({ value: '2026-04-01' });
  });
  test('data items: one per line, "name: justification"', () => {
    expect(readCell('NHS number: consistent identifier\nDiagnoses', items)).toEqual({ value: [{ name: 'NHS number', justification: 'consistent identifier' }, { name: 'Diagnoses' }] });
  });
});

describe('headings', () => {
  const { table } = headingTable(vocabulary, { 'Sent by': 'title', Notes: 'ignore' });
  test('case, spaces and punctuation do not matter; the fact id works as a heading', () => {
    expect(normalise('Recipient DSPT')).toBe(normalise('recipient_dspt'));
    const h = resolveHeader(['Flow ID', 'NHS NUMBER', 'data.categories', 'Recipient-DSPT', 'Sent by', 'Notes', 'Owner', 'Colour'], table);
    expect(h.errors).toEqual([]);
    expect(h.columns.map(c => (c.target.kind === 'fact' ? c.target.path : c.target.kind))).toEqual(['ref', 'data.nhs_number', 'data.categories', 'recipient.dspt', 'title', 'ignore', 'info', 'ignore']);
    expect(h.ignored).toEqual(['H "Colour"']);
  });
  test('a misspelt heading is an error with a suggestion; a fact in two columns is an error', () => {
    const h = resolveHeader(['Purpose', 'Purpose of sharing', 'Recipent DSPT'], table);
    expect(h.errors).toEqual([
      'columns A "Purpose" and B "Purpose of sharing" both hold `purpose`',
      'column C "Recipent DSPT": unknown heading; did you mean "Recipient DSPT"? (map it with --map, or map it to `ignore`)',
    ]);
  });
  test('a --map target that is not a fact is reported', () => {
    expect(headingTable(vocabulary, { X: 'recipient.dsp' }).problems[0].message).toMatch(/did you mean `recipient.dspt`/);
  });
  test('column letters', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});

describe('rows', () => {
  const { table } = headingTable(vocabulary);
  const { columns } = resolveHeader(['Flow ID', 'NHS number', 'Data categories', 'Purpose', 'Start date'], table);
  const reader = new RowReader(columns, vocabulary);
  test('every problem of a row, by column; a good row gives facts', () => {
    expect(whole(reader.read(['F1', 'yes', 'health', 'Planning', '01/04/2026']))).toEqual({
      ref: 'F1', problems: [], facts: { 'data.nhs_number': true, 'data.categories': ['health'], purpose: 'planning', start_date: '2026-04-01' },
    });
    const bad = reader.read(['F2', 'perhaps', 'helth', 'planing', '31/02/2026']);
    expect(bad.problems.map(p => `${p.column} ${p.heading}`)).toEqual(['E Start date', 'B NHS number', 'C Data categories', 'D Purpose']);
    expect(bad.problems[3].message).toMatch(/did you mean `planning`/);
  });
  test('the memo gives the same answer as a first reading', () => {
    const a = reader.read(['F3', 'Y', 'Health', 'direct care', '']);
    const b = reader.read(['F4', 'Y', 'Health', 'direct care', '']);
    expect(factsOf(b)).toEqual(factsOf(a));
    expect(factsOf(b)).not.toBe(factsOf(a));
    expect(b.coded!.key).toBe(a.coded!.key);
  });
  test('values that fail their checks are reported in the order an answers file reports them', () => {
    const ident = fact('data.identifiability', 'enum', ['identifiable', 'pseudonymised']);
    const vocab = [...vocabulary, ident];
    const cols = resolveHeader(['Data categories', 'Recipient DSPT', 'Identifiability', 'Start date', 'Title'], headingTable(vocab).table).columns;
    const r = new RowReader(cols, vocab).read(['helth', 'meh', 'anonymous', '2026-02-31', 'A flow']);
    // By fact group as validateFacts walks them (data.*, then recipient.*), coded cells after free ones.
    expect(r.problems.map(p => p.column)).toEqual(['D', 'A', 'C', 'B']);
    expect(whole(new RowReader(cols, vocab).read(['health', 'none', 'identifiable', '2026-02-28', 'A flow']))).toEqual({
      problems: [], facts: { 'data.categories': ['health'], 'recipient.dspt': 'none', 'data.identifiability': 'identifiable', start_date: '2026-02-28', title: 'A flow' },
    });
  });
  test('dates and data items read again from memory give the same facts and problems', () => {
    const cols = resolveHeader(['Start date', 'Data items', 'Title'], headingTable(vocabulary).table).columns;
    const r = new RowReader(cols, vocabulary);
    const first = whole(r.read(['01/04/2026', 'NHS number: needed\nName', 'A']));
    expect(first.facts).toEqual({ start_date: '2026-04-01', 'data.items': [{ name: 'NHS number', justification: 'needed' }, { name: 'Name' }], title: 'A' });
    expect(whole(r.read(['01/04/2026', 'NHS number: needed\nName', 'A']))).toEqual(first);
    expect(r.read(['31/02/2026', 'NHS number: needed\nName', 'B']).problems.map(p => p.column)).toEqual(['A']);
    expect(r.read(['31/02/2026', 'NHS number: needed\nName', 'B']).problems.map(p => p.column)).toEqual(['A']);
  });
  test('a formula cell is a problem of its column', () => {
    const r = reader.read(['F5', { unreadable: 'holds a formula' }, 'health', 'planning', '']);
    expect(r.problems).toEqual([{ column: 'B', heading: 'NHS number', message: 'holds a formula' }]);
  });
});

describe('output escaping', () => {
  test('CSV fields are quoted, and formulas neutralised', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+44 20')).toBe("'+44 20");
  });
  test('Markdown from register text cannot become markup', () => {
    expect(md('<script>x</script> | *b*')).toBe('&lt;script&gt;x&lt;/script&gt; \\| \\*b\\*');
  });
  test('the progress line', () => {
    expect(progressLine(5000, 2, { read: 50, total: 100 })).toBe('[##########----------] 50% · 5,000 rows · 2,500 rows/s · ETA 0:02');
  });
});

test('a semicolon- or tab-separated CSV is recognised from its heading row', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { sniffDelimiter } = await import('../../src/audit/read-csv.js');
  const d = mkdtempSync(`${tmpdir()}/igcheck-sniff-`);
  const cases: [string, string][] = [['Flow ID,Purpose\n', ','], ['Flow ID;Purpose;"a, b"\n', ';'], ['Flow ID\tPurpose\n', '\t'], ['Purpose\n', ',']];
  cases.forEach(([text, want], i) => {
    writeFileSync(`${d}/${i}.csv`, text);
    expect(sniffDelimiter(`${d}/${i}.csv`)).toBe(want);
  });
});
