// Results written from a decision's remembered text must read exactly as each row written afresh.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ResultWriter, csvLine, jsonRecord } from '../../src/audit/write-results.js';
import { commitAll } from '../../src/io/write.js';
import type { FlowDecision } from '../../src/audit/decide.js';
import type { FlowResult } from '../../src/audit/tally.js';

test('rows sharing a decision are written as csvLine and jsonRecord write them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'igcheck-results-'));
  try {
    const d: FlowDecision = { verdict: 'incomplete', bases: [], conditions: ['dpia'], routes: [], missing: ['purpose'] };
    const lawful: FlowDecision = { verdict: 'lawful', bases: ['a', 'b'], conditions: [], routes: [], missing: [] };
    const missing = [{ fact: 'purpose', column: 'C "Purpose", main' }];
    const results: FlowResult[] = [
      { row: 2, ref: 'DF-1', title: 'Discharge, to GP', status: 'incomplete', decision: d, missing, problems: [] },
      { row: 3, title: '=cmd "quoted"', status: 'incomplete', decision: d, missing, problems: [] },
      { row: 4, ref: '+44', status: 'incomplete', decision: d, missing: [{ fact: 'purpose' }], problems: [] },
      { row: 5, status: 'unreadable', missing: [], problems: [{ column: 'B', heading: 'NHS number', message: 'expected yes or no' }] },
      { row: 6, ref: 'DF-6', title: 'Flow £6 — café', status: 'lawful', decision: lawful, missing: [], problems: [] },
      { row: 7, ref: 'DF-7', status: 'lawful', decision: lawful, missing: [], problems: [] },
    ];
    const w = new ResultWriter(dir);
    for (const r of results) await w.write(r);
    commitAll(w.finish());
    expect(readFileSync(join(dir, 'results.csv'), 'utf8').split('\r\n').slice(1, -1)).toEqual(results.map(csvLine));
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual(results.map(jsonRecord));
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(`[\n${results.map(r => JSON.stringify(jsonRecord(r))).join(',\n')}\n]\n`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
