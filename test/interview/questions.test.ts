// Each question says what its fact means and offers exactly the fact's values; nothing is chosen for
// the user; the one-off path; sections only move forward; the review screen fits a 40-line terminal.
// General over the active pack, so questions other packs and files add are held to the same rules.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FactDef, Pack } from '../../src/core/types.js';
import type { Choice, Prompter, Separator } from '../../src/cli/prompt.js';
import { isSeparator } from '../../src/cli/prompt.js';
import { loadActivePack } from '../../src/pack/active.js';
import { parseAnswers } from '../../src/load/answers.js';
import { ask, NOT_SURE } from '../../src/interview/ask.js';
import { clip, runInterview, VERDICT_SENTENCE } from '../../src/interview/run.js';
import { readSessionOptions, serialise } from '../../src/interview/session.js';
import { sectionsOf } from '../../src/interview/plan.js';
import { SCENARIOS, scenario, scripted } from './scripted.js';

const AS_OF = '2026-11-22';
let pack: Pack;
let defs: Map<string, FactDef>;
beforeAll(async () => {
  pack = await loadActivePack([]);
  defs = new Map(pack.facts.map(f => [f.id, f]));
});
const quiet = () => {};

/** The values a fact can take, as a question must offer them. */
const valuesOf = (f: FactDef): unknown[] | undefined => (f.type === 'bool' ? [true, false] : f.type === 'enum' || f.type === 'list' ? f.values : undefined);

describe('every fact has its question, and every question its fact', () => {
  it('each fact of the pack is asked by exactly one question', () => {
    const count = new Map<string, number>();
    for (const q of pack.questions) count.set(q.fact, (count.get(q.fact) ?? 0) + 1);
    // Worked out by igcheck from the answers file's dpia: section, never asked (rules/england/dpia.yaml).
    const COMPUTED = ['dpia.residual_high'];
    const unasked = pack.facts.map(f => f.id).filter(id => !count.has(id) && !COMPUTED.includes(id));
    expect(unasked, 'facts with no question').toEqual([]);
    expect([...count].filter(([, n]) => n > 1).map(([f]) => f), 'facts asked twice').toEqual([]);
    expect(pack.questions.map(q => q.fact).filter(f => !defs.has(f)), 'questions for unknown facts').toEqual([]);
  });

  it("each question's choices are exactly its fact's values, each with words a reader understands", () => {
    const wrong: string[] = [];
    for (const q of pack.questions) {
      const f = defs.get(q.fact)!;
      const want = valuesOf(f);
      if (!want) { if (q.choices) wrong.push(`${q.fact}: a ${f.type} fact takes no choices`); continue; }
      if (!q.choices) continue; // the fact's own values are offered
      const got = q.choices.map(c => c.value);
      const same = got.length === want.length && want.every(v => got.includes(v as never));
      if (!same) wrong.push(`${q.fact}: choices ${JSON.stringify(got)} but the fact takes ${JSON.stringify(want)}`);
      for (const c of q.choices) if (!c.label?.trim()) wrong.push(`${q.fact}: choice ${String(c.value)} has no label`);
    }
    expect(wrong).toEqual([]);
  });

  it('the questions carry the whole meaning of their facts', () => {
    const text = (fact: string) => { const q = pack.questions.find(x => x.fact === fact)!; return `${q.ask} ${q.help ?? ''} ${(q.choices ?? []).map(c => `${c.label} ${c.explain ?? ''}`).join(' ')}`; };
    // harm.serious means prevent, detect or prosecute serious crime, not only prevent.
    expect(pack.questions.find(q => q.fact === 'harm.serious')!.ask).toMatch(/prevent, detect or prosecute/);
    // individual.informed: told directly or reasonably expected; a published notice is a different fact.
    expect(pack.questions.find(q => q.fact === 'individual.informed')!.ask).toMatch(/told directly/);
    expect(text('individual.informed')).toMatch(/published/);
    expect(text('consent.would_prejudice')).toMatch(/whether or not asking is feasible/);
  });

  it('questions sit in their sections in one fixed order', () => {
    const order = sectionsOf(pack);
    const idx = pack.questions.map(q => order.indexOf(q.section));
    const back = pack.questions.filter((q, i) => i > 0 && idx[i] < idx[i - 1]).map(q => q.fact);
    expect(back, 'questions placed after a later section').toEqual([]);
  });
});

