// Reading a --map file (heading: fact), in its own chunk so a run without --map never loads the
// YAML parser; each entry keeps its line so a problem can be pointed at.
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { checkYamlDepth } from '../io/limits.js';

export interface MapEntry { heading: string; to: unknown; line: number }

/** The entries, or an error message with its line. `columns:` may hold the mapping. */
export function readMap(text: string): { entries: MapEntry[] } | { error: string; line?: number } {
  const lineCounter = new LineCounter();
  const deep = checkYamlDepth(text);
  if (deep) return { error: deep.message, line: deep.line };
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, uniqueKeys: true });
  if (doc.errors.length) return { error: doc.errors[0].message.split('\n')[0], line: lineCounter.linePos(doc.errors[0].pos[0]).line };
  let node: unknown = doc.contents;
  if (isMap(node) && node.has('columns')) node = node.get('columns', true);
  if (!isMap(node)) return { error: 'expected a mapping of column headings to facts, like `"Sent to": recipient.name`' };
  return {
    entries: node.items.map(pair => ({
      heading: String(isScalar(pair.key) ? pair.key.value : pair.key),
      to: isScalar(pair.value) ? pair.value.value : pair.value,
      line: isScalar(pair.key) && pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : 0,
    })),
  };
}
