// A rule's condition in plain words, as an indented outline (for `rules show` and `rules docs`).
import { describeTest } from '../core/condition.js';
import type { Condition, FactTest } from '../core/types.js';

export interface WordLine { depth: number; text: string }

const quote = (s: string) => `\`${s}\``;

/** The condition as lines of an outline; `all` of one item and double negation are flattened. */
export function conditionInWords(cond: Condition, depth = 0): WordLine[] {
  if ('all' in cond || 'any' in cond) {
    const items = 'all' in cond ? cond.all : cond.any;
    if (items.length === 1) return conditionInWords(items[0], depth);
    const head = 'all' in cond ? 'all of these hold:' : 'any of these holds:';
    return [{ depth, text: head }, ...items.flatMap(c => conditionInWords(c, depth + 1))];
  }
  if ('not' in cond) {
    const inner = cond.not;
    if ('not' in inner) return conditionInWords(inner.not, depth);
    if ('fact' in inner) return [{ depth, text: `${quote(inner.fact)} ${negatedTest(inner)}` }];
    if ('ref' in inner) return [{ depth, text: `${quote(inner.ref)} does not hold` }];
    if ('chosen' in inner) return [{ depth, text: `basis ${quote(inner.chosen)} was not chosen` }];
    if ('layer' in inner) return [{ depth, text: `layer ${quote(inner.layer)} is not ${inner.status.join(' or ')}` }];
    return [{ depth, text: 'none of this holds:' }, ...conditionInWords(inner, depth + 1)];
  }
  if ('ref' in cond) return [{ depth, text: `${quote(cond.ref)} holds (a definition)` }];
  if ('chosen' in cond) return [{ depth, text: `basis ${quote(cond.chosen)} was chosen` }];
  if ('layer' in cond) return [{ depth, text: `layer ${quote(cond.layer)} is ${cond.status.join(' or ')}` }];
  return [{ depth, text: `${quote(cond.fact)} ${describeTest(cond)}` }];
}

function negatedTest(t: FactTest): string {
  if (t.known !== undefined) return t.known ? 'is not known' : 'is known';
  if (t.is !== undefined) return `is not ${JSON.stringify(t.is)}`;
  if (t.in !== undefined) return `is none of ${t.in.join(', ')}`;
  if (t.includes_any !== undefined) return `includes none of ${t.includes_any.join(', ')}`;
  if (t.any_item_missing !== undefined) return `has no item without ${t.any_item_missing}`;
  return 'is not as tested';
}

/** The outline as Markdown (or plain) bullet lines. */
export function outline(lines: WordLine[], indent = 0, code: (s: string) => string = s => s): string[] {
  return lines.map(l => `${' '.repeat(indent + l.depth * 2)}- ${l.text.replace(/`([^`]+)`/g, (_m, s: string) => code(s))}`);
}
