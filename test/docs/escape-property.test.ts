// Property: no string, once escaped, can add structure to Markdown, in a paragraph or a table cell.
import fc from 'fast-check';
import type { Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/docs/escape.js';
import { lex } from '../../src/docs/markdown.js';

const inlineTypes = (tokens: Token[], out: string[] = []): string[] => {
  for (const t of tokens) {
    out.push(t.type);
    const x = t as unknown as { tokens?: Token[]; rows?: { tokens: Token[] }[][]; header?: { tokens: Token[] }[] };
    if (x.tokens) inlineTypes(x.tokens, out);
    x.header?.forEach(c => inlineTypes(c.tokens, out));
    x.rows?.forEach(r => r.forEach(c => inlineTypes(c.tokens, out)));
  }
  return out;
};
const STRUCTURE = ['link', 'image', 'html', 'strong', 'em', 'codespan', 'del', 'heading', 'list', 'table', 'blockquote', 'code', 'hr', 'br'];
const base = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom('<', '>', '[', ']', '(', ')', '|', '*', '_', '`', '\\', '!', '&', '#', '-', '\n', ' ', 'a', ':', '~', '{', '}'), maxLength: 40 }));
const nasty = base.chain(s => fc.constantFrom(s, `# ${s}`, `[${s}](javascript:x)`, `<b>${s}</b>`, `| ${s} |`, `- ${s}`, `1. ${s}`, `**${s}**`, `\`${s}\``, `> ${s}`, `---\n${s}`, `${s}  \n${s}`));

describe('escapeMarkdown', () => {
  it('a paragraph of escaped text is one paragraph of plain text', () => {
    fc.assert(fc.property(nasty, s => {
      const tokens = lex(`Before ${escapeMarkdown(s)} after`).filter(t => t.type !== 'space');
      expect(tokens).toHaveLength(1);
      expect(tokens[0].type).toBe('paragraph');
      expect(inlineTypes((tokens[0] as { tokens: Token[] }).tokens).filter(t => STRUCTURE.includes(t))).toEqual([]);
    }), { numRuns: 400 });
  });
  it('an escaped table cell stays one cell of one row', () => {
    fc.assert(fc.property(nasty, s => {
      const tokens = lex(`| a | b |\n| --- | --- |\n| ${escapeMarkdown(s) || ' '} | x |`).filter(t => t.type !== 'space');
      expect(tokens).toHaveLength(1);
      const table = tokens[0] as unknown as { type: string; rows: { text: string; tokens: Token[] }[][] };
      expect(table.type).toBe('table');
      expect(table.rows).toHaveLength(1);
      expect(table.rows[0]).toHaveLength(2);
      expect(table.rows[0][1].text).toBe('x');
      expect(inlineTypes(table.rows[0][0].tokens).filter(t => STRUCTURE.includes(t))).toEqual([]);
    }), { numRuns: 400 });
  });
});
