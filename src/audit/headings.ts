// Register headings → facts: the default mapping (headings as IG teams write them), --map files,
// and the resolution of a sheet's header row. Case, spaces and punctuation never matter.
import type { FactDef } from '../core/types.js';
import { distance, suggest } from '../load/suggest.js';

/**
 * How a free-text column is read into its fact: a list of category words ("names, addresses"), the
 * answer to "Overseas?" (no means the UK), or a transfer method ("NHSmail", "fax").
 */
export type FreeReading = 'categories' | 'overseas' | 'transfer_method';

/** Register information that is not a fact the rules read, kept for the completion workbook and records. */
export type InfoField = 'asset' | 'owner' | 'dsa' | 'dsa_end' | 'subjects' | 'notes';

/**
 * What a column holds: a fact (or a field under a contacts fact), the flow's own reference, the
 * basis the organisation claims for one layer of the law (`layer` absent: any layer), register
 * information that is no fact, or nothing.
 */
export type Target = { kind: 'fact'; path: string; fact: FactDef; reading?: FreeReading } | { kind: 'ref' } | { kind: 'ignore' }
  | { kind: 'claim'; layer?: string } | { kind: 'info'; field: InfoField };

/**
 * Columns stating the basis relied on, per layer of the law (the layer ids of the built-in pack;
 * `claim` is any layer, each claim placed by what it names). `--map` targets: `claim.art6`, `claim`.
 */
export const CLAIM_HEADINGS: Record<string, string[]> = {
  art6: ['Lawful basis (Art 6)', 'Lawful basis', 'Article 6 basis', 'Art 6 basis', 'Art 6', 'Article 6', 'UK GDPR Article 6', 'Article 6 lawful basis', 'Lawful basis for processing'],
  art9: ['Condition (Art 9)', 'Article 9 condition', 'Art 9 condition', 'Art 9', 'Article 9', 'Special category condition', 'Schedule 1 condition', 'Sch 1 condition', 'Art 9 and Sch 1 condition', 'Special category data condition'],
  art10: ['Condition (Art 10)', 'Article 10 condition', 'Art 10 condition', 'Art 10', 'Criminal offence data condition'],
  confidentiality: ['Common law basis', 'Common law duty of confidentiality', 'Duty of confidentiality', 'Confidentiality basis', 'CLDC basis', 'Common law', 'Common law legal basis'],
  transfer: ['Transfer safeguard', 'International transfer safeguard', 'Overseas transfer safeguard', 'Transfer safeguards', 'Restricted transfer safeguard'],
  '': ['Legal basis', 'Legal bases', 'Lawful bases', 'Basis for sharing', 'Legal basis for sharing'],
};

/** Headings of register information that is no fact; `--map` targets: `info.asset` and so on. */
export const INFO_HEADINGS: Record<InfoField, string[]> = {
  asset: ['Asset', 'Information asset', 'Information asset name', 'System', 'Asset name'],
  owner: ['IAO', 'Information asset owner', 'Asset owner', 'Owner', 'IAA', 'Information asset administrator'],
  dsa: ['DSA in place', 'Data sharing agreement', 'DSA', 'Agreement in place', 'Contract or DSA in place', 'DSA or contract in place', 'ISA in place'],
  dsa_end: ['DSA end date', 'Agreement end date', 'DSA expiry', 'DSA expiry date', 'Contract end date', 'End date'],
  subjects: ['Data subjects', 'Categories of data subjects', 'Categories of individuals', 'Whose data'],
  notes: ['Notes', 'Comments', 'RAG', 'RAG status', 'Actions', 'Register row', 'Still to answer'],
};

/** Free-text headings read into a fact their own way (see FreeReading). */
export const FREE_HEADINGS: Record<string, { fact: string; reading: FreeReading; headings: string[] }> = {
  categories: { fact: 'data.categories', reading: 'categories', headings: ['Personal data categories', 'Categories of personal data', 'Data types', 'Data shared', 'Information shared', 'Personal data', 'Data categories shared'] },
  overseas: { fact: 'recipient.location', reading: 'overseas', headings: ['Overseas', 'Transferred overseas', 'Overseas transfer', 'Outside UK', 'Processed outside the UK', 'International transfer', 'Stored outside the UK'] },
  transfer_method: { fact: 'controls.secure_transfer', reading: 'transfer_method', headings: ['Transfer method', 'Method of transfer', 'How shared', 'Transfer mechanism used', 'Means of transfer', 'Method of sharing'] },
};

