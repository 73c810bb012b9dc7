// How igcheck reads a typed value from what a person wrote, in one place: the answers file, a
// register cell, a scenario file, the questionnaire and --as-of all read yes/no and dates alike.
// docs/values.md says the same for users.
import { UsageError } from '../errors.js';

/** Words for true and false (any case): an answers file and a register cell accept the same ones. */
export const TRUE_WORDS: ReadonlySet<string> = new Set(['yes', 'y', 'true', 't']);
export const FALSE_WORDS: ReadonlySet<string> = new Set(['no', 'n', 'false', 'f']);

/** true, false, or undefined when the value is neither a boolean nor one of the words for one. */
export function readBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const w = value.trim().toLowerCase();
  return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : undefined;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
/** UK order, as spreadsheets write it: 01/04/2026 is the 1st of April, never January the 4th. */
const UK = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;

/** YYYY-MM-DD when year, month and day name a real calendar day (2026-02-31 does not). */
function calendarDate(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A calendar date as YYYY-MM-DD, from 2026-04-01, 01/04/2026 (or 1.4.2026), or a date a YAML or
 * spreadsheet reader made; undefined for anything else, including days that do not exist.
 */
export function readDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  const iso = ISO.exec(s);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const uk = UK.exec(s);
  return uk ? calendarDate(Number(uk[3]), Number(uk[2]), Number(uk[1])) : undefined;
}

/** What to say when a date cannot be read. */
export const DATE_EXPECTED = 'a date as YYYY-MM-DD (or DD/MM/YYYY)';

/** Today's date, YYYY-MM-DD (UTC). The one place the clock is read for a decision's date. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A date given on the command line (`--as-of`), or undefined when not given; a usage error when not a real date. */
export function checkDate(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const date = readDate(value);
  if (!date) throw new UsageError(`${flag} expects ${DATE_EXPECTED}, not ${JSON.stringify(value)}`);
  return date;
}

/** One year after a date (the default review date). */
export function yearAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}
