// `igcheck register export --ropa`: the Article 30 record of processing, with the Data Security and
// Protection Toolkit's information asset register columns, one row per agreement or decision record
// in force in the decision register; as CSV and as an Excel workbook.
import type { Pack } from '../core/types.js';
import type { Labels } from '../docs/context.js';
import type { Organisation } from '../pack/config.js';
import { basesIn, list, str, type ProcessingRecord } from './records.js';

export interface RopaColumn { heading: string; /** What Art 30 or the DSPT asks for. */ source: string }

export const ROPA_COLUMNS: RopaColumn[] = [
  { heading: 'Reference', source: 'decision register entry' },
  { heading: 'Name of processing', source: 'Art 30(1)(b)' },
  { heading: 'Controller', source: 'Art 30(1)(a)' },
  { heading: 'ODS code', source: 'DSPT' },
  { heading: 'Controller contacts', source: 'Art 30(1)(a): controller, DPO' },
  { heading: 'Purpose', source: 'Art 30(1)(b); DSPT' },
  { heading: 'One-off or routine', source: 'DSPT' },
  { heading: 'Categories of individuals', source: 'Art 30(1)(c); DSPT' },
  { heading: 'Categories of personal data', source: 'Art 30(1)(c); DSPT' },
  { heading: 'Special category or criminal offence data', source: 'DSPT: sensitive data held and why' },
  { heading: 'Identifiability', source: 'ICO' },
  { heading: 'Recipients', source: 'Art 30(1)(d); DSPT' },
  { heading: 'Recipient role', source: 'Arts 26 and 28' },
  { heading: 'Article 6 basis', source: 'ICO: link to the lawful basis; DSPT' },
  { heading: 'Article 9 condition', source: 'ICO: link to the special category condition; DSPT' },
  { heading: 'Article 10 condition', source: 'ICO' },
  { heading: 'Common law basis', source: 'Common law duty of confidentiality' },
  { heading: 'National data opt-out', source: 'NDOO operational policy' },
  { heading: 'Transfers outside the UK', source: 'Art 30(1)(e); DSPT: where held, transferred overseas' },
  { heading: 'Transfer safeguard', source: 'Art 30(1)(e)' },
  { heading: 'Retention and disposal', source: 'Art 30(1)(f); DSPT' },
  { heading: 'Security measures', source: 'Art 30(1)(g)' },
  { heading: 'DPIA', source: 'ICO: link to the DPIA' },
  { heading: 'Agreement', source: 'DSPT: written DSA or contract in place' },
  { heading: 'Verdict', source: 'igcheck' },
  { heading: 'Open conditions', source: 'igcheck' },
  { heading: 'Start date', source: 'DSPT' },
  { heading: 'Agreement end date', source: 'DSPT: when the DSA ends' },
  { heading: 'Review date', source: 'DSPT' },
  { heading: 'Documents', source: 'decision register entry' },
  { heading: 'Note', source: 'igcheck' },
];

const yesNo = (v: unknown, yes: string, no: string, unknown = 'not recorded') => (v === true ? yes : v === false ? no : unknown);

