// `igcheck status DIR`: who has signed an agreement and who is outstanding, per party and role.
import { existsSync } from 'node:fs';
import { CheckFailed, UsageError } from '../errors.js';
import { style, sym } from '../cli/style.js';
import { jsonText, visible, visibleDeep } from '../io/term.js';
import { agreementStatus, type AgreementStatus } from './agreement.js';
import { ROLE_LABEL, partyRoleText, readPackRoster } from './roster.js';
import { verifyDir } from './verify.js';
import { registerProblems } from './pending.js';

export interface StatusOptions { json?: boolean; register?: string }

/** Exit 0 when every current party's required roles have signed; 1 when any is outstanding or the pack does not verify. */
export function runStatus(dir: string, o: StatusOptions): number {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such directory`);
  const v = verifyDir(dir);
  if (!v.ok) throw new CheckFailed(`${dir} does not verify, so its signatures cannot be counted`, [...v.problems, 'Run `igcheck verify` for the details.']);
  const roster = readPackRoster(dir);
  if (!roster) {
    // The usual pack between two organisations: signed means complete.
    const signers = v.signers.filter(s => s.valid).map(s => ({ name: s.statement?.name ?? s.name, role: s.statement?.role ?? 'not stated', organisation: s.statement?.organisation ?? 'not stated' }));
    if (o.json) process.stdout.write(`${jsonText({ dir, roster: false, complete: true, signers })}\n`);
    else {
      process.stdout.write(`${style.bold(visible(v.manifest?.title || dir))}\n${style.dim('No roster of parties (no parties: in answers.yaml): an agreement between two organisations, complete once signed.')}\n\n`);
      for (const s of signers) process.stdout.write(`  ${sym.ok()} ${visible(`${s.name}, ${s.role}, ${s.organisation}`)}\n`);
    }
    return 0;
  }
  const st = agreementStatus(v, roster);
  st.problems.push(...registerProblems(dir, v, o.register).problems);
  if (st.problems.length) throw new CheckFailed(`${dir}: the parties' joining and leaving do not fit the roster`, st.problems);
  if (o.json) process.stdout.write(`${jsonText({ dir, roster: true, ...st })}\n`);
  else process.stdout.write(`${renderStatus(visibleDeep(st), visible(dir))}\n`);
  return st.complete ? 0 : 1;
}

const when = (iso: string) => iso.slice(0, 10);

/** The status at a terminal: a summary line, then each party with each role signed or outstanding. */
export function renderStatus(st: AgreementStatus, dir: string): string {
  const current = st.parties.filter(p => !p.left);
  const done = current.filter(p => p.complete).length;
  const left = st.parties.length - current.length;
  const out = [
    style.bold(st.title || dir),
    style.dim(`schedule version ${st.schedule_version}; ${st.current} parties${left ? ` (and ${left} that left)` : ''}`),
    st.complete
      ? `${sym.ok()} ${style.good('Complete')}: every party has signed in every required role.`
      : `${sym.fail()} ${style.bad('Outstanding')}: ${done} of ${current.length} parties complete; ${st.outstanding.length} signature${st.outstanding.length === 1 ? '' : 's'} still to come.`,
    '',
  ];
  const width = Math.max(...st.parties.flatMap(p => p.roles.map(r => r.label.length)), 4);
  for (const p of st.parties) {
    const head = `${p.left ? sym.na() : p.complete ? sym.ok() : sym.fail()} ${style.bold(p.name)} ${style.dim(`(${p.id}${p.ods ? `, ODS ${p.ods}` : ''}; ${partyRoleText(p.role)}${p.joined_version > 1 ? `; joined in version ${p.joined_version}` : ''})`)}${p.leaving ? style.warn(`  leaves on ${p.leaving.date}${p.leaving.reason ? `: ${p.leaving.reason}` : ''}`) : ''}`;
    if (p.left) {
      out.push(style.dim(`${head}  left ${p.left.date}${p.left.reason ? `: ${p.left.reason}` : ''}`));
      continue;
    }
    out.push(head);
    for (const r of p.roles) {
      const label = r.label.padEnd(width);
      if (r.signed) out.push(`    ${label}  ${style.good('signed')} by ${r.signed.name}, ${when(r.signed.date)}`);
      else {
        const c = r.contact ? [r.contact.name, r.contact.email].filter(Boolean).join(', ') : '';
        out.push(`    ${label}  ${style.bad('outstanding')}${c ? style.dim(`  (ask ${c})`) : ''}`);
      }
    }
  }
  if (st.outstanding.length) {
    const first = st.outstanding[0];
    out.push('', style.heading('To sign'), 'Each signatory signs with a key of their own (igcheck keygen), for their party and role:',
      `  igcheck sign ${dir} --party ${first.party} --role ${first.role} --signer "FULL NAME"`);
    if (st.outstanding.some(x => x.signs !== 'manifest.json')) out.push(style.dim('A party that joined later signs its join addendum; igcheck sign finds it.'));
  }
  if (st.others.length) {
    out.push('', style.dim('Also signed (not a party role):'));
    for (const s of st.others) out.push(style.dim(`  ${s.name}, ${s.role}, ${s.organisation} (${s.where})`));
  }
  return out.join('\n');
}

/** The lines verify adds for an agreement between many organisations. */
export function incompleteLines(st: AgreementStatus): string[] {
  const byParty = new Map<string, string[]>();
  for (const x of st.outstanding) byParty.set(x.name, [...(byParty.get(x.name) ?? []), ROLE_LABEL[x.role]]);
  return [...byParty].map(([name, roles]) => `  ${name}: ${roles.join(', ')}`);
}