/** A prompter that records each prompt and answers by pressing Enter (the cursor's choice). */
function enterOnly() {
  const seen: { key?: string; kind: string; choices?: (Choice<unknown> | Separator)[]; default?: unknown; message: string; pageSize?: number; validate?: (v: unknown[]) => true | string }[] = [];
  const p: Prompter = {
    async select(o) { seen.push({ kind: 'select', ...o }); return (o.default ?? (o.choices.find(c => !isSeparator(c)) as Choice<unknown>).value) as never; },
    async checkbox(o) { seen.push({ kind: 'checkbox', ...o } as never); return [] as never; },
    async confirm(o) { seen.push({ kind: 'confirm', ...o }); return o.default ?? false; },
    async input(o) { seen.push({ kind: 'input', message: o.message, key: o.key, default: o.default }); return o.default ?? ''; },
    async secret(o) { seen.push({ kind: 'secret', ...o }); return ''; },
  };
  return { p, seen };
}

describe('no answer is chosen for the user', () => {
  it('every choice question offers "Not sure yet" first, and Enter on a new question chooses it', async () => {
    for (const q of pack.questions) {
      const def = defs.get(q.fact)!;
      if (!['bool', 'enum', 'list', 'contacts'].includes(def.type)) continue;
      const { p, seen } = enterOnly();
      const answer = await ask(p, q, def, undefined, {});
      const prompt = seen[0];
      const first = prompt.choices![0] as Choice<unknown>;
      expect(first.name, q.fact).toBe('Not sure yet');
      expect(first.value, q.fact).toBe(NOT_SURE);
      if (def.type === 'bool' || def.type === 'enum') expect(answer, `${q.fact}: Enter must leave it unknown`).toBe(NOT_SURE);
    }
  });

  it('the explicit consent, s251, statutory requirement and deceased questions start on "Not sure yet"', async () => {
    for (const fact of ['consent.explicit', 'gateway.s251', 'gateway.legal_requirement', 'subjects.deceased', 'individual.objected', 'harm.serious']) {
      const q = pack.questions.find(x => x.fact === fact)!;
      const { p, seen } = enterOnly();
      expect(await ask(p, q, defs.get(fact)!, undefined, {})).toBe(NOT_SURE);
      expect(seen[0].default).toBe(NOT_SURE);
    }
  });

  it('a question answered before starts on the earlier answer', async () => {
    const q = pack.questions.find(x => x.fact === 'consent.explicit')!;
    const { p } = enterOnly();
    expect(await ask(p, q, defs.get(q.fact)!, false, {})).toBe(false);
  });

  it('a multi-select offers "Not sure yet", alone only', async () => {
    const q = pack.questions.find(x => x.fact === 'data.categories')!;
    let validate: ((v: unknown[]) => true | string) | undefined;
    const answerWith = (picked: unknown[]) => ({
      ...enterOnly().p,
      async checkbox(o: { validate?: (v: unknown[]) => true | string }) { validate = o.validate; return picked; },
    }) as unknown as Prompter;
    expect(await ask(answerWith([NOT_SURE]), q, defs.get(q.fact)!, undefined, {})).toBe(NOT_SURE);
    expect(await ask(answerWith(['health']), q, defs.get(q.fact)!, undefined, {})).toEqual(['health']);
    expect(validate!([NOT_SURE, 'health'])).toMatch(/cannot go with other answers/);
    expect(validate!(['health', 'demographic'])).toBe(true);
  });

  it('a draft may leave the start date and retention blank: they stay unknown', async () => {
    for (const fact of ['start_date', 'controls.retention']) {
      const q = pack.questions.find(x => x.fact === fact)!;
      const { p, seen } = enterOnly();
      expect(await ask(p, q, defs.get(fact)!, undefined, {})).toBe(NOT_SURE);
      expect(seen[0].message).toMatch(/blank if not agreed yet/);
      expect(seen[0].message, 'one pair of brackets').not.toMatch(/\) \(/);
      expect(seen[0].message.startsWith(q.ask), 'the question as written comes first').toBe(true);
    }
  });
});

describe('dates', () => {
  it('a date typed as 01/04/2026 is saved as 2026-04-01', async () => {
    const q = pack.questions.find(x => x.fact === 'start_date')!;
    const p = { ...enterOnly().p, async input(o: { validate?: (v: string) => true | string }) { expect(o.validate!('01/04/2026')).toBe(true); return '01/04/2026'; } } as unknown as Prompter;
    expect(await ask(p, q, defs.get(q.fact)!, undefined, {})).toBe('2026-04-01');
  });

  it('a review date must come after the start date, however either is typed', async () => {
    const q = pack.questions.find(x => x.fact === 'review_date')!;
    let validate: ((v: string) => true | string) | undefined;
    const p = { ...enterOnly().p, async input(o: { validate?: (v: string) => true | string }) { validate = o.validate; return '02/04/2027'; } } as unknown as Prompter;
    expect(await ask(p, q, defs.get(q.fact)!, undefined, { startDate: '2026-04-01' })).toBe('2027-04-02');
    expect(validate!('01/03/2026')).toMatch(/must come after the start date/);
    expect(validate!('01/05/2026')).toBe(true);
  });
});