export function ropaRow(r: ProcessingRecord, pack: Pack, labels: Labels, org?: Organisation): string[] {
  const f = r.facts;
  const e = r.state.entry;
  const lab = (group: string, v: string | undefined) => (v === undefined ? '' : labels[group]?.[v] ?? v.replace(/_/g, ' '));
  const discloser = str(f, 'discloser.name') ?? e.discloser ?? '';
  const ours = !!org && discloser === org.name;
  const contacts = (f['discloser.contacts'] && typeof f['discloser.contacts'] === 'object' ? f['discloser.contacts'] : ours ? org!.contacts : undefined) as Record<string, { name?: string; email?: string }> | undefined;
  const contactText = Object.entries(contacts ?? {}).map(([role, c]) => `${labels.contact_role?.[role] ?? role}: ${[c.name, c.email].filter(Boolean).join(', ')}`).join('; ');
  const cats = list(f, 'data.categories');
  const special = cats.filter(c => ['health', 'social_care', 'genetic', 'biometric', 'racial_ethnic', 'religious_belief', 'political_opinion', 'trade_union', 'sex_life', 'sexual_orientation'].includes(c));
  const subjects = [
    f['subjects.children'] === true ? 'children' : '', f['subjects.adult_at_risk'] === true ? 'adults at risk' : '',
    f['subjects.lack_capacity'] === true ? 'people who lack capacity' : '', f['subjects.deceased'] === true ? 'people who have died' : '',
  ].filter(Boolean);
  const location = str(f, 'recipient.location') ?? 'uk';
  const layerOf = (id: string) => r.decision?.layers.find(l => l.id === id);
  const optOut = layerOf('opt_out');
  const optOutText = !r.decision ? '' : optOut?.status === 'not_applicable' ? 'does not apply'
    : f['gateway.s251_ndoo_exempt'] === true ? 'not applied: the s251 approval exempts this flow'
      : f['controls.ndoo_applied'] === true || r.decision.conditions.some(c => c.id === 'apply-opt-outs') ? 'applied' : (optOut ? lab('layer_status', optOut.status) : '');
  const security = r.decision ? [
    yesNo(f['controls.secure_transfer'], 'secure transfer', 'transfer not yet secure'),
    yesNo(f['controls.need_to_know'], 'role-based access', 'access not yet limited by role'),
    yesNo(f['controls.staff_trained'], 'staff trained in confidentiality', 'staff not yet trained'),
    str(f, 'recipient.dspt') ? `recipient DSPT: ${lab('dspt', str(f, 'recipient.dspt'))}` : '',
  ].filter(x => x && x !== 'not recorded').join('; ') : '';
  const frequency = str(f, 'sharing.frequency');
  return [
    e.id,
    e.title,
    discloser,
    ours ? org!.ods_code ?? '' : '',
    contactText,
    [lab('purpose', str(f, 'purpose')), str(f, 'description')].filter(Boolean).join(': '),
    lab('frequency', frequency),
    subjects.length ? `includes ${subjects.join(', ')}` : (r.decision ? 'service users (no children, adults at risk or people lacking capacity recorded)' : ''),
    cats.map(c => lab('category', c)).join('; '),
    [special.length ? `special category: ${special.map(c => lab('category', c)).join(', ')}` : '', cats.includes('criminal_offence') ? 'criminal offence data' : ''].filter(Boolean).join('; ') || (r.decision ? 'none' : ''),
    lab('identifiability', str(f, 'data.identifiability')),
    [str(f, 'recipient.name') ?? e.recipient ?? '', str(f, 'recipient.type') ? `(${lab('org_type', str(f, 'recipient.type'))})` : ''].filter(Boolean).join(' '),
    lab('role', str(f, 'recipient.role') ?? (r.decision ? 'controller' : undefined)),
    basesIn(r, 'art6', pack).join('; '),
    basesIn(r, 'art9', pack).join('; '),
    basesIn(r, 'art10', pack).join('; '),
    basesIn(r, 'confidentiality', pack).join('; '),
    optOutText,
    r.decision ? (location === 'uk' ? 'none: processed in the UK' : lab('location', location)) : '',
    location === 'uk' ? '' : [basesIn(r, 'transfer', pack).join('; '), lab('transfer_mechanism', str(f, 'controls.transfer_mechanism'))].filter(Boolean).join('; '),
    str(f, 'controls.retention') ?? '',
    security,
    lab('dpia', str(f, 'controls.dpia')),
    frequency === 'one_off' ? 'decision record' : frequency === 'routine' ? 'data sharing agreement' : '',
    e.verdict.replace(/_/g, ' '),
    r.state.open.join('; '),
    str(f, 'start_date') ?? '',
    // A DSA runs until it is reviewed and renewed: its end date is its review date.
    frequency === 'one_off' ? '' : e.review_date,
    e.review_date,
    e.out_dir ?? '',
    [r.note ? `Facts not available: ${r.note}.` : '', r.state.entry.verdict === 'lawful' || r.state.entry.verdict === 'lawful_with_conditions' ? '' : 'Not cleared for sharing.'].filter(Boolean).join(' '),
  ];
}
