// The decision in a terminal: verdict first, then each layer, conditions, routes, Caldicott, missing facts.
import { style, sym } from '../cli/style.js';
import { describeTest } from '../core/condition.js';
import { basesOn } from '../core/evaluate.js';
import { verdictLabel } from '../core/words.js';
import type { Decision, Facts, LayerResult, Pack, Trace, Verdict } from '../core/types.js';

const VERDICT_LABEL = (v: Verdict) => verdictLabel(v).toUpperCase();

export function verdictBadge(v: Verdict): string {
  const label = ` ${VERDICT_LABEL(v)} `;
  if (v === 'lawful') return style.good(style.bold(label));
  if (v === 'lawful_with_conditions' || v === 'needs_review') return style.warn(style.bold(label));
  if (v === 'not_lawful') return style.bad(style.bold(label));
  return style.info(style.bold(label));
}

function layerSymbol(l: LayerResult): string {
  switch (l.status) {
    case 'met': return sym.ok();
    case 'review': return sym.review();
    case 'not_met': return sym.fail();
    case 'unknown': return sym.unknown();
    default: return sym.na();
  }
}

const wrap = (text: string, indent: number, width = Math.min(process.stdout.columns || 100, 100)): string => {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width - indent) { lines.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map(l => ' '.repeat(indent) + l).join('\n');
};

