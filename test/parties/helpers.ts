// Shared test helpers for agreements between many parties: the shared care record example, read as
// `assess` reads it, and small rosters built in the test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseAnswers } from '../../src/load/answers.js';
import { readRosterSheet } from '../../src/parties/sheet.js';
import { builtinPack } from '../helpers/pack.js';

export const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'shared-care-record.yaml');
export const AS_OF = '2026-06-01';
export const exampleAnswers = () => parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

/** Parse answers as `assess --answers` does; the problems (as text) when it refuses them. */
export async function read(answers: Record<string, unknown> | string, file = 'answers.yaml') {
  const text = typeof answers === 'string' ? answers : stringify(answers);
  try {
    return { ...(await parseAnswers(text, file, builtinPack().facts, { readRoster: (name, f) => readRosterSheet(name, f, builtinPack().facts) })), problems: [] as string[] };
  } catch (e) {
    const p = (e as { problems?: { file: string; line?: number; path?: string; message: string }[] }).problems;
    if (!p) throw e;
    return { facts: {}, raw: {}, problems: p.map(x => `${x.file}:${x.line ?? ''} ${x.path ?? ''}: ${x.message}`) };
  }
}
