// One spreadsheet cell → the value an answers file would hold for that fact: yes/no booleans,
// "health; demographic" lists, UK dates, "Direct care" → direct_care. Blank means unknown.
import { readBool, readDate } from '../load/values.js';
import type { FactDef } from '../core/types.js';

/** A readable cell: what the CSV, XLSX or YAML/JSON readers hand over. */
export type Cell = string | number | boolean | Date | null | undefined | unknown[] | Record<string, unknown>;

export type CellResult = { value: unknown } | { error: string } | { blank: true };

const BLANK = new Set(['', 'unknown', 'not known', 'n/k', 'nk', '?', '-', '—', 'tbc', 'tbd']);
const BLANK_LONGEST = Math.max(...[...BLANK].map(w => w.length));
/** A blank word; long text (a description) is never lower-cased to find out. */
export const isBlank = (cell: string) => { const t = cell.trim(); return t.length <= BLANK_LONGEST && BLANK.has(t.toLowerCase()); };

/**
 * Words IG teams write for the vocabulary's values. Only unambiguous ones: "no" for a DPIA means
 * none started, but "no" for a public-interest decision could mean rejected or not made, so it is
 * left to fail with a suggestion.
 */
const VALUE_ALIASES: Record<string, Record<string, string>> = {
  '*type': {
    nhs_foundation_trust: 'nhs_trust', trust: 'nhs_trust', acute_trust: 'nhs_trust', gp: 'gp_practice', general_practice: 'gp_practice',
    icb: 'nhs_commissioner', ccg: 'nhs_commissioner', integrated_care_board: 'nhs_commissioner', nhs_england: 'nhs_national',
    council: 'local_authority', la: 'local_authority', care_home: 'independent_care_provider', home_care_agency: 'independent_care_provider',
    private_hospital: 'independent_health_provider', charity: 'voluntary_sector', vcse: 'voluntary_sector', company: 'commercial',
  },
  jurisdiction: { ni: 'northern_ireland' },
  purpose: { individual_care: 'direct_care', commissioning: 'planning', planning_and_commissioning: 'planning', at_the_individuals_request: 'individual_request', individuals_request: 'individual_request', on_the_individuals_behalf: 'individual_request', prevention_or_detection_of_crime: 'crime', law_enforcement: 'crime' },
  'sharing.frequency': { one_off: 'one_off', oneoff: 'one_off', regular: 'routine', ongoing: 'routine', systematic: 'routine' },
  'recipient.role': { data_controller: 'controller', data_processor: 'processor', joint_data_controller: 'joint_controller' },
  'recipient.location': { eea: 'approved', eu: 'approved', adequate: 'approved', united_kingdom: 'uk', england: 'uk' },
  'recipient.dspt': { met: 'standards_met', standards_exceeded: 'standards_met', exceeded: 'standards_met', approaching_standards: 'approaching', standards_not_met: 'not_met', n_a: 'not_applicable', na: 'not_applicable' },
  'data.identifiability': { pseudonymized: 'pseudonymised', anonymized: 'anonymised', personal: 'identifiable', identifiable_personal_data: 'identifiable' },
  'data.categories': { demographics: 'demographic', contact_details: 'contact', ethnicity: 'racial_ethnic', criminal: 'criminal_offence', social: 'social_care' },
  'controls.dpia': { yes: 'completed', complete: 'completed', done: 'completed', no: 'not_started', none: 'not_started', draft: 'in_progress', in_progress: 'in_progress' },
  'controls.transfer_mechanism': { bcrs: 'bcr', n_a: 'none', na: 'none', uk_addendum: 'addendum' },
  'public_interest.decision': { yes: 'approved', not_made: 'not_made', none: 'not_made' },
};

/** "Direct care" → direct_care; "Standards Met" → standards_met; aliases applied. */
export function enumWord(text: string, factId: string): string {
  const w = text.trim().toLowerCase().replace(/[\s\-/]+/g, '_').replace(/[^a-z0-9_]/g, '');
  const alias = VALUE_ALIASES[factId]?.[w] ?? (factId.endsWith('.type') ? VALUE_ALIASES['*type'][w] : undefined);
  return alias ?? w;
}

const cellText = (c: Cell): string => (c instanceof Date ? isoDate(c) : typeof c === 'object' && c !== null ? JSON.stringify(c) : String(c ?? ''));
const isoDate = (d: Date) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString().slice(0, 10));

/** How a cell reads for a fact, or why it cannot. `fieldPath` is set for fields under a contacts fact. */
export function readCell(cell: Cell, def: FactDef, fieldPath?: string): CellResult {
  if (cell === null || cell === undefined) return { blank: true };
  if (typeof cell === 'string' && isBlank(cell)) return { blank: true };
  if (fieldPath) return { value: typeof cell === 'string' ? cell.trim() : cellText(cell) };
  switch (def.type) {
    case 'bool': {
      const b = readBool(typeof cell === 'boolean' ? cell : cellText(cell));
      if (b !== undefined) return { value: b };
      return { error: `expected yes or no, found ${JSON.stringify(cellText(cell))}` };
    }
    case 'enum':
      if (typeof cell !== 'string') return { value: typeof cell === 'boolean' ? cell : cellText(cell) };
      return { value: enumWord(cell, def.id) };
    case 'list': {
      const parts = Array.isArray(cell) ? cell.map(v => String(v)) : cellText(cell).split(/[;,|\n]/);
      return { value: parts.map(p => p.trim()).filter(Boolean).map(p => enumWord(p, def.id)) };
    }
    case 'date': {
      // YYYY-MM-DD or the UK's 01/04/2026 (never read the American way); anything else is reported as it stands.
      return { value: readDate(cell) ?? cellText(cell).trim() };
    }
    case 'items': {
      if (Array.isArray(cell)) return { value: cell };
      // One item per line (Alt+Enter in a spreadsheet), or `;` between items on one line;
      // "NHS number: consistent identifier" gives the item and its justification.
      const text = cellText(cell);
      const lines = text.includes('\n') ? text.split(/\r?\n/) : text.split(';');
      return {
        value: lines.map(l => l.trim()).filter(Boolean).map(l => {
          const at = l.indexOf(': ');
          return at > 0 ? { name: l.slice(0, at).trim(), justification: l.slice(at + 2).trim() } : { name: l };
        }),
      };
    }
    case 'contacts':
      return typeof cell === 'object' && !Array.isArray(cell) && !(cell instanceof Date) ? { value: cell } : { error: 'map the contacts fields (for example `discloser.contacts.dpo.email`) to separate columns with --map' };
    default:
      return { value: typeof cell === 'string' ? cell.trim() : cellText(cell) };
  }
}

/** A cell that looks like a spreadsheet formula: written into result CSVs it would run, so it is quoted. */
export const formulaLike = (s: string) => /^[=+\-@\t\r]/.test(s);
