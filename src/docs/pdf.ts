// The PDF rendering: the same Markdown as Word and HTML, read by marked's lexer and laid out with
// pdfkit (pure JavaScript), tagged for accessibility (headings, paragraphs, lists and tables as
// structure; running header and footer as artifacts), A4 with page numbers. The text is set in
// DejaVu Sans, embedded as a subset (Bitstream Vera licence, DejaVu changes public domain): Latin with
// every accent, Greek, Cyrillic, curly quotes and dashes. The build copies its TrueType files from the
// dejavu-fonts-ttf package into dist/fonts, so the installed package carries them and nothing more.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../pack/active.js';
import type { Token, Tokens } from 'marked';
import { decodeEntities, oneLine } from './escape.js';
import { lex } from './markdown.js';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;
interface Run { text: string; bold?: boolean; italic?: boolean; code?: boolean }

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 64, bottom: 60, left: 54, right: 54 };
const WIDTH = A4.width - MARGIN.left - MARGIN.right;
const BLUE = '#003087';
const GREY = '#425563';
const BORDER = '#768692';
const BODY = 10;
const SIZES = [18, 14, 12, 11, 10, 10];

/** The embedded faces, by the name the layout uses, and their TrueType files (scripts/build.mjs copies them). */
export const FACES = {
  Sans: 'DejaVuSans.ttf',
  'Sans-Bold': 'DejaVuSans-Bold.ttf',
  'Sans-Oblique': 'DejaVuSans-Oblique.ttf',
  'Sans-BoldOblique': 'DejaVuSans-BoldOblique.ttf',
} as const;
type Face = keyof typeof FACES | 'Courier';

/**
 * Where a face's file is: dist/fonts in the installed package (TrueType, read without decompressing,
 * so a PDF takes no longer than with the standard fonts); in a checkout not yet built, the
 * development package the build copies it from.
 */
