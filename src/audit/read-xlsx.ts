// Streaming Excel register reader: the first worksheet, row by row, in memory bounded by a row and
// a budget for the shared-strings table (past it, strings wait in a scratch file: StringTable). The zip is read with yauzl (random access through the zip directory),
// so the shared strings are read before the sheet whatever order the parts are stored in, and the
// sheet is inflated as it is read, never held whole nor copied to disk. Rows are cut from the XML
// text as it arrives and read by a small scanner for the forms spreadsheet programs write; a row
// with anything else in it (a comment, CDATA, phonetic runs) is read by saxes, a full XML parser.
// Formula cells are reported, not trusted: the cached result may be stale (or absent when the
// file was written by a tool that does not calculate), and a stale value could change a verdict.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { openScratch, type Scratch } from '../io/write.js';
import { StringDecoder } from 'node:string_decoder';
import { Transform, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { SaxesParser } from 'saxes';
import { EnvironmentError, InputError } from '../errors.js';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_XLSX_PART, MAX_XLSX_RATIO, MAX_XLSX_SHEET } from '../io/limits.js';
import { columnLetter } from './headings.js';
import type { Cell } from './cells.js';
import { ownCopy, type Unreadable } from './row.js';
import type { Progress, SheetEvent } from './sheet.js';

export async function* readXlsx(file: string, progress: Progress): AsyncGenerator<SheetEvent> {
  let seenHeader = false;
  let last = 0;
  for await (const row of sheetRows(file, progress)) {
    const cells = row.cells;
    // Rows between two rows with content were blank: report them, as a CSV blank line is.
    for (let r = last + 1; seenHeader && r < row.number; r++) yield { kind: 'empty', row: r };
    last = row.number;
    const limit = rowLimit(cells);
    if (!seenHeader) {
      // A title above the table ("Data flow register 2026", one merged cell) is not the heading row.
      if (cells.filter(c => typeof c === 'string' && c.trim()).length < 2) continue;
      if (limit) throw new InputError('The register\'s heading row cannot be read', [{ file, line: row.number, message: limit }]);
      seenHeader = true;
      yield { kind: 'header', row: row.number, cells: cells.map(c => (c === null || c === undefined ? '' : typeof c === 'object' && 'unreadable' in c ? '' : String(c))) };
      continue;
    }
    if (limit) { yield { kind: 'bad', row: row.number, message: limit }; continue; }
    if (cells.every(c => c === null || c === undefined || (typeof c === 'string' && !c.trim()))) { yield { kind: 'empty', row: row.number }; continue; }
    yield { kind: 'row', row: row.number, cells };
  }
}

/** The first worksheet's rows as they are stored (rows with no cells included), each released once read. */
export async function* sheetRows(file: string, progress: Progress = { read: 0, total: 0 }, opts: { stringBudget?: number } = {}): AsyncGenerator<SheetRow> {
  checkZip(file);
  progress.total = statSync(file).size;
  let zip: yauzl.ZipFile | undefined;
  let sheet: Readable | undefined;
  const strings = new StringTable(opts.stringBudget);
  try {
    zip = await openZip(file);
    const parts = await listParts(zip);
    const book = await workbookParts(zip, parts);
    const sheetEntry = parts.get(book.sheet);
    if (!sheetEntry) throw damaged(file, `it names its first worksheet ${book.sheet}, which is not in the file`);
    const dates = book.styles && parts.has(book.styles) ? dateStyles(await partText(zip, parts.get(book.styles)!)) : new Set<number>();
    if (book.sharedStrings && parts.has(book.sharedStrings)) await sharedStrings(zip, parts.get(book.sharedStrings)!, strings);

    sheet = await openPart(zip, sheetEntry);
    const scale = sheetEntry.compressedSize / Math.max(1, sheetEntry.uncompressedSize);
    const rows = new RowScanner(strings, dates, book.date1904);
    const decoder = new StringDecoder('utf8');
    let inflated = 0;
    for await (const chunk of sheet as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      progress.read = Math.round(inflated * scale);
      yield* rows.push(decoder.write(chunk));
    }
    yield* rows.end(decoder.end());
  } catch (e) {
    // A full disk under the scratch file is the machine's problem, not the workbook's.
    if (e instanceof InputError || e instanceof EnvironmentError) throw e;
    throw damaged(file, (e as Error).message);
  } finally {
    sheet?.destroy();
    zip?.close();
    strings.close();
  }
}