/** The flow's reference column (not a fact: it only identifies the row in the results). */
export const REF_HEADINGS = ['Flow ID', 'Flow ref', 'Reference', 'Ref', 'ID', 'Flow number', 'ROPA ref'];

/**
 * Default headings per fact; the first is the one `--template` writes. A column may also be headed
 * by the fact's own id (`recipient.type`, `Recipient type`, `recipient_type` all match).
 */
export const DEFAULT_HEADINGS: Record<string, string[]> = {
  title: ['Flow name', 'Title', 'Data flow', 'Name of flow', 'Flow'],
  description: ['Description', 'Description of flow', 'Details'],
  jurisdiction: ['Jurisdiction', 'Country'],
  purpose: ['Purpose', 'Purpose of sharing', 'Purpose of the flow', 'Purpose category', 'Purpose of processing', 'Reason for sharing'],
  'sharing.frequency': ['Frequency', 'Sharing frequency', 'One-off or routine'],
  'sharing.emergency': ['Emergency', 'Life-threatening emergency'],
  'discloser.name': ['Sending organisation', 'Sent from', 'Sender', 'Discloser', 'Disclosing organisation', 'From organisation', 'Source organisation', 'Data provider', 'Provider organisation'],
  'discloser.type': ['Sending organisation type', 'Sender type', 'Discloser type', 'Disclosing organisation type', 'Source organisation type', 'Organisation type'],
  'discloser.publicly_funded_care': ['Sender publicly funded care', 'Discloser publicly funded care'],
  'recipient.name': ['Receiving organisation', 'Sent to', 'Shared with organisation', 'Recipients', 'Recipient(s)', 'Recipient', 'Recipient organisation', 'To organisation', 'Destination organisation', 'Data recipient', 'Shared with'],
  'recipient.type': ['Receiving organisation type', 'Recipient type', 'Recipient organisation type', 'Destination organisation type'],
  'recipient.role': ['Recipient role', 'Controller or processor', 'Role of recipient'],
  'recipient.publicly_funded_care': ['Recipient publicly funded care'],
  'recipient.provides_care': ['Recipient provides care', 'Care relationship', 'Legitimate care relationship'],
  'recipient.location': ['Recipient location', 'Processing location', 'Location of processing', 'Data location'],
  'recipient.dspt': ['Recipient DSPT', 'DSPT status', 'DSPT', 'Recipient DSPT status'],
  'data.identifiability': ['Identifiability', 'Data identifiability', 'Level of identifiability', 'Identifiable, pseudonymised or anonymised'],
  'data.categories': ['Data categories', 'Categories of data', 'Type of data'],
  'data.nhs_number': ['NHS number', 'NHS number included', 'Includes NHS number'],
  'data.recipient_can_reidentify': ['Recipient can re-identify', 'Re-identification possible'],
  'data.large_scale': ['Large scale', 'Large-scale processing'],
  'data.items': ['Data items', 'Data fields', 'Data items and justification', 'Fields shared'],
  'subjects.children': ['Children', 'Includes children', "Children's data"],
  'subjects.deceased': ['Deceased', 'Deceased persons'],
  'subjects.lack_capacity': ['Lack capacity', 'Lacks capacity'],
  'subjects.adult_at_risk': ['Adult at risk', 'Adults at risk'],
  'individual.informed': ['Individuals informed', 'Informed', 'Patients informed', 'Reasonable expectations'],
  'individual.objected': ['Objection', 'Individual objected', 'Patient objected', 'Objected'],
  'individual.best_interests': ['Best interests decision', 'Best interests'],
  'individual.contract': ['Contract with the individual'],
  'consent.explicit': ['Explicit consent', 'Consent obtained', 'Consent'],
  'consent.would_prejudice': ['Consent would prejudice', 'Asking consent would prejudice'],
  'consent.practicable': ['Consent practicable', 'Consent feasible'],
  'gateway.s251': ['s251 support', 's251', 'Section 251', 'CAG approval'],
  'gateway.s251_ndoo_exempt': ['s251 opt-out exemption', 'NDOO exempt', 'Opt-out exemption'],
  'gateway.copi_reg3': ['COPI reg 3', 'COPI notice', 'COPI regulation 3'],
  'gateway.legal_requirement': ['Legal requirement', 'Statutory requirement'],
  'gateway.legal_requirement_ref': ['Legal requirement reference', 'Statutory reference'],
  'harm.serious': ['Serious harm', 'Prevents serious harm'],
  'public_interest.decision': ['Public interest decision', 'Caldicott Guardian decision', 'CG decision'],
  'controls.dpia': ['DPIA', 'DPIA status', 'DPIA completed'],
  'controls.apd': ['Appropriate policy document', 'APD'],
  'controls.privacy_notice': ['Privacy notice', 'Privacy notice updated', 'Privacy information'],
  'controls.need_to_know': ['Need to know', 'Role-based access', 'Access controls'],
  'controls.staff_trained': ['Staff trained', 'Confidentiality training'],
  'controls.secure_transfer': ['Secure transfer', 'Transfer method secure'],
  'controls.ndoo_applied': ['Opt-outs applied', 'National data opt-out applied', 'NDOO applied'],
  'controls.transfer_mechanism': ['Transfer mechanism', 'International transfer mechanism'],
  'controls.transfer_assessment': ['Transfer assessment', 'Transfer risk assessment', 'TRA'],
  'controls.processor_contract': ['Processor contract', 'Article 28 contract', 'Data processing contract'],
  'controls.joint_arrangement': ['Joint controller arrangement', 'Article 26 arrangement'],
  'controls.retention': ['Retention', 'Retention period', 'Retention and disposal', 'Retention schedule'],
  'processing.new_technology': ['New technology', 'Innovative technology'],
  'processing.data_matching': ['Data matching', 'Data linkage'],
  'processing.automated_decisions': ['Automated decisions', 'Profiling'],
  'processing.invisible': ['Invisible processing'],
  start_date: ['Start date', 'Date started', 'Flow start date', 'DSA start date'],
  review_date: ['Review date', 'Next review', 'Next review date', 'Date of next review'],
};