describe('lists', () => {
  it('the data items may be left for later: a blank first item leaves them unknown', async () => {
    const q = pack.questions.find(x => x.fact === 'data.items')!;
    const { p, seen } = enterOnly();
    expect(await ask(p, q, defs.get(q.fact)!, undefined, {})).toBe(NOT_SURE);
    expect(seen[0].message).toMatch(/blank if you cannot list them yet/);
  });
});

describe('the one-off path', () => {
  const legalAndDates = (asked: string[]) => asked.filter(f => /^(recipient\.dspt|controls\.dpia|processing\.|start_date|review_date)/.test(f));

  for (const file of ['10-police-serious-crime-no-decision.yaml', '11-police-serious-crime-decision-approved.yaml', '12-police-minor-offence.yaml']) {
    it(`a one-off police request (${file.slice(0, 2)}) is not asked about the DSPT, a DPIA or dates`, async () => {
      const s = scenario(pack, join(SCENARIOS, file));
      const p = scripted({ ...s.facts }, { pack });
      const r = await runInterview({ pack, asOf: AS_OF, prompter: p, dir: mkdtempSync(join(tmpdir(), 'igcheck-q-')), print: quiet, warn: quiet });
      expect(legalAndDates(p.asked)).toEqual([]);
      expect(r!.facts['sharing.frequency']).toBe('one_off');
    });
  }

  it('no one-off disclosure about one person or a few is asked about them', async () => {
    const { readdirSync } = await import('node:fs');
    let seen = 0;
    for (const file of readdirSync(SCENARIOS).filter(f => f.endsWith('.yaml'))) {
      const s = scenario(pack, join(SCENARIOS, file));
      if (s.facts['sharing.frequency'] !== 'one_off' || s.facts['data.large_scale'] !== false) continue;
      seen++;
      const p = scripted({ ...s.facts }, { pack });
      await runInterview({ pack, asOf: AS_OF, prompter: p, dir: mkdtempSync(join(tmpdir(), 'igcheck-q-')), print: quiet, warn: quiet });
      expect(legalAndDates(p.asked), file).toEqual([]);
    }
    expect(seen).toBeGreaterThan(5);
  }, 60_000);

  it("a one-off request is asked the decision record's facts, each only while the record needs it", async () => {
    const s = scenario(pack, join(SCENARIOS, '10-police-serious-crime-no-decision.yaml'));
    const record = ['request.by', 'request.power', 'request.date', 'disclosure.decision', 'disclosure.withheld', 'individual.not_told_reason', 'disclosure.refusal_reasons'];
    const run = async (facts: Record<string, unknown>) => {
      const p = scripted({ ...s.facts, ...facts } as never, { pack });
      await runInterview({ pack, asOf: AS_OF, prompter: p, dir: mkdtempSync(join(tmpdir(), 'igcheck-q-')), print: quiet, warn: quiet });
      return p.asked.filter(f => record.includes(f));
    };
    // Asked by a named officer, not told because telling would tip off a suspect; to decide.
    const named = { 'request.by': 'DC Sam Patel, Major Crime Team', 'individual.informed': false, 'consent.would_prejudice': false };
    expect(await run({ ...named, 'disclosure.decision': undefined })).toEqual(['request.by', 'request.power', 'request.date', 'disclosure.decision', 'disclosure.withheld', 'individual.not_told_reason']);
    // No one asked (a referral on the discloser's own initiative): no power or date of a request.
    expect(await run({ 'request.by': undefined, 'individual.informed': true })).not.toContain('request.power');
    // Told already, or telling would prejudice the purpose: the record has its reason, so it is not asked.
    expect(await run({ ...named, 'individual.informed': true })).not.toContain('individual.not_told_reason');
    expect(await run({ ...named, 'consent.would_prejudice': true })).not.toContain('individual.not_told_reason');
    // Refused: the reasons are asked, and nothing about what is disclosed.
    const refused = await run({ ...named, 'disclosure.decision': 'refuse' });
    expect(refused).toContain('disclosure.refusal_reasons');
    expect(refused).not.toContain('disclosure.withheld');
    expect(refused).not.toContain('individual.not_told_reason');
  }, 60_000);

  it('a routine flow is not asked about a request, and is asked the rest: the DSPT, DPIA screening and the start date', async () => {
    const s = scenario(pack, join(SCENARIOS, '16-pseudonymised-linked-planning-dpia.yaml'));
    const p = scripted({ ...s.facts }, { pack });
    await runInterview({ pack, asOf: AS_OF, prompter: p, dir: mkdtempSync(join(tmpdir(), 'igcheck-q-')), print: quiet, warn: quiet });
    expect(p.asked).toContain('start_date');
    expect(p.asked).toContain('controls.dpia');
    expect(p.asked.filter(f => /^(request|disclosure)\./.test(f) || f === 'individual.not_told_reason')).toEqual([]);
  });
});

