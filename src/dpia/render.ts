// The DPIA in every format: the one Markdown document, with the risk map drawn as each format
// draws pictures (an SVG file beside the Markdown, inline SVG in HTML, a shaded grid in Word, vector shapes in PDF), and
// the action plan as CSV.
import type { DocContext } from '../docs/context.js';
import { escapeHtml } from '../docs/escape.js';
import { actionPlanCsv, buildDpia, dpiaAnswers, loadDpiaText, RISK_MAP_MARK, riskMapData } from './document.js';
import { riskMapSvg, type RiskMapData } from './riskmap.js';

export const DPIA_BASE = 'dpia';
export const RISK_MAP_FILE = 'dpia-risk-map.svg';
export const ACTIONS_FILE = 'dpia-actions.csv';
export const DPIA_KIND = 'Data protection impact assessment';

/** The DPIA files for these formats (md, html, docx, pdf; the risk map and the action plan come with any of them). */
export async function renderDpia(c: DocContext, formats: readonly string[], title: string): Promise<Map<string, Buffer>> {
  const t = loadDpiaText();
  const markdown = buildDpia(c, t);
  const map = riskMapData(t, c.decision.dpia!.risks);
  const svg = riskMapSvg(map);
  const caption = 'Risk map: each risk by its reference, before and after the measures.';
  const files = new Map<string, Buffer>();
  const hasMap = markdown.includes(RISK_MAP_MARK);
  if (formats.includes('md')) {
    files.set(`${DPIA_BASE}.md`, Buffer.from(markdown.replace(RISK_MAP_MARK, `![${caption}](${RISK_MAP_FILE})`)));
    if (hasMap) files.set(RISK_MAP_FILE, Buffer.from(svg));
  }
  if (formats.includes('html')) {
    const { htmlPage } = await import('../docs/html.js');
    const figure = `<figure class="risk-map" style="margin:1rem 0;break-inside:avoid;page-break-inside:avoid">\n${svg.replace(/\n/g, ' ').replace(/width="\d+" height="\d+"/, 'style="max-width:100%;height:auto"')}\n<figcaption style="font-size:9.5pt;color:#425563">${escapeHtml(caption)}</figcaption>\n</figure>`;
    files.set(`${DPIA_BASE}.html`, Buffer.from(htmlPage(markdown.replace(RISK_MAP_MARK, figure), title, DPIA_KIND)));
  }
  if (formats.includes('docx')) {
    const { docxBuffer, registerFigure } = await import('../docs/docx.js');
    const { riskMapDocx } = await import('./riskmap.js');
    registerFigure('risk-map', data => riskMapDocx(data as typeof map));
    files.set(`${DPIA_BASE}.docx`, await docxBuffer(markdown.replace(RISK_MAP_MARK, `${figureComment(map)}\n\n*${caption}*`), title, DPIA_KIND));
  }
  if (formats.includes('pdf')) {
    const { pdfBuffer, registerPdfFigure } = await import('../docs/pdf.js');
    const { drawRiskMapPdf, riskMapPdfHeight } = await import('./riskmap-pdf.js');
    registerPdfFigure('risk-map', {
      height: (_, width) => riskMapPdfHeight(width),
      alt: data => `${caption} ${riskMapAlt(data as RiskMapData)}`,
      draw: (doc, data, x, y, width) => { drawRiskMapPdf(doc as never, data as RiskMapData, x, y, width); },
    });
    files.set(`${DPIA_BASE}.pdf`, await pdfBuffer(markdown.replace(RISK_MAP_MARK, `${figureComment(map)}\n\n*${caption}*`), title, DPIA_KIND));
  }
  if (files.size) files.set(ACTIONS_FILE, Buffer.from(actionPlanCsv(c.decision, dpiaAnswers(c))));
  return files;
}

/** The map as a figure comment the Word and PDF writers draw; JSON inside an HTML comment: no "--" or ">" can end it early. */
function figureComment(map: RiskMapData): string {
  const json = JSON.stringify(map).replace(/-/g, '\\u002d').replace(/>/g, '\\u003e');
  return `<!-- figure:risk-map ${json} -->`;
}

/** The map in words, for a screen reader (the PDF figure's alternative text). */
export function riskMapAlt(d: RiskMapData): string {
  const at = (points: RiskMapData['inherent']) => points.map(p => `${p.ref} likelihood ${p.likelihood}, impact ${p.impact}`).join('; ') || 'none';
  return `${d.titles.inherent}: ${at(d.inherent)}. ${d.titles.residual}: ${at(d.residual)}.`;
}