// ------------------------------------------------------------------------------------- the zip

const zipFiles = new WeakMap<yauzl.ZipFile, string>();
const zipFile = (zip: yauzl.ZipFile) => zipFiles.get(zip) ?? 'the workbook';
const openZip = (file: string) => new Promise<yauzl.ZipFile>((ok, fail) =>
  yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (e, z) => { if (e) fail(e); else { zipFiles.set(z, file); ok(z); } }));

function listParts(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((ok, fail) => {
    const parts = new Map<string, yauzl.Entry>();
    zip.on('entry', (e: yauzl.Entry) => { parts.set(e.fileName.replace(/^\/+/, ''), e); zip.readEntry(); });
    zip.once('end', () => ok(parts));
    zip.once('error', fail);
    zip.readEntry();
  });
}

/**
 * A part's inflated bytes. Inflated here, in 256 KiB pieces (yauzl's own inflater works in 16 KiB
 * ones, a quarter of the reading time on a large sheet), and held to the size the zip directory
 * states, which checkZip has checked: a part that inflates past it is refused.
 */
function openPart(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise<Readable>((ok, fail) => zip.openReadStream(entry, { decompress: entry.compressionMethod === 8 ? false : null } as yauzl.ZipFileOptions, (e, raw) => {
    if (e) { fail(e); return; }
    if (entry.compressionMethod !== 8) { ok(raw); return; }
    const inflate = createInflateRaw({ chunkSize: 1 << 18 });
    let out = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        out += chunk.length;
        if (out > entry.uncompressedSize) done(new InputError('The register cannot be read safely', [{ file: zipFile(zip), message: `its part ${entry.fileName} inflates to more than its zip directory says (${MiB(entry.uncompressedSize)}): the file was altered or built to exhaust memory. Save the register again from Excel, or as CSV` }]));
        else done(null, chunk);
      },
      flush(done) { done(out === entry.uncompressedSize ? null : new Error(`its part ${entry.fileName} is shorter than its zip directory states`)); },
    });
    raw.on('error', err => inflate.destroy(err));
    inflate.on('error', err => limit.destroy(err));
    ok(raw.pipe(inflate).pipe(limit));
  }));
}

/** A small part (workbook, relationships, styles) as text; checkZip has bounded its size. */
async function partText(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await openPart(zip, entry)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The whole of a small XML part as elements (local names, attributes) in document order. */
function elements(xml: string): { name: string; attributes: Record<string, string> }[] {
  const out: { name: string; attributes: Record<string, string> }[] = [];
  const p = new SaxesParser({ xmlns: false });
  p.on('opentag', t => out.push({ name: local(t.name), attributes: Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, String(v)])) }));
  p.write(xml).close();
  return out;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

interface Book { sheet: string; sharedStrings?: string; styles?: string; date1904: boolean }

/** Where the first worksheet, the shared strings and the styles are, from the workbook and its relationships. */
async function workbookParts(zip: yauzl.ZipFile, parts: Map<string, yauzl.Entry>): Promise<Book> {
  // The workbook part is found through the package's relationships; Excel calls it xl/workbook.xml.
  let bookPath = 'xl/workbook.xml';
  if (parts.has('_rels/.rels')) {
    const main = elements(await partText(zip, parts.get('_rels/.rels')!)).find(e => e.name === 'Relationship' && /\/officeDocument$/.test(e.attributes.Type ?? ''));
    if (main?.attributes.Target) bookPath = resolvePart('', main.attributes.Target);
  }
  const wb = parts.get(bookPath);
  if (!wb) throw new Error(`it has no workbook part (${bookPath})`);
  const dir = bookPath.slice(0, bookPath.lastIndexOf('/') + 1);
  const relsPath = `${dir}_rels/${bookPath.slice(dir.length)}.rels`;
  const book = elements(await partText(zip, wb));
  const rels = parts.has(relsPath) ? elements(await partText(zip, parts.get(relsPath)!)).filter(e => e.name === 'Relationship') : [];
  const target = (pred: (r: Record<string, string>) => boolean) => { const r = rels.find(x => pred(x.attributes)); return r ? resolvePart(dir, r.attributes.Target) : undefined; };
  const first = book.find(e => e.name === 'sheet');
  const rid = first && Object.entries(first.attributes).find(([k]) => local(k) === 'id' && k.includes(':'))?.[1];
  const pr = book.find(e => e.name === 'workbookPr')?.attributes.date1904;
  return {
    sheet: (rid && target(r => r.Id === rid)) || `${dir}worksheets/sheet1.xml`,
    sharedStrings: target(r => /\/sharedStrings$/.test(r.Type ?? '')) ?? (parts.has(`${dir}sharedStrings.xml`) ? `${dir}sharedStrings.xml` : undefined),
    styles: target(r => /\/styles$/.test(r.Type ?? '')) ?? (parts.has(`${dir}styles.xml`) ? `${dir}styles.xml` : undefined),
    date1904: pr === '1' || pr === 'true',
  };
}

