// The answers file's parties:, flows: and agreement: sections: checked field by field, every problem
// with file, line and field, unknown keys and values suggested; a spreadsheet roster read as a YAML one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { stringify } from 'yaml';
import { rosterOf } from '../../src/parties/roster.js';
import { exampleAnswers, read } from './helpers.js';

const two = (extra: Record<string, unknown> = {}) => ({
  purpose: 'direct_care',
  parties: [
    { id: 'gp-a', name: 'Practice A', type: 'gp_practice', role: 'joint_controller' },
    { id: 'trust-b', name: 'Trust B', type: 'nhs_trust', role: 'joint_controller' },
  ],
  flows: [{ id: 'records', from: 'gp-a', to: '*' }],
  ...extra,
});

describe('the roster sections', () => {
  it('reads the example: ten parties of at least five organisation types, nine flows', async () => {
    const { facts, problems } = await read(exampleAnswers());
    expect(problems).toEqual([]);
    const r = rosterOf(facts);
    expect(r.parties.length).toBeGreaterThanOrEqual(10);
    expect(new Set(r.parties.map(p => p.type)).size).toBeGreaterThanOrEqual(5);
    expect(r.flows).toHaveLength(9);
    expect(r.agreement).toMatchObject({ kind: 'overarching', version: '1.0', joint: { rights_requests: 'each' } });
  });

  it('reports a misspelt field and value at their line, with a suggestion', async () => {
    const text = stringify(two()).replace('type: gp_practice', 'type: gp_practise').replace('role: joint_controller\n', 'rol: joint_controller\n');
    const { problems } = await read(text);
    expect(problems.some(p => /^answers\.yaml:\d+ parties\[0\]\.type: unknown value "gp_practise"; did you mean `gp_practice`/.test(p))).toBe(true);
    expect(problems.some(p => /^answers\.yaml:\d+ parties\[0\]\.rol: unknown field; did you mean `role`/.test(p))).toBe(true);
    expect(problems.some(p => /parties\[0\]\.role: `role` is required/.test(p))).toBe(true);
  });

  it('refuses a flow naming a party that does not exist, with the nearest id', async () => {
    const { problems } = await read(two({ flows: [{ id: 'records', from: 'gp-aa', to: ['trust-b'] }] }));
    expect(problems.join('\n')).toMatch(/flows\[0\]\.from: no party `gp-aa`; did you mean `gp-a`\?/);
  });

  it('checks a flow\'s answers against the facts vocabulary, at their place in the file', async () => {
    const { problems } = await read(two({ flows: [{ id: 'records', from: 'gp-a', to: '*', answers: { purpose: 'direct_cair', sharing: { frequncy: 'routine' } } }] }));
    expect(problems.join('\n')).toMatch(/flows\[0\]\.answers\.purpose: unknown value "direct_cair"; did you mean `direct_care`/);
    expect(problems.join('\n')).toMatch(/flows\[0\]\.answers\.sharing\.frequncy: unknown fact; did you mean `sharing\.frequency`/);
  });

  it('keeps party facts on the party: a discloser name beside a roster is refused', async () => {
    const { problems } = await read(two({ discloser: { name: 'Someone' } }));
    expect(problems.join('\n')).toMatch(/discloser\.name: with a `parties:` list, discloser facts come from each flow's parties/);
  });

  it('refuses a party sharing with itself, a repeated id, and a roster with no flows', async () => {
    const dup = two({ flows: [{ id: 'x', from: 'gp-a', to: ['gp-a'] }, { id: 'x', from: 'trust-b', to: '*' }] });
    const p1 = (await read(dup)).problems.join('\n');
    expect(p1).toMatch(/a party does not share with itself/);
    expect(p1).toMatch(/flows\[1\]\.id: the id `x` is used by another flow/);
    const { flows: _f, ...noFlows } = two();
    expect((await read(noFlows)).problems.join('\n')).toMatch(/the parties share nothing yet/);
  });

  it('a schedule names its overarching agreement by a well-formed digest', async () => {
    expect((await read(two({ agreement: { kind: 'schedule' } }))).problems.join('\n')).toMatch(/a schedule names the overarching agreement/);
    expect((await read(two({ agreement: { kind: 'schedule', overarching: { digest: 'sha256:abc' } } }))).problems.join('\n')).toMatch(/64 lower-case hex digits/);
    const ok = await read(two({ agreement: { kind: 'schedule', version: '2', overarching: { digest: `sha256:${'a'.repeat(64)}`, title: 'SCR' } } }));
    expect(ok.problems).toEqual([]);
    expect(rosterOf(ok.facts).agreement).toEqual({ kind: 'schedule', version: '2', overarching: { digest: `sha256:${'a'.repeat(64)}`, title: 'SCR' } });
  });

  it('a file without parties is a roster of two: discloser and recipient, one flow', async () => {
    const { facts } = await read({ purpose: 'direct_care', discloser: { name: 'Council', type: 'local_authority' }, recipient: { name: 'Home', type: 'independent_care_provider', role: 'processor', dspt: 'approaching' } });
    const r = rosterOf(facts);
    expect(r.parties.map(p => [p.id, p.name, p.type, p.role])).toEqual([['discloser', 'Council', 'local_authority', 'controller'], ['recipient', 'Home', 'independent_care_provider', 'processor']]);
    expect(r.parties[1].dspt).toBe('approaching');
    expect(r.flows).toEqual([{ id: 'share', from: 'discloser', to: ['recipient'] }]);
    expect(r.agreement).toEqual({ kind: 'single' });
  });
});

describe('the answers JSON schema', () => {
  it('accepts the shared care record and refuses a party without a role', async () => {
    const { default: Ajv } = await import('ajv');
    const { answersJsonSchema } = await import('../../src/rules/schemas.js');
    const { builtinPack } = await import('../helpers/pack.js');
    const validate = new (Ajv as unknown as typeof import('ajv').default)({ strict: false }).compile(answersJsonSchema(builtinPack().facts, 'england'));
    const x = JSON.parse(JSON.stringify(exampleAnswers()));
    expect(validate(x), JSON.stringify(validate.errors)).toBe(true);
    delete x.parties[0].role;
    expect(validate(x)).toBe(false);
  });
});

describe('a roster from a spreadsheet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'igcheck-roster-'));
  const answers = (roster: string) => stringify({ purpose: 'direct_care', parties: roster, flows: [{ id: 'records', from: 'gp-a', to: '*' }] });

  it('reads a CSV roster beside the answers file, headings as people write them', async () => {
    writeFileSync(join(dir, 'roster.csv'), 'Party ID,Organisation,ODS code,Type,Role,DSPT,SIRO name,DPO email\n'
      + 'gp-a,Practice A,y0001,GP practice,Joint controller,Standards met,Dr A,dpo@a.nhs.uk\n'
      + 'home-c,Home C,,care home,joint controller,approaching,,\n');
    const { facts, problems } = await read(answers('roster.csv'), join(dir, 'answers.yaml'));
    expect(problems).toEqual([]);
    expect(rosterOf(facts).parties).toEqual([
      { id: 'gp-a', name: 'Practice A', ods: 'Y0001', type: 'gp_practice', role: 'joint_controller', dspt: 'standards_met', contacts: { siro: { name: 'Dr A' }, dpo: { email: 'dpo@a.nhs.uk' } } },
      { id: 'home-c', name: 'Home C', type: 'independent_care_provider', role: 'joint_controller', dspt: 'approaching' },
    ]);
  });

  it('names the sheet, row and column of a bad cell, and an unknown heading', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'id,name,type,role,colour\ngp-a,Practice A,gp_practice,controller,red\ntrust-b,Trust B,nhs_trus,controller,\n');
    const { problems } = await read(answers('bad.csv'), join(dir, 'answers.yaml'));
    expect(problems.join('\n')).toMatch(/bad\.csv:1 column E colour: unknown heading/);
    expect(problems.join('\n')).toMatch(/bad\.csv:3 column C type: unknown value "nhs_trus"; did you mean `nhs_trust`/);
  });

  it('reads an XLSX roster as the CSV one', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Parties');
    ws.addRow(['id', 'name', 'type', 'role', 'publicly funded care', 'Caldicott guardian name']);
    ws.addRow(['gp-a', 'Practice A', 'gp_practice', 'joint_controller', '', 'Dr G']);
    ws.addRow(['hospice-d', 'Hospice D', 'voluntary_sector', 'joint_controller', 'yes', '']);
    writeFileSync(join(dir, 'roster.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const { facts, problems } = await read(answers('roster.xlsx'), join(dir, 'answers.yaml'));
    expect(problems).toEqual([]);
    expect(rosterOf(facts).parties.map(p => [p.id, p.publicly_funded_care, p.contacts?.caldicott_guardian?.name])).toEqual([['gp-a', undefined, 'Dr G'], ['hospice-d', true, undefined]]);
  });

  it('says so when the roster file is missing', async () => {
    const { problems } = await read(answers('absent.xlsx'), join(dir, 'answers.yaml'));
    expect(problems.join('\n')).toMatch(/parties: no file .*absent\.xlsx/);
  });
});
