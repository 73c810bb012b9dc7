// The Word rendering: the same Markdown, read by marked's lexer and laid out with the docx library.
import type { Token, Tokens } from 'marked';
import {
  AlignmentType, BorderStyle, Document, Footer, Header, HeadingLevel, HeightRule, Packer, PageNumber, Paragraph,
  ShadingType, Table, TableCell, TableRow, TextRun, WidthType, type ParagraphChild,
} from 'docx';
import { decodeEntities, oneLine } from './escape.js';
import { lex } from './markdown.js';

interface Style { bold?: boolean; italics?: boolean; code?: boolean }

const FONT = 'Arial';
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

/** Inline tokens to runs. The docx library escapes XML; the text was sanitised of characters XML forbids. */
function runs(tokens: Token[] | undefined, style: Style = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong': out.push(...runs((t as Tokens.Strong).tokens, { ...style, bold: true })); break;
      case 'em': out.push(...runs((t as Tokens.Em).tokens, { ...style, italics: true })); break;
      case 'del': out.push(...runs((t as Tokens.Del).tokens, style)); break;
      case 'codespan': out.push(run(decodeEntities((t as Tokens.Codespan).text), { ...style, code: true })); break;
      case 'br': out.push(new TextRun({ break: 1 })); break;
      case 'link': out.push(...runs((t as Tokens.Link).tokens, style)); break;
      case 'html': if (/^<br\s*\/?>$/i.test((t as Tokens.HTML).text.trim())) out.push(new TextRun({ break: 1 })); break; // <br> in a table cell; other HTML (page breaks) is handled at block level
      case 'text': {
        const tt = t as Tokens.Text;
        if (tt.tokens?.length) out.push(...runs(tt.tokens, style));
        else out.push(run(decodeEntities(tt.text), style));
        break;
      }
      default: out.push(run(decodeEntities((t as { text?: string }).text ?? t.raw), style));
    }
  }
  return out;
}

const run = (text: string, s: Style) => new TextRun({ text: text.replace(/\n/g, ' '), bold: s.bold, italics: s.italics, ...(s.code ? { font: 'Consolas', size: 18 } : {}) });

const border = { style: BorderStyle.SINGLE, size: 4, color: '768692' };
const borders = { top: border, bottom: border, left: border, right: border };