/** A relationship's target, relative to the part's directory or absolute from the package root. */
function resolvePart(dir: string, target: string): string {
  const segs = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const s of segs) { if (s === '..') out.pop(); else if (s !== '.' && s !== '') out.push(s); }
  return out.join('/');
}

// ------------------------------------------------------------------------------- styles, dates

/** Built-in number formats that show a date or time (ECMA-376 18.8.30). */
const DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
/** A format code that shows a date or time: a date letter outside quotes and brackets (as exceljs reads it). */
const isDateCode = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** The indexes of the cell styles (cellXfs) whose number format shows a date. */
function dateStyles(xml: string): Set<number> {
  const codes = new Map<number, string>();
  const out = new Set<number>();
  let inXfs = false;
  let xf = 0;
  const p = new SaxesParser({ xmlns: false });
  p.on('opentag', t => {
    const name = local(t.name);
    const a = t.attributes as Record<string, string>;
    if (name === 'numFmt') codes.set(Number(a.numFmtId), String(a.formatCode ?? ''));
    else if (name === 'cellXfs') inXfs = true;
    else if (name === 'xf' && inXfs) {
      const id = Number(a.numFmtId ?? 0);
      if (codes.has(id) ? isDateCode(codes.get(id)!) : DATE_FORMATS.has(id)) out.add(xf);
      xf++;
    }
  });
  p.on('closetag', t => { if (local(t.name) === 'cellXfs') inXfs = false; });
  p.write(xml).close();
  return out;
}

/** An Excel serial date as a Date, as exceljs reads it. */
const excelDate = (v: number, date1904: boolean) => new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

// ------------------------------------------------------------------------------ shared strings

/** Bytes of shared strings kept in memory (as JS strings, with their overhead) before the rest go to a scratch file. */
export const STRING_BUDGET = 8 * 1024 * 1024;
/** The scratch file is read back in blocks of this many bytes (strings are mostly used in the order they are stored)... */
const BLOCK = 64 * 1024;
/** ...and this many blocks are kept (the oldest read dropped first). */
const BLOCKS = 32;
/** Strings read back and kept for the rows to come (cleared when full). */
const CACHE_SIZE = 16_384;

/**
 * The shared-strings table in bounded memory. Excel stores each distinct text once, in the order
 * the cells first use it, so a register of 100,000 rows with a description, title and reference of
 * its own on every row has hundreds of thousands of strings, most used by one row only. The first
 * ones (the values every row repeats: yes, no, the purposes) are kept in memory up to a budget; the
 * rest are written, as UTF-8, to a scratch file (src/io/write.ts) with 4 bytes of index each, and
 * read back a block at a time as the rows refer to them (a few blocks and recent strings kept).
 */
export class StringTable {
  private readonly mem: string[] = [];
  private memBytes = 0;
  private scratch: Scratch | undefined;
  /** Offsets of the spilled strings in the scratch file: string k is bytes off[k]..off[k+1]. */
  private off = new Uint32Array(1024);
  private spilled = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private readonly cache = new Map<number, string>();
  private readonly blocks = new Map<number, Buffer>();

  constructor(private readonly budget = STRING_BUDGET) {}

  get length(): number { return this.mem.length + this.spilled; }
  /** How many are kept in memory (the rest are in the scratch file). */
  get inMemory(): number { return this.mem.length; }

