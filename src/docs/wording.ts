// Answers pasted into sentences: a capital first letter, one full stop, user text escaped.
import { escapeMarkdown } from './escape.js';
import { md, type Md } from './template.js';

/** Text made to read as a sentence: trimmed, first letter capitalised, ending with one full stop. */
export function asSentence(text: string): string {
  let s = text.replace(/\s+/g, ' ').trim();
  if (!s) return s;
  s = s[0].toUpperCase() + s.slice(1);
  s = s.replace(/\.\.(?=\s|$)/g, '.');
  if (!/[.!?]["')\]]?$/.test(s)) s += '.';
  return s;
}

/** A sentence of plain text (answers included), escaped for Markdown. */
export const sentence = (text: string): Md => md(escapeMarkdown(asSentence(text)));

/** An answer inserted mid-sentence: no trailing full stop, first letter left as typed. */
export const clause = (text: string): string => text.replace(/\s+/g, ' ').trim().replace(/[.;,:]+$/, '');

/** An answer continuing a sentence: first letter lower-cased unless it starts an acronym or a name like "NHS". */
export const lowerFirst = (text: string): string => (/^([A-Z][a-z]|A )/.test(text) && !/^(I|NHS|GP|ICB)\b/.test(text) ? text[0].toLowerCase() + text.slice(1) : text);
