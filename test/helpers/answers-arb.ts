// Random answers for property tests: any subset of a pack's decisive facts (yes/no, one of, list),
// with any values the vocabulary allows.
import fc from 'fast-check';
import type { Facts, Pack } from '../../src/core/types.js';

export function answersOf(pack: Pack, leaveOut: string[] = []) {
  const decisive = pack.facts.filter(f => (f.type === 'bool' || f.type === 'enum' || f.type === 'list') && !leaveOut.includes(f.id));
  const valueOf = (f: typeof decisive[number]): fc.Arbitrary<unknown> =>
    f.type === 'bool' ? fc.boolean() : f.type === 'enum' ? fc.constantFrom(...f.values!) : fc.uniqueArray(fc.constantFrom(...f.values!), { maxLength: 4 });
  const values = Object.fromEntries(decisive.map(f => [f.id, valueOf(f)]));
  /** Any subset of the decisive facts. */
  const answers = fc.record(values, { requiredKeys: [] }) as fc.Arbitrary<Facts>;
  /** Random answers with some facts fixed. */
  const withFixed = (fixed: Facts) => answers.map(a => ({ ...a, ...fixed }));
  return { decisive, values, answers, withFixed };
}
