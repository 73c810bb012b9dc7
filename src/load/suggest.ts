// "Did you mean": the closest candidate by edit distance, when it is close enough to be a typo.

export function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Whether a word says "not": not_met, non_x, no_x, unidentifiable, incomplete, indirect, disapplied. */
const negated = (w: string) => /(^|[_\s.-])(not|non|no)([_\s.-]|$)|^(un|in|dis)(?!dividual|dependent|formed|side|ternal|tra|ternational)/i.test(w);

/**
 * The closest candidate, when it is close enough to be a typo. Never one that adds or drops a
 * negation: "standards_not_met" must not become "standards_met", nor "incomplete" "completed".
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (negated(word) !== negated(c)) continue;
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) { best = c; bestD = d; }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}