export function fontFile(face: keyof typeof FACES): string {
  const shipped = join(packageRoot(), 'dist', 'fonts', FACES[face]);
  return existsSync(shipped) ? shipped : createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${FACES[face]}`);
}

/**
 * Text the fonts can show. DejaVu Sans covers the Latin, Greek and Cyrillic alphabets and the usual
 * punctuation; a character it lacks (an emoji, a CJK ideograph) is shown as "?", never dropped
 * silently, and control characters are removed. Code (digests, paths) is set in Courier, so it keeps
 * to the standard (WinAnsi) characters.
 */
const WINANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
/** Which characters each embedded face has (the same files every time, so read once). */
const coverage = new Map<Face, (cp: number) => boolean>();
function printable(s: string, face: Face = 'Sans'): string {
  const spaced = s.replace(/[\u2009\u202f\u00a0]/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
  const has = coverage.get(face);
  if (face !== 'Courier' && has) return [...spaced].map(ch => (ch === '\n' || has(ch.codePointAt(0)!) ? ch : '?')).join('');
  return spaced.replace(/[‐‑‒]/g, '-').replace(/[≤]/g, '<=').replace(/[≥]/g, '>=').replace(/[→]/g, '->')
    .replace(/[^\n\x20-\x7e\xa0-\xff]/gu, ch => {
      if (WINANSI_EXTRA.includes(ch)) return ch;
      // A letter with an accent Courier lacks keeps its base letter (Ś -> S); anything else shows as "?".
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      return /^[\x20-\x7e\xa0-\xff]$/.test(base) ? base : '?';
    });
}

/** Register the embedded faces with a document, and learn which characters each has. */
function useFonts(doc: Doc): void {
  for (const face of Object.keys(FACES) as (keyof typeof FACES)[]) {
    doc.registerFont(face, fontFile(face));
    if (coverage.has(face)) continue;
    doc.font(face);
    // pdfkit keeps the fontkit font it embeds on the current font (not in its type declarations).
    const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint(cp: number): boolean } } })._font?.font;
    if (font) coverage.set(face, cp => font.hasGlyphForCodePoint(cp));
  }
  doc.font('Sans');
}

function fontOf(r: Run): Face {
  if (r.code) return 'Courier';
  if (r.bold && r.italic) return 'Sans-BoldOblique';
  if (r.bold) return 'Sans-Bold';
  if (r.italic) return 'Sans-Oblique';
  return 'Sans';
}

/** Inline tokens to runs of text with their style. */
function runs(tokens: Token[] | undefined, style: Omit<Run, 'text'> = {}): Run[] {
  const out: Run[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong': out.push(...runs((t as Tokens.Strong).tokens, { ...style, bold: true })); break;
      case 'em': out.push(...runs((t as Tokens.Em).tokens, { ...style, italic: true })); break;
      case 'del': case 'link': out.push(...runs((t as Tokens.Del).tokens, style)); break;
      case 'codespan': out.push({ ...style, code: true, text: decodeEntities((t as Tokens.Codespan).text) }); break;
      case 'br': out.push({ ...style, text: '\n' }); break;
      // <br> in a table cell is a line break (as in Word); other inline HTML is dropped.
      case 'html': if (/^<br\s*\/?>$/i.test((t as Tokens.HTML).text.trim())) out.push({ ...style, text: BREAK }); break;
      case 'text': {
        const tt = t as Tokens.Text;
        if (tt.tokens?.length) out.push(...runs(tt.tokens, style));
        else out.push({ ...style, text: decodeEntities(tt.text) });
        break;
      }
      default: out.push({ ...style, text: decodeEntities((t as { text?: string }).text ?? t.raw) });
    }
  }
  const done = out.map(r => ({ ...r, text: r.text === BREAK ? BREAK : printable(r.text.replace(/\n(?!$)/g, r.text === '\n' ? '\n' : ' '), fontOf(r)) })).filter(r => r.text.length);
  // pdfkit ignores a line break that ends a continued run: a <br> starts the run after it instead.
  return done.flatMap((r, i) => (r.text === BREAK ? [] : i > 0 && done[i - 1].text === BREAK ? [{ ...r, text: `\n${r.text}` }] : [r]));
}
const BREAK = '\u2028';

/** Runs split into lines at a line break (a run that is only "\n"): pdfkit mislays breaks inside continued text. */
function lines(rs: Run[]): Run[][] {
  const out: Run[][] = [[]];
  for (const r of rs) {
    if (r.text === '\n') out.push([]);
    else if (r.text.startsWith('\n') && out[out.length - 1].length) out.push([{ ...r, text: r.text.slice(1) }]);
    else out[out.length - 1].push(r);
  }
  return out.map(l => (l.length ? l : [{ text: ' ' }]));
}

const plain = (rs: Run[]) => rs.map(r => r.text).join('');

class Layout {
  private readonly root: Struct;
  constructor(readonly doc: Doc) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /** Room left on this page. */
  private get room(): number { return A4.height - MARGIN.bottom - this.doc.y; }
  private ensure(height: number): void { if (height > this.room) this.doc.addPage(); }

  /** Text runs at the current position, wrapped to width, with its structure element. */
  private text(rs: Run[], opts: { x?: number; width?: number; size?: number; colour?: string; gap?: number; parent?: Struct; type?: string } = {}): void {
    const doc = this.doc;
    const x = opts.x ?? MARGIN.left;
    const width = opts.width ?? WIDTH;
    const size = opts.size ?? BODY;
    if (!rs.length) rs = [{ text: ' ' }];
    const el = doc.struct(opts.type ?? 'P', {}, () => {
      doc.fillColor(opts.colour ?? '#1b1b1b');
      for (const line of lines(rs)) {
        line.forEach((r, i) => {
          doc.font(fontOf(r)).fontSize(r.code ? size - 1 : size);
          const last = i === line.length - 1;
          if (i === 0) doc.text(r.text, x, doc.y, { width, continued: !last, lineGap: 1.5 });
          else doc.text(r.text, { continued: !last, lineGap: 1.5 });
        });
      }
    });
    (opts.parent ?? this.root).add(el);
    doc.x = MARGIN.left;
    doc.y += opts.gap ?? 6;
  }

  private height(rs: Run[], width: number, size = BODY): number {
    // Line by line, each in bold only when it has bold in it (a cell's bold title above plain text).
    return lines(rs).reduce((hgt, line) => {
      this.doc.font(line.some(r => r.bold) ? 'Sans-Bold' : 'Sans').fontSize(size);
      return hgt + this.doc.heightOfString(plain(line) || ' ', { width, lineGap: 1.5 });
    }, 0);
  }

  heading(h: Tokens.Heading, next = 0): void {
    const size = SIZES[h.depth - 1];
    const rs = runs(h.tokens).map(r => ({ ...r, bold: true }));
    // A heading never ends a page: keep it with at least a few lines of what follows.
    this.doc.y += h.depth === 1 ? 0 : h.depth === 2 ? 10 : 6;
    this.ensure(this.height(rs, WIDTH, size) + Math.max(60, Math.min(next, 160)));
    this.text(rs, { size, colour: h.depth <= 2 ? BLUE : '#1b1b1b', type: `H${h.depth}`, gap: h.depth === 1 ? 4 : 5 });
    if (h.depth === 1) {
      this.doc.moveTo(MARGIN.left, this.doc.y).lineTo(A4.width - MARGIN.right, this.doc.y).lineWidth(2).strokeColor('#005eb8').stroke();
      this.doc.y += 10;
    }
  }

  paragraph(rs: Run[]): void {
    this.ensure(Math.min(this.height(rs, WIDTH), 40));
    this.text(rs);
  }

  list(l: Tokens.List, depth = 0): void {
    const list = this.doc.struct('L');
    this.root.add(list);
    l.items.forEach((item, i) => {
      const inline = item.tokens.flatMap(x => (x.type === 'text' || x.type === 'paragraph' ? runs((x as Tokens.Text).tokens ?? [x]) : []));
      const indent = 14 + depth * 14;
      const label = l.ordered ? `${Number(l.start || 1) + i}.` : '•';
      this.ensure(Math.min(this.height(inline, WIDTH - indent), 30));
      const li = this.doc.struct('LI');
      list.add(li);
      const y = this.doc.y;
      li.add(this.doc.struct('Lbl', {}, () => { this.doc.font('Sans').fontSize(BODY).fillColor('#1b1b1b').text(label, MARGIN.left + depth * 14, y, { width: 14 }); }));
      this.doc.y = y;
      this.text(inline, { x: MARGIN.left + indent, width: WIDTH - indent, parent: li, type: 'LBody', gap: 3 });
      for (const sub of item.tokens.filter(x => x.type === 'list')) this.list(sub as Tokens.List, depth + 1);
    });
    list.end();
    this.doc.y += 3;
  }

  quote(paragraphs: Run[][]): void {
    const doc = this.doc;
    const inner = WIDTH - 24;
    paragraphs.forEach((rs, k) => {
      const h = this.height(rs, inner) + (k === paragraphs.length - 1 ? 10 : 6);
      this.ensure(Math.min(h, 80));
      const top = doc.y;
      const bottom = Math.min(top + h, A4.height - MARGIN.bottom);
      doc.markContent('Artifact', { type: 'Layout' } as never);
      doc.rect(MARGIN.left, top, WIDTH, bottom - top).fill('#f0f4f5');
      doc.rect(MARGIN.left, top, 3, bottom - top).fill('#005eb8');
      doc.endMarkedContent();
      doc.y = top + 5;
      this.text(rs, { x: MARGIN.left + 14, width: inner, gap: 0 });
      // One box for the whole quote: its paragraphs follow each other without a gap.
      doc.y = Math.max(doc.y, bottom) + (k === paragraphs.length - 1 ? 6 : 0);
    });
  }

  table(t: Tokens.Table, signoff: boolean): void {
    const doc = this.doc;
    // Sign-off tables: room for the role, the name and a signature; the date needs less.
    const widths = (signoff && t.header.length === 4 ? [30, 26, 28, 16] : columnWidths(t)).map(w => (w * WIDTH) / 100);
    const pad = 4;
    const header = t.header.map(c => runs(c.tokens).map(r => ({ ...r, bold: true })));
    const rows = t.rows.map(r => r.map(c => runs(c.tokens)));
    // Rows to be written in are tall enough to write in; a lone blank row (reasons) taller still.
    const minHeight = signoff ? (t.header.length === 1 ? 90 : 30) : 0;
    const rowHeight = (cells: Run[][], head = false) => Math.max(head ? 0 : minHeight, ...cells.map((c, i) => this.height(c, widths[i] - 2 * pad) + 2 * pad));
    const table = doc.struct('Table');
    this.root.add(table);
    const drawRow = (cells: Run[][], head: boolean) => {
      const h = rowHeight(cells, head);
      const top = doc.y;
      const tr = doc.struct('TR');
      table.add(tr);
      let x = MARGIN.left;
      doc.markContent('Artifact', { type: 'Layout' } as never);
      cells.forEach((_, i) => {
        if (head) doc.rect(x, top, widths[i], h).fill('#e8edee');
        doc.rect(x, top, widths[i], h).lineWidth(0.5).strokeColor(BORDER).stroke();
        x += widths[i];
      });
      doc.endMarkedContent();
      x = MARGIN.left;
      cells.forEach((c, i) => {
        doc.y = top + pad;
        this.text(c, { x: x + pad, width: widths[i] - 2 * pad, parent: tr, type: head ? 'TH' : 'TD', gap: 0 });
        x += widths[i];
      });
      doc.x = MARGIN.left;
      doc.y = top + h;
    };
    // Keep the header with the first row (a sign-off table whole, when it fits on a page); repeat the
    // header on every page the table runs onto.
    const whole = rowHeight(header, true) + rows.reduce((a, r) => a + rowHeight(r), 0);
    this.ensure(signoff && whole < A4.height - MARGIN.top - MARGIN.bottom ? whole : rowHeight(header, true) + (rows[0] ? rowHeight(rows[0]) : 0));
    drawRow(header, true);
    for (const r of rows) {
      if (rowHeight(r) > this.room) { doc.addPage(); drawRow(header, true); }
      drawRow(r, false);
    }
    table.end();
    doc.y += 10;
  }

  /** A picture drawn by the module that made it, kept whole on one page (registerPdfFigure). */
  figure(f: PdfFigure, data: unknown): void {
    const height = f.height(data, WIDTH);
    this.ensure(height);
    const doc = this.doc;
    const top = doc.y;
    const el = doc.struct('Figure', { alt: f.alt(data) }, () => { f.draw(doc, data, MARGIN.left, top, WIDTH); });
    this.root.add(el);
    doc.x = MARGIN.left;
    doc.y = top + height + 8;
  }

  /** Start a new page unless this much room is left (a section that must stay together). */
  keep(height: number): void { this.ensure(height); }

  rule(): void {
    this.doc.moveTo(MARGIN.left, this.doc.y).lineTo(A4.width - MARGIN.right, this.doc.y).lineWidth(0.5).strokeColor(BORDER).stroke();
    this.doc.y += 8;
  }

  end(): void { this.root.end(); }
}

/** Pictures a document carries as `<!-- figure:NAME {json} -->` (as for Word, src/docs/docx.ts), drawn by the module that made them. */
export interface PdfFigure {
  /** The height it takes at this width, to keep it whole on one page. */
  height(data: unknown, width: number): number;
  /** The picture in words, for a screen reader. */
  alt(data: unknown): string;
  draw(doc: Doc, data: unknown, x: number, y: number, width: number): void;
}
const pdfFigures = new Map<string, PdfFigure>();
export function registerPdfFigure(name: string, draw: PdfFigure): void { pdfFigures.set(name, draw); }
const FIGURE = /^<!--\s*figure:([a-z-]+)\s+([\s\S]*?)\s*-->\s*$/;

/** Column widths in per cent, from the text each column holds (as the Word rendering does). */
export function columnWidths(t: Tokens.Table): number[] {
  const cols = t.header.map((h, i) => [h, ...t.rows.map(r => r[i]).filter(Boolean)]);
  // A column left blank to be written in gets room to write (a short-headed one, a tick box, less).
  const blank = t.header.map((_, i) => t.rows.length > 0 && t.rows.every(r => !r[i]?.text.trim()));
  const average = cols.map((cells, i) => (blank[i] ? (t.header[i].text.length <= 10 ? 10 : 45) : Math.min(60, Math.max(8, cells.reduce((a, c) => a + c.text.length, 0) / cells.length))));
  const longest = cols.map(cells => Math.min(35, (Math.max(0, ...cells.flatMap(c => c.text.replace(/<br\s*\/?>/gi, ' ').replace(/[`*\\]/g, '').split(/\s+/).map(w => w.length))) + 3) * 1.3));
  const total = average.reduce((a, b) => a + b, 0);
  const pct = average.map(w => (100 * w) / total);
  const fixed = pct.map((p, i) => p < longest[i]);
  const fixedSum = longest.reduce((a, m, i) => a + (fixed[i] ? m : 0), 0);
  const freeSum = pct.reduce((a, p, i) => a + (fixed[i] ? 0 : p), 0);
  const widths = pct.map((p, i) => (fixed[i] ? longest[i] : (p * (100 - fixedSum)) / (freeSum || 1)));
  // Long words can ask for more than the page, leaving the other columns nothing (or less): every
  // column keeps some room, and the table never runs off its right edge.
  const floored = widths.map(w => Math.max(w, 6));
  const sum = floored.reduce((a, b) => a + b, 0);
  return sum > 100 ? floored.map(w => (w * 100) / sum) : floored;
}