/** `Recipient DSPT`, `recipient_dspt` and `recipient.dspt` all normalise to `recipientdspt`. */
export const normalise = (h: string) => h.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');

/** A user's --map file: heading → fact path, `ref` or `ignore`. */
export type UserMap = Record<string, string>;

export interface HeadingTable {
  /** Normalised heading → target. */
  byHeading: Map<string, Target>;
  /** Fact id → the heading `--template` writes for it. */
  templateHeading: Map<string, string>;
}

/** Build the lookup from the vocabulary, the defaults and a user's map (which wins). */
export function headingTable(vocabulary: FactDef[], userMap: UserMap = {}): { table: HeadingTable; problems: { heading: string; message: string }[] } {
  const byId = new Map(vocabulary.map(f => [f.id, f]));
  const byHeading = new Map<string, Target>();
  const templateHeading = new Map<string, string>();
  const problems: { heading: string; message: string }[] = [];
  for (const h of REF_HEADINGS) byHeading.set(normalise(h), { kind: 'ref' });
  for (const f of vocabulary) {
    byHeading.set(normalise(f.id), { kind: 'fact', path: f.id, fact: f });
    const defaults = DEFAULT_HEADINGS[f.id] ?? [];
    for (const h of defaults) byHeading.set(normalise(h), { kind: 'fact', path: f.id, fact: f });
    templateHeading.set(f.id, defaults[0] ?? f.id);
  }
  for (const [layer, hs] of Object.entries(CLAIM_HEADINGS)) {
    const target: Target = layer ? { kind: 'claim', layer } : { kind: 'claim' };
    for (const h of hs) byHeading.set(normalise(h), target);
  }
  for (const [field, hs] of Object.entries(INFO_HEADINGS)) for (const h of hs) byHeading.set(normalise(h), { kind: 'info', field: field as InfoField });
  for (const { fact, reading, headings } of Object.values(FREE_HEADINGS)) {
    const f = byId.get(fact);
    if (f) for (const h of headings) if (!byHeading.has(normalise(h))) byHeading.set(normalise(h), { kind: 'fact', path: fact, fact: f, reading });
  }
  for (const [heading, to] of Object.entries(userMap)) {
    const target = resolveTarget(String(to), byId);
    if (typeof target === 'string') problems.push({ heading, message: target });
    else byHeading.set(normalise(heading), target);
  }
  return { table: { byHeading, templateHeading }, problems };
}

