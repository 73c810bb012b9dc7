// "One module writes files": no source file other than src/io/write.ts may call a file-system
// function that creates, changes or removes anything. A writer added elsewhere fails this test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const WRITER = 'src/io/write.ts';
const WRITE_FNS = [
  'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'write', 'writeSync', 'writev', 'writevSync',
  'rename', 'renameSync', 'mkdir', 'mkdirSync', 'mkdtemp', 'mkdtempSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'unlink', 'unlinkSync',
  'copyFile', 'copyFileSync', 'cp', 'cpSync', 'truncate', 'truncateSync', 'ftruncate', 'ftruncateSync', 'symlink', 'symlinkSync',
  'link', 'linkSync', 'chmod', 'chmodSync', 'chown', 'chownSync', 'utimes', 'utimesSync', 'fsync', 'fsyncSync',
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(n => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|mts|js|mjs)$/.test(n) ? [p] : [];
  });
}

/** The write functions a file takes from node:fs (named imports, or any use through a namespace). */
export function writersIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/import\s*(type\s+)?\{([^}]*)\}\s*from\s*['"](?:node:)?fs(?:\/promises)?['"]/g)) {
    if (m[1]) continue;
    for (const spec of m[2].split(',').map(s => s.trim().split(/\s+as\s+/)).filter(x => x[0])) {
      if (WRITE_FNS.includes(spec[0])) found.push(spec[0]);
      // fs.promises under any name: its write functions count too.
      if (spec[0] === 'promises') for (const u of text.matchAll(new RegExp(`\\b${spec[1] ?? 'promises'}\\.(\\w+)\\b`, 'g'))) if (WRITE_FNS.includes(u[1])) found.push(`promises.${u[1]}`);
    }
  }
  for (const m of text.matchAll(/import\s+(?:\*\s+as\s+)?(\w+)\s+from\s*['"](?:node:)?fs(?:\/promises)?['"]/g)) {
    for (const u of text.matchAll(new RegExp(`\\b${m[1]}\\.(\\w+)\\b`, 'g'))) if (WRITE_FNS.includes(u[1])) found.push(`${m[1]}.${u[1]}`);
  }
  for (const m of text.matchAll(/(?:const|let)\s*(\{[^}]*\}|\w+)\s*=\s*(?:await\s+import|require)\(\s*['"](?:node:)?fs(?:\/promises)?['"]\s*\)/g)) {
    if (!m[1].startsWith('{')) { found.push('dynamic fs import'); continue; }
    for (const spec of m[1].slice(1, -1).split(',').map(s => s.trim().split(/\s*:\s*/)[0]).filter(Boolean)) if (WRITE_FNS.includes(spec)) found.push(spec);
  }
  // openSync for writing (any flag other than 'r').
  for (const u of text.matchAll(/\bopenSync\([^,)]*,\s*['"]([^'"]+)['"]/g)) if (u[1] !== 'r') found.push(`openSync(…, '${u[1]}')`);
  // Libraries that write files themselves (exceljs, docx packers) must hand back bytes instead.
  if (/\.xlsx\.writeFile\(|\.csv\.writeFile\(/.test(text)) found.push('exceljs writeFile');
  return found;
}

test('only src/io/write.ts writes files', () => {
  const offenders = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'bin'))]
    .map(p => ({ file: relative(ROOT, p).split('\\').join('/'), fns: writersIn(readFileSync(p, 'utf8')) }))
    .filter(x => x.file !== WRITER && x.fns.length);
  expect(offenders, 'write through src/io/write.ts (writeFile, writeFiles, openOutput, stageDir, appendWhole, makeDir)').toEqual([]);
});

test('the check itself finds writers', () => {
  expect(writersIn(`import { readFileSync, writeFileSync as w } from 'node:fs';`)).toEqual(['writeFileSync']);
  expect(writersIn(`import * as fs from 'fs';\nfs.renameSync(a, b)`)).toEqual(['fs.renameSync']);
  expect(writersIn(`import { open } from 'node:fs/promises'; import { rm } from 'node:fs/promises';`)).toEqual(['rm']);
  expect(writersIn(`const fd = openSync(p, 'a');`)).toEqual([`openSync(…, 'a')`]);
  expect(writersIn(`await wb.xlsx.writeFile(p)`)).toEqual(['exceljs writeFile']);
  expect(writersIn(`const { readFile, writeFile: w } = await import('node:fs/promises');`)).toEqual(['writeFile']);
  expect(writersIn(`const { readFile } = await import('node:fs/promises');`)).toEqual([]);
  expect(writersIn(`import { promises as p } from 'node:fs';\nawait p.writeFile(x, y);`)).toEqual(['promises.writeFile']);
  expect(writersIn(`import { readFileSync } from 'node:fs'; const fd = openSync(p, 'r');`)).toEqual([]);
});
