// Board documents speak in sentences: no fact paths, rule identifiers, "needed:" traces or drafting
// notes in any document of any scenario, in any format.
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { renderOutputs } from '../../src/docs/write.js';
import { assessed, scenarioAnswers, scenarioFiles } from './helpers.js';

import { hasPdftotext } from './pdf-text.js';

// The PDF's text is read with pdftotext where it is installed.
const DOC_FORMATS = hasPdftotext ? ['md', 'html', 'docx', 'pdf'] as const : ['md', 'html', 'docx'] as const;

/** The text a reader sees in a rendered file. */
async function textOf(name: string, bytes: Buffer): Promise<string> {
  if (name.endsWith('.docx')) return strFromU8(unzipSync(bytes)['word/document.xml']).replace(/<w:tab\/>/g, ' ').replace(/<[^>]+>/g, '');
  if (name.endsWith('.html')) return bytes.toString('utf8').replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
  if (name.endsWith('.pdf')) {
    const { pdfText } = await import('./pdf-text.js');
    return pdfText(bytes);
  }
  return bytes.toString('utf8');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('board documents speak in sentences', async () => {
  const { pack } = await assessed(scenarioAnswers(scenarioFiles()[0]));
  const factPaths = pack.facts.map(f => f.id).filter(id => id.includes('.'));
  const ruleIds = [...pack.bases, ...pack.conditions, ...pack.routes].map(r => r.id).filter(id => id.includes('-'));
  const forbidden = [
    { what: 'a fact path', re: new RegExp(`(?<![\\w.-])(${factPaths.map(escapeRe).join('|')})(?![\\w-])`) },
    { what: 'a rule identifier', re: new RegExp(`(?<![\\w-])(${ruleIds.map(escapeRe).join('|')})(?![\\w-])`) },
    { what: 'an engine trace', re: /needed:|not met: [a-z_]+\.[a-z_]+|\bis not one of\b/ },
    { what: 'a drafting note', re: /\bin the DSA\b|\bTODO\b|\bFIXME\b|\[insert|drafting note|Name the function/i },
  ];
  for (const file of scenarioFiles()) {
    it(`${file}: every document in every format`, async () => {
      const a = await assessed(scenarioAnswers(file));
      const files = await renderOutputs({ ...a, opts: {} }, [...DOC_FORMATS], '0'.repeat(64));
      const docs = [...files].filter(([n]) => !/^(decision\.json|answers\.yaml)$/.test(n));
      expect(docs.length).toBe(DOC_FORMATS.length * 2);
      for (const [name, bytes] of docs) {
        const text = await textOf(name, bytes);
        for (const f of forbidden) expect(f.re.exec(text)?.[0], `${name} contains ${f.what}`).toBeUndefined();
      }
    });
  }
});
