// The documented limits on what igcheck reads, and the scanners that enforce them before a parser
// can run out of stack or memory. Each limit, when met, is an error naming the file and the line
// (or row and column); for registers, the rest of the rows are still decided.
//
//   MAX_DEPTH          100 levels of nesting in any YAML or JSON document (answers, rule packs,
//                      registers, manifests): real ones use fewer than 20.
//   MAX_CELL_CHARS     32,767 characters in one register cell: the most an Excel cell holds.
//   MAX_RECORD_BYTES   1 MiB for one register row (all its cells, as stored).
//   MAX_COLUMNS        16,384 columns: the most an Excel sheet has.
//   MAX_XLSX_PART      256 MiB for any part of an .xlsx once inflated, and no part over 1 MiB may
//                      inflate to more than MAX_XLSX_RATIO times its compressed size (a "zip bomb"),
//                      nor to more than its zip directory declares (counted as it is inflated).
//   MAX_XLSX_SHEET     4 GiB for a worksheet once inflated: it is streamed, row by row, so only
//                      the time to read it grows (Excel's 1,048,576 rows of a wide register fit).

export const MAX_DEPTH = 100;
export const MAX_CELL_CHARS = 32_767;
export const MAX_RECORD_BYTES = 1 << 20;
export const MAX_COLUMNS = 16_384;
export const MAX_XLSX_PART = 256 * 1024 * 1024;
export const MAX_XLSX_RATIO = 200;
export const MAX_XLSX_SHEET = 4 * 1024 * 1024 * 1024;

export interface Where { line: number; col: number; message: string }

function lineCol(text: string, index: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) { line++; start = i + 1; }
  return { line, col: index - start + 1 };
}

const tooDeep = (text: string, index: number, max: number): Where =>
  ({ ...lineCol(text, index), message: `nests deeper than ${max} levels (the limit for a YAML or JSON document); flatten it` });

/**
 * JSON: nesting deeper than `max`, or a key given twice in one object (JSON.parse would silently
 * keep the last). Returns the first such problem with its line and column, or undefined.
 */
export function checkJson(text: string, max = MAX_DEPTH): Where | undefined {
  const stack: (Set<string> | null)[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push(c === 0x7b ? new Set() : null);
      if (stack.length > max) return tooDeep(text, i, max);
    } else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) { escaped = true; i++; continue; }
        if (d === 0x22) break;
      }
      const keys = stack[stack.length - 1];
      if (!keys) continue;
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      if (text[j] !== ':') continue;
      let key = text.slice(start + 1, i);
      if (escaped) { try { key = JSON.parse(text.slice(start, i + 1)) as string; } catch { /* invalid: JSON.parse reports it */ } }
      if (keys.has(key)) return { ...lineCol(text, start), message: `the key ${JSON.stringify(key)} is given twice in one object; give each key once` };
      keys.add(key);
    }
  }
  return undefined;
}

/**
 * YAML (block or flow) or JSON: the first line where nesting goes deeper than `max`, found from
 * indentation, `- ` entries and brackets before the YAML parser (which recurses) sees it.
 */
export function checkYamlDepth(text: string, max = MAX_DEPTH): Where | undefined {
  const indents: number[] = [];
  let flow = 0;
  let blockScalar = -1; // indentation of the key that opened a | or > block, while inside it
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (blockScalar >= 0) {
      if (!trimmed || indent > blockScalar) continue;
      blockScalar = -1;
    }
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('---') || trimmed.startsWith('...') || trimmed.startsWith('%')) continue;
    if (flow === 0) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      // "- - - x": each dash opens a level of its own.
      let k = 0;
      while (trimmed.startsWith('- ', k) || (trimmed.slice(k) === '-')) { k += 2; indents.push(indent + k); if (k >= trimmed.length) break; }
      if (indents.length > max) return tooDeep(text, lineStart + indent, max);
    }
    // Brackets outside quotes and comments.
    let quote = '';
    for (let i = indent; i < line.length; i++) {
      const ch = line[i];
      if (quote) { if (ch === quote && line[i - 1] !== '\\') quote = ''; continue; }
      if (ch === '"' || ch === '\'') { if (i === indent || /[\s,[{:]/.test(line[i - 1])) quote = ch; continue; }
      if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
      if (ch === '[' || ch === '{') { flow++; if (indents.length + flow > max) return tooDeep(text, lineStart + i, max); } else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    }
    if (flow === 0 && /(^|[\s:])[|>][-+0-9]*\s*(#.*)?$/.test(line)) blockScalar = indent;
  }
  return undefined;
}
