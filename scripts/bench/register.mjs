// Bench-only: a seeded, realistic register of N flows, written as CSV and (on request) as an Excel
// workbook holding the same cells, so the two formats are compared on the same flows.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

// ------------------------------------------------------------------ a realistic register
// Seeded, so every run audits the same register. Registers repeat themselves: a few hundred kinds
// of flow (one discharge feed to many GP practices), each row varying names, dates and, now and
// then, one control or a blank cell.
let seed = 0;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const pick = list => list[Math.floor(rand() * list.length)];
const yes = p => rand() < p;

const PURPOSES = ['direct_care', 'direct_care', 'direct_care', 'direct_care', 'safeguarding', 'planning', 'planning', 'research', 'public_health', 'crime', 'legal_proceedings', 'individual_request', 'commercial'];
const ORG = ['nhs_trust', 'gp_practice', 'local_authority', 'independent_care_provider', 'nhs_commissioner', 'voluntary_sector'];
const RECIPIENT = {
  direct_care: ['gp_practice', 'nhs_trust', 'independent_care_provider', 'local_authority'], safeguarding: ['local_authority', 'police', 'nhs_trust'],
  planning: ['nhs_commissioner', 'nhs_national', 'commercial'], research: ['university', 'nhs_trust', 'commercial'], public_health: ['local_authority', 'government'],
  crime: ['police'], legal_proceedings: ['court', 'individual'], individual_request: ['individual', 'commercial'], commercial: ['commercial'],
};
const CATS = ['health', 'social_care', 'demographic', 'contact', 'criminal_offence', 'racial_ethnic', 'financial'];

function kindOfFlow() {
  const purpose = pick(PURPOSES);
  const f = {
    jurisdiction: yes(0.97) ? 'england' : pick(['wales', 'scotland']),
    purpose, 'sharing.frequency': yes(0.8) ? 'routine' : 'one_off', 'sharing.emergency': yes(0.02),
    'discloser.type': pick(ORG), 'discloser.publicly_funded_care': yes(0.9),
    'recipient.type': pick(RECIPIENT[purpose]), 'recipient.role': yes(0.85) ? 'controller' : pick(['processor', 'joint_controller']),
    'recipient.publicly_funded_care': yes(0.7), 'recipient.provides_care': purpose === 'direct_care' ? yes(0.95) : yes(0.1),
    'recipient.location': yes(0.9) ? 'uk' : pick(['approved', 'other']), 'recipient.dspt': pick(['standards_met', 'standards_met', 'standards_met', 'approaching', 'not_met', 'none']),
    'data.identifiability': purpose === 'planning' || purpose === 'research' ? pick(['identifiable', 'pseudonymised', 'anonymised']) : 'identifiable',
    'data.categories': [...new Set(['health', pick(CATS), pick(CATS)])], 'data.nhs_number': yes(0.8), 'data.recipient_can_reidentify': yes(0.3),
    'data.large_scale': yes(0.6), 'subjects.children': yes(0.2), 'subjects.deceased': yes(0.02), 'subjects.lack_capacity': yes(0.05), 'subjects.adult_at_risk': yes(0.1),
    'individual.informed': yes(0.85), 'individual.objected': yes(0.05), 'consent.explicit': yes(0.2), 'consent.would_prejudice': yes(0.1), 'consent.practicable': yes(0.5),
    'gateway.s251': yes(0.15), 'gateway.s251_ndoo_exempt': yes(0.05), 'gateway.copi_reg3': yes(0.05), 'gateway.legal_requirement': yes(0.1), 'harm.serious': yes(0.1),
    'public_interest.decision': pick(['not_made', 'not_made', 'approved', 'rejected']),
    'controls.dpia': pick(['completed', 'completed', 'completed', 'in_progress', 'not_started']), 'controls.apd': yes(0.85), 'controls.privacy_notice': yes(0.85),
    'controls.need_to_know': yes(0.9), 'controls.staff_trained': yes(0.95), 'controls.secure_transfer': yes(0.9), 'controls.ndoo_applied': yes(0.4),
    'controls.transfer_mechanism': pick(['none', 'idta', 'addendum']), 'controls.transfer_assessment': yes(0.5), 'controls.processor_contract': yes(0.8), 'controls.joint_arrangement': yes(0.6),
    'processing.new_technology': yes(0.1), 'processing.data_matching': yes(0.2), 'processing.automated_decisions': yes(0.03), 'processing.invisible': yes(0.05),
  };
  return f;
}
const KINDS = [];
const LEGAL = Object.keys(kindOfFlow()).filter(k => k !== 'data.categories');

