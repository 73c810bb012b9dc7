// The facts recorded in an assessment entry: what review re-decides on. Entries recorded before
// facts were kept still read (their answers file); an edit to recorded facts breaks the chain; the
// trace-free path review takes gives the same outcome, DPIA included, as the decision assess records.
import { readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../../src/audit/decide.js';
import type { Decision } from '../../src/core/types.js';
import { decideWithDpia } from '../../src/dpia/decide.js';
import { withDerivedDpiaFacts, withDpia } from '../../src/dpia/screen.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadActivePack } from '../../src/pack/active.js';
import { assessmentBody, type AssessmentEntry } from '../../src/register/entry.js';
import { factsOfEntry } from '../../src/register/facts.js';
import { processingRecords } from '../../src/register/records.js';
import { appendEntry, readRegister } from '../../src/register/store.js';
import { registerState } from '../../src/register/state.js';
import { verifyRegister } from '../../src/register/verify.js';
import { DpiaMemo, ruleChangeImpact } from '../../src/review/impact.js';
import { builtinPack, EXAMPLES, ROOT, nhsNumberChangePack, recordExample, tempDir } from './helpers.js';

let localPack: string;
beforeAll(() => {
  localPack = nhsNumberChangePack(tempDir());
});

/** An entry as igcheck wrote them before facts were kept: the same body without `facts`, chained. */
async function recordOldStyle(dir: string, example: string, outName: string) {
  const p = await builtinPack();
  const outDir = join(dir, outName);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'answers.yaml'), readFileSync(example));
  const { facts } = await parseAnswers(readFileSync(example, 'utf8'), example, p.facts);
  const { facts: _dropped, ...body } = assessmentBody({
    decision: decide(p, facts), facts, recordedAt: '2026-11-22T10:00:00.000Z', outDir: outName, answers: `${outName}/answers.yaml`, manifestSha256: null,
  });
  return appendEntry<AssessmentEntry>(join(dir, 'igcheck-register.jsonl'), body);
}
const decide = (p: Awaited<ReturnType<typeof builtinPack>>, facts: Parameters<typeof decideWithDpia>[1]) => decideWithDpia(p, facts, '2026-11-22');