describe('sections and the review screen', () => {
  for (const file of ['01-discharge-summary-trust-to-gp.yaml', '14-planning-s251-opt-outs-apply.yaml', '19-research-s251-opt-outs-apply.yaml', '10-police-serious-crime-no-decision.yaml']) {
    it(`the section counter only moves forward (${file.slice(0, 2)})`, async () => {
      const s = scenario(pack, join(SCENARIOS, file));
      const lines: string[] = [];
      await runInterview({ pack, asOf: AS_OF, prompter: scripted({ ...s.facts }, { pack }), dir: mkdtempSync(join(tmpdir(), 'igcheck-q-')), print: l => lines.push(l), warn: quiet });
      const counters = lines.map(l => / · (\d+) of \d+/.exec(l.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]).filter(Boolean).map(Number);
      expect(counters.length).toBeGreaterThan(2);
      expect(counters).toEqual([...counters].sort((a, b) => a - b));
      expect(new Set(counters).size).toBe(counters.length);
    });
  }

  it('fits a 40-line, 80-column terminal, clipped at word boundaries, and says "needs review" as a sentence', async () => {
    const s = scenario(pack, join(SCENARIOS, '10-police-serious-crime-no-decision.yaml'));
    const lines: string[] = [];
    let shown: { choices: (Choice<unknown> | Separator)[]; pageSize?: number; message: string } | undefined;
    const base = scripted({ ...s.facts }, { pack });
    let printedBefore = 0;
    const p: Prompter = { ...base, async select(o) { if (o.key === 'review' && !shown) { shown = o as never; printedBefore = lines.length; } return base.select(o as never) as never; } };
    await runInterview({ pack, asOf: AS_OF, prompter: p, dir: mkdtempSync(join(tmpdir(), 'igcheck-q-')), print: l => lines.push(l), warn: quiet, size: { columns: 80, rows: 40 } });
    const review = lines.slice(lines.findIndex(l => l.includes('Review your answers')) - 1, printedBefore).flatMap(l => l.split('\n'));
    const description = Math.max(...shown!.choices.map(c => (isSeparator(c) || !c.description ? 0 : c.description.split('\n').length)));
    for (const c of shown!.choices) if (!isSeparator(c) && c.description) for (const l of c.description.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    const screen = review.length + 1 /* prompt */ + shown!.pageSize! + description + 1 /* keys hint */;
    expect(screen).toBeLessThanOrEqual(40);
    expect(shown!.choices.length).toBeGreaterThan(shown!.pageSize!); // paged
    expect(review.join('\n')).toContain(VERDICT_SENTENCE.needs_review);
    expect(VERDICT_SENTENCE.needs_review).toBe('On these answers the share needs review.');
    for (const c of shown!.choices) {
      if (isSeparator(c)) continue;
      expect(c.name.length, c.name).toBeLessThanOrEqual(78);
      // A clipped piece ends at a whole word.
      for (const piece of c.name.split(/…/).slice(0, -1)) expect(piece, c.name).toMatch(/[A-Za-z0-9)]$/);
    }
  });

  it('clip cuts at a word boundary', () => {
    expect(clip('Disclosure to Westshire Police about an emergency department attendance', 30)).toBe('Disclosure to Westshire…');
    expect(clip('short', 30)).toBe('short');
  });
});

describe('the session file remembers the options', () => {
  it('saves --out, --signer, --role, --rules and --format in a comment and stays a valid answers file', async () => {
    const opts = { out: '/tmp/board-pack', signer: 'Jo Bloggs', role: 'IG lead', rules: ['/srv/local-rules'], format: 'md,docx' };
    const text = serialise(pack, { facts: { title: 'A share', purpose: 'direct_care' }, skipped: new Set() }, '/tmp/a-share.igcheck-session.yaml', opts);
    expect(readSessionOptions(text)).toEqual(opts);
    const { facts } = await parseAnswers(text, 'a-share.igcheck-session.yaml', pack.facts);
    expect(facts.purpose).toBe('direct_care');
    expect(readSessionOptions('# igcheck options: {not json\n')).toEqual({});
  });
});