/**
 * How tall a block of tokens will be, roughly (to keep a section together). The approval section is
 * sign-off tables: a row is at least 30 points to sign in, a lone reasons box 90 (see `table`). An
 * estimate much above the truth would leave a near-empty page before the approval.
 */
export function estimate(tokens: Token[]): number {
  let h = 0;
  for (const t of tokens) {
    if (t.type === 'table') {
      const tt = t as Tokens.Table;
      h += 22 + tt.rows.length * (tt.header.length === 1 ? 92 : 32) + 10;
    } else if (t.type === 'heading') h += (t as Tokens.Heading).depth <= 2 ? 36 : 26;
    else if (t.type === 'paragraph') h += Math.ceil(t.raw.length / 100) * 13 + 6;
  }
  return h;
}

/** A PDF of one Markdown document: A4, running header, "page X of Y" footer, tagged. */
export async function pdfBuffer(markdown: string, title: string, docKind: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const header = oneLine(`${docKind}: ${title}`);
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, autoFirstPage: true, tagged: true, lang: 'en-GB', displayTitle: true,
    pdfVersion: '1.7', info: { Title: header, Creator: 'igcheck', Subject: docKind, CreationDate: new Date(0), ModDate: new Date(0) },
  } as PDFKit.PDFDocumentOptions);
  useFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((res, rej) => { doc.on('end', () => res(Buffer.concat(chunks))); doc.on('error', rej); });

  const layout = new Layout(doc);
  const tokens = lex(markdown);
  const stack: string[] = [];
  tokens.forEach((t, i) => {
    switch (t.type) {
      case 'heading': {
        // A heading stays with the start of what follows it (a table's header and first row).
        const next = tokens.slice(i + 1, i + 3).find(x => x.type !== 'space');
        layout.heading(t as Tokens.Heading, next ? estimate([next]) : 0);
        break;
      }
      case 'paragraph': {
        // A line that introduces a table or list ("It applies because of these answers:") stays with
        // the start of it, never alone at the foot of a page.
        const next = tokens.slice(i + 1).find(x => x.type !== 'space')?.type;
        if (/:\s*$/.test(t.raw) && (next === 'table' || next === 'list')) layout.keep(estimate([t]) + 60);
        layout.paragraph(runs((t as Tokens.Paragraph).tokens));
        break;
      }
      case 'list': layout.list(t as Tokens.List); break;
      case 'table': layout.table(t as Tokens.Table, stack.includes('signoff')); break;
      case 'blockquote': layout.quote((t as Tokens.Blockquote).tokens.flatMap(x => (x.type === 'paragraph' ? [runs((x as Tokens.Paragraph).tokens)]
        : x.type === 'list' ? (x as Tokens.List).items.map(item => [{ text: '•  ' }, ...item.tokens.flatMap(y => runs((y as Tokens.Text).tokens ?? [y]))]) : []))); break;
      case 'hr': layout.rule(); break;
      case 'code': layout.paragraph([{ text: printable(decodeEntities((t as Tokens.Code).text), 'Courier'), code: true }]); break;
      case 'html': {
        const html = (t as Tokens.HTML).text;
        const fig = FIGURE.exec(html.trim());
        if (fig && pdfFigures.has(fig[1])) { layout.figure(pdfFigures.get(fig[1])!, JSON.parse(fig[2])); break; }
        const open = /class="([a-z-]+)"/.exec(html);
        if (open) {
          stack.push(open[1]);
          // A section that must stay together starts a page only when it would not fit on this one.
          if (open[1] === 'approval') {
            let depth = 1; let j = i + 1;
            for (; j < tokens.length && depth; j++) if (tokens[j].type === 'html') depth += /class="/.test((tokens[j] as Tokens.HTML).text) ? 1 : /<\/div>/.test((tokens[j] as Tokens.HTML).text) ? -1 : 0;
            layout.keep(Math.min(estimate(tokens.slice(i + 1, j)), A4.height - MARGIN.top - MARGIN.bottom));
          }
        } else if (/<\/div>/.test(html)) stack.pop();
        break;
      }
      default: break;
    }
  });
  layout.end();

  // Running header and footer on every page, as artifacts (not read as content).
  const range = doc.bufferedPageRange();
  const shortHeader = printable(header.length > 110 ? `${header.slice(0, 107)}...` : header);
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    // Header and footer sit in the margins: lift the bottom margin so pdfkit does not start a page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' } as never);
    doc.font('Sans').fontSize(8).fillColor(GREY);
    doc.text(shortHeader, MARGIN.left, 30, { width: WIDTH, lineBreak: false });
    doc.text('Draft: not approved until signed', MARGIN.left, A4.height - 38, { width: WIDTH / 2, lineBreak: false });
    doc.text(`Page ${p + 1} of ${range.count}`, MARGIN.left + WIDTH / 2, A4.height - 38, { width: WIDTH / 2, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
