// The organisation section of igcheck.config.yaml: read, checked with file and line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readConfig } from '../../src/pack/config.js';
import { writeFile } from '../../src/io/write.js';
import { organisationFacts } from '../../src/audit/extras.js';

const config = (text: string) => { const d = mkdtempSync(join(tmpdir(), 'igcheck-org-')); writeFile(join(d, 'igcheck.config.yaml'), text); return join(d, 'igcheck.config.yaml'); };

test('an organisation gives the discloser of every flow', async () => {
  const c = await readConfig(config('organisation:\n  name: Northfield ICB\n  type: nhs_commissioner\n  ods_code: QXX\n  contacts:\n    dpo: { name: A Person, email: dpo@example.org }\n'));
  expect(c.organisation).toEqual({ name: 'Northfield ICB', type: 'nhs_commissioner', ods_code: 'QXX', contacts: { dpo: { name: 'A Person', email: 'dpo@example.org' } } });
  expect(organisationFacts(c.organisation)).toEqual({ 'discloser.name': 'Northfield ICB', 'discloser.type': 'nhs_commissioner', 'discloser.contacts': { dpo: { name: 'A Person', email: 'dpo@example.org' } } });
});

test('problems are named by line and field', async () => {
  const file = config('organisation:\n  type: nhs_trust\n  ods: RXX\n  contacts:\n    boss: { name: X }\n');
  const err = await readConfig(file).catch(e => e);
  const text = err.problems.map((p: { line?: number; message: string }) => `${p.line}: ${p.message}`);
  expect(text).toEqual(expect.arrayContaining([expect.stringMatching(/^3: unknown setting `ods`/), expect.stringMatching(/^5: unknown role `boss`/), expect.stringMatching(/needs a `name`/)]));
});