/** `recipient.type`, `discloser.contacts.dpo.email`, `ref` or `ignore`; an error message otherwise. */
function resolveTarget(to: string, byId: Map<string, FactDef>): Target | string {
  if (to === 'ref') return { kind: 'ref' };
  if (to === 'ignore') return { kind: 'ignore' };
  if (to === 'claim') return { kind: 'claim' };
  if (to.startsWith('claim.')) return { kind: 'claim', layer: to.slice('claim.'.length) };
  if (to.startsWith('info.') && to.slice(5) in INFO_HEADINGS) return { kind: 'info', field: to.slice(5) as InfoField };
  const free = Object.values(FREE_HEADINGS).find(f => to === `${f.fact}:${f.reading}`);
  if (free && byId.has(free.fact)) return { kind: 'fact', path: free.fact, fact: byId.get(free.fact)!, reading: free.reading };
  const direct = byId.get(to);
  if (direct) return { kind: 'fact', path: to, fact: direct };
  // A field under a contacts fact: discloser.contacts.dpo.email
  const parts = to.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const f = byId.get(parts.slice(0, i).join('.'));
    if (f?.type === 'contacts') return { kind: 'fact', path: to, fact: f };
  }
  const s = suggest(to, [...byId.keys()]);
  return `maps to unknown fact ${JSON.stringify(to)}${s ? `; did you mean \`${s}\`?` : ''} (or \`ref\`, \`ignore\`, \`claim.LAYER\`, \`info.${Object.keys(INFO_HEADINGS).join('|')}\`)`;
}

export interface Column { index: number; heading: string; letter: string; target: Target }

/** A column's spreadsheet letter: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface ResolvedHeader {
  columns: Column[];
  /** Problems that make the register unusable (a misspelt heading, a fact in two columns). */
  errors: string[];
  /** Headings left out on purpose or with no likely match (notes columns and the like). */
  ignored: string[];
}

/** Resolve a header row. A heading close to a known one is an error: a typo would silently lose a fact. */
export function resolveHeader(headings: string[], table: HeadingTable): ResolvedHeader {
  const columns: Column[] = [];
  const errors: string[] = [];
  const ignored: string[] = [];
  const seen = new Map<string, Column>();
  const known = [...table.byHeading.keys()];
  headings.forEach((raw, index) => {
    const heading = String(raw ?? '').trim();
    const letter = columnLetter(index);
    if (!heading) { columns.push({ index, heading, letter, target: { kind: 'ignore' } }); return; }
    const target = table.byHeading.get(normalise(heading));
    if (!target) {
      const s = nearHeading(normalise(heading), known);
      if (s) errors.push(`column ${letter} ${JSON.stringify(heading)}: unknown heading; did you mean ${JSON.stringify(displayOf(s, table))}? (map it with --map, or map it to \`ignore\`)`);
      else ignored.push(`${letter} ${JSON.stringify(heading)}`);
      columns.push({ index, heading, letter, target: { kind: 'ignore' } });
      return;
    }
    const key = target.kind === 'fact' ? target.path : target.kind === 'claim' ? `claim.${target.layer ?? ''}` : target.kind === 'info' ? `info.${target.field}` : target.kind;
    // Several notes or general legal-basis columns are fine; two columns for one fact or claim are not.
    const dup = target.kind !== 'ignore' && key !== 'info.notes' && key !== 'claim.' ? seen.get(key) : undefined;
    if (dup) errors.push(`columns ${dup.letter} ${JSON.stringify(dup.heading)} and ${letter} ${JSON.stringify(heading)} both hold ${target.kind === 'fact' ? `\`${key}\`` : target.kind === 'ref' ? 'the flow reference' : `\`${key}\``}`);
    const col = { index, heading, letter, target };
    if (target.kind !== 'ignore') seen.set(key, col);
    columns.push(col);
  });
  if (!columns.some(c => c.target.kind === 'fact')) errors.push('no column heading matches a fact; `igcheck audit --template` writes a register with the expected headings');
  return { columns, errors, ignored };
}

function displayOf(norm: string, table: HeadingTable): string {
  const t = table.byHeading.get(norm);
  const all = [...REF_HEADINGS, ...Object.values(DEFAULT_HEADINGS).flat(), ...Object.values(CLAIM_HEADINGS).flat(),
    ...Object.values(INFO_HEADINGS).flat(), ...Object.values(FREE_HEADINGS).flatMap(f => f.headings)];
  return all.find(h => normalise(h) === norm) ?? (t?.kind === 'fact' ? t.path : norm);
}

/** Stricter than suggest(): short headings like "RAG" or "Notes" must not look like typos of "Ref" or "NDOO". */
function nearHeading(norm: string, known: string[]): string | undefined {
  if (!norm) return undefined;
  // Four letters or fewer ("DPA", "RAG") are abbreviations, not typos of "DPIA" or "Ref".
  if (norm.length <= 4) return undefined;
  const limit = Math.max(1, Math.floor(norm.length / 4));
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(norm, k);
    if (d < bestD) { best = k; bestD = d; }
  }
  return bestD <= limit ? best : undefined;
}
