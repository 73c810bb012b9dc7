// The text of a PDF as pdftotext reads it (poppler-utils), for tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether poppler's pdftotext is installed (the PDF checks skip without it; CI's machine has it). */
export const hasPdftotext = spawnSync('sh', ['-c', 'command -v pdftotext']).status === 0;

export function pdfText(bytes: Buffer, layout = false): string {
  const f = join(mkdtempSync(join(tmpdir(), 'igcheck-pdf-')), 'x.pdf');
  writeFileSync(f, bytes);
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), f, '-'], { encoding: 'utf8' });
}
