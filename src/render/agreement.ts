// An agreement between many parties in a terminal: the verdict (the weakest flow's), the party-by-layer
// matrix as one line a party, and what each party must do.
import { style, sym } from '../cli/style.js';
import type { AgreementDecision, MatrixCell } from '../parties/decide.js';
import { matrixLayers } from '../parties/agreement.js';
import { verdictBadge } from './terminal.js';
import { verdictLabel } from '../core/words.js';

const mark = (c: MatrixCell | undefined) => {
  switch (c?.status) {
    case 'met': return sym.ok();
    case 'review': return sym.review();
    case 'not_met': return sym.fail();
    case 'unknown': return sym.unknown();
    default: return sym.na();
  }
};

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

export function renderAgreement(a: AgreementDecision, title: string): string {
  const out: string[] = [];
  const active = a.roster.parties.filter(p => !p.left);
  out.push(`${verdictBadge(a.verdict)} ${style.bold(title)}`);
  out.push(`  ${active.length} parties, ${a.flows.length} flows decided; the agreement is as strong as its weakest flow${a.weakest ? ` (${a.weakest.flow.id} to ${a.weakest.to.name}: ${verdictLabel(a.weakest.decision.verdict)})` : ''}.`);
  out.push('');
  const layers = matrixLayers(a);
  out.push(style.heading('Parties by layer'));
  const width = Math.min(32, Math.max(...a.matrix.map(r => r.party.id.length)));
  const cols = layers.map(l => l.id.padEnd(8));
  out.push(`  ${''.padEnd(width)}  ${cols.join('  ')}`);
  for (const r of a.matrix) {
    const cells = layers.map(l => {
      const c = r.cells[l.id];
      const s = `${mark(c)}${c?.unsettled.length ? '†' : ''}`;
      return s + ' '.repeat(Math.max(0, Math.max(8, l.id.length) - plain(s).length));
    });
    const basis = r.cells.art6?.bases.join(' + ');
    out.push(`  ${r.party.id.padEnd(width)}  ${cells.join('  ')}  ${r.verdict === 'none' ? style.dim('receives only') : verdictLabel(r.verdict)}${basis ? style.dim(` (${basis})`) : ''}`);
  }
  const unsettled = [...new Set(a.matrix.flatMap(r => Object.values(r.cells).flatMap(c => c.unsettled)))];
  if (unsettled.length) out.push('', `  † ${unsettled.join('\n  † ')}`);
  out.push('');
  out.push(style.heading('What each party must do'));
  for (const d of a.duties) {
    if (d.party.left) continue;
    const items = [...d.conditions.map(c => `${sym.cond()} ${c.title}`), ...d.blocking.map(b => `${sym.fail()} ${b.flow} to ${b.to}: ${verdictLabel(b.verdict)}`)];
    out.push(`  ${style.bold(d.party.name)}${items.length ? '' : style.dim(': nothing beyond the common terms')}`);
    for (const i of items) out.push(`    ${i}`);
  }
  return out.join('\n');
}
