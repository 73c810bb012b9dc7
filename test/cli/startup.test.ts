// Start-up stays lean: `assess --answers F --json` must not load the questionnaire, Markdown, Word,
// schema-compiler or YAML code (the JSON answers and the cached built-in pack need none of them).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarios } from '../helpers/pack.js';

describe('start-up', () => {
  it('assess --answers --json loads no inquirer, marked, docx, ajv or yaml code', () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'igcheck-trace-')), 'imports.txt');
    const r = spawnSync(process.execPath, ['--import', './test/helpers/trace-imports.mjs', 'bin/igcheck.js', 'assess', '--answers', '-', '--json'], {
      input: JSON.stringify(scenarios()[0].answers), encoding: 'utf8', env: { ...process.env, IGCHECK_TRACE_IMPORTS: trace },
    });
    expect(r.status).toBe(0);
    const all = readFileSync(trace, 'utf8').trim().split('\n');
    // pdfkit (external to the bundle) and the PDF renderer load only when a PDF is written.
    expect(all.filter(u => /pdfkit|fontkit/.test(u))).toEqual([]);
    const files = all.filter(u => u.includes('/dist/'));
    expect(files.length).toBeGreaterThan(0);
    const loaded = files.map(u => readFileSync(fileURLToPath(u), 'utf8')).join('\n');
    expect(loaded).toContain('// node_modules/commander/'); // the check can see bundled libraries
    expect(loaded).not.toContain('// src/docs/pdf.ts');
    for (const lib of ['@inquirer/', 'marked/', 'docx/', 'ajv/', 'yaml/', 'exceljs/']) {
      expect(loaded, `${lib} was loaded`).not.toContain(`// node_modules/${lib}`);
    }
  });
});