describe('facts recorded in the entry', () => {
  it('records the facts the decision was made on, flat and covered by the hash', async () => {
    const dir = tempDir();
    const e = await recordExample(dir, EXAMPLES.carePlan, 'care-plan');
    const { facts } = await parseAnswers(readFileSync(EXAMPLES.carePlan, 'utf8'), EXAMPLES.carePlan, (await builtinPack()).facts);
    expect(e.facts).toEqual(facts);
    expect(Object.keys(e.facts!)).toContain('recipient.type');
    const v = readRegister(join(dir, 'igcheck-register.jsonl'));
    expect(v.ok).toBe(true);
    expect((v.entries[0] as AssessmentEntry).facts).toEqual(facts);
  });

  it('verify names the entry when a recorded fact is edited', async () => {
    const dir = tempDir();
    await recordExample(dir, EXAMPLES.carePlan, 'a');
    await recordExample(dir, EXAMPLES.police, 'b');
    const file = join(dir, 'igcheck-register.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[0]);
    expect(first.facts.purpose).toBe('direct_care');
    first.facts.purpose = 'safeguarding';
    const edited = `${[JSON.stringify(first), lines[1]].join('\n')}\n`;
    expect(verifyRegister(edited)).toMatchObject({ ok: false, problem: { kind: 'edited', id: 'R-0001', line: 1 } });
    // A fact added, or one taken away, is as much an edit.
    const added = { ...JSON.parse(lines[1]), facts: { ...JSON.parse(lines[1]).facts, 'consent.explicit': true } };
    expect(verifyRegister(`${lines[0]}\n${JSON.stringify(added)}\n`)).toMatchObject({ ok: false, problem: { kind: 'edited', id: 'R-0002' } });
    const { facts: _gone, ...without } = JSON.parse(lines[1]);
    expect(verifyRegister(`${lines[0]}\n${JSON.stringify(without)}\n`)).toMatchObject({ ok: false, problem: { kind: 'edited', id: 'R-0002' } });
  });

  it('review re-decides on the recorded facts, with no answers file to read', async () => {
    const dir = tempDir();
    await recordExample(dir, EXAMPLES.carePlan, 'care-plan');
    rmSync(join(dir, 'care-plan', 'answers.yaml'));
    const reg = join(dir, 'igcheck-register.jsonl');
    const impact = await ruleChangeImpact(reg, registerState(readRegister(reg).entries), await loadActivePack([localPack]), '2026-11-22');
    expect(impact).toMatchObject({ checked: 1, unreadable: [] });
    expect(impact.changed).toMatchObject([{ id: 'R-0001', verdict: { was: 'lawful_with_conditions', now: 'lawful' }, conditions: { removed: ['include-nhs-number'] } }]);
  });

  it('review reports recorded facts the rules in force no longer know, rather than dropping them', async () => {
    const dir = tempDir();
    const p = await builtinPack();
    const { facts } = await parseAnswers(readFileSync(EXAMPLES.carePlan, 'utf8'), EXAMPLES.carePlan, p.facts);
    const body = assessmentBody({ decision: decide(p, facts), facts, recordedAt: '2026-11-22T10:00:00.000Z', outDir: null, answers: null, manifestSha256: null });
    const reg = join(dir, 'igcheck-register.jsonl');
    // As if recorded under a vocabulary that had a fact, and a value, the packs in force have dropped.
    await appendEntry<AssessmentEntry>(reg, { ...body, facts: { ...body.facts, 'sharing.retired_fact': true, purpose: 'retired_purpose' } });
    const impact = await ruleChangeImpact(reg, registerState(readRegister(reg).entries), await loadActivePack([localPack]), '2026-11-22');
    expect(impact.checked).toBe(0);
    expect(impact.unreadable).toHaveLength(1);
    expect(impact.unreadable[0].problem).toMatch(/recorded facts no longer fit the vocabulary/);
    expect(impact.unreadable[0].problem).toMatch(/sharing\.retired_fact: unknown fact/);
    expect(impact.unreadable[0].problem).toMatch(/purpose: unknown value "retired_purpose"/);
  });
});

describe('entries recorded before facts were kept', () => {
  it('still verify, and review reads their answers file, beside new entries', async () => {
    const dir = tempDir();
    const old = await recordOldStyle(dir, EXAMPLES.carePlan, 'old');
    expect(old.facts).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, 'igcheck-register.jsonl'), 'utf8')).facts).toBeUndefined();
    await recordExample(dir, EXAMPLES.carePlan, 'new');
    const reg = join(dir, 'igcheck-register.jsonl');
    const v = readRegister(reg);
    expect(v.ok).toBe(true);
    const impact = await ruleChangeImpact(reg, registerState(v.entries), await loadActivePack([localPack]), '2026-11-22');
    expect(impact.checked).toBe(2);
    // The old entry and the new one are re-decided alike: one from its answers file, one from its facts.
    expect(impact.changed.map(c => [c.id, c.verdict, c.conditions])).toEqual([
      ['R-0001', { was: 'lawful_with_conditions', now: 'lawful' }, { added: [], removed: ['include-nhs-number'] }],
      ['R-0002', { was: 'lawful_with_conditions', now: 'lawful' }, { added: [], removed: ['include-nhs-number'] }],
    ]);
    expect(impact.changed[0].answers).toBe(join(dir, 'old', 'answers.yaml'));
  });

  it('review lists one whose answers file has gone when the packs have changed, rather than skipping it', async () => {
    const d = tempDir();
    await recordOldStyle(d, EXAMPLES.police, 'gone');
    rmSync(join(d, 'gone', 'answers.yaml'));
    const reg = join(d, 'igcheck-register.jsonl');
    const impact = await ruleChangeImpact(reg, registerState(readRegister(reg).entries), await loadActivePack([localPack]), '2026-11-22');
    expect(impact.unreadable).toMatchObject([{ id: 'R-0001', problem: 'the answers file is missing' }]);
  });

  it('the records of processing take facts from the entry, else the answers file, else say why not', async () => {
    const d = tempDir();
    await recordOldStyle(d, EXAMPLES.police, 'old');
    await recordOldStyle(d, EXAMPLES.carePlan, 'gone');
    await recordExample(d, EXAMPLES.carePlan, 'new');
    rmSync(join(d, 'gone', 'answers.yaml'));
    rmSync(join(d, 'new', 'answers.yaml'));
    const reg = join(d, 'igcheck-register.jsonl');
    const recs = await processingRecords(reg, registerState(readRegister(reg).entries).current, await builtinPack());
    expect(recs.map(r => [r.state.entry.id, r.facts.purpose ?? null, r.note ?? null])).toEqual([
      ['R-0001', 'crime', null],
      ['R-0002', null, 'the answers file is missing (gone/answers.yaml)'],
      ['R-0003', 'direct_care', null],
    ]);
    const e = registerState(readRegister(reg).entries).current[2].entry;
    expect(await factsOfEntry(reg, e, (await builtinPack()).facts)).toMatchObject({ ok: true, answers: join(d, 'new', 'answers.yaml') });
  });
});

