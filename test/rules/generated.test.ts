// The committed generated files (docs/rules.md, schemas/*.json) must match the built-in pack,
// and the published schemas must accept what igcheck accepts and refuse what it refuses.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { loadPacks, readPackDir } from '../../src/load/load-pack.js';
import { builtinDir } from '../../src/pack/active.js';
import { rulesMarkdown } from '../../src/rules/docs.js';
import { answersSchemaText, packSchemaText, SCHEMA_FILES } from '../../src/rules/schemas.js';

const pack = loadPacks([readPackDir(builtinDir(), true)]);
const label = pack.sources.map(s => `${s.name} ${s.version}`).join(' + ');
const STALE = 'is out of date with the rule packs: run `npm run build && npm run gen` and commit the result';

describe('generated files are up to date', () => {
  it('docs/rules.md', () => {
    expect(readFileSync('docs/rules.md', 'utf8'), `docs/rules.md ${STALE}`).toBe(rulesMarkdown(pack));
  });
  it('schemas/rule-pack.schema.json', () => {
    expect(readFileSync(join('schemas', SCHEMA_FILES.pack), 'utf8'), `the rule-pack schema ${STALE}`).toBe(packSchemaText());
  });
  it('schemas/answers.schema.json', () => {
    expect(readFileSync(join('schemas', SCHEMA_FILES.answers), 'utf8'), `the answers schema ${STALE}`).toBe(answersSchemaText(pack.facts, label));
  });
  it('the reference documents every basis, condition and route, with its citation', () => {
    const md = rulesMarkdown(pack);
    for (const r of [...pack.bases, ...pack.conditions, ...pack.routes]) expect(md).toContain(`### ${pack.bases.includes(r as never) ? 'basis' : pack.conditions.includes(r as never) ? 'condition' : 'route'}-${r.id}`);
    for (const b of pack.bases) expect(md).toContain(b.citation);
  });
});

describe('the published schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const answers = ajv.compile(JSON.parse(readFileSync(join('schemas', SCHEMA_FILES.answers), 'utf8')));
  const packFile = ajv.compile(JSON.parse(readFileSync(join('schemas', SCHEMA_FILES.pack), 'utf8')));
  const yamlIn = (dir: string) => readdirSync(dir).filter(f => f.endsWith('.yaml')).map(f => join(dir, f));

  it('accept the answers of every acceptance scenario and example', () => {
    for (const f of yamlIn('test/scenarios/acceptance')) expect(answers(parse(readFileSync(f, 'utf8')).answers), `${f}: ${ajv.errorsText(answers.errors)}`).toBe(true);
    for (const f of yamlIn('examples')) expect(answers(parse(readFileSync(f, 'utf8'))), f).toBe(true);
  });
  it('refuse an unknown fact and an unknown value, as the loader does', () => {
    expect(answers({ purpose: 'direct_care', recipient: { tyep: 'police' } })).toBe(false);
    expect(answers({ purpose: 'direct_cares' })).toBe(false);
    expect(answers({ individual: { objected: null } })).toBe(true);
  });
  it('accept every file of the built-in pack and the local fixtures, and refuse a rule without citation', () => {
    for (const f of [...yamlIn(builtinDir()), ...yamlIn('test/fixtures/packs/dpo-review'), ...yamlIn('test/fixtures/packs/dpia-routine')]) {
      expect(packFile(parse(readFileSync(f, 'utf8'))), `${f}: ${ajv.errorsText(packFile.errors)}`).toBe(true);
    }
    expect(packFile(parse(readFileSync('test/fixtures/packs/broken/missing-citation/rules.yaml', 'utf8')))).toBe(false);
  });
});
