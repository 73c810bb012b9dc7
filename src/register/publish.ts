// `igcheck register publish DIR`: what the organisation shares, for the public (Caldicott principle 8;
// the practice of NHS England's data release register and trusts' "how we share your information"
// pages). Only routine sharing cleared by its assessment is listed. Never security details, anyone's
// e-mail address, or one-off disclosures about individuals.
import type { Pack } from '../core/types.js';
import type { Labels } from '../docs/context.js';
import type { Organisation } from '../pack/config.js';
import { basesIn, list, str, type ProcessingRecord } from './records.js';

export interface PublishedShare {
  reference: string;
  name: string;
  purpose: string;
  recipient: string;
  information: string;
  /** One sentence per layer of the law that applies: "Data protection: Public task (UK GDPR Art 6(1)(e))". */
  legal_basis: string[];
  opt_out: string;
  start: string;
  review: string;
}

export const PUBLISHED_COLUMNS: [keyof PublishedShare, string][] = [
  ['reference', 'Reference'], ['name', 'What is shared'], ['purpose', 'Why'], ['recipient', 'Who receives it'],
  ['information', 'Information shared'], ['legal_basis', 'Legal basis'], ['opt_out', 'National data opt-out'],
  ['start', 'Sharing started'], ['review', 'Next review'],
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** No e-mail address is ever published; a public route to object is a web page or a postal address. */
export const noEmail = (s: string) => s.replace(EMAIL, '[e-mail address removed]');

/** Whether an assessment is routine sharing cleared for use: the only kind a public register lists. */
export function publishable(r: ProcessingRecord): boolean {
  const v = r.state.entry.verdict;
  return !!r.decision && r.facts['sharing.frequency'] === 'routine' && (v === 'lawful' || v === 'lawful_with_conditions');
}

export function publishedShare(r: ProcessingRecord, pack: Pack, labels: Labels): PublishedShare {
  const f = r.facts;
  const lab = (group: string, v: string | undefined) => (v === undefined ? '' : labels[group]?.[v] ?? v.replace(/_/g, ' '));
  // The provision itself, without its amendments or sub-paragraphs: "UK GDPR Art 9(2)(h)".
  const short = (b: string) => b.replace(/ and \d+(?:\(\w+\))*(?=\))/, '');
  const law = ([
    ['Data protection', basesIn(r, 'art6', pack)],
    ['Health and other sensitive information', basesIn(r, 'art9', pack)],
    ['Information about offences', basesIn(r, 'art10', pack)],
    ['Confidentiality', basesIn(r, 'confidentiality', pack)],
  ] as [string, string[]][]).filter(([, b]) => b.length).map(([what, b]) => `${what}: ${b.map(short).join(', with ')}`);
  const optOut = r.decision!.layers.find(l => l.id === 'opt_out');
  const purpose = str(f, 'purpose');
  const optText = optOut?.status === 'not_applicable'
    ? (purpose === 'direct_care' ? 'Does not apply: the opt-out does not cover information shared for your own care.'
      : 'Does not apply to this sharing.')
    : f['gateway.s251_ndoo_exempt'] === true ? 'Not applied: the approval under section 251 of the NHS Act 2006 exempts this sharing.'
      : 'Applied: information about people who have opted out is not shared.';
  return {
    reference: r.state.entry.id,
    name: noEmail(r.state.entry.title),
    purpose: noEmail(lab('purpose', purpose).replace(/^./, c => c.toUpperCase())),
    recipient: noEmail([str(f, 'recipient.name') ?? r.state.entry.recipient ?? '', str(f, 'recipient.type') ? `(${lab('org_type', str(f, 'recipient.type'))})` : ''].filter(Boolean).join(' ')),
    information: list(f, 'data.categories').map(c => lab('category', c)).join('; ').replace(/^./, c => c.toUpperCase()),
    legal_basis: law,
    opt_out: optText,
    start: str(f, 'start_date') ?? '',
    review: r.state.entry.review_date,
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The page: one table, each share a row headed by its name; plain HTML and CSS, no script. */
export function publishedPage(shares: PublishedShare[], org: Organisation | undefined, asOf: string): string {
  const who = org?.name ?? 'This organisation';
  const object = org?.objections ? noEmail(org.objections) : `Contact ${who}'s Data Protection Officer.`;
  const cell = (s: PublishedShare, k: keyof PublishedShare): string => {
    const v = s[k];
    if (Array.isArray(v)) return v.length ? `<ul>${v.map(x => `<li>${esc(x)}</li>`).join('')}</ul>` : '<span class="none">Not recorded</span>';
    return esc(v) || '<span class="none">Not recorded</span>';
  };
  const rows = shares.map(s => `      <tr>
        <th scope="row"><span class="ref">${esc(s.reference)}</span> ${esc(s.name)}</th>
${PUBLISHED_COLUMNS.filter(([k]) => k !== 'reference' && k !== 'name').map(([k, h]) => `        <td data-label="${esc(h)}"${k === 'start' || k === 'review' ? ' class="date"' : ''}>${cell(s, k)}</td>`).join('\n')}
      </tr>`).join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>How ${esc(who)} shares your information</title>
<style>
  body { font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #0b0c0c; background: #fff; margin: 0; }
  header, main, footer { max-width: 80rem; margin: 0 auto; padding: 1rem 1.25rem; }
  header { border-bottom: 4px solid #005eb8; }
  h1 { font-size: 2rem; margin: .5rem 0; line-height: 1.2; }
  h2 { font-size: 1.4rem; margin-top: 2rem; }
  a { color: #005eb8; } a:focus { outline: 3px solid #ffb81c; background: #ffb81c; color: #0b0c0c; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  caption { text-align: left; font-weight: 600; padding: .5rem 0; }
  th, td { border: 1px solid #768692; padding: .5rem .6rem; text-align: left; vertical-align: top; }
  thead th { background: #e8edee; }
  tbody th { font-weight: 600; }
  .ref { display: block; font-weight: 400; color: #425563; font-size: .9rem; }
  .none { color: #425563; font-style: italic; }
  td.date { white-space: nowrap; }
  td ul { margin: 0; padding-left: 1.1rem; } td li + li { margin-top: .35rem; }
  .object { border-left: 6px solid #005eb8; padding: .5rem 1rem; background: #f0f4f5; }
  @media (max-width: 50rem) {
    thead { position: absolute; left: -9999px; }
    table, tbody, tr, th, td { display: block; width: auto; }
    tr { border: 1px solid #768692; margin-bottom: 1rem; }
    caption { display: block; }
    th, td { border: 0; border-top: 1px solid #d8dde0; }
    td::before { content: attr(data-label) ": "; font-weight: 600; }
  }
</style>
</head>
<body>
<header>
  <p>${esc(who)}</p>
  <h1>How we share your information</h1>
</header>
<main>
  <p>This page lists the regular sharing of personal information that ${esc(who)} has agreed with other organisations: why, with whom, the legal basis and whether the national data opt-out applies. It is updated whenever an agreement is made, changed or reviewed; it was last produced on ${esc(asOf)}. Single disclosures about one person (for example to the police or a court) are not listed.</p>
  <table>
    <caption>Sharing agreements in force (${shares.length})</caption>
    <thead>
      <tr>
        <th scope="col">What is shared</th>
${PUBLISHED_COLUMNS.filter(([k]) => k !== 'reference' && k !== 'name').map(([, h]) => `        <th scope="col">${esc(h)}</th>`).join('\n')}
      </tr>
    </thead>
    <tbody>
${rows || '      <tr><td colspan="8">No sharing agreements are in force.</td></tr>'}
    </tbody>
  </table>
  <h2 id="object">How to object or ask a question</h2>
  <div class="object">
    <p>You can ask how your information is used and, in many cases, object to it being shared. ${esc(object)}</p>
    <p>You can also choose whether your confidential patient information is used for research and planning: see <a href="https://www.nhs.uk/your-nhs-data-matters/">Your NHS data matters</a>. If you are unhappy with how we handle your information you can complain to the <a href="https://ico.org.uk/make-a-complaint/">Information Commissioner's Office</a>.</p>
  </div>
</main>
<footer>
  <p>A CSV copy of this table is published beside this page (sharing-register.csv).</p>
</footer>
</body>
</html>
`;
}
