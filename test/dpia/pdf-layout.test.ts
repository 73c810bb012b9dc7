// The PDF writer's table layout as the DPIA's risk table needs it: columns that fit the page, and
// line breaks (<br>) within a cell that do not glue words together.
import { describe, expect, it } from 'vitest';
import type { Tokens } from 'marked';
import { columnWidths } from '../../src/docs/pdf.js';
import { lex } from '../../src/docs/markdown.js';

const tableOf = (md: string) => lex(md).find(t => t.type === 'table') as Tokens.Table;

describe('PDF table columns', () => {
  it('long words in every column never push the table off the page, and every column keeps room', () => {
    const long = 'Pseudonymisationservicekeyholder';
    const t = tableOf(`| A | B | C | D | E |\n| --- | --- | --- | --- | --- |\n| ${Array(5).fill(long).join(' | ')} |\n`);
    const w = columnWidths(t);
    expect(w.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100.0001);
    for (const x of w) expect(x).toBeGreaterThanOrEqual(5);
  });

  it('a <br> between words is a break, not one long word that widens its column', () => {
    // Short lines joined by <br>: compared with the same text joined by four spaces (the same length).
    const cell = 'told<br>reasonably';
    const table = (c: string) => columnWidths(tableOf(`| Ref | Risk | Measures |\n| --- | --- | --- |\n| R1 | ${'Someone who should not see the records sees them in transit '.repeat(3)} | ${c} |\n`));
    const withBr = table(cell);
    const withSpaces = table(cell.replace(/<br>/g, '    '));
    withBr.forEach((w, i) => expect(Math.abs(w - withSpaces[i])).toBeLessThan(0.5));
  });
});