  push(s: string): void {
    // A JS string costs its UTF-16 text and about 40 bytes besides (header, the array's slot).
    if (!this.scratch && this.memBytes + 2 * s.length + 40 <= this.budget) { this.mem.push(ownCopy(s)); this.memBytes += 2 * s.length + 40; return; }
    this.scratch ??= openScratch('shared-strings');
    const b = Buffer.from(s, 'utf8');
    const end = this.off[this.spilled] + b.length;
    if (end > 0xffff_ffff) throw new Error('its shared strings are larger than 4 GiB');
    if (this.spilled + 2 > this.off.length) { const o = new Uint32Array(this.off.length * 2); o.set(this.off); this.off = o; }
    this.off[++this.spilled] = end;
    this.pending.push(b);
    this.pendingBytes += b.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  /** All strings pushed: what is buffered goes to the scratch file. */
  finish(): void { this.flush(); }

  private flush(): void {
    if (!this.pendingBytes) return;
    this.scratch!.append(Buffer.concat(this.pending, this.pendingBytes));
    this.written += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
  }

  get(i: number): string | undefined {
    if (i < this.mem.length) return this.mem[i];
    const k = i - this.mem.length;
    if (!(k >= 0 && k < this.spilled)) return undefined;
    const hit = this.cache.get(k);
    if (hit !== undefined) return hit;
    this.flush();
    const start = this.off[k];
    const end = this.off[k + 1];
    const b = Math.floor(start / BLOCK);
    let s: string;
    if (end <= (b + 1) * BLOCK) {
      // Within one block of the file: the block is read once and kept for the strings next to it.
      let block = this.blocks.get(b);
      if (!block) {
        block = this.read(b * BLOCK, Math.min(BLOCK, this.written - b * BLOCK));
        if (this.blocks.size >= BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
        this.blocks.set(b, block);
      }
      s = block.toString('utf8', start - b * BLOCK, end - b * BLOCK);
    } else s = this.read(start, end - start).toString('utf8');
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(k, s);
    return s;
  }

  private read(at: number, len: number): Buffer {
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = readSync(this.scratch!.fd, buf, got, len - got, at + got);
      if (n === 0) throw new Error('its shared strings could not be read back from the temporary file');
      got += n;
    }
    return buf;
  }

  /** Remove the scratch file. */
  close(): void { this.scratch?.dispose(); this.scratch = undefined; this.cache.clear(); this.blocks.clear(); }
}

/** The shared-strings table: each string's text (rich-text runs joined, phonetic guides left out). */
async function sharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry, out: StringTable): Promise<StringTable> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  let prefix: string | undefined;
  const scan = (final: boolean) => {
    if (prefix === undefined) {
      const root = /<([A-Za-z_][\w.-]*:)?sst[\s>]/.exec(text);
      if (!root) { if (final) throw new Error('its shared strings have no <sst> element'); return; }
      prefix = root[1] ?? '';
    }
    const open = `<${prefix}si`;
    const close = `</${prefix}si>`;
    let pos = 0;
    for (;;) {
      const i = text.indexOf(open, pos);
      if (i < 0) break;
      const after = text.charCodeAt(i + open.length);
      if (after === 0x2f /* / */) { out.push(''); pos = text.indexOf('>', i) + 1; if (pos === 0) { pos = i; break; } continue; } // <si/>
      const j = text.indexOf(close, i);
      if (j < 0) { pos = i; break; }
      out.push(stringItem(text.slice(text.indexOf('>', i) + 1, j), prefix));
      pos = j + close.length;
    }
    text = text.slice(pos);
  };
  for await (const chunk of await openPart(zip, entry)) { text += decoder.write(chunk as Buffer); scan(false); }
  text += decoder.end();
  scan(true);
  out.finish();
  return out;
}

/** The text of a shared or inline string's content (`<t>` runs, rich text), by the fast path or saxes. */
function stringItem(inner: string, prefix: string): string {
  const t = `<${prefix}t`;
  // The common form: one <t> and nothing else.
  if (inner.startsWith(t) && (inner.charCodeAt(t.length) === 0x3e || inner.charCodeAt(t.length) === 0x20)) {
    const gt = inner.indexOf('>');
    const end = inner.lastIndexOf(`</${prefix}t>`);
    if (end > gt && inner.charCodeAt(gt - 1) !== 0x2f && end + prefix.length + 4 === inner.length) {
      const body = inner.slice(gt + 1, end);
      if (body.indexOf('<') < 0) return unescapeX(xmlText(body));
    }
  }
  return unescapeX(richText(inner));
}

/** Excel's escapes in cell text (`_x000D_` for a carriage return; `_x005F_` for a literal underscore), decoded as Excel reads them. */
const unescapeX = (s: string) => (s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));

