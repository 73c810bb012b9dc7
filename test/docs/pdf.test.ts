// The PDF is the same document as the HTML: its text (pdftotext) holds the HTML's headings in order,
// every page has the running header and "Page N of M", and it is tagged for accessibility.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe.skipIf(!hasPdftotext)('PDF text beyond Latin-1', () => {
  it('names with any accent, Greek, Cyrillic, curly quotes and dashes print as written, in an embedded font', async () => {
    const base = scenarioAnswers('11-police-serious-crime-decision-approved.yaml') as Record<string, unknown>;
    const written = ['Zoë Łukasiewicz', 'Ştefan Ionescu', 'Αλέξανδρος Παπαδόπουλος', 'Дмитрий Иванов', '‘single’ “double”', 'em — en –', 'Đorđe Čović'];
    const answers = { ...base, title: 'Request about Zoë Łukasiewicz — “urgent”', description: `Names: ${written.join('; ')}. Also 漢字.`,
      request: { by: 'DS Ştefan Ionescu – Major Crime Team', power: 'A request under DPA 2018 Sch 2 para 2' } };
    const a = await assessed(answers);
    const files = await renderOutputs({ ...a, opts: {} }, ['pdf'], '0'.repeat(64));
    const pdf = files.get('disclosure-decision-record.pdf')!;
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const w of written) expect(text, w).toContain(w);
    expect(text).toContain('DS Ştefan Ionescu – Major Crime Team');
    // The running header too.
    expect(text).toContain('Disclosure decision record: Request about Zoë Łukasiewicz — “urgent”');
    // A character the font lacks is shown, as "?", not dropped.
    expect(text).toContain('Also ??.');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });
});

/** The words of each page with their boxes (pdftotext -bbox), without the running header and footer. */
function pageWords(pdf: Buffer): { text: string; top: number; bottom: number }[][] {
  const f = join(mkdtempSync(join(tmpdir(), 'igcheck-pdf-')), 'x.pdf');
  writeFileSync(f, pdf);
  const xml = execFileSync('pdftotext', ['-bbox', f, '-'], { encoding: 'utf8' });
  return xml.split('<page ').slice(1).map(p => [...p.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map(m => ({ top: Number(m[1]), bottom: Number(m[2]), text: m[3] })).filter(w => w.top > 50 && w.bottom < 790));
}

describe.skipIf(!hasPdftotext)('the approval section', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['01-discharge-summary-trust-to-gp.yaml', 'Approval', {}],
    ['11-police-serious-crime-decision-approved.yaml', 'Decision', {}],
    ['12-police-minor-offence.yaml', 'Decision', { request: { by: 'PC Sam Patel', power: 'A request citing DPA 2018 Sch 2 para 2' } }],
  ];
  for (const [file, heading, extra] of cases) {
    it(`${file.slice(0, 2)}: starts a new page only when it would not fit on the one before`, async () => {
      const a = await assessed({ ...scenarioAnswers(file), ...extra });
      const files = await renderOutputs({ ...a, opts: {} }, ['pdf'], '0'.repeat(64));
      const pdf = [...files].find(([n]) => n.endsWith('.pdf') && !n.startsWith('rationale') && !n.startsWith('dpia'))![1];
      const pages = pageWords(pdf);
      const at = pages.findIndex(ws => ws.some((w, i) => w.text === heading && /^\d+\.$/.test(ws[i - 1]?.text ?? '')));
      expect(at, `the "${heading}" heading`).toBeGreaterThan(0);
      const own = pages[at];
      const start = own.find((w, i) => w.text === heading && /^\d+\.$/.test(own[i - 1]?.text ?? ''))!;
      // Starting the page (nothing of the section before it above), the section must not have fitted
      // in the room left on the page before (its last row of signature boxes is blank: 30 points).
      if (own.every(w => w.top >= start.top - 1)) {
        const height = Math.max(...own.map(w => w.bottom)) + 30 - start.top;
        const room = 782 - Math.max(...pages[at - 1].map(w => w.bottom));
        expect(room, 'room left before the approval section').toBeLessThan(height);
      }
    });
  }
});

describe.skipIf(!hasPdftotext)('page breaks', () => {
  it('a line introducing a table or list never ends a page', async () => {
    for (const file of ['01-discharge-summary-trust-to-gp.yaml', '12-police-minor-offence.yaml', '13-planning-identifiable-without-s251.yaml']) {
      const a = await assessed(scenarioAnswers(file));
      const files = await renderOutputs({ ...a, opts: {} }, ['pdf'], '0'.repeat(64));
      for (const [name, pdf] of files) {
        if (!name.endsWith('.pdf')) continue;
        const pages = pageWords(pdf);
        pages.slice(0, -1).forEach((ws, p) => {
          const last = ws.reduce((a, w) => (w.bottom > a.bottom + 1 || (Math.abs(w.bottom - a.bottom) <= 1) ? w : a), ws[0]);
          expect(last.text, `${file} ${name} page ${p + 1} ends with "${last.text}"`).not.toMatch(/:$/);
        });
      }
    }
  }, 60_000);
});
