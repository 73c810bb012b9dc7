// `igcheck audit --template`: an empty register with the expected headings, as CSV and as an Excel
// workbook whose cells offer the allowed values and whose second sheet explains each column.
import { writeFiles } from '../io/write.js';
import { join } from 'node:path';
import type { FactDef, Pack } from '../core/types.js';
import { CLAIM_HEADINGS, REF_HEADINGS, type HeadingTable } from './headings.js';
import { csvField } from './write-results.js';

export interface TemplateColumn { heading: string; fact?: FactDef; /** A claims column: the layer whose basis it states. */ claim?: string }

export function templateColumns(pack: Pack, table: HeadingTable): TemplateColumn[] {
  // Who and what first, then the facts the rules read, then the long descriptive text.
  const first = ['title', 'discloser.name', 'recipient.name'];
  const facts = pack.facts.filter(f => f.type !== 'contacts');
  const ordered = [
    ...first.map(id => facts.find(f => f.id === id)).filter((f): f is FactDef => !!f),
    ...facts.filter(f => !first.includes(f.id) && !f.descriptive),
    ...facts.filter(f => !first.includes(f.id) && f.descriptive),
  ];
  // The bases the organisation relies on, one column per layer of the law the pack has, checked by the audit.
  const claims = Object.entries(CLAIM_HEADINGS).filter(([layer]) => layer && pack.layers.some(l => l.id === layer)).map(([layer, hs]) => ({ heading: hs[0], claim: layer }));
  return [{ heading: REF_HEADINGS[0] }, ...ordered.map(f => ({ heading: table.templateHeading.get(f.id) ?? f.id, fact: f })), ...claims];
}

const allowed = (f?: FactDef, claim?: string) => (claim ? 'the basis as you write it: "6(1)(e) public task", "Art 9(2)(h) with Sch 1 para 2", "implied consent", "s251", "IDTA", "N/A"' : !f ? 'your own reference for the flow' : f.type === 'bool' ? 'yes, no'
  : f.type === 'enum' || f.type === 'list' ? `${f.values!.join(', ')}${f.type === 'list' ? ' (several, separated by ;)' : ''}`
    : f.type === 'date' ? 'a date: 2026-04-01 or 01/04/2026' : f.type === 'items' ? 'one item per line, "item: why it is needed"' : 'text');

export async function writeTemplate(dir: string, pack: Pack, table: HeadingTable): Promise<string[]> {
  const cols = templateColumns(pack, table);
  const csvPath = join(dir, 'register-template.csv');
  const csv = `\uFEFF${cols.map(c => csvField(c.heading)).join(',')}\r\n`;

  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'igcheck';
  const ws = wb.addWorksheet('Flows', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map(c => ({ header: c.heading, width: Math.max(12, Math.min(40, c.heading.length + 4)) }));
  ws.getRow(1).font = { bold: true };
  cols.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    const f = c.fact;
    if (f?.type === 'bool' || f?.type === 'enum') {
      const values = f.type === 'bool' ? ['yes', 'no'] : f.values!;
      // Excel limits an in-cell list to 255 characters; longer ones get the Guide sheet only.
      if (values.join(',').length <= 250) {
        for (let r = 2; r <= 501; r++) {
          ws.getCell(r, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`], showErrorMessage: true, errorTitle: c.heading, error: `One of: ${values.join(', ')}` };
        }
      }
    }
    if (f?.type === 'items' || f?.type === 'text') col.alignment = { wrapText: true, vertical: 'top' };
  });
  const guide = wb.addWorksheet('Guide');
  guide.columns = [{ header: 'Column', width: 34 }, { header: 'Fact', width: 32 }, { header: 'Values', width: 60 }, { header: 'Meaning', width: 80 }];
  guide.getRow(1).font = { bold: true };
  for (const c of cols) {
    guide.addRow([c.heading, c.fact?.id ?? (c.claim ? `claim.${c.claim}` : '(reference)'), allowed(c.fact, c.claim),
      c.fact?.description ?? (c.claim ? `The basis you rely on for ${pack.layers.find(l => l.id === c.claim)?.title ?? c.claim}: the audit says whether it can hold on the facts, and which basis it would rely on where this is blank.` : 'Identifies the flow in the results; not used in the decision.')]);
  }
  guide.addRow([]);
  guide.addRow(['A blank cell is unknown, never "no". Only the first sheet is read.']);
  const xlsxPath = join(dir, 'register-template.xlsx');
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  writeFiles([{ path: csvPath, data: csv }, { path: xlsxPath, data: xlsx }]);
  return [csvPath, xlsxPath];
}
