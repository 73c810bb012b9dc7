// One configured Markdown parser for every format: GFM tables, but no autolinks from plain text.
import { Marked, type Token } from 'marked';

// User text is escaped before it reaches the parser; switching off GFM's extended autolinks as well
// means no answer can turn into a link, whatever it looks like (`www.`, `https://`).
const parser = new Marked({ gfm: true, breaks: false, tokenizer: { url: () => undefined } as never });

export const lex = (markdown: string): Token[] => parser.lexer(markdown);
export const toHtml = (markdown: string): string => parser.parse(markdown, { async: false }) as string;
