// The 5x5 risk maps drawn on a PDF page with pdfkit's own primitives (vector, so they print
// sharply): the same picture as the SVG, for the PDF rendering of the DPIA.
import { BAND_FILL, type RiskMapData } from './riskmap.js';
import { band, type Band } from './scale.js';

/** The few pdfkit calls used, so this module needs pdfkit only at run time, through the document given. */
export interface PdfCanvas {
  rect(x: number, y: number, w: number, h: number): PdfCanvas;
  fill(colour?: string): PdfCanvas;
  fillColor(colour: string): PdfCanvas;
  font(name: string): PdfCanvas;
  fontSize(size: number): PdfCanvas;
  text(text: string, x?: number, y?: number, options?: Record<string, unknown>): PdfCanvas;
  save(): PdfCanvas;
  restore(): PdfCanvas;
  rotate(angle: number, options?: { origin?: [number, number] }): PdfCanvas;
}

const TEXT: Record<Band, string> = { low: '#1b1b1b', moderate: '#1b1b1b', high: '#1b1b1b', extreme: '#ffffff' };

/** The height the maps take at this width. */
export const riskMapPdfHeight = (width: number) => Math.min(26, (width - 150) / 10) * 5 + 56;

/** Draw both maps and the legend at (x, y) within `width`; returns the height used. */
export function drawRiskMapPdf(doc: PdfCanvas, d: RiskMapData, x: number, y: number, width: number): number {
  const cell = Math.min(26, (width - 150) / 10);
  const labelW = 62;
  const grid = cell * 5;
  const gap = width - labelW * 2 - grid * 2;
  const top = y + 14;
  const draw = (x0: number, title: string, points: RiskMapData['inherent']) => {
    doc.font('Sans-Bold').fontSize(8).fillColor('#1b1b1b').text(title, x0 - labelW, y, { width: grid + labelW, align: 'center', lineBreak: false });
    for (let l = 5; l >= 1; l--) {
      doc.font('Sans').fontSize(6).fillColor('#1b1b1b').text(d.likelihood[l - 1], x0 - labelW, top + (5 - l) * cell + cell / 2 - 3, { width: labelW - 4, align: 'right', lineBreak: false });
      for (let i = 1; i <= 5; i++) {
        const b = band(l * i);
        const cx = x0 + (i - 1) * cell; const cy = top + (5 - l) * cell;
        doc.rect(cx + 0.5, cy + 0.5, cell - 1, cell - 1).fill(BAND_FILL[b]);
        const refs = points.filter(p => p.likelihood === l && p.impact === i).map(p => p.ref);
        doc.font(refs.length ? 'Sans-Bold' : 'Sans').fontSize(refs.length ? 6.5 : 5.5).fillColor(TEXT[b])
          .text(refs.length ? (refs.length > 3 ? `${refs.slice(0, 2).join(' ')} +${refs.length - 2}` : refs.join(' ')) : String(l * i), cx, cy + cell / 2 - 3, { width: cell, align: 'center', lineBreak: false });
      }
    }
    for (let i = 1; i <= 5; i++) {
      doc.font('Sans').fontSize(5.5).fillColor('#1b1b1b').text(d.impact[i - 1], x0 + (i - 1) * cell - 4, top + grid + 3, { width: cell + 8, align: 'center', lineBreak: false });
    }
    doc.font('Sans-Bold').fontSize(7).text(d.titles.impact, x0, top + grid + 13, { width: grid, align: 'center', lineBreak: false });
  };
  // The likelihood axis's title, turned up the left edge (as in the SVG).
  doc.save().rotate(-90, { origin: [x + 6, top + grid / 2] });
  doc.font('Sans-Bold').fontSize(7).fillColor('#1b1b1b').text(d.titles.likelihood, x + 6 - grid / 2, top + grid / 2 - 3, { width: grid, align: 'center', lineBreak: false });
  doc.restore();
  draw(x + labelW, d.titles.inherent, d.inherent);
  draw(x + labelW * 2 + grid + gap, d.titles.residual, d.residual);
  const ly = top + grid + 28;
  (['low', 'moderate', 'high', 'extreme'] as Band[]).forEach((b, k) => {
    const lx = x + k * (width / 4);
    doc.rect(lx, ly, 8, 8).fill(BAND_FILL[b]);
    doc.font('Sans').fontSize(7).fillColor('#1b1b1b').text(d.bands[b], lx + 12, ly + 1, { width: width / 4 - 14, lineBreak: false });
  });
  return ly + 14 - y;
}
