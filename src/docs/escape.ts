// Escaping what a user typed for the format it lands in, so an answer can never change a document's structure.

/** Characters XML 1.0 forbids (a .docx with them will not open) and other invisible controls. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Remove control characters and lone surrogates; keep newlines and tabs. */
export function sanitize(s: string): string {
  return s.replace(FORBIDDEN, '');
}

/** One line of user text: whitespace, including newlines, collapsed to single spaces. */
export function oneLine(s: string): string {
  return sanitize(s).replace(/\s+/g, ' ').trim();
}

/**
 * Escape user text for inline Markdown (a paragraph, list item, heading or table cell).
 * Newlines collapse to spaces (so a line can never start a heading, list or table row), and every
 * character that can open inline structure is backslash-escaped: CommonMark lets any ASCII
 * punctuation be escaped, and `\<` renders as `&lt;`, so raw HTML cannot get through either.
 */
export function escapeMarkdown(s: string, trim = true): string {
  let out = (trim ? oneLine(s) : sanitize(s).replace(/\s+/g, ' ')).replace(/[\\`*[\]<>|&~!#^{}$]/g, c => `\\${c}`)
    // An underscore inside a word (`gp_practice`) cannot emphasise in CommonMark; only escape the others.
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
  // Block markers only count at the start of a line: a leading -, +, =, or "1." / "1)".
  out = out.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
  // Links cannot form (brackets are escaped); plain-text autolinks are switched off in markdown.ts.
  return out;
}

/** Paragraphs of user text, split on blank lines, each escaped; for descriptions. */
export function escapeMarkdownParagraphs(s: string): string {
  return sanitize(s).split(/\n\s*\n/).map(p => escapeMarkdown(p)).filter(Boolean).join('\n\n');
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return sanitize(s).replace(/[&<>"']/g, c => HTML[c]);
}

/** Decode the few entities marked leaves in token text, for formats that are not HTML. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|#39|apos|nbsp);/gi, (_m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos' || k === '#39') return "'";
    if (k === 'nbsp') return '\u00A0';
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return code > 0 && code < 0x110000 ? sanitize(String.fromCodePoint(code)) : '';
  });
}

/** A file-name-safe slug: lower case letters, digits and hyphens. */
export function slug(s: string, max = 60): string {
  const full = oneLine(s).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (full.length <= max) return full;
  // Cut at a word boundary where there is one, so a name never ends in half a word.
  const cut = full.slice(0, max + 1);
  const at = cut.lastIndexOf('-');
  return (at > max / 2 ? cut.slice(0, at) : full.slice(0, max)).replace(/-+$/, '');
}
