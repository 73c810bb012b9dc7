// Why a basis is not met: the `why_not` sentences of the failing parts of its condition, innermost
// first, else its `not_met` text; in every decision, not only with --explain.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.js';
import type { Condition, Pack } from '../../src/core/types.js';
import { builtinPack, factsOf, scenarios } from '../helpers/pack.js';

const PUBLIC = 'Legitimate interests is not available to a public authority performing its tasks (UK GDPR Art 6(1), closing words).';
const OBJECTED = 'The person has objected to this use of their information.';
const LI_FAILS = 'Legitimate interests needs a discloser that is not a public authority and a person who has not objected.';

/** The built-in pack with sentences on the parts of Art 6(1)(f). */
function packWithSentences(): Pack {
  const pack = structuredClone(builtinPack());
  const f = pack.bases.find(b => b.id === 'uk-gdpr-art6-1f')!;
  const when = f.when as { all: Condition[] };
  when.all[0].why_not = PUBLIC;
  when.all[1].why_not = OBJECTED;
  f.when.why_not = LI_FAILS;
  return pack;
}
const option = (d: ReturnType<typeof evaluate>, layer: string, id: string) => d.layers.find(l => l.id === layer)!.options.find(o => o.id === id)!;
const safeguarding = () => structuredClone(scenarios().find(s => s.file.startsWith('08-'))!.answers) as any;

describe('why_not on a basis not met', () => {
  it('gives the failing parts’ sentences, innermost first, then the whole condition’s', () => {
    const pack = packWithSentences();
    const a = safeguarding();
    a.individual = { ...a.individual, objected: true };
    const d = evaluate(pack, factsOf(a, pack), '2026-11-22');
    const f = option(d, 'art6', 'uk-gdpr-art6-1f');
    expect(f.status).toBe('not_met');
    expect(f.why_not).toEqual([PUBLIC, OBJECTED, LI_FAILS]);
  });
  it('leaves out the sentence of a part that holds', () => {
    const pack = packWithSentences();
    const a = safeguarding();
    a.individual = { ...a.individual, objected: false };
    const d = evaluate(pack, factsOf(a, pack), '2026-11-22');
    expect(option(d, 'art6', 'uk-gdpr-art6-1f').why_not).toEqual([PUBLIC, LI_FAILS]);
  });
  it('falls back to the basis’s not_met text when no part of its condition has a sentence', () => {
    const pack = structuredClone(builtinPack());
    const f = pack.bases.find(b => b.id === 'uk-gdpr-art6-1f')!;
    f.not_met = 'Not available to a public authority for its tasks.';
    const d = evaluate(pack, factsOf(safeguarding(), pack), '2026-11-22');
    expect(option(d, 'art6', 'uk-gdpr-art6-1f').why_not).toEqual([f.not_met]);
  });
  it('is absent on a basis that is met, and names the undecided parts of one not yet known', () => {
    const pack = packWithSentences();
    const d = evaluate(pack, factsOf(safeguarding(), pack), '2026-11-22');
    const e = option(d, 'art6', 'uk-gdpr-art6-1e');
    expect(e.status).toBe('met');
    expect(e.why_not).toBeUndefined();
    const a = safeguarding();
    a.discloser = { ...a.discloser };
    delete a.discloser.type;
    const u = option(evaluate(pack, factsOf(a, pack), '2026-11-22'), 'art6', 'uk-gdpr-art6-1f');
    expect(u.status).toBe('unknown');
    expect(u.why_not).toEqual([PUBLIC, LI_FAILS]);
  });
  it('is in every decision the built-in pack makes for a basis not met that has any reason to give', () => {
    const pack = builtinPack();
    for (const s of scenarios()) {
      const d = evaluate(pack, factsOf(s.answers), '2026-11-22');
      for (const l of d.layers) for (const o of l.options) {
        const def = pack.bases.find(b => b.id === o.id)!;
        if (o.status === 'met') expect(o.why_not).toBeUndefined();
        else if (def.not_met) expect(o.why_not?.length).toBeGreaterThan(0);
      }
    }
  });
});