/** Every <t> not inside a phonetic guide (<rPh>), joined; read with saxes. */
function richText(inner: string): string {
  let out = '';
  let inT = 0;
  let inPh = 0;
  const p = new SaxesParser({ xmlns: false, fragment: true });
  p.on('opentag', e => { const n = local(e.name); if (n === 't') inT++; else if (n === 'rPh') inPh++; });
  p.on('closetag', e => { const n = local(e.name); if (n === 't') inT--; else if (n === 'rPh') inPh--; });
  p.on('text', s => { if (inT && !inPh) out += s; });
  p.on('cdata', s => { if (inT && !inPh) out += s; });
  p.write(inner).close();
  return out;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character data: entities and character references decoded, line ends normalised as XML does. */
function xmlText(s: string): string {
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] !== '#') { if (ENTITY[e] === undefined) throw new Error(`it uses an unknown XML entity ${m}`); return ENTITY[e]; }
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

// ---------------------------------------------------------------------------------- the sheet

export interface SheetRow { number: number; cells: (Cell | Unreadable)[] }

/**
 * Cuts complete <row> elements from the sheet's text as it arrives and reads each into cells by
 * column. Holds only the text of the row being cut.
 */
class RowScanner {
  private text = '';
  private prefix: string | undefined;
  private inData = false;
  private done = false;
  private lastRow = 0;
  private cOpen = '';
  private cClose = '';
  private vOpen = '';
  private vClose = '';

  constructor(private readonly strings: StringTable, private readonly dates: Set<number>, private readonly date1904: boolean) {}

  push(more: string): SheetRow[] {
    this.text = this.text ? this.text + more : more;
    return this.scan(false);
  }

  end(more: string): SheetRow[] {
    this.text += more;
    const rows = this.scan(true);
    if (!this.done) throw new Error('its worksheet ends before its last row is complete');
    return rows;
  }

  private scan(final: boolean): SheetRow[] {
    const rows: SheetRow[] = [];
    if (this.done) return rows;
    let text = this.text;
    if (this.prefix === undefined) {
      const root = /<([A-Za-z_][\w.-]*:)?worksheet[\s>]/.exec(text);
      if (!root) { if (final) throw new Error('its worksheet has no <worksheet> element'); return rows; }
      this.prefix = root[1] ?? '';
      this.cOpen = `<${this.prefix}c`;
      this.cClose = `</${this.prefix}c>`;
      this.vOpen = `<${this.prefix}v>`;
      this.vClose = `</${this.prefix}v>`;
    }
    const p = this.prefix;
    let pos = 0;
    if (!this.inData) {
      const i = text.indexOf(`<${p}sheetData`);
      if (i < 0) { if (final) this.done = true; this.text = text.slice(Math.max(0, text.length - 64)); return rows; }
      const gt = text.indexOf('>', i);
      if (gt < 0) { this.text = text.slice(i); return rows; }
      if (text.charCodeAt(gt - 1) === 0x2f) { this.done = true; this.text = ''; return rows; } // <sheetData/>
      this.inData = true;
      pos = gt + 1;
    }
    const open = `<${p}row`;
    const close = `</${p}row>`;
    const endData = `</${p}sheetData>`;
    for (;;) {
      const i = text.indexOf('<', pos);
      if (i < 0) { pos = text.length; break; }
      if (text.startsWith(endData, i)) { this.done = true; break; }
      if (!text.startsWith(open, i) || !/[\s/>]/.test(text[i + open.length] ?? '')) {
        // Something between rows (a comment, another element): step over its tag.
        if (i + 1 >= text.length) { pos = i; break; }
        const gt = text.indexOf('>', i);
        if (gt < 0) { pos = i; break; }
        pos = gt + 1;
        continue;
      }
      const gt = text.indexOf('>', i);
      if (gt < 0) { pos = i; break; }
      const attrs = text.slice(i + open.length, gt);
      if (text.charCodeAt(gt - 1) === 0x2f) { // <row r="5"/>: a row with no cells
        rows.push({ number: this.rowNumber(attrs), cells: [] });
        pos = gt + 1;
        continue;
      }
      const j = text.indexOf(close, gt);
      if (j < 0) { pos = i; break; }
      rows.push(this.row(this.rowNumber(attrs), text.slice(gt + 1, j)));
      pos = j + close.length;
    }
    this.text = text.slice(pos);
    text = '';
    return rows;
  }

  private rowNumber(attrs: string): number {
    const m = /(?:^|\s)r="(\d+)"/.exec(attrs);
    this.lastRow = m ? Number(m[1]) : this.lastRow + 1;
    return this.lastRow;
  }

