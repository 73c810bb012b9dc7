// An answers file full of HTML, Markdown and DOCX-breaking text leaves every format's structure intact.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { Token } from 'marked';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, sanitize } from '../../src/docs/escape.js';
import { cssString } from '../../src/docs/html.js';
import { lex } from '../../src/docs/markdown.js';
import { writeOutputs } from '../../src/docs/write.js';
import { verifyDir } from '../../src/sign/verify.js';
import { assessed, mapStrings, scenarioAnswers, tmp } from './helpers.js';

const EVIL = '</script><script>alert(1)</script> [click](javascript:alert(1)) ![i](x) | a | b |\n# Heading\n\n- item\n1. one\n{{title}} **bold** _em_ `code` <img src=x onerror=alert(1)> &amp; &lt; ]]> <w:p><w:r> \u0001\u000b\uFFFF \\ ~~del~~ www.evil.example https://evil.example <!-- c -->\n---\n';
const EVIL_EMAIL = '<b>|[x](javascript:y)@evil.example';
const FREE_TEXT = /^(title|description|discloser\.name|recipient\.name|controls\.retention|gateway\.legal_requirement_ref)$|\.(name|justification)$/;

function variant(base: Record<string, unknown>, text: string, email: string) {
  const a = mapStrings(base, (s, path) => (path.endsWith('.email') ? email : FREE_TEXT.test(path.replace(/\[\d+\]/g, '')) ? text : s)) as Record<string, unknown>;
  (a as { gateway: Record<string, unknown> }).gateway.legal_requirement_ref = text;
  return a;
}

/** Block structure of Markdown: token types, table shapes and list lengths, recursively for lists. */
function shape(tokens: Token[]): unknown[] {
  return tokens.filter(t => t.type !== 'space').map(t => {
    if (t.type === 'table') return ['table', (t as { header: unknown[] }).header.length, (t as { rows: unknown[] }).rows.length];
    if (t.type === 'list') return ['list', (t as { items: { tokens: Token[] }[] }).items.map(i => shape(i.tokens))];
    if (t.type === 'html') return ['html', t.raw.trim()];
    return t.type;
  });
}
function inlineTypes(tokens: Token[], out = new Set<string>()): Set<string> {
  for (const t of tokens) {
    out.add(t.type);
    const anyT = t as unknown as { tokens?: Token[]; items?: { tokens: Token[] }[]; header?: { tokens: Token[] }[]; rows?: { tokens: Token[] }[][] };
    if (anyT.tokens) inlineTypes(anyT.tokens, out);
    anyT.items?.forEach(i => inlineTypes(i.tokens, out));
    anyT.header?.forEach(c => inlineTypes(c.tokens, out));
    anyT.rows?.forEach(r => r.forEach(c => inlineTypes(c.tokens, out)));
  }
  return out;
}
const tagCounts = (html: string) => {
  const m = new Map<string, number>();
  for (const [, tag] of html.matchAll(/<\/?([a-zA-Z][\w:-]*)/g)) m.set(tag, (m.get(tag) ?? 0) + 1);
  return Object.fromEntries([...m].sort());
};
const docxXml = (p: string) => strFromU8(unzipSync(readFileSync(p))['word/document.xml']);
const docxShape = (xml: string) => ({
  p: (xml.match(/<w:p[ >]/g) ?? []).length, tbl: (xml.match(/<w:tbl>/g) ?? []).length, tr: (xml.match(/<w:tr[ >]/g) ?? []).length,
  tc: (xml.match(/<w:tc>/g) ?? []).length, headings: (xml.match(/w:val="Heading\d"/g) ?? []).length, breaks: (xml.match(/<w:pageBreakBefore/g) ?? []).length,
});

let benign: string;
let evil: string;
let benignRoutine: string;
let evilRoutine: string;
beforeAll(async () => {
  process.env.IGCHECK_CONFIG_DIR = join(tmp(), 'config');
  const base = scenarioAnswers('26-marac-referral-criminal-offence-data.yaml');
  (base as { discloser: Record<string, unknown> }).discloser.contacts = { dpo: { name: 'x', email: 'x@y.example' }, siro: { name: 'x', email: 'x@y.example' } };
  // The answers the decision record alone shows, so hostile text reaches them too.
  Object.assign(base, { request: { by: 'DS Jones', power: 'Children Act 1989 s47', date: '2026-11-01' }, disclosure: { withheld: 'Older records' } });
  (base as { individual: Record<string, unknown> }).individual = { ...(base as { individual: Record<string, unknown> }).individual, informed: false, not_told_reason: 'risk to the child' };
  const cwd = tmp();
  for (const [name, text, email] of [['benign', 'Plain words\n\nin two paragraphs', 'plain@example.org'], ['evil', EVIL, EVIL_EMAIL]] as const) {
    const a = await assessed(variant(base, text, email));
    const r = await writeOutputs({ ...a, opts: { out: name, signer: EVIL, role: EVIL }, cwd, quiet: true });
    // The same answers as a routine flow, for the agreement.
    const routine = await assessed(variant({ ...base, sharing: { ...(base as { sharing: object }).sharing, frequency: 'routine' } }, text, email));
    const r2 = await writeOutputs({ ...routine, opts: { out: `${name}-routine`, signer: EVIL, role: EVIL }, cwd, quiet: true });
    if (name === 'benign') { benign = r.dir; benignRoutine = r2.dir; } else { evil = r.dir; evilRoutine = r2.dir; }
  }
  // Four signed sets in every format (with the DPIA's PDF): slow on a loaded machine.
}, 60_000);

