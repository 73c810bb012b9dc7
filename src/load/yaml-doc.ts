// Parsing YAML (and JSON) with positions kept, so every problem can name file, line and column.
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isAlias, type Document, type Node } from 'yaml';
import type { Problem } from '../errors.js';
import { checkYamlDepth } from '../io/limits.js';

export interface ParsedYaml {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  problems: Problem[];
}

/** Anchors and aliases are allowed, but expanding them may not multiply the document (alias bombs). */
export const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  // Nesting is measured before parsing: the parser recurses, and a deep document would exhaust the stack.
  const deep = checkYamlDepth(text);
  if (deep) return { file, doc: parseDocument('', { lineCounter: lines }), lines, problems: [{ file, line: deep.line, col: deep.col, message: deep.message }] };
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const problems: Problem[] = [];
  const seenLines = new Set<number | undefined>();
  for (const e of [...doc.errors]) {
    // Without prettyErrors the parser gives only an offset: turn it into line and column.
    const pos = e.linePos?.[0] ?? (e.pos ? lines.linePos(e.pos[0]) : undefined);
    // One problem per line: the parser's later errors on a line are knock-on effects of the first.
    if (seenLines.has(pos?.line)) continue;
    seenLines.add(pos?.line);
    problems.push({ file, line: pos?.line, col: pos?.col, message: plainYamlMessage(e.code, cleanYamlMessage(e.message)) });
  }
  return { file, doc, lines, problems };
}

/** The parser's message with what it means in plain words, for the common mistakes. */
function plainYamlMessage(code: string, m: string): string {
  const say = (words: string) => `${m.replace(/\.$/, '')}: ${words}`;
  switch (code) {
    case 'DUPLICATE_KEY': return say('this key is given twice at one level; give each key once');
    case 'TAB_AS_INDENT': return say('a tab is used to indent; indent with spaces only');
    case 'MISSING_CHAR':
      if (/quote/i.test(m)) return say('a quoted value is never closed; add the closing quote');
      if (/\]|\}/.test(m)) return say('a list in [ ] or a mapping in { } is never closed; add the closing bracket');
      return say('a character is missing here');
    case 'BAD_INDENT': case 'MULTILINE_IMPLICIT_KEY': case 'BLOCK_AS_IMPLICIT_KEY':
      if (/end with a [\]}]/.test(m)) return say('a list in [ ] or a mapping in { } is never closed; add the closing bracket');
      return say('the indentation does not line up with the lines above, or a value holds ": " (put quotes around a value with a colon in it)');
    case 'UNEXPECTED_TOKEN': case 'BAD_SCALAR_START':
      return say('unexpected text here: the indentation is off, a list ("- item") and keys ("key: value") are mixed at one level, or a value starting with a special character needs quotes');
    case 'BAD_ALIAS': case 'ALIAS_PROPS': return say('an alias (*name) that does not name an anchor (&name) above it');
    default: return m;
  }
}

function cleanYamlMessage(m: string): string {
  return m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The node at a path of keys and indexes, or the deepest one that exists. */
export function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = doc.contents ?? undefined;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(p => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) return found;
      node = pair.value;
      if (node && typeof node === 'object') found = (pair.key && isScalar(pair.key) && pair.value == null ? pair.key : node) as Node;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (node && typeof node === 'object') found = node as Node;
    } else return found;
  }
  return found;
}

/** The key node of the last path element when there is one (for "unknown key" problems). */
export function keyNodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  const parent = nodeAt(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find(p => (isScalar(p.key) ? p.key.value : p.key) === last);
    if (pair && isScalar(pair.key)) return pair.key as Node;
  }
  return nodeAt(doc, path);
}

export function position(parsed: ParsedYaml, node: Node | undefined): { line?: number; col?: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const { line, col } = parsed.lines.linePos(offset);
  return { line, col };
}

export function pathString(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
