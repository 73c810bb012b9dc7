// YAML, JSON and JSON Lines registers: a list of flows, each either flat ("Purpose": "Direct care")
// or nested like an answers file (purpose, recipient: {type: …}). JSON Lines streams; a YAML or
// JSON document has to be parsed whole, so it is capped and CSV, XLSX or JSON Lines serve larger registers.
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { LineCounter, parseDocument, isSeq, isMap as isYamlMap } from 'yaml';
import { InputError } from '../errors.js';
import type { Cell } from './cells.js';
import type { Progress, SheetEvent } from './sheet.js';
import { checkJson, checkYamlDepth, MAX_RECORD_BYTES } from '../io/limits.js';
import { assertUtf8File, decodeUtf8 } from '../io/text.js';

export const MAX_LIST_BYTES = 32 * 1024 * 1024;

/** Nested answers → dotted keys, stopping at facts whose value is itself a map (contacts). */
export function flatten(obj: Record<string, unknown>, factIds: Set<string>, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !factIds.has(path)) flatten(v as Record<string, unknown>, factIds, path, out);
    else out[path] = v as Cell;
  }
  return out;
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export async function* readJsonLines(file: string, progress: Progress, factIds: Set<string>): AsyncGenerator<SheetEvent> {
  progress.total = statSync(file).size;
  assertUtf8File(file, 'save the register as UTF-8');
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 18 });
  input.on('data', chunk => { progress.read += Buffer.byteLength(chunk as string); });
  let row = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    row++;
    const text = row === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (!text.trim()) { yield { kind: 'empty', row }; continue; }
    if (text.length > MAX_RECORD_BYTES) { yield { kind: 'bad', row, message: `is ${(text.length / 1048576).toFixed(1)} MiB, more than the ${MAX_RECORD_BYTES / 1048576} MiB one flow may hold` }; continue; }
    let v: unknown;
    const odd = checkJson(text);
    if (odd) { yield { kind: 'bad', row, message: `column ${odd.col}: ${odd.message}` }; continue; }
    try { v = JSON.parse(text); } catch (e) { yield { kind: 'bad', row, message: `not valid JSON: ${(e as Error).message}` }; continue; }
    if (!isMap(v)) { yield { kind: 'bad', row, message: 'expected one flow as a JSON object' }; continue; }
    yield { kind: 'record', row, record: flatten(v, factIds) };
  }
}

export async function* readYamlList(file: string, progress: Progress, factIds: Set<string>): AsyncGenerator<SheetEvent> {
  const size = statSync(file).size;
  progress.total = size;
  if (size > MAX_LIST_BYTES) {
    throw new InputError('Register too large for YAML or JSON', [{ file, message: `is ${(size / 1048576).toFixed(0)} MiB; a YAML or JSON register is read whole and is at most ${MAX_LIST_BYTES / 1048576} MiB. Use CSV, XLSX or JSON Lines (one flow per line, .jsonl), which are streamed` }]);
  }
  const { readFile } = await import('node:fs/promises');
  const text = decodeUtf8(await readFile(file), file, 'register');
  progress.read = size;
  const lineCounter = new LineCounter();
  const deep = checkYamlDepth(text);
  if (deep) throw new InputError('The register cannot be read', [{ file, line: deep.line, col: deep.col, message: deep.message }]);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new InputError('The register is not valid YAML or JSON', doc.errors.slice(0, 20).map(e => ({ file, line: lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] })));
  }
  // A bare list, or a mapping with the list under `flows`.
  let list: unknown = doc.contents;
  if (isYamlMap(list)) list = list.get('flows', true);
  if (!isSeq(list)) throw new InputError('The register is not a list of flows', [{ file, message: 'expected a list of flows (or `flows:` holding one), one mapping per flow' }]);
  let js: unknown;
  try { js = doc.toJS({ maxAliasCount: 100 }); } catch (e) { throw new InputError('The register cannot be read', [{ file, message: (e as Error).message }]); }
  const values = (Array.isArray(js) ? js : (js as { flows: unknown[] }).flows) as unknown[];
  for (let i = 0; i < list.items.length; i++) {
    const node = list.items[i] as { range?: [number, number, number] } | null;
    const row = node?.range ? lineCounter.linePos(node.range[0]).line : i + 1;
    const v = values[i];
    if (v === null || v === undefined) { yield { kind: 'empty', row }; continue; }
    if (!isMap(v)) { yield { kind: 'bad', row, message: 'expected one flow as a mapping of headings or facts to values' }; continue; }
    yield { kind: 'record', row, record: flatten(v, factIds) };
  }
}
