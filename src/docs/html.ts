// The self-contained HTML rendering: accessible markup and print-ready CSS (A4, page breaks, running header).
import { escapeHtml, oneLine } from './escape.js';
import { toHtml } from './markdown.js';

/** A CSS string literal that cannot end the string or the <style> element: every risky character as a hex escape. */
export function cssString(s: string): string {
  return `"${oneLine(s).replace(/[^A-Za-z0-9 .,:()'-]/g, ch => `\\${ch.codePointAt(0)!.toString(16)} `)}"`;
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, "Liberation Sans", sans-serif; font-size: 11pt; line-height: 1.45; color: #1b1b1b; max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 20pt; color: #003087; border-bottom: 3px solid #005eb8; padding-bottom: .3rem; margin-top: 0; }
h2 { font-size: 14pt; color: #003087; margin-top: 1.6rem; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; margin-top: 1.2rem; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; break-inside: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #768692; padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; hyphens: auto; }
th { background: #e8edee; }
blockquote { margin: .8rem 0; padding: .5rem 1rem; border-left: 4px solid #005eb8; background: #f0f4f5; }
code { font-family: Consolas, "Liberation Mono", monospace; font-size: 9.5pt; overflow-wrap: anywhere; }
.page-break { break-before: page; page-break-before: always; }
.approval { break-inside: avoid; page-break-inside: avoid; }
.signoff table { table-layout: fixed; }
.signoff th:nth-child(1) { width: 34%; } .signoff th:nth-child(2) { width: 26%; } .signoff th:nth-child(3) { width: 26%; }
.signoff td { height: 3.2rem; }
.signoff td:only-child { height: 7rem; }
.signoff h3 { margin-top: 1.6rem; }
.running { display: none; }
a { color: #005eb8; }
@media screen { .page-break { border-top: 1px dashed #aeb7bd; margin: 2rem 0; } }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
}
`;

/** A whole HTML page for one document. */
export function htmlPage(markdown: string, title: string, docKind: string): string {
  const body = toHtml(markdown)
    // Table headers are column headers for screen readers; user text cannot contain a raw "<th".
    .replace(/<th(?=[\s>])/g, '<th scope="col"');
  const header = `${docKind}: ${title}`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="igcheck">
<title>${escapeHtml(header)}</title>
<style>${CSS}
@page { size: A4; margin: 22mm 18mm 20mm;
  @top-left { content: ${cssString(header.length > 90 ? `${header.slice(0, 87)}...` : header)}; font: 8.5pt Arial, sans-serif; color: #425563; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8.5pt Arial, sans-serif; color: #425563; }
  @bottom-left { content: "Draft: not approved until signed"; font: 8.5pt Arial, sans-serif; color: #425563; }
}
</style>
</head>
<body>
<main>
${body}</main>
</body>
</html>
`;
}