const HEADINGS = {
  ref: 'Flow ID', title: 'Flow name', description: 'Description', 'discloser.name': 'Sending organisation', 'recipient.name': 'Receiving organisation', start_date: 'Start date',
  'data.items': 'Data items', jurisdiction: 'Jurisdiction', purpose: 'Purpose', 'sharing.frequency': 'Frequency', 'sharing.emergency': 'Emergency',
  'discloser.type': 'Sending organisation type', 'discloser.publicly_funded_care': 'Sender publicly funded care', 'recipient.type': 'Receiving organisation type',
  'recipient.role': 'Recipient role', 'recipient.publicly_funded_care': 'Recipient publicly funded care', 'recipient.provides_care': 'Recipient provides care',
  'recipient.location': 'Recipient location', 'recipient.dspt': 'Recipient DSPT', 'data.identifiability': 'Identifiability', 'data.categories': 'Data categories',
  'data.nhs_number': 'NHS number', 'data.recipient_can_reidentify': 'Recipient can re-identify', 'data.large_scale': 'Large scale', 'subjects.children': 'Children',
  'subjects.deceased': 'Deceased', 'subjects.lack_capacity': 'Lack capacity', 'subjects.adult_at_risk': 'Adult at risk', 'individual.informed': 'Individuals informed',
  'individual.objected': 'Objection', 'consent.explicit': 'Explicit consent', 'consent.would_prejudice': 'Consent would prejudice', 'consent.practicable': 'Consent practicable',
  'gateway.s251': 's251 support', 'gateway.s251_ndoo_exempt': 's251 opt-out exemption', 'gateway.copi_reg3': 'COPI reg 3', 'gateway.legal_requirement': 'Legal requirement',
  'harm.serious': 'Serious harm', 'public_interest.decision': 'Public interest decision', 'controls.dpia': 'DPIA', 'controls.apd': 'Appropriate policy document',
  'controls.privacy_notice': 'Privacy notice', 'controls.need_to_know': 'Need to know', 'controls.staff_trained': 'Staff trained', 'controls.secure_transfer': 'Secure transfer',
  'controls.ndoo_applied': 'Opt-outs applied', 'controls.transfer_mechanism': 'Transfer mechanism', 'controls.transfer_assessment': 'Transfer assessment',
  'controls.processor_contract': 'Processor contract', 'controls.joint_arrangement': 'Joint controller arrangement', 'processing.new_technology': 'New technology',
  'processing.data_matching': 'Data matching', 'processing.automated_decisions': 'Automated decisions', 'processing.invisible': 'Invisible processing',
};
const KEYS = Object.keys(HEADINGS);
const ITEMS = [{ name: 'NHS number', justification: 'Consistent identifier' }, { name: 'Name and date of birth', justification: 'Confirms identity' }, { name: 'Diagnoses' }];
const WORDS = { true: ['yes', 'Yes', 'Y', 'TRUE'], false: ['no', 'No', 'N', 'FALSE'] };
const csvField = s => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const cellOf = v => (v === undefined ? '' : typeof v === 'boolean' ? pick(WORDS[v]) : Array.isArray(v)
  ? (typeof v[0] === 'string' ? v.join('; ') : v.map(i => (i.justification ? `${i.name}: ${i.justification}` : i.name)).join('\n'))
  : String(v).replace(/_/g, rand() < 0.3 ? ' ' : '_'));

/** Row i's facts (as the engine sees them) and its register cells. */
function flow(i) {
  const facts = { ...KINDS[Math.floor(rand() * KINDS.length)] };
  if (yes(0.15)) { const k = pick(LEGAL); facts[k] = typeof facts[k] === 'boolean' ? !facts[k] : facts[k]; }
  if (yes(0.08)) delete facts[pick(LEGAL)]; // a blank cell: unknown
  Object.assign(facts, {
    title: `Flow ${i}: ${(facts.purpose ?? "unstated").replace(/_/g, " ")} share`, 'discloser.name': `Organisation ${Math.floor(rand() * 2000)}`,
    'recipient.name': `Organisation ${Math.floor(rand() * 2000)}`, start_date: `20${20 + Math.floor(rand() * 6)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
    'data.items': ITEMS.slice(0, 1 + Math.floor(rand() * 3)),
  });
  facts.description = `${facts['sharing.frequency'] === 'routine' ? 'Routine' : 'One-off'} sharing from ${facts['discloser.name']} to ${facts['recipient.name']}, set up ${facts.start_date}, reviewed by the IG team.`;
  return { facts, cells: KEYS.map(k => (k === 'ref' ? `DF-${String(i).padStart(6, '0')}` : cellOf(facts[k]))) };
}


/**
 * Writes `rows` flows to `csv` (rows in `oddRows` with a stray quote in one cell) (and `xlsx` when given, with shared strings as Excel writes them) and
 * returns the first `keepFacts` rows' facts as the engine sees them.
 */
export async function writeRegister({ rows, csv, xlsx, keepFacts = 0, oddRows = [] }) {
  const odd = new Set(oddRows);
  const notes = KEYS.indexOf('description');
  seed = 20260401;
  KINDS.splice(0, KINDS.length, ...Array.from({ length: 400 }, kindOfFlow));
  const kept = [];
  const out = createWriteStream(csv);
  let wb, ws;
  if (xlsx) {
    const ExcelJS = (await import('exceljs')).default;
    wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: false });
    ws = wb.addWorksheet('Register');
    ws.addRow(KEYS.map(k => HEADINGS[k])).commit();
  }
  out.write(`${KEYS.map(k => csvField(HEADINGS[k])).join(',')}\r\n`);
  for (let i = 1; i <= rows; i++) {
    const { facts, cells } = flow(i);
    if (i <= keepFacts) kept.push(facts);
    if (ws) ws.addRow(cells.map(c => (c === '' ? null : c))).commit();
    // An odd record: one cell with a stray quote, as a hand-edited CSV has (csv-parse reads it as text).
    const line = cells.map((c, k) => (odd.has(i) && k === notes ? `${c.replace(/[",\n]/g, ' ')} (see "annex")` : csvField(c))).join(',');
    if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  if (wb) { ws.commit(); await wb.commit(); }
  return kept;
}
