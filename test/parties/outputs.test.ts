// The agreement between many parties in every format: the matrix, each party's duties, the Art 26
// arrangement, the common terms or the overarching agreement, every party's signing blocks; each
// disclosing party's rationale report and the joint DPIA; all in one signed manifest that verifies.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { writeOutputs } from '../../src/docs/write.js';
import { verifyDir } from '../../src/sign/verify.js';
import { assessAgreement } from '../../src/assess/agreement.js';
import { renderAgreementOutputs } from '../../src/parties/render.js';
import { builtinPack, igcheck } from '../helpers/pack.js';
import { tmp } from '../docs/helpers.js';
import { hasPdftotext, pdfText } from '../docs/pdf-text.js';
import { AS_OF, exampleAnswers, read } from './helpers.js';

beforeAll(() => { process.env.IGCHECK_CONFIG_DIR = join(tmp(), 'config'); delete process.env.IGCHECK_PASSPHRASE; });

const FORMATS = ['md', 'html', 'docx', 'pdf', 'json', 'yaml'];
const docxText = (b: Buffer) => strFromU8(unzipSync(new Uint8Array(b))['word/document.xml']).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function rendered(change: (x: Record<string, unknown>) => void = () => {}, formats = ['md', 'yaml']) {
  const answers = exampleAnswers();
  change(answers);
  const { facts, raw, problems } = await read(answers);
  expect(problems).toEqual([]);
  const pack = builtinPack();
  const agreement = assessAgreement(pack, facts, AS_OF);
  const files = await renderAgreementOutputs({ agreement, pack, facts, raw }, formats, 'sha256:test');
  return { files, agreement, facts, raw, pack, md: files.get('data-sharing-agreement.md')!.toString() };
}

