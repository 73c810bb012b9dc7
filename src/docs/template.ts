// Templates hold the wording: Markdown files under templates/ with {{placeholders}} filled by code.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { packageRoot } from '../pack/active.js';
import { escapeMarkdown } from './escape.js';

/** Markdown built by code (already escaped where it holds user text): inserted as is. */
export class Md {
  constructor(readonly text: string) {}
  toString(): string { return this.text; }
}
export const md = (text: string) => new Md(text);

/** A value for a placeholder: Markdown from code, or plain text (escaped on insertion). */
export type Value = Md | string;

export const templatesDir = () => join(packageRoot(), 'templates');

export interface Template { name: string; file: string; text: string }

/** The section templates of one document, in file-name order (`templates/dsa/10-purpose.md`). */
export function loadTemplates(doc: string, dir = templatesDir()): Template[] {
  const d = join(dir, doc);
  return readdirSync(d).filter(n => n.endsWith('.md')).sort().map(n => ({
    name: n.replace(/^\d+-/, '').replace(/\.md$/, ''),
    file: join(d, n),
    text: readFileSync(join(d, n), 'utf8'),
  }));
}

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

/**
 * Fill a template in one pass: inserted values are never scanned again, so an answer containing
 * `{{title}}` stays text. A placeholder without a value is an error naming file and line.
 */
export function fill(t: Template, values: Record<string, Value | undefined>): string {
  const problems: { line: number; name: string }[] = [];
  const text = t.text.replace(PLACEHOLDER, (_m, name: string, offset: number) => {
    const v = values[name];
    if (v === undefined) {
      problems.push({ line: t.text.slice(0, offset).split('\n').length, name });
      return '';
    }
    return v instanceof Md ? v.text : escapeMarkdown(v);
  });
  const stray = /\{\{|\}\}/.exec(t.text.replace(PLACEHOLDER, ''));
  if (stray) problems.push({ line: t.text.slice(0, stray.index).split('\n').length, name: '(malformed placeholder)' });
  if (problems.length) {
    throw new InputError(`The document template ${t.file} has ${problems.length} unfilled placeholder${problems.length > 1 ? 's' : ''}`,
      problems.map(p => ({ file: t.file, line: p.line, path: p.name, message: p.name.startsWith('(') ? 'a {{ or }} that is not a placeholder' : 'unknown or unfilled placeholder' })));
  }
  return text.trim();
}