describe('the trace-free path review takes', () => {
  it('gives the verdict, bases, conditions and DPIA that assess records, on every acceptance scenario', async () => {
    const p = await builtinPack();
    const dir = join(ROOT, 'test/scenarios/acceptance');
    const decider = new Decider(p, '2026-11-22');
    let dpias = 0;
    for (const f of readdirSync(dir).filter(x => x.endsWith('.yaml')).sort()) {
      const answers = YAML.parse(readFileSync(join(dir, f), 'utf8')).answers;
      const { facts } = await parseAnswers(JSON.stringify(answers), f, p.facts);
      const full = decideWithDpia(p, facts, '2026-11-22');
      const now = decider.decide(withDerivedDpiaFacts(p, facts));
      expect([f, now.verdict, now.bases, now.conditions]).toEqual([f, full.verdict, full.bases.map(b => b.id), full.conditions.map(c => c.id)]);
      expect(withDpia({} as Decision, p, facts).dpia).toEqual(full.dpia);
      if (full.dpia?.outcome === 'required' || full.dpia?.outcome === 'likely') dpias++;
    }
    expect(dpias).toBeGreaterThan(0);
  });

  it('remembers a DPIA only for facts the DPIA cannot tell apart', async () => {
    const p = await builtinPack();
    const dir = join(ROOT, 'test/scenarios/acceptance');
    const memo = new DpiaMemo(p);
    let variants = 0;
    let scoredApart = 0;
    for (const f of readdirSync(dir).filter(x => x.endsWith('.yaml')).sort()) {
      const answers = YAML.parse(readFileSync(join(dir, f), 'utf8')).answers;
      const { facts } = await parseAnswers(JSON.stringify(answers), f, p.facts);
      const expected = (x: typeof facts) => withDpia({} as Decision, p, x).dpia;
      expect(memo.dpia(facts)).toEqual(expected(facts));
      // Another title: the same DPIA, from the memo.
      const hits = memo.hits;
      expect(memo.dpia({ ...facts, title: 'Another title' })).toEqual(expected(facts));
      expect(memo.hits).toBe(hits + 1);
      // Each measure the risks count, flipped: the DPIA worked out afresh, never one remembered for other facts.
      for (const id of ['controls.secure_transfer', 'controls.need_to_know', 'data.large_scale', 'processing.data_matching']) {
        const other = { ...facts, [id]: facts[id] !== true };
        expect(memo.dpia(other)).toEqual(expected(other));
        if (JSON.stringify(expected(other)) !== JSON.stringify(expected(facts))) variants++;
      }
      // A person's risk score, set in the answers' dpia section, is part of what is remembered.
      const risk = expected(facts)?.risks[0]?.id;
      if (risk) {
        const scored = { ...facts, dpia: { ...(facts.dpia as object ?? {}), scores: { [risk]: { residual: { likelihood: 5, impact: 5, reason: 'test' } } } } };
        expect(memo.dpia(scored)).toEqual(expected(scored));
        if (JSON.stringify(expected(scored)) !== JSON.stringify(expected(facts))) scoredApart++;
      }
    }
    expect(variants).toBeGreaterThan(0);
    expect(scoredApart).toBeGreaterThan(0);
  });
});
