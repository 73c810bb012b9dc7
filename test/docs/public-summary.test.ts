// The public summary is plain English: no statute citations, short sentences, how to object and whom
// to ask, and a Flesch reading ease of at least 60 (plain English) measured with `flesch` and `syllable`.
import { flesch } from 'flesch';
import { syllable } from 'syllable';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/docs/report.js';
import { makeContext } from '../../src/docs/context.js';
import { assessed, scenarioAnswers, scenarioFiles } from './helpers.js';

/** The summary's text as a reader sees it: the blockquote of its section, without Markdown. */
function summaryOf(report: string): string | undefined {
  const section = report.split(/\n(?=## )/).find(s => /^## \d+\. Plain-language summary/.test(s));
  if (!section) return undefined;
  return section.split('\n').filter(l => l.startsWith('>')).map(l => l.replace(/^>\s?/, '')).join(' ')
    .replace(/\\([\\`*_[\]|#!.()-])/g, '$1').replace(/\s+/g, ' ').trim();
}

/** Organisation names and addresses are the reader's own words, not ours: counted as one short word each. */
function ourWords(text: string, names: string[]): string {
  let t = text;
  for (const n of names.filter(Boolean).sort((a, b) => b.length - a.length)) t = t.split(n).join('them');
  return t.replace(/\S+@\S+/g, 'email');
}

function readingEase(text: string): { ease: number; longest: number } {
  const sentences = text.split(/(?<=[.!?])\s+/).filter(Boolean);
  const words = text.match(/[A-Za-z'’-]+/g) ?? [];
  const syllables = words.reduce((n, w) => n + syllable(w), 0);
  return {
    ease: flesch({ sentence: sentences.length, word: words.length, syllable: syllables }),
    longest: Math.max(...sentences.map(s => (s.match(/[A-Za-z'’-]+/g) ?? []).length)),
  };
}

describe('plain-language public summary', () => {
  for (const file of scenarioFiles()) {
    it(`${file}: plain English, no citations, says how to object and whom to ask`, async () => {
      const a = await assessed(scenarioAnswers(file));
      const text = summaryOf(buildReport(makeContext(a.decision, a.pack, a.facts, '0', '0')));
      if (text === undefined) {
        // Left out where the share was not cleared, or telling people would prejudice a one-off disclosure.
        const cleared = a.decision.verdict === 'lawful' || a.decision.verdict === 'lawful_with_conditions';
        if (cleared) {
          expect(a.facts['sharing.frequency']).toBe('one_off');
          expect(a.facts['consent.would_prejudice']).toBe(true);
        }
        return;
      }
      expect(text).not.toMatch(/\bArt(icle)?\.? ?\d|\bs\d+|\bsection \d|\bDPA\b|\bGDPR\b|\bSch(edule)? ?\d|\bAct \d{4}|\bDUAA\b|\bCOPI\b|\bregulation \d|\(\d\)|\([a-z]{1,2}\)/i);
      expect(text).toMatch(/object|take back your consent|do not want/i);
      expect(text).toMatch(/contact /);
      const names = [a.facts['discloser.name'], a.facts['recipient.name']].filter((x): x is string => typeof x === 'string');
      const { ease, longest } = readingEase(ourWords(text, names));
      expect(ease, text).toBeGreaterThanOrEqual(60);
      expect(longest, text).toBeLessThanOrEqual(25);
    });
  }
  it('the measure can fail: legal prose scores below the target', () => {
    const legal = 'Processing is lawful pursuant to Article 6(1)(e) and 6(3), as amended by the Data (Use and Access) Act 2025 section 70(2)(a), notwithstanding the applicability of Schedule 1 Part 2 paragraph 10 considerations.';
    expect(readingEase(legal).ease).toBeLessThan(60);
  });
});