/** Column widths in per cent, from the text each column holds, so short labels do not take half the page. */
function columnWidths(t: Tokens.Table): number[] {
  const cols = t.header.map((h, i) => [h, ...t.rows.map(r => r[i]).filter(Boolean)]);
  // A column left blank to be written in gets room to write (a short-headed one, a tick box, less).
  const blank = t.header.map((_, i) => t.rows.length > 0 && t.rows.every(r => !r[i]?.text.trim()));
  const average = cols.map((cells, i) => (blank[i] ? (t.header[i].text.length <= 10 ? 10 : 45) : Math.min(60, Math.max(6, cells.reduce((a, c) => a + c.text.length, 0) / cells.length))));
  // A column is never narrower than its longest word (about 1.1% of an A4 text width per character),
  // so Word does not break "Status" into "Stat us"; the other columns share what is left.
  const minimum = cols.map(cells => Math.min(35, (Math.max(0, ...cells.flatMap(c => c.text.replace(/[`*\\]/g, '').split(/\s+/).map(w => w.length))) + 4) * 1.15));
  const total = average.reduce((a, b) => a + b, 0);
  const pct = average.map(w => (100 * w) / total);
  const fixed = pct.map((p, i) => p < minimum[i]);
  const fixedSum = minimum.reduce((a, m, i) => a + (fixed[i] ? m : 0), 0);
  const freeSum = pct.reduce((a, p, i) => a + (fixed[i] ? 0 : p), 0);
  return pct.map((p, i) => Math.round(fixed[i] ? minimum[i] : (p * (100 - fixedSum)) / (freeSum || 1)));
}

const SIGNOFF_WIDTHS = [34, 26, 26, 14];

function table(t: Tokens.Table, signoff = false, keep = false): Table {
  const widths = signoff && t.header.length === SIGNOFF_WIDTHS.length ? SIGNOFF_WIDTHS : columnWidths(t);
  const cell = (c: Tokens.TableCell, header: boolean, width: number) => new TableCell({
    borders,
    width: { size: width, type: WidthType.PERCENTAGE },
    shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EDEE' } : undefined,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    children: [new Paragraph({ keepNext: keep, children: runs(c.tokens, header ? { bold: true } : {}) })],
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: widths.map(w => Math.round(w * 98.66)),
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: t.header.map((h, i) => cell(h, true, widths[i])) }),
      // Sign-off rows are tall enough to sign in.
      ...t.rows.map(r => new TableRow({ cantSplit: true, ...(signoff ? { height: { value: t.header.length === 1 ? 1800 : 720, rule: HeightRule.ATLEAST } } : {}), children: r.map((c, i) => cell(c, false, widths[i])) })),
    ],
  });
}

/** Pictures a document carries as `<!-- figure:NAME {json} -->`, drawn by the module that made them (the DPIA's risk map). */
const figures = new Map<string, (data: unknown) => (Paragraph | Table)[]>();
export function registerFigure(name: string, draw: (data: unknown) => (Paragraph | Table)[]): void { figures.set(name, draw); }
const FIGURE = /^<!--\s*figure:([a-z-]+)\s+([\s\S]*?)\s*-->\s*$/;

function blocks(tokens: Token[], depth = 0): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  let breakNext = false;
  // Open <div class> blocks: `signoff` (tall rows to sign in), `approval` (kept together, on one page).
  const open: string[] = [];
  const inside = (cls: string) => open.includes(cls);
  for (const [i, t] of tokens.entries()) {
    switch (t.type) {
      case 'heading': {
        const h = t as Tokens.Heading;
        out.push(new Paragraph({ heading: HEADINGS[h.depth - 1], pageBreakBefore: breakNext, keepNext: true, keepLines: true, children: runs(h.tokens) }));
        breakNext = false;
        break;
      }
      case 'paragraph':
        out.push(new Paragraph({ pageBreakBefore: breakNext, keepNext: inside('approval'), keepLines: inside('approval'), spacing: { after: 120 }, children: runs((t as Tokens.Paragraph).tokens) }));
        breakNext = false;
        break;
      case 'list': {
        const l = t as Tokens.List;
        l.items.forEach((item, i) => {
          const inline = item.tokens.flatMap(x => (x.type === 'text' || x.type === 'paragraph' ? [x] : []));
          const prefix = l.ordered ? [new TextRun(`${Number(l.start || 1) + i}. `)] : [];
          out.push(new Paragraph({
            ...(l.ordered ? { indent: { left: 360 * (depth + 1) } } : { bullet: { level: depth } }),
            spacing: { after: 80 },
            children: [...prefix, ...inline.flatMap(x => runs((x as Tokens.Text).tokens ?? [x]))],
          }));
          out.push(...blocks(item.tokens.filter(x => x.type === 'list'), depth + 1));
        });
        break;
      }
      case 'table': {
        // The paragraph after a table keeps it with what follows only inside its block: a table that
        // ends its block (one party's signatures among many) lets the next block start a page.
        const next = tokens.slice(i + 1).find(x => x.type !== 'space');
        const ends = next?.type === 'html' && /^<\/div>/.test((next as Tokens.HTML).text.trim());
        out.push(table(t as Tokens.Table, inside('signoff'), inside('approval')), new Paragraph({ keepNext: inside('approval') && !ends, text: '' }));
        break;
      }
      case 'blockquote':
        // Paragraphs, and list items as bulleted lines (a draft's contradictions), in the quote's box.
        for (const children of (t as Tokens.Blockquote).tokens.flatMap(x => (x.type === 'paragraph' ? [runs((x as Tokens.Paragraph).tokens)]
          : x.type === 'list' ? (x as Tokens.List).items.map(item => [new TextRun('•  '), ...item.tokens.flatMap(y => runs((y as Tokens.Text).tokens ?? [y]))]) : []))) {
          out.push(new Paragraph({
            indent: { left: 400 }, spacing: { after: 120 },
            border: { left: { style: BorderStyle.SINGLE, size: 18, color: '005EB8', space: 8 } },
            shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F0F4F5' },
            children,
          }));
        }
        break;
      case 'html':
      {
        const html = (t as Tokens.HTML).text;
        const fig = FIGURE.exec(html.trim());
        if (fig && figures.has(fig[1])) { out.push(...figures.get(fig[1])!(JSON.parse(fig[2]))); break; }
        if (/class="page-break"/.test(html)) breakNext = true;
        else if (/class="([a-z-]+)"/.test(html)) open.push(/class="([a-z-]+)"/.exec(html)![1]);
        else if (/<\/div>/.test(html)) open.pop();
        break;
      }
      case 'hr': out.push(new Paragraph({ border: { bottom: border }, children: [] })); break;
      case 'code': out.push(new Paragraph({ children: [run(decodeEntities((t as Tokens.Code).text), { code: true })] })); break;
      default: break;
    }
  }
  return out;
}

/** A .docx of one Markdown document, A4 with a running header and page numbers. */
export async function docxBuffer(markdown: string, title: string, docKind: string): Promise<Buffer> {
  const header = oneLine(`${docKind}: ${title}`);
  const small = (text: string) => new TextRun({ text, size: 16, color: '425563' });
  const doc = new Document({
    title: header,
    creator: 'igcheck',
    description: docKind,
    styles: {
      default: { document: { run: { font: FONT, size: 21 } } },
      paragraphStyles: [
        { id: 'Heading1', name: 'Heading 1', basedOn: 'Normal', next: 'Normal', run: { size: 36, bold: true, color: '003087' }, paragraph: { spacing: { before: 0, after: 200 } } },
        { id: 'Heading2', name: 'Heading 2', basedOn: 'Normal', next: 'Normal', run: { size: 28, bold: true, color: '003087' }, paragraph: { spacing: { before: 320, after: 120 } } },
        { id: 'Heading3', name: 'Heading 3', basedOn: 'Normal', next: 'Normal', run: { size: 24, bold: true }, paragraph: { spacing: { before: 240, after: 100 } } },
      ],
    },
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1250, bottom: 1134, left: 1020, right: 1020 } } },
      headers: { default: new Header({ children: [new Paragraph({ children: [small(header.length > 110 ? `${header.slice(0, 107)}...` : header)] })] }) },
      footers: {
        default: new Footer({
          children: [new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [small('Draft: not approved until signed. Page '), new TextRun({ children: [PageNumber.CURRENT], size: 16, color: '425563' }), small(' of '), new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16, color: '425563' })],
          })],
        }),
      },
      children: blocks(lex(markdown)),
    }],
  });
  return Packer.toBuffer(doc);
}