export function renderDecision(d: Decision, pack: Pack, facts: Facts, opts: { explain?: boolean } = {}): string {
  const out: string[] = [];
  const title = typeof facts.title === 'string' ? facts.title : 'Proposed share';
  out.push(`${verdictBadge(d.verdict)} ${style.bold(title)}`);
  out.push(wrap(d.summary, 2));
  out.push('');

  out.push(style.heading('Layers'));
  const basesById = basesOn(pack, d.as_of);
  for (const l of d.layers) {
    if (l.id === 'scope' && l.status === 'met') continue;
    const chosen = l.chosen.map(id => basesById.get(id)).filter(Boolean);
    const head = chosen.length ? chosen.map(b => b!.title).join(' + ') : statusWords(l);
    out.push(`${layerSymbol(l)} ${style.bold(l.title)}: ${head}`);
    if (chosen.length) out.push(style.info(wrap(chosen.map(b => b!.citation).join('; '), 4)));
    if (l.status !== 'not_applicable') out.push(style.dim(wrap(l.reason, 4)));
    if (l.status === 'unknown' && l.missing.length) out.push(wrap(`Depends on: ${l.missing.join(', ')}`, 4));
    if (opts.explain && l.status !== 'not_applicable') {
      for (const o of l.options) out.push(`    ${o.status === 'met' ? sym.ok() : o.status === 'unknown' ? sym.unknown() : sym.fail()} ${o.id}${o.companion ? ` + ${o.companion}` : ''} ${style.dim(o.citation)}\n${renderTrace(o.trace, 8)}`);
    }
  }
  out.push('');

  if (d.conditions.length) {
    out.push(style.heading(`Conditions (${d.conditions.length})`));
    for (const c of d.conditions) {
      out.push(`${sym.cond()} ${style.bold(c.title)} ${style.code(c.id)}${c.owner ? style.dim(` · ${c.owner}`) : ''}`);
      out.push(wrap(c.reason, 4));
      out.push(style.dim(wrap(c.citation, 4)));
    }
    out.push('');
  }
  if (d.routes.length) {
    out.push(style.heading('Routes to lawfulness'));
    for (const r of d.routes) {
      out.push(`${sym.bullet()} ${style.bold(r.title)} ${style.code(r.id)}`);
      out.push(wrap(r.reason, 4));
    }
    out.push('');
  }
  if (d.dpia && d.dpia.outcome !== 'not_required') {
    // The DPIA screening (src/dpia): which criteria fired, or what would settle it.
    out.push(style.heading('DPIA screening'));
    const words = { required: 'A DPIA is required', likely: 'A DPIA is likely to be required', undetermined: 'Not yet known whether a DPIA is required', not_required: '' };
    out.push(`${d.dpia.outcome === 'undetermined' ? sym.unknown() : sym.cond()} ${style.bold(words[d.dpia.outcome])}`);
    for (const c of d.dpia.fired.filter(x => x.family !== 'edpb')) { out.push(wrap(c.description, 4)); out.push(style.dim(wrap(c.citation, 6))); }
    if (d.dpia.edpb_met) out.push(wrap(`${d.dpia.edpb_met} of the EDPB's nine criteria met (WP248 rev.01; two or more: likely required)`, 4));
    if (d.dpia.outcome === 'undetermined' && d.dpia.missing.length) out.push(wrap(`depends on ${d.dpia.missing.join(', ')}`, 4));
    out.push('');
  }
  if (d.missing.length) {
    out.push(style.heading('Missing facts'));
    const defs = new Map(pack.facts.map(f => [f.id, f]));
    for (const m of d.missing) out.push(`${sym.bullet()} ${style.code(m)}: ${defs.get(m)?.description ?? ''}`);
    out.push(style.dim('  Add them to the answers file, or run `igcheck assess` in a terminal to be asked.'));
    out.push('');
  }
  if (d.undetermined.length) {
    out.push(style.heading('Conditions not yet determined'));
    for (const u of d.undetermined) out.push(`${sym.unknown()} ${style.code(u.id)} depends on ${u.facts.join(', ')}`);
    out.push('');
  }
  const applicable = d.caldicott.filter(p => p.status !== 'not_applicable');
  if (applicable.length) {
    out.push(style.heading('Caldicott principles'));
    d.caldicott.forEach((p, i) => {
      const s = p.status === 'met' ? sym.ok() : p.status === 'not_met' ? sym.fail() : p.status === 'attention' ? sym.review() : sym.unknown();
      out.push(`${s} ${i + 1}. ${p.title}`);
      if (p.status !== 'met') out.push(style.dim(wrap(p.note, 5)));
    });
    out.push('');
  }
  const notes = d.notes.filter(n => n.kind !== 'default');
  if (notes.length) {
    out.push(style.heading('Notes'));
    for (const n of notes) out.push(`${sym.review()} ${style.code(n.about)}: ${wrap(n.text, 4).trimStart()}`);
    out.push('');
  }
  out.push(style.dim(`Rule pack${d.packs.length > 1 ? 's' : ''}: ${d.packs.map(p => `${p.name} ${p.version} (${p.digest.slice(0, 19)}…)`).join(', ')} · as of ${d.as_of}`));
  if (d.overrides.length) out.push(style.warn(`Local overrides: ${d.overrides.map(o => `${o.target} by ${o.pack} (${o.reason})`).join('; ')}`));
  out.push(style.dim('Not legal advice: a decision aid; record your own reasoning.'));
  return out.join('\n');
}

function statusWords(l: LayerResult): string {
  switch (l.status) {
    case 'not_applicable': return style.dim('does not apply');
    case 'not_met': return style.bad('no basis available');
    case 'review': return style.warn('needs a recorded judgement');
    case 'unknown': return style.info('depends on missing facts');
    default: return '';
  }
}

export function renderTrace(t: Trace, indent: number): string {
  const pad = ' '.repeat(indent);
  const mark = t.result === 'met' ? 'true' : t.result === 'not_met' ? 'false' : 'unknown';
  switch (t.kind) {
    case 'fact': return `${pad}${t.fact} ${describeTest(t.test)} ${style.dim(`(is ${t.actual === null ? 'not given' : JSON.stringify(t.actual)}: ${mark})`)}`;
    case 'ref': return `${pad}${t.id}: ${mark}\n${renderTrace(t.child, indent + 2)}`;
    case 'chosen': return `${pad}chose ${t.id}: ${mark}`;
    case 'layer': return `${pad}layer ${t.id} is ${t.status}: ${mark}`;
    case 'not': return `${pad}not: ${mark}\n${renderTrace(t.child, indent + 2)}`;
    default: return `${pad}${t.kind}: ${mark}\n${t.children.map(c => renderTrace(c, indent + 2)).join('\n')}`;
  }
}
