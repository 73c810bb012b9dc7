// The banner a draft carries under its title: every contradiction with its fix (templates/draft.md).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Inconsistency } from './consistency.js';
import { escapeMarkdown } from './escape.js';
import { fill, md, templatesDir } from './template.js';

export function draftBanner(problems: Inconsistency[]): string {
  const file = join(templatesDir(), 'draft.md');
  const list = problems.map(p => `> - ${escapeMarkdown(p.problem)} ${escapeMarkdown(p.fix)}`).join('\n');
  return `${fill({ name: 'draft', file, text: readFileSync(file, 'utf8') }, { problems: md(list) })}\n`;
}
