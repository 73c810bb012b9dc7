// Free-text register columns read into facts: "names, addresses, diagnoses" into the vocabulary's
// data categories, "No - UK only" into the recipient's location, "NHSmail" into a secure transfer.
// A word that cannot be placed is a problem, never a guess; a transfer method that says nothing
// about security is left unknown (the completion workbook asks).
import type { FactDef } from '../core/types.js';
import { enumWord, isBlank, type Cell, type CellResult } from './cells.js';
import type { FreeReading } from './headings.js';
import { suggest } from '../load/suggest.js';

/**
 * Words IG teams use for kinds of personal data, per category of the vocabulary. Matched as whole
 * words or phrases anywhere in one item of the list; an item may name several ("name and address").
 */
const CATEGORY_WORDS: Record<string, string[]> = {
  health: ['health', 'medical', 'clinical', 'diagnosis', 'diagnoses', 'medication', 'medications', 'medicine', 'medicines', 'treatment', 'treatments',
    'test results', 'results', 'referral', 'referrals', 'discharge', 'discharge summary', 'allergies', 'allergy', 'observations', 'procedures',
    'appointment', 'appointments', 'symptoms', 'gp record', 'patient record', 'hospital record', 'immunisations', 'vaccinations', 'disability', 'disabilities',
    'pregnancy', 'maternity', 'injury', 'injuries', 'attendance', 'attendances', 'admission', 'admissions', 'outcomes', 'clinical outcomes', 'ward', 'blood results', 'nursing notes', 'notes', 'assessments', 'assessment', 'consultation', 'consultations', 'prescriptions', 'prescription', 'conditions', 'condition', 'care record', 'patient data', 'mental health', 'sexual health'],
  social_care: ['social care', 'care needs', 'care plan', 'care plans', 'care package', 'care packages', 'care and support', 'support plan', 'social work', 'needs assessment'],
  genetic: ['genetic', 'genomic', 'genome', 'dna'],
  biometric: ['biometric', 'biometrics', 'fingerprint', 'fingerprints', 'facial image', 'facial recognition'],
  racial_ethnic: ['ethnicity', 'ethnic', 'ethnic origin', 'race', 'racial'],
  religious_belief: ['religion', 'religious', 'religious belief', 'faith', 'beliefs'],
  political_opinion: ['political', 'political opinion', 'political opinions'],
  trade_union: ['trade union', 'trade union membership'],
  sex_life: ['sex life'],
  sexual_orientation: ['sexual orientation', 'sexuality'],
  criminal_offence: ['criminal', 'offence', 'offences', 'offending', 'convictions', 'conviction', 'allegations', 'criminal record', 'criminal records'],
  demographic: ['demographic', 'demographics', 'name', 'names', 'full name', 'date of birth', 'dates of birth', 'dob', 'dobs', 'age', 'gender', 'sex', 'nhs number', 'nhs no', 'identifiers',
    'identifier', 'personal details', 'hospital number', 'mrn', 'registered gp', 'gp practice', 'marital status', 'nationality', 'language', 'occupation'],
  contact: ['contact', 'contact details', 'address', 'addresses', 'postcode', 'postcodes', 'phone', 'phone number', 'telephone', 'telephone number', 'mobile',
    'mobile number', 'email', 'e-mail', 'email address', 'next of kin', 'nok', 'emergency contact'],
  financial: ['financial', 'finance', 'bank', 'bank details', 'income', 'benefits', 'payment', 'payments', 'financial assessment'],
  education: ['education', 'educational', 'school', 'schooling', 'ehcp', 'education health and care plan'],
};

/** Phrases longest first, so "mental health" is one match and "care plan" is not "care" and "plan". */
const PHRASES: { re: RegExp; category: string }[] = Object.entries(CATEGORY_WORDS)
  .flatMap(([category, words]) => words.map(w => ({ w, category })))
  .sort((a, b) => b.w.length - a.w.length)
  .map(({ w, category }) => ({ re: new RegExp(`(?<![a-z])${w.replace(/[-]/g, '[- ]?').replace(/ /g, '\\s+')}s?(?![a-z])`, 'g'), category }));

