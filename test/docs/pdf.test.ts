// The PDF is the same document as the HTML: its text (pdftotext) holds the HTML's headings in order,
// every page has the running header and "Page N of M", and it is tagged for accessibility.
import { describe, expect, it } from 'vitest';
import { renderOutputs } from '../../src/docs/write.js';
import { assessed, scenarioAnswers } from './helpers.js';
import { hasPdftotext, pdfText } from './pdf-text.js';

const headings = (html: string) => [...html.matchAll(/<h([1-3])>([\s\S]*?)<\/h\1>/g)]
  .map(m => m[2].replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&#39;/g, '\'').replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim());
const squash = (s: string) => s.replace(/[\s-]+/g, '');

describe.skipIf(!hasPdftotext)('PDF', () => {
  for (const file of ['01-discharge-summary-trust-to-gp.yaml', '11-police-serious-crime-decision-approved.yaml', '21-private-clinic-legitimate-interests-marketing.yaml']) {
    it(`${file}: pdftotext shows the HTML's headings in order, with header and page numbers`, async () => {
      const a = await assessed(scenarioAnswers(file));
      const files = await renderOutputs({ ...a, opts: {} }, ['html', 'pdf'], '0'.repeat(64));
      const bases = [...files.keys()].filter(n => n.endsWith('.pdf')).map(n => n.replace(/\.pdf$/, ''));
      // The document and the rationale report, and the DPIA when the screening calls for one.
      const dpia = a.decision.dpia?.outcome === 'required' || a.decision.dpia?.outcome === 'likely';
      expect(bases).toHaveLength(dpia ? 3 : 2);
      for (const base of bases) {
        const pdf = files.get(`${base}.pdf`)!;
        const text = pdfText(pdf);
        const pages = text.split('\f').filter(p => p.trim());
        // Headings in the same order (compared without spaces and hyphens, which line wrapping moves).
        let at = 0;
        const flat = squash(text);
        for (const h of headings(files.get(`${base}.html`)!.toString('utf8'))) {
          const i = flat.indexOf(squash(h), at);
          expect(i, `${base}: heading "${h}"`).toBeGreaterThanOrEqual(0);
          at = i;
        }
        pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
        expect(pages.every(p => p.includes(base === 'rationale-report' ? 'Rationale report:' : ':'))).toBe(true);
        const raw = pdf.toString('latin1');
        expect(raw).toMatch(/\/StructTreeRoot/);
        expect(raw).toMatch(/\/MarkInfo/);
        expect(raw).toMatch(/\/Lang \(en-GB\)/);
        expect(raw).toMatch(/\/S \/H1/);
        expect(raw).toMatch(/\/S \/Table/);
      }
    });
  }
});
