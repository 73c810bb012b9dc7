// The questionnaire and the DPIA: the DPIA questions only when the screening calls for a DPIA, and
// the risk scores a person set in the answers file's `dpia:` section count (dpia.residual_high).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Pack } from '../../src/core/types.js';
import { decideWithDpia } from '../../src/dpia/decide.js';
import { runInterview } from '../../src/interview/run.js';
import { loadActivePack } from '../../src/pack/active.js';
import { SCENARIOS, scenario, scripted } from '../interview/scripted.js';

const AS_OF = '2026-11-22';
let pack: Pack;
beforeAll(async () => { pack = await loadActivePack([]); });
const quiet = () => undefined;
const dir = () => mkdtempSync(join(tmpdir(), 'igcheck-dpia-q-'));
const dpiaSections = () => new Set(pack.questions.filter(q => /^DPIA/.test(q.section)).map(q => q.fact));

/** Scenario 16 (large-scale linked planning data) as an answers file, with `dpia:` added and facts taken out. */
function answersFile(dpia: unknown, without: string[]): string {
  const s = parse(readFileSync(join(SCENARIOS, '16-pseudonymised-linked-planning-dpia.yaml'), 'utf8'));
  const a = s.answers;
  for (const f of without) { const [k, sub] = f.split('.'); delete a[k][sub]; }
  if (dpia) a.dpia = dpia;
  const file = join(dir(), 'share.yaml');
  writeFileSync(file, stringify(a));
  return file;
}

const HIGH = { scores: { reidentification: { residual: { likelihood: 4, impact: 4, reason: 'Rare diagnoses in small areas stay recognisable' } } } };

describe('the questionnaire and the DPIA', () => {
  it('a one-off disclosure about one person is asked nothing of the DPIA', async () => {
    for (const file of ['10-police-serious-crime-no-decision.yaml', '12-police-minor-offence.yaml', '06-best-interests-lacks-capacity.yaml']) {
      const s = scenario(pack, join(SCENARIOS, file));
      const p = scripted({ ...s.facts }, { pack });
      await runInterview({ pack, asOf: AS_OF, prompter: p, dir: dir(), print: quiet, warn: quiet });
      expect(p.asked.filter(f => dpiaSections().has(f)), file).toEqual([]);
    }
  });

  it('a risk a person scored high asks for the ICO consultation; the catalogue\'s own scores do not', async () => {
    const s = scenario(pack, join(SCENARIOS, '16-pseudonymised-linked-planning-dpia.yaml'));
    const facts = { ...s.facts, 'controls.ico_consultation': 'submitted' };
    // Without scores: no risk of this flow stays high, so no question about the ICO.
    const plain = scripted({ ...facts }, { pack });
    await runInterview({ pack, asOf: AS_OF, answersFile: answersFile(undefined, ['controls.dpia']), prompter: plain, dir: dir(), print: quiet, warn: quiet });
    expect(plain.asked).toContain('controls.dpia');
    expect(plain.asked).not.toContain('controls.ico_consultation');

    // A person scored the re-identification risk 16 after the measures: the ICO must be consulted.
    const scored = scripted({ ...facts }, { pack });
    const r = await runInterview({ pack, asOf: AS_OF, answersFile: answersFile(HIGH, ['controls.dpia']), prompter: scored, dir: dir(), print: quiet, warn: quiet });
    expect(scored.asked).toContain('controls.ico_consultation');
    // The scores travel with the answers the questionnaire returns, and the decision follows them.
    expect(r!.raw.dpia).toMatchObject(HIGH);
    const d = decideWithDpia(pack, { ...r!.facts, 'controls.ico_consultation': 'not_started' }, AS_OF);
    expect(d.dpia!.residual_high).toBe('met');
    expect(d.conditions.map(c => c.id)).toContain('ico-prior-consultation');
  });

  it('a person who scored the risks low is not asked about the ICO when the catalogue alone would ask', async () => {
    // With the measures that keep re-identification down not in place, the catalogue leaves it high ...
    const s = scenario(pack, join(SCENARIOS, '16-pseudonymised-linked-planning-dpia.yaml'));
    const base = { ...s.facts, 'data.recipient_can_reidentify': true, 'controls.need_to_know': false, 'controls.ico_consultation': 'submitted' };
    const computed = decideWithDpia(pack, base, AS_OF).dpia!;
    const high = computed.risks.filter(r => r.high === 'met').map(r => r.id);
    expect(high.length).toBeGreaterThan(0);
    // ... and a person's residual scores, with reasons, settle it the other way.
    const low = { scores: Object.fromEntries(high.map(id => [id, { residual: { likelihood: 2, impact: 4, reason: 'Access audited monthly and the platform holds no free text' } }])) };
    const file = answersFile(low, ['controls.dpia']);
    const text = readFileSync(file, 'utf8').replace('recipient_can_reidentify: false', 'recipient_can_reidentify: true').replace('need_to_know: true', 'need_to_know: false');
    writeFileSync(file, text);
    const p = scripted({ ...base }, { pack });
    const r = await runInterview({ pack, asOf: AS_OF, answersFile: file, prompter: p, dir: dir(), print: quiet, warn: quiet });
    expect(r!.facts['data.recipient_can_reidentify']).toBe(true);
    expect(p.asked).not.toContain('controls.ico_consultation');
    expect(decideWithDpia(pack, r!.facts, AS_OF).conditions.map(c => c.id)).not.toContain('ico-prior-consultation');
  });
});
