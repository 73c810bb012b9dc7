// Adapters for `igcheck register export --ropa` and `igcheck register publish DIR`: read and verify
// the register, gather the records in force, and write them through the one write module.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CheckFailed, UsageError } from '../errors.js';
import { makeDir, removeEmptyDir, writeFiles } from '../io/write.js';
import { resolvePacks } from '../pack/resolve.js';
import { organisation } from '../pack/config.js';
import { csvField } from '../audit/write-results.js';
import { today } from '../assess/run.js';
import { processingRecords } from './records.js';
import { registerState } from './state.js';
import { readRegister, registerPath } from './store.js';
import { visible } from '../io/term.js';

export interface ExportOptions { register?: string; ropa?: boolean; out?: string; force?: boolean; rules?: string[]; config?: boolean }

async function records(opts: ExportOptions) {
  const registerOpt = opts.register;
  const path = registerPath(registerOpt);
  const v = readRegister(path);
  if (!v.exists) throw new UsageError(`no decision register at ${path}`, 'It is created by `igcheck assess --out DIR`; set IGCHECK_REGISTER or pass --register FILE to use another.');
  if (!v.ok) throw new CheckFailed(`the decision register ${path} does not verify: ${v.problem!.message}`, ['Nothing is exported from a register that does not verify. Run `igcheck register verify` for the details.']);
  const pack = await resolvePacks(opts);
  const { loadLabels } = await import('../docs/context.js');
  return { path, pack, labels: loadLabels(), org: await organisation({ config: opts.config }), records: await processingRecords(path, registerState(v.entries).current, pack) };
}

/** Refuse to replace files without --force; make the folder, and take it away again if the files cannot be written. */
function writeAll(dir: string, files: { name: string; data: string | Uint8Array }[], force?: boolean): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${dir} is a file, not a folder`);
  for (const f of files) if (existsSync(join(dir, f.name)) && !force) throw new UsageError(`${join(dir, f.name)} already exists; add --force to replace it`);
  const made = !existsSync(dir);
  makeDir(dir);
  try {
    writeFiles(files.map(f => ({ path: join(dir, f.name), data: f.data })));
  } catch (e) {
    if (made) removeEmptyDir(dir);
    throw e;
  }
}

const csv = (headings: string[], rows: string[][]) => `\uFEFF${[headings, ...rows].map(r => r.map(csvField).join(',')).join('\r\n')}\r\n`;

export async function runExport(opts: ExportOptions): Promise<number> {
  if (!opts.ropa) throw new UsageError('say what to export: --ropa (the record of processing)', 'Example: igcheck register export --ropa --out records');
  const { pack, labels, org, records: recs } = await records(opts);
  const { ROPA_COLUMNS, ropaRow } = await import('./ropa.js');
  const dir = opts.out ?? '.';
  const headings = ROPA_COLUMNS.map(c => c.heading);
  const rows = recs.map(r => ropaRow(r, pack, labels, org));
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'igcheck';
  const ws = wb.addWorksheet('Record of processing', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  ws.columns = headings.map(h => ({ header: h, width: Math.max(14, Math.min(48, h.length + 6)) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r).alignment = { wrapText: true, vertical: 'top' };
  const about = wb.addWorksheet('Columns');
  about.columns = [{ header: 'Column', width: 40 }, { header: 'What it answers', width: 70 }];
  about.getRow(1).font = { bold: true };
  for (const c of ROPA_COLUMNS) about.addRow([c.heading, c.source]);
  about.addRow([]);
  about.addRow([`From the decision register on ${today()}: one row per agreement or decision record in force (later assessments of the same share replace earlier ones).`]);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer() as ArrayBuffer);
  writeAll(dir, [{ name: 'record-of-processing.csv', data: csv(headings, rows) }, { name: 'record-of-processing.xlsx', data: xlsx }], opts.force);
  process.stdout.write(`${visible(join(dir, 'record-of-processing.csv'))}\n${visible(join(dir, 'record-of-processing.xlsx'))}\n`);
  const missing = recs.filter(r => r.note);
  if (missing.length) process.stderr.write(`${missing.length} entr${missing.length === 1 ? 'y' : 'ies'} without facts (listed with a note): ${visible(missing.map(r => `${r.state.entry.id} (${r.note})`).join('; '))}\n`);
  return 0;
}

export async function runPublish(dir: string, opts: ExportOptions): Promise<number> {
  const { pack, labels, org, records: recs } = await records(opts);
  const { PUBLISHED_COLUMNS, publishable, publishedPage, publishedShare } = await import('./publish.js');
  const shares = recs.filter(publishable).map(r => publishedShare(r, pack, labels));
  writeAll(dir, [
    { name: 'index.html', data: publishedPage(shares, org, today()) },
    { name: 'sharing-register.csv', data: csv(PUBLISHED_COLUMNS.map(c => c[1]), shares.map(s => PUBLISHED_COLUMNS.map(([k]) => { const v = s[k]; return Array.isArray(v) ? v.join('. ') : v; }))) },
  ], opts.force);
  process.stdout.write(`${visible(join(dir, 'index.html'))}\n${visible(join(dir, 'sharing-register.csv'))}\n`);
  const left = recs.length - shares.length;
  if (left) process.stderr.write(`${shares.length} agreements published; ${left} left out (one-off disclosures, and assessments not cleared for sharing).\n`);
  return 0;
}