describe('the shared care record\'s documents', () => {
  it('render the agreement, a rationale report for each disclosing party and the joint DPIA, in every format', async () => {
    const { files, agreement } = await rendered(undefined, FORMATS);
    for (const ext of ['md', 'html', 'docx', 'pdf']) {
      expect(files.has(`data-sharing-agreement.${ext}`), ext).toBe(true);
      for (const p of agreement.roster.flows.map(f => f.from)) expect(files.has(`reports/${p}-rationale-report.${ext}`), `${p} ${ext}`).toBe(true);
    }
    for (const f of ['dpia.md', 'dpia.html', 'dpia.docx', 'party-matrix.csv', 'agreement.json', 'answers.yaml']) expect(files.has(f), f).toBe(true);
    // A host that discloses nothing has no report of its own.
    expect([...files.keys()].some(f => f.startsWith('reports/scr-host'))).toBe(false);
  });

  it('put the party-by-layer matrix, with every party and its own basis, in every format', async () => {
    const { files, md, agreement } = await rendered(undefined, FORMATS);
    expect(md).toMatch(/\| Party \| UK GDPR Article 6 lawful basis \| .* \| Outcome \|/);
    expect(md).toMatch(/\*\*Meadow Lodge Nursing Home\*\*<br>independent care provider \| \*\*Met\*\*: Legitimate interests/);
    expect(md).toMatch(/\*\*Oakfield House Care Home Ltd\*\*<br>independent care provider \| \*\*Met\*\*: Public task †1/);
    expect(md).toMatch(/### Where the law is unsettled\n\n1\. † Unsettled: .*Applies to: Vale Community Health CIC, St Clare's Hospice, Oakfield House Care Home Ltd\./);
    const html = files.get('data-sharing-agreement.html')!.toString();
    const word = docxText(files.get('data-sharing-agreement.docx')!);
    for (const p of agreement.roster.parties) {
      expect(html, p.name).toContain(p.name.replace(/'/g, '&#39;'));
      expect(word, p.name).toContain(p.name.replace(/'/g, '&apos;').replace(/&apos;/g, word.includes('&apos;') ? '&apos;' : "'"));
    }
    expect(word).toContain('Legitimate interests');
    if (hasPdftotext) {
      const pdf = pdfText(files.get('data-sharing-agreement.pdf')!).replace(/\s+/g, ' ');
      expect(pdf).toContain('The lawful basis of each party');
      expect(pdf).toContain('Meadow Lodge Nursing Home');
      expect(pdf).toContain('Legitimate interests');
    }
    const csv = files.get('party-matrix.csv')!.toString().split('\r\n');
    expect(csv[0]).toMatch(/^party,name,ods,type,role,art6_status,art6_basis,/);
    expect(csv.find(l => l.startsWith('meadow-lodge,'))).toMatch(/,met,Legitimate interests,/);
  });

  it('draft the Art 26 arrangement: who answers rights requests, who gives privacy information, the contact point', async () => {
    const { md } = await rendered();
    const s = /## \d+\. Arrangement between joint controllers \(UK GDPR Article 26\)[\s\S]*?(?=\n## )/.exec(md)![0];
    expect(s).toMatch(/\| Answering individuals' requests .* \| Each party, for the records it discloses and holds \|/);
    expect(s).toMatch(/\| Giving privacy information .* \| Each party, for the records it discloses and holds \|/);
    expect(s).toMatch(/\| Contact point for individuals \(Article 26\(1\)\) \| Westbury Shared Care Record IG team, scr\.ig@westbury-icb\.nhs\.uk/);
    expect(s).toMatch(/Article 26\(3\)/);
  });

  it('name the party that answers requests when one does, and say when no contact point is named', async () => {
    const { md } = await rendered(x => { (x.agreement as Record<string, unknown>).joint = { rights_requests: 'westbury-trust' }; });
    expect(md).toMatch(/\| Answering individuals' requests .* \| Westbury Hospitals NHS Foundation Trust \(RWB\) \|/);
    expect(md).toMatch(/\| Contact point for individuals \(Article 26\(1\)\) \| \*\*Not yet named/);
  });

  it('give every party still in the agreement its SIRO, Caldicott Guardian and DPO blocks (a processor its SIRO)', async () => {
    const { md, agreement } = await rendered();
    const approval = md.slice(md.indexOf('. Approval'));
    for (const p of agreement.roster.parties) expect(approval, p.name).toContain(`### For ${p.name}`);
    const block = (name: string) => approval.slice(approval.indexOf(`### For ${name}`)).split('</div>')[0];
    expect(block('Westbury Hospitals NHS Foundation Trust')).toMatch(/Senior Information Risk Owner \(SIRO\) \| Helen Ward[\s\S]*Caldicott Guardian \| Dr Priya Nair[\s\S]*Data Protection Officer \| James Ford/);
    expect(block('Orbis Health Records Ltd')).toMatch(/Senior Information Risk Owner/);
    expect(block('Orbis Health Records Ltd')).not.toMatch(/Caldicott|Data Protection Officer/);
  });

  it('offer nothing for signature when a flow is not cleared, and say which flow holds it back', async () => {
    const { md } = await rendered(x => {
      (x.flows as Record<string, unknown>[]).push({ id: 'overseas-copy', from: 'meadow-lodge', to: ['gp-oakwood'], answers: { recipient: { location: 'other' }, controls: { transfer_mechanism: 'none' } } });
    });
    expect(md).toMatch(/> \*\*Do not sign\.\*\*/);
    expect(md).not.toMatch(/\. Approval/);
    expect(md).toMatch(/Its flows not yet cleared: overseas-copy to Oakwood Family Practice/);
  });

  it('a schedule names the overarching agreement\'s digest in place of the common terms', async () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const { md } = await rendered(x => { x.agreement = { kind: 'schedule', version: '2', overarching: { digest, title: 'Westbury SCR overarching agreement' } }; });
    expect(md).toMatch(/^# Data sharing schedule: /);
    expect(md).toContain(`\`${digest}\``);
    expect(md).toMatch(/## \d+\. The overarching agreement\n\nThis schedule sits under the overarching agreement \*\*Westbury SCR overarching agreement\*\*/);
    expect(md).not.toMatch(/## \d+\. Common terms/);
  });

  it('the joint DPIA lists every party in its controllers and processors', async () => {
    const { files, agreement } = await rendered();
    const dpia = files.get('dpia.md')!.toString();
    const section = /## \d+\. Controllers and processors[\s\S]*?(?=\n## |<div)/.exec(dpia)![0];
    for (const p of agreement.roster.parties) expect(section, p.name).toContain(p.name);
    expect(dpia).toMatch(/Controller carrying out this DPIA \| The 10 parties to the agreement/);
  });

  it('are signed in one manifest that covers every file, and verify catches a change to a party\'s report', async () => {
    const { agreement, facts, raw, pack } = await rendered();
    const w = agreement.weakest!;
    const { dir, files } = await writeOutputs({
      decision: w.decision, pack, facts: w.facts, raw, opts: { out: 'scr', signer: 'Helen Ward', role: 'SIRO', organisation: 'Westbury Hospitals NHS Foundation Trust' }, cwd: tmp(), quiet: true,
      render: (formats, sha) => renderAgreementOutputs({ agreement, pack, facts, raw }, formats, sha),
    });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { path?: string; name?: string }[] };
    expect(manifest.files.map(f => f.path ?? f.name).sort()).toEqual([...files].sort());
    expect(files).toContain('reports/westbury-council-rationale-report.pdf');
    expect(verifyDir(dir).ok).toBe(true);
    const p = join(dir, 'reports', 'oakfield-house-rationale-report.md');
    writeFileSync(p, `${readFileSync(p, 'utf8')}\nA line added later.\n`);
    expect(verifyDir(dir).ok).toBe(false);
  });
});

describe('igcheck assess with a roster', () => {
  it('prints the matrix, gives the agreement as JSON, and writes a pack that verifies', () => {
    const dir = tmp();
    const env = { IGCHECK_CONFIG_DIR: join(dir, 'config') };
    const text = igcheck(['assess', '--answers', 'examples/shared-care-record.yaml', '--as-of', AS_OF], undefined, env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/LAWFUL WITH CONDITIONS/);
    expect(text.stdout).toMatch(/meadow-lodge .*Lawful with conditions \(Legitimate interests\)/);
    const json = igcheck(['assess', '--answers', 'examples/shared-care-record.yaml', '--as-of', AS_OF, '--json'], undefined, env);
    const a = JSON.parse(json.stdout) as { verdict: string; flows: unknown[]; matrix: { party: string }[] };
    expect(a.verdict).toBe('lawful_with_conditions');
    expect(a.flows).toHaveLength(81);
    expect(a.matrix.map(r => r.party)).toContain('oakfield-house');
    const out = join(dir, 'pack');
    const w = igcheck(['assess', '--answers', 'examples/shared-care-record.yaml', '--as-of', AS_OF, '--out', out, '--format', 'md,json', '--no-register', '--signer', 'Helen Ward', '--role', 'SIRO'], undefined, env);
    expect(w.code, w.stderr).toBe(0);
    expect(verifyDir(out).ok).toBe(true);
    expect(readFileSync(join(out, 'answers.yaml'), 'utf8')).toMatch(/parties:\n\s+- id: gp-riverside/);
  });
});
