// The 5x5 risk map as a picture: an SVG (HTML, and a file beside the Markdown) and a shaded grid
// for Word. Two maps side by side: before the measures (inherent) and after them (residual); each
// risk is placed by its reference (R1, R2 ...) in the cell of its likelihood and impact.
import { AlignmentType, BorderStyle, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType } from 'docx';
import { escapeHtml } from '../docs/escape.js';
import { band, type Band } from './scale.js';

export interface MapPoint { ref: string; likelihood: number; impact: number }
export interface RiskMapData {
  inherent: MapPoint[];
  residual: MapPoint[];
  likelihood: string[];
  impact: string[];
  titles: { inherent: string; residual: string; likelihood: string; impact: string };
  bands: Record<Band, string>;
}

export const BAND_FILL: Record<Band, string> = { low: '#78be20', moderate: '#ffeb3b', high: '#ed8b00', extreme: '#d5281b' };
const BAND_TEXT: Record<Band, string> = { low: '#1b1b1b', moderate: '#1b1b1b', high: '#1b1b1b', extreme: '#ffffff' };

const refsAt = (points: MapPoint[], l: number, i: number) => points.filter(p => p.likelihood === l && p.impact === i).map(p => p.ref);

/** One SVG with both maps and a legend; text is escaped, sizes fixed so it prints the same everywhere. */
export function riskMapSvg(d: RiskMapData): string {
  const cell = 58; const left = 118; const top = 40; const gap = 70;
  const grid = 5 * cell;
  const width = left + grid * 2 + gap + 20;
  const height = top + grid + 96;
  const parts: string[] = [];
  const text = (x: number, y: number, s: string, attrs = '') => `<text x="${x}" y="${y}" ${attrs}>${escapeHtml(s)}</text>`;
  const drawGrid = (x0: number, title: string, points: MapPoint[]) => {
    parts.push(text(x0 + grid / 2, top - 14, title, 'text-anchor="middle" font-size="14" font-weight="bold"'));
    for (let l = 5; l >= 1; l--) {
      for (let i = 1; i <= 5; i++) {
        const x = x0 + (i - 1) * cell; const y = top + (5 - l) * cell;
        const b = band(l * i);
        parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${BAND_FILL[b]}" stroke="#ffffff" stroke-width="2"/>`);
        parts.push(text(x + 5, y + 13, String(l * i), `font-size="9" fill="${BAND_TEXT[b]}" opacity="0.8"`));
        const refs = refsAt(points, l, i);
        refs.forEach((r, k) => {
          if (k > 3) return;
          const label = k === 3 && refs.length > 4 ? `+${refs.length - 3}` : r;
          parts.push(text(x + cell / 2, y + 24 + k * 11, label, `text-anchor="middle" font-size="10" font-weight="bold" fill="${BAND_TEXT[b]}"`));
        });
      }
    }
    for (let i = 1; i <= 5; i++) parts.push(text(x0 + (i - 0.5) * cell, top + grid + 14, d.impact[i - 1], 'text-anchor="middle" font-size="9"'));
    parts.push(text(x0 + grid / 2, top + grid + 32, d.titles.impact, 'text-anchor="middle" font-size="11" font-weight="bold"'));
  };
  for (let l = 5; l >= 1; l--) parts.push(text(left - 6, top + (5 - l + 0.5) * cell + 4, d.likelihood[l - 1], 'text-anchor="end" font-size="9"'));
  parts.push(text(14, top + grid / 2, d.titles.likelihood, `text-anchor="middle" font-size="11" font-weight="bold" transform="rotate(-90 14 ${top + grid / 2})"`));
  drawGrid(left, d.titles.inherent, d.inherent);
  drawGrid(left + grid + gap, d.titles.residual, d.residual);
  const bands: Band[] = ['low', 'moderate', 'high', 'extreme'];
  const ly = top + grid + 56;
  bands.forEach((b, k) => {
    const x = left + k * 150;
    parts.push(`<rect x="${x}" y="${ly}" width="14" height="14" fill="${BAND_FILL[b]}"/>`);
    parts.push(text(x + 20, ly + 11, d.bands[b], 'font-size="10"'));
  });
  const label = `${d.titles.inherent} and ${d.titles.residual}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}" font-family="Arial, 'Liberation Sans', sans-serif" fill="#1b1b1b">\n<title>${escapeHtml(label)}</title>\n${parts.join('\n')}\n</svg>\n`;
}

const hex = (c: string) => c.replace('#', '').toUpperCase();
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const white = { style: BorderStyle.SINGLE, size: 12, color: 'FFFFFF' };

/** The maps as shaded Word tables (a grid Word draws itself: it prints and converts to PDF as it is). */
export function riskMapDocx(d: RiskMapData): (Paragraph | Table)[] {
  const small = (s: string, opts: { bold?: boolean; color?: string; size?: number } = {}) => new TextRun({ text: s, size: opts.size ?? 16, bold: opts.bold, color: opts.color });
  const one = (title: string, points: MapPoint[]) => [
    new Paragraph({ keepNext: true, spacing: { before: 120, after: 60 }, children: [small(title, { bold: true, size: 20 })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: [2000, ...Array(5).fill(1500)],
      rows: [
        ...[5, 4, 3, 2, 1].map(l => new TableRow({
          cantSplit: true,
          height: { value: 560, rule: 'atLeast' as never },
          children: [
            new TableCell({ borders: { top: none, bottom: none, left: none, right: none }, verticalAlign: VerticalAlign.CENTER, children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [small(`${d.likelihood[l - 1]} (${l})`)] })] }),
            ...[1, 2, 3, 4, 5].map(i => {
              const b = band(l * i);
              const refs = refsAt(points, l, i);
              return new TableCell({
                borders: { top: white, bottom: white, left: white, right: white },
                shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex(BAND_FILL[b]) },
                verticalAlign: VerticalAlign.CENTER,
                children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [small(refs.length ? refs.join(' ') : String(l * i), { bold: refs.length > 0, color: hex(refs.length ? BAND_TEXT[b] : BAND_TEXT[b]), size: refs.length ? 18 : 14 })] })],
              });
            }),
          ],
        })),
        new TableRow({ children: [
          new TableCell({ borders: { top: none, bottom: none, left: none, right: none }, children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [small(`${d.titles.likelihood} / ${d.titles.impact}`, { bold: true })] })] }),
          ...d.impact.map((s, i) => new TableCell({ borders: { top: none, bottom: none, left: none, right: none }, children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [small(`${s} (${i + 1})`)] })] })),
        ] }),
      ],
    }),
  ];
  const legend = new Paragraph({
    spacing: { before: 120, after: 200 },
    children: (['low', 'moderate', 'high', 'extreme'] as Band[]).flatMap(b => [
      new TextRun({ text: '\u25A0 ', color: hex(BAND_FILL[b]), size: 24 }), small(`${d.bands[b]}    `),
    ]),
  });
  return [...one(d.titles.inherent, d.inherent), ...one(d.titles.residual, d.residual), legend];
}