/** Items of a list; an item naming several kinds ("name and address") finds each of them. */
const SPLIT = /[;,|\n/+&]/;

/** "Names, addresses, diagnoses" → demographic, contact, health; words not placed are named. */
export function readCategories(text: string, def: FactDef): { value: string[] } | { error: string } {
  const values = def.values ?? [];
  const found: string[] = [];
  const unplaced: string[] = [];
  const add = (c: string) => { if (!found.includes(c)) found.push(c); };
  for (const raw of text.replace(/[()[\]{}"]/g, ' ').split(SPLIT)) {
    const item = raw.trim().replace(/[.:]+$/, '');
    if (!item) continue;
    const word = enumWord(item, def.id);
    if (values.includes(word)) { add(word); continue; }
    let rest = ` ${item.toLowerCase()} `;
    let any = false;
    for (const { re, category } of PHRASES) {
      re.lastIndex = 0;
      if (re.test(rest)) {
        any = true;
        add(category);
        rest = rest.replace(re, ' ');
      }
    }
    if (!any) unplaced.push(item);
  }
  if (unplaced.length) {
    const hints = unplaced.map(u => { const s = suggest(enumWord(u, def.id), values); return s ? `${JSON.stringify(u)} (did you mean ${s}?)` : JSON.stringify(u); });
    return { error: `cannot place ${hints.join(', ')} among the data categories (${values.join(', ')}); write those words, or use words such as "names", "addresses", "diagnoses"` };
  }
  // In the vocabulary's order, so one list always reads the same.
  return { value: values.filter(v => found.includes(v)) };
}

/** "No", "UK only" → uk; "EEA", "Yes - Ireland (EU)" → approved; "Yes" alone says only "not the UK": unknown. */
export function readOverseas(text: string, def: FactDef): CellResult {
  const t = text.trim().toLowerCase();
  const values = def.values ?? [];
  if (/^(no|n|none|not overseas|uk|uk only|united kingdom|england|within the uk|no\b.*)$/.test(t) && !/\b(eea|eu)\b/.test(t)) return { value: 'uk' };
  if (/\b(eea|eu|european union|european economic area|adequacy|adequate|approved|gibraltar|data bridge)\b/.test(t)) return { value: 'approved' };
  if (/^(yes|y)$/.test(t)) return { blank: true };
  const w = enumWord(text, def.id);
  if (values.includes(w)) return { value: w };
  return { error: `cannot tell where the data goes from ${JSON.stringify(text.trim())}: write no (the UK only), EEA or approved (a destination approved by UK regulations), or other (anywhere else)` };
}

const SECURE = /\b(nhs ?mail|nhs\.net|mesh|sftp|ftps|https|tls|vpn|hscn|egress|encrypted|encryption|secure|api|direct system|system to system|smime|s\/mime|docman|gp connect|ers|e-rs|itk|pgp|cjsm|sharepoint)\b/;
const INSECURE = /\b(unencrypted|not encrypted|insecure|not secure|fax|gmail|hotmail|personal email|usb|memory stick|cd|dvd|unsecured)\b/;

/** "NHSmail", "MESH", "SFTP" → secure; "fax", "unencrypted e-mail" → not; anything else leaves it unknown. */
export function readTransferMethod(text: string): CellResult {
  const t = text.toLowerCase();
  if (INSECURE.test(t)) return { value: false };
  if (SECURE.test(t)) return { value: true };
  const w = t.trim();
  if (w === 'yes' || w === 'y') return { value: true };
  if (w === 'no' || w === 'n') return { value: false };
  return { blank: true };
}

/** A free-text cell read its column's way; non-text cells (booleans from a workbook) as they are. */
export function readFree(cell: Cell, def: FactDef, reading: FreeReading): CellResult | undefined {
  if (typeof cell !== 'string' || isBlank(cell)) return undefined;
  if (reading === 'categories') return readCategories(cell, def);
  if (reading === 'overseas') return readOverseas(cell, def);
  return readTransferMethod(cell);
}