  /** One row's cells by column: the fast path, or saxes when the row holds anything it does not know. */
  private row(number: number, inner: string): SheetRow {
    if (inner.indexOf('<!') >= 0 || inner.indexOf('<?') >= 0 || inner.indexOf('rPh') >= 0 || inner.indexOf("='") >= 0) return { number, cells: this.slowRow(inner) };
    const cells: (Cell | Unreadable)[] = [];
    const open = this.cOpen;
    const close = this.cClose;
    let pos = 0;
    let next = 0; // column index of a cell without an r attribute
    for (;;) {
      const i = inner.indexOf(open, pos);
      if (i < 0) break;
      const k = i + open.length;
      const ch = inner.charCodeAt(k);
      if (ch !== 0x20 && ch !== 0x3e && ch !== 0x2f && ch !== 0x09 && ch !== 0x0a && ch !== 0x0d) { pos = k; continue; }
      const gt = inner.indexOf('>', k);
      if (gt < 0) throw new Error(`row ${number} has a cell that is not closed`);
      const selfClosing = inner.charCodeAt(gt - 1) === 0x2f;
      const a = cellAttributes(inner, k, selfClosing ? gt - 1 : gt, next);
      next = a.col + 1;
      if (selfClosing) { pos = gt + 1; continue; }
      const end = inner.indexOf(close, gt);
      if (end < 0) throw new Error(`row ${number} has a cell that is not closed`);
      pos = end + close.length;
      const value = this.cell(a.t, a.s, inner.slice(gt + 1, end));
      if (value === null) continue;
      while (cells.length < a.col) cells.push(null);
      cells[a.col] = value;
    }
    return { number, cells };
  }

  /** A cell's value from its type (t), style (s) and content. */
  private cell(t: string | undefined, s: string | undefined, inner: string): Cell | Unreadable {
    const p = this.prefix!;
    let v: string | undefined;
    // The common form, <v>…</v> alone.
    if (inner.startsWith(this.vOpen) && inner.endsWith(this.vClose) && inner.indexOf('<', this.vOpen.length) === inner.length - this.vClose.length) {
      v = inner.slice(this.vOpen.length, inner.length - this.vClose.length);
    } else {
      v = tagText(inner, `${p}v`);
      const fAt = inner.indexOf(`<${p}f`);
      if (fAt >= 0 && /[\s/>]/.test(inner[fAt + p.length + 2] ?? '')) {
        const f = tagText(inner, `${p}f`);
        const result = v === undefined ? undefined : t === 'str' ? xmlText(v) : t === 'b' ? Number(v) !== 0 : t === 'e' ? xmlText(v) : Number(v);
        return formula(f === undefined || f === '' ? 'a formula shared with another cell' : `=${xmlText(f)}`, result);
      }
      if (t === 'inlineStr') {
        const is = inner.indexOf(`<${p}is`);
        if (is < 0) return null;
        const end = inner.lastIndexOf(`</${p}is>`);
        return stringItem(inner.slice(inner.indexOf('>', is) + 1, end < 0 ? inner.length : end), p);
      }
    }
    if (v === undefined) return null;
    switch (t) {
      case 's': {
        const str = this.strings.get(Number(v));
        if (str === undefined) return { unreadable: `refers to shared string ${v}, which the workbook does not hold (a damaged file?)` };
        return str;
      }
      case 'str': case 'inlineStr': return unescapeX(xmlText(v));
      case 'e': return { unreadable: `holds the spreadsheet error ${xmlText(v)}` };
      case 'b': return Number(v) !== 0;
      case 'd': { const d = new Date(v); return Number.isNaN(d.getTime()) ? v : d; }
      default: {
        const n = Number(v);
        return s !== undefined && this.dates.has(Number(s)) ? excelDate(n, this.date1904) : n;
      }
    }
  }

