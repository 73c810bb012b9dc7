// A roster of parties from a spreadsheet (CSV or XLSX), read by the register readers of the audit:
// one party a row under headings like `id, name, ODS, type, role, DSPT, SIRO name, SIRO email`.
// Each row is checked as a YAML party is; problems name the sheet, its row and the column.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FactDef } from '../core/types.js';
import { InputError, type Problem } from '../errors.js';
import { readBool } from '../load/values.js';
import { suggest } from '../load/suggest.js';
import type { Progress, SheetEvent } from '../audit/sheet.js';
import { columnLetter } from '../audit/headings.js';
import { enumWord } from '../audit/cells.js';
import { checkParty, SIGNING_ROLES } from './answers.js';
import type { Party } from './types.js';

const SIMPLE = ['id', 'name', 'ods', 'type', 'role', 'dspt', 'publicly_funded_care', 'signs_as', 'left_date', 'left_reason'];
const CONTACT_HEADINGS = SIGNING_ROLES.flatMap(r => ['name', 'email', 'phone'].map(f => `${r}_${f}`));
export const ROSTER_HEADINGS = [...SIMPLE, ...CONTACT_HEADINGS];
/** Headings people write for the roster's columns. */
const ALIASES: Record<string, string> = {
  party: 'id', party_id: 'id', organisation: 'name', organisation_name: 'name', organization: 'name', ods_code: 'ods',
  organisation_type: 'type', org_type: 'type', dspt_status: 'dspt', publicly_funded: 'publicly_funded_care',
  caldicott_name: 'caldicott_guardian_name', caldicott_email: 'caldicott_guardian_email', cg_name: 'caldicott_guardian_name', cg_email: 'caldicott_guardian_email',
};
const norm = (h: string) => h.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
/** Words for a value as people type them ("Joint controller", "Care home"), as the audit reads them. */
const FACT_OF: Record<string, string> = { type: 'discloser.type', role: 'recipient.role', dspt: 'recipient.dspt' };
const word = (v: unknown, key: string) => (typeof v === 'string' ? enumWord(v, FACT_OF[key]) : v);

/** Read the roster named in an answers file (relative to it) into parties; throws with every problem. */
export async function readRosterSheet(name: string, answersFile: string, vocabulary: FactDef[]): Promise<Party[]> {
  const file = answersFile === '-' || answersFile === '<stdin>' ? resolve(name) : resolve(dirname(answersFile), name);
  if (!existsSync(file)) throw new InputError('The roster of parties cannot be read', [{ file: answersFile, path: 'parties', message: `no file ${file}` }]);
  const progress: Progress = { read: 0, total: 0 };
  const events: AsyncGenerator<SheetEvent> = /\.xlsx$/i.test(file)
    ? (await import('../audit/read-xlsx.js')).readXlsx(file, progress)
    : (await import('../audit/read-csv.js')).readCsv(file, progress);
  const problems: Problem[] = [];
  const parties: Party[] = [];
  let columns: (string | undefined)[] = [];
  for await (const e of events) {
    if (e.kind === 'header') {
      columns = e.cells.map((h, i) => {
        const n = norm(h);
        const key = ROSTER_HEADINGS.includes(n) ? n : ALIASES[n];
        if (!key && n) {
          const s = suggest(n, ROSTER_HEADINGS);
          problems.push({ file, line: e.row, path: `column ${columnLetter(i)} ${h}`, message: `unknown heading${s ? `; did you mean \`${s}\`?` : ''} (the roster's headings: ${ROSTER_HEADINGS.join(', ')})` });
        }
        return key;
      });
      for (const req of ['id', 'name', 'type', 'role']) if (!columns.includes(req)) problems.push({ file, line: e.row, message: `no \`${req}\` column: a party needs id, name, type and role` });
      continue;
    }
    if (e.kind === 'bad') { problems.push({ file, line: e.row, message: e.message }); continue; }
    if (e.kind !== 'row') continue;
    const row: Record<string, unknown> = {};
    const colOf = new Map<string, string>();
    e.cells.forEach((cell, i) => {
      const key = columns[i];
      if (!key || cell === null || cell === undefined || (typeof cell === 'string' && !cell.trim())) return;
      colOf.set(key, columnLetter(i));
      if (typeof cell === 'object' && cell && 'unreadable' in cell) { problems.push({ file, line: e.row, path: `column ${columnLetter(i)}`, message: String((cell as { unreadable: string }).unreadable) }); return; }
      row[key] = cell instanceof Date ? cell.toISOString().slice(0, 10) : cell;
    });
    const value: Record<string, unknown> = {};
    for (const k of ['id', 'name', 'ods', 'signs_as']) if (row[k] !== undefined) value[k] = typeof row[k] === 'string' ? row[k] : String(row[k]);
    if (typeof value.id === 'string') value.id = value.id.trim();
    for (const k of ['type', 'role', 'dspt']) if (row[k] !== undefined) value[k] = word(row[k], k);
    if (row.publicly_funded_care !== undefined) value.publicly_funded_care = readBool(row.publicly_funded_care) ?? row.publicly_funded_care;
    if (row.left_date !== undefined) value.left = { date: row.left_date, ...(row.left_reason !== undefined ? { reason: row.left_reason } : {}) };
    const contacts: Record<string, Record<string, unknown>> = {};
    for (const h of CONTACT_HEADINGS) {
      if (row[h] === undefined) continue;
      const [, role, field] = /^(.*)_(name|email|phone)$/.exec(h)!;
      (contacts[role] ??= {})[field] = String(row[h]);
    }
    if (Object.keys(contacts).length) value.contacts = contacts;
    // Report at the row and the column the field came from.
    const p = checkParty(value, [], (path, message) => {
      const field = String(path[0] ?? '');
      const heading = field === 'contacts' ? `${path[1]}_${path[2] ?? 'name'}` : field === 'left' ? 'left_date' : field;
      const col = colOf.get(heading);
      problems.push({ file, line: e.row, path: col ? `column ${col} ${heading}` : heading || undefined, message });
    }, vocabulary);
    if (p) parties.push(p);
  }
  if (problems.length) throw new InputError(`The roster of parties has ${problems.length} problem${problems.length > 1 ? 's' : ''}`, problems, `A roster has one party a row, under headings: ${ROSTER_HEADINGS.slice(0, 8).join(', ')}, and <role>_name / <role>_email for siro, caldicott_guardian, dpo, ig_lead.`);
  return parties;
}
