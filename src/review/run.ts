// The `igcheck review` adapter: verify the register, then list reviews due, open conditions and
// the agreements whose answer the current rule packs would change; optionally write an .ics file.
import { writeFile } from '../io/write.js';
import { CheckFailed, UsageError } from '../errors.js';
import { resolvePacks } from '../pack/resolve.js';
import { readRegister, registerPath } from '../register/store.js';
import { registerState } from '../register/state.js';
import { checkDate, today } from '../load/values.js';
import { dueDpias, dueReviews, openConditions, parseWithin } from './due.js';
import { ruleChangeImpact } from './impact.js';
import { renderReview } from './render.js';
import { signingReview } from '../sign/pending.js';
import { visibleDeep, jsonText } from '../io/term.js';

export interface ReviewOptions {
  register?: string;
  within?: string;
  json?: boolean;
  ics?: string;
  rules?: string[];
  config?: boolean;
  asOf?: string;
  impact?: boolean;
}

export async function runReview(opts: ReviewOptions): Promise<number> {
  const asOf = checkDate(opts.asOf, '--as-of') ?? today();
  const within = parseWithin(opts.within ?? '30d');
  const path = registerPath(opts.register);
  const v = readRegister(path);
  if (!v.exists) throw new UsageError(`no decision register at ${path}`, 'It is created by `igcheck assess --out DIR`; set IGCHECK_REGISTER or pass --register FILE to use another.');
  if (!v.ok) throw new CheckFailed(`the decision register ${path} does not verify: ${v.problem!.message}`, ['A review built on a tampered register could miss agreements. Run `igcheck register verify`.']);
  const state = registerState(v.entries);

  const due = dueReviews(state, asOf, within);
  const open = openConditions(state);
  const pack = opts.impact === false ? undefined : await resolvePacks(opts);
  const impact = pack ? await ruleChangeImpact(path, state, pack, asOf) : undefined;

  if (opts.ics) {
    const { reviewCalendar } = await import('./ics.js');
    // Written whole (src/io/write.ts), so a calendar import never sees half a file.
    writeFile(opts.ics, reviewCalendar(state));
  }

  const report = {
    register: path,
    as_of: asOf,
    within_days: within,
    agreements: state.current.length,
    due,
    dpias_due: dueDpias(state, asOf, within),
    open_conditions: open,
    // Recorded, but the assessment did not clear the sharing: it should not be going ahead yet.
    not_cleared: state.current.filter(a => a.entry.verdict !== 'lawful' && a.entry.verdict !== 'lawful_with_conditions')
      .map(a => ({ id: a.entry.id, title: a.entry.title, verdict: a.entry.verdict })),
    impact: impact ? { packs: pack!.sources.map(s => `${s.name} ${s.version}`), ...impact } : null,
    // Agreements between many organisations: parties yet to sign, flows whose party joined or left.
    signing: signingReview(path, state, v.entries, asOf),
    ics: opts.ics ?? null,
  };
  if (opts.json) process.stdout.write(`${jsonText(report)}\n`);
  else process.stdout.write(`${renderReview(visibleDeep(report))}\n`);
  // A finding (exit 1): an overdue review, or an agreement whose answer has changed or cannot be re-checked.
  const finding = due.some(d => d.overdue) || report.dpias_due.some(d => d.overdue) || !!impact?.changed.length || !!impact?.unreadable.length;
  return finding ? 1 : 0;
}