describe('adversarial answers', () => {
  for (const doc of ['data-sharing-agreement', 'disclosure-decision-record', 'rationale-report']) {
    // The agreement comes from the same answers as a routine flow.
    const b_ = () => (doc === 'data-sharing-agreement' ? benignRoutine : benign);
    const e_ = () => (doc === 'data-sharing-agreement' ? evilRoutine : evil);
    it(`${doc}.md: same block structure, no links or raw HTML from answers`, () => {
      const b = lex(readFileSync(join(b_(), `${doc}.md`), 'utf8'));
      const e = lex(readFileSync(join(e_(), `${doc}.md`), 'utf8'));
      expect(shape(e)).toEqual(shape(b));
      const types = inlineTypes(e);
      expect(types.has('link')).toBe(false);
      expect(types.has('image')).toBe(false);
      expect(types.has('del')).toBe(false);
      expect([...types].filter(t => t === 'html').length).toBe(inlineTypes(b).has('html') ? 1 : 0);
      expect(readFileSync(join(e_(), `${doc}.md`), 'utf8')).toContain('\\{\\{title\\}\\}');
    });
    it(`${doc}.html: same elements, no script, no links, escaped text`, () => {
      const b = readFileSync(join(b_(), `${doc}.html`), 'utf8');
      const e = readFileSync(join(e_(), `${doc}.html`), 'utf8');
      expect(tagCounts(e)).toEqual(tagCounts(b));
      expect(e.match(/<script|<img|<a[\s>]|\shref=|<[^>]*\son\w+=|<!-- c/i)?.[0] ?? 'clean').toBe('clean');
      expect(e).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(e).toMatch(/<html lang="en-GB">/);
      expect(e).toMatch(/<th scope="col"/);
    });
    it(`${doc}.docx: same paragraphs, tables and headings; text escaped; no forbidden XML characters`, () => {
      const b = docxXml(join(b_(), `${doc}.docx`));
      const e = docxXml(join(e_(), `${doc}.docx`));
      expect(docxShape(e)).toEqual(docxShape(b));
      const text = [...e.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map(m => m[1]).join('');
      expect(text).toContain('&lt;w:p&gt;&lt;w:r&gt;');
      expect(e).not.toMatch(/[\u0001\u000b\uFFFF]/);
      expect(e).not.toContain('<w:hyperlink');
    });
  }
  it('answers.yaml round-trips and the set verifies', () => {
    const y = parse(readFileSync(join(evil, 'answers.yaml'), 'utf8')) as { title: string };
    expect(y.title).toBe(EVIL);
    expect(verifyDir(evil).ok).toBe(true);
    const m = JSON.parse(readFileSync(join(evil, 'manifest.json'), 'utf8'));
    expect(m.signer.name).toBe(EVIL.trim());
  });
});

describe('escaping functions', () => {
  it('Markdown: nothing opens structure', () => {
    expect(escapeMarkdown('# a\n- b')).toBe('\\# a - b');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('12. x')).toBe('12\\. x');
    expect(escapeMarkdown('1.5 mg')).toBe('1.5 mg');
    expect(escapeMarkdown('[a](javascript:b)')).toBe('\\[a\\](javascript:b)');
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(lex(`| h |\n| --- |\n| ${escapeMarkdown('x | y')} |`)[0]).toMatchObject({ type: 'table', header: [{}] });
  });
  it('HTML and CSS: no way out of text or a CSS string', () => {
    expect(escapeHtml('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    const inner = cssString('</style><script>"\\').slice(1, -1);
    expect(inner).not.toMatch(/[<>"]|\\(?![0-9a-f]+ )/);
    expect(cssString('a"b')).toBe('"a\\22 b"');
  });
  it('sanitize drops characters XML forbids, keeps newlines and emoji', () => {
    expect(sanitize('a\u0000b\u0008c\nd\t\uFFFE😀\uD800')).toBe('abc\nd\t😀');
  });
});