  /** A row read by saxes: each cell rebuilt as the fast path reads it, from its local names. */
  private slowRow(inner: string): (Cell | Unreadable)[] {
    const cells: (Cell | Unreadable)[] = [];
    const p = new SaxesParser({ xmlns: false, fragment: true });
    let cell: { attrs: Record<string, string>; f?: string; v?: string; is?: string; inIs: boolean; inT: number; inPh: number; into?: 'f' | 'v' } | undefined;
    let next = 0;
    p.on('opentag', e => {
      const n = local(e.name);
      if (n === 'c') cell = { attrs: e.attributes as Record<string, string>, inIs: false, inT: 0, inPh: 0 };
      else if (!cell) return;
      else if (n === 'f') { cell.f = cell.f ?? ''; cell.into = 'f'; }
      else if (n === 'v') { cell.v = cell.v ?? ''; cell.into = 'v'; }
      else if (n === 'is') { cell.inIs = true; cell.is = cell.is ?? ''; }
      else if (n === 't') cell.inT++;
      else if (n === 'rPh') cell.inPh++;
    });
    const text = (s: string) => {
      if (!cell) return;
      if (cell.inIs) { if (cell.inT && !cell.inPh) cell.is += s; } else if (cell.into === 'f') cell.f += s; else if (cell.into === 'v') cell.v += s;
    };
    p.on('text', text);
    p.on('cdata', text);
    p.on('closetag', e => {
      const n = local(e.name);
      if (!cell) return;
      if (n === 'f' || n === 'v') cell.into = undefined;
      else if (n === 'is') cell.inIs = false;
      else if (n === 't') cell.inT--;
      else if (n === 'rPh') cell.inPh--;
      else if (n === 'c') {
        const attrs = Object.fromEntries(Object.entries(cell.attrs).map(([k, v]) => [local(k), String(v)]));
        const col = attrs.r ? columnOf(attrs.r, next) : next;
        next = col + 1;
        const c = cell;
        cell = undefined;
        // Rebuilt in the plain form and read by the fast path, so both read a cell alike.
        const rebuilt = `${c.f !== undefined ? `<${this.prefix}f>${escapeXml(c.f)}</${this.prefix}f>` : ''}${c.v !== undefined ? `<${this.prefix}v>${escapeXml(c.v)}</${this.prefix}v>` : ''}${c.is !== undefined ? `<${this.prefix}is><${this.prefix}t>${escapeXml(c.is)}</${this.prefix}t></${this.prefix}is>` : ''}`;
        const value = this.cell(attrs.t, attrs.s, rebuilt);
        if (value === null) return;
        while (cells.length < col) cells.push(null);
        cells[col] = value;
      }
    });
    p.write(inner).close();
    return cells;
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');

/** A cell tag's column (from r="B7", else the one after the previous cell), type (t) and style (s): text[from, to) is its attributes. */
function cellAttributes(text: string, from: number, to: number, next: number): { col: number; t?: string; s?: string } {
  let col = next;
  let t: string | undefined;
  let s: string | undefined;
  let q = text.indexOf('="', from);
  while (q >= 0 && q < to) {
    const end = text.indexOf('"', q + 2);
    // A one-letter name: the character before `="`, preceded by white space.
    const c = text.charCodeAt(q - 1);
    const before = text.charCodeAt(q - 2);
    if (before === 0x20 || before === 0x09 || before === 0x0a || before === 0x0d) {
      if (c === 0x72 /* r */) col = columnOf(text.slice(q + 2, end), next);
      else if (c === 0x74 /* t */) t = text.slice(q + 2, end);
      else if (c === 0x73 /* s */) s = text.slice(q + 2, end);
    }
    q = text.indexOf('="', end + 1);
  }
  return { col, t, s };
}

/** The text of the first <name>…</name> in `inner` (undefined when absent, '' for <name/>). */
function tagText(inner: string, name: string): string | undefined {
  const i = inner.indexOf(`<${name}`);
  if (i < 0) return undefined;
  const c = inner.charCodeAt(i + name.length + 1);
  if (c !== 0x3e && c !== 0x20 && c !== 0x2f && c !== 0x09 && c !== 0x0a && c !== 0x0d) return tagText(inner.slice(i + 1), name);
  const gt = inner.indexOf('>', i);
  if (inner.charCodeAt(gt - 1) === 0x2f) return '';
  const end = inner.indexOf(`</${name}>`, gt);
  return inner.slice(gt + 1, end < 0 ? inner.length : end);
}

/** The zero-based column of a cell reference ("B7"), else the one after the previous cell. */
function columnOf(r: string, next: number): number {
  let col = 0;
  let i = 0;
  for (; i < r.length; i++) {
    const c = r.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  return i ? col - 1 : next;
}

function formula(f: string, result: unknown): Unreadable {
  const cached = result === undefined || (typeof result === 'number' && Number.isNaN(result)) ? 'no cached value' : `cached value ${JSON.stringify(result)}`;
  return { unreadable: `holds a formula (${f}; ${cached}); igcheck does not evaluate formulas or trust cached results: paste the value instead (Paste Special → Values)` };
}

/** The documented cell and column limits (src/io/limits.ts), as a CSV row is held to them. */
function rowLimit(cells: (Cell | Unreadable)[]): string | undefined {
  if (cells.length > MAX_COLUMNS) return `has ${cells.length.toLocaleString('en-GB')} cells, more than the ${MAX_COLUMNS.toLocaleString('en-GB')} columns a spreadsheet has`;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (typeof c === 'string' && c.length > MAX_CELL_CHARS) return `column ${columnLetter(i)} holds ${c.length.toLocaleString('en-GB')} characters, more than the ${MAX_CELL_CHARS.toLocaleString('en-GB')} a spreadsheet cell holds`;
  }
  return undefined;
}

const damaged = (file: string, why: string) => new InputError('The register cannot be read', [{ file, message: `is not a readable Excel workbook (${why}); it may be damaged, or another kind of file saved as .xlsx. Open it in Excel and save it again, or save it as CSV` }]);

const MiB = (n: number) => `${Math.round(n / 1048576)} MiB`;

/**
 * Before any part is inflated: the workbook's zip directory must be readable, and no part may
 * inflate past MAX_XLSX_PART (a worksheet, which is streamed, past MAX_XLSX_SHEET) or (over 1 MiB)
 * to more than MAX_XLSX_RATIO times its stored size: a small file whose one cell expands to
 * hundreds of megabytes is refused, not read into memory.
 */
export function checkZip(file: string): void {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tailLen) throw damaged(file, 'no zip directory at its end');
    let count = tail.readUInt16LE(eocd + 10);
    let dirSize = tail.readUInt32LE(eocd + 12);
    let dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff) {
      // ZIP64: the real figures are in the zip64 end record, found through its locator.
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw damaged(file, 'a zip64 directory without its locator');
      const recAt = Number(tail.readBigUInt64LE(loc + 8));
      const rec = Buffer.alloc(56);
      readSync(fd, rec, 0, 56, recAt);
      if (rec.readUInt32LE(0) !== 0x06064b50) throw damaged(file, 'a damaged zip64 directory');
      count = Number(rec.readBigUInt64LE(32));
      dirSize = Number(rec.readBigUInt64LE(40));
      dirOffset = Number(rec.readBigUInt64LE(48));
    }
    if (dirOffset + dirSize > size || dirSize > 64 * 1048576) throw damaged(file, 'its zip directory points outside the file');
    const dir = Buffer.alloc(dirSize);
    readSync(fd, dir, 0, dirSize, dirOffset);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw damaged(file, 'a damaged zip directory');
      let packed = dir.readUInt32LE(p + 20);
      let unpacked = dir.readUInt32LE(p + 24);
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLen);
      if (unpacked === 0xffffffff || packed === 0xffffffff) {
        let e = p + 46 + nameLen;
        const end = e + extraLen;
        while (e + 4 <= end) {
          const id = dir.readUInt16LE(e);
          const len = dir.readUInt16LE(e + 2);
          if (id === 0x0001) {
            let q = e + 4;
            if (unpacked === 0xffffffff) { unpacked = Number(dir.readBigUInt64LE(q)); q += 8; }
            if (packed === 0xffffffff) packed = Number(dir.readBigUInt64LE(q));
            break;
          }
          e += 4 + len;
        }
      }
      const streamed = /(^|\/)worksheets\/[^/]+\.xml$/.test(name);
      const max = streamed ? MAX_XLSX_SHEET : MAX_XLSX_PART;
      if (unpacked > max) throw new InputError('The register is too large to read', [{ file, message: `its part ${name} inflates to ${MiB(unpacked)}, more than the ${MiB(max)} ${streamed ? 'a worksheet' : 'an .xlsx part'} may; save the register as CSV` }]);
      if (unpacked > 1048576 && unpacked > MAX_XLSX_RATIO * Math.max(packed, 1)) {
        throw new InputError('The register cannot be read safely', [{ file, message: `its part ${name} would inflate from ${Math.round(packed / 1024)} KiB to ${MiB(unpacked)} (more than ${MAX_XLSX_RATIO} times): a workbook like this is built to exhaust memory, or holds one cell repeated beyond reason. Save the register again from Excel, or as CSV` }]);
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
  } finally { closeSync(fd); }
}
