// Test helper: scenario answers → register rows under the template headings (the inverse of the reader).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { Pack } from '../../src/core/types.js';
import { csvField } from '../../src/audit/write-results.js';
import { flatten } from '../../src/audit/read-list.js';

export const SCENARIOS = fileURLToPath(new URL('../scenarios/acceptance', import.meta.url));

export interface Scenario { name: string; answers: Record<string, unknown>; verdicts: string[] }

export function scenarios(): Scenario[] {
  return readdirSync(SCENARIOS).filter(f => f.endsWith('.yaml')).sort().map(f => {
    const s = YAML.parse(readFileSync(join(SCENARIOS, f), 'utf8'));
    return { name: f, answers: s.answers, verdicts: [].concat(s.expect.verdict) };
  });
}

/** One cell as an IG team would type it. */
export function cellOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) {
    if (v.every(x => typeof x === 'string')) return v.join('; ');
    return v.map((i: { name: string; justification?: string }) => (i.justification ? `${i.name}: ${i.justification}` : i.name)).join('\n');
  }
  return String(v);
}

/** Rows (heading → cell) for answers, using the pack's template headings. */
export function toRow(answers: Record<string, unknown>, pack: Pack, heading: (id: string) => string, ref: string): Record<string, string> {
  const flat = flatten(answers, new Set(pack.facts.map(f => f.id)));
  const row: Record<string, string> = { 'Flow ID': ref };
  for (const [id, v] of Object.entries(flat)) {
    const f = pack.facts.find(x => x.id === id);
    if (!f || f.type === 'contacts') continue;
    row[heading(id)] = cellOf(v);
  }
  return row;
}

export function toCsv(rows: Record<string, string>[], headings: string[], eol = '\n'): string {
  return [headings.map(csvField).join(','), ...rows.map(r => headings.map(h => csvField(r[h] ?? '')).join(','))].join(eol) + eol;
}
