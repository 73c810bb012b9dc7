// The DPIA in every format: the one Markdown document, with the risk map drawn as each format
// draws pictures (an SVG file beside the Markdown, inline SVG in HTML, a shaded grid in Word), and
// the action plan as CSV.
import type { DocContext } from '../docs/context.js';
import { escapeHtml } from '../docs/escape.js';
import { actionPlanCsv, buildDpia, dpiaAnswers, loadDpiaText, RISK_MAP_MARK, riskMapData } from './document.js';
import { riskMapSvg } from './riskmap.js';

export const DPIA_BASE = 'dpia';
export const RISK_MAP_FILE = 'dpia-risk-map.svg';
export const ACTIONS_FILE = 'dpia-actions.csv';
export const DPIA_KIND = 'Data protection impact assessment';

/** The DPIA files for these formats (md, html, docx; the risk map and the action plan come with any of them). */
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
    // JSON inside an HTML comment: no "--" or ">" can end the comment early.
    const json = JSON.stringify(map).replace(/-/g, '\\u002d').replace(/>/g, '\\u003e');
    files.set(`${DPIA_BASE}.docx`, await docxBuffer(markdown.replace(RISK_MAP_MARK, `<!-- figure:risk-map ${json} -->`), title, DPIA_KIND));
  }
  if (files.size) files.set(ACTIONS_FILE, Buffer.from(actionPlanCsv(c.decision, dpiaAnswers(c))));
  return files;
}
