// The interactive questionnaire: ask what the decision still needs, save after every answer, let the
// user review and change any answer, then hand the facts to `assess`. Returns undefined on Ctrl-C.
import { VERDICTS } from '../core/words.js';
import { isAbsolute, relative } from 'node:path';
import type { Decision, FactItem, Facts, Pack, QuestionDef, Verdict } from '../core/types.js';
import { invokedAs } from '../cli/invocation.js';
import { isPromptCancel, prompter as currentPrompter, type Choice, type Prompter, type Separator } from '../cli/prompt.js';
import { style } from '../cli/style.js';
import { consistencyProblems } from '../docs/consistency.js';
import { ask, describe, NOT_SURE, yearAfter } from './ask.js';
import { evalCondition } from '../core/condition.js';
import { askContext, isOptionalFact, plan, sectionsOf, type Answered } from './plan.js';
import { loadAnswered, saveSession, sessionPathFor, toRaw, type SessionOptions } from './session.js';
import { visible } from '../io/term.js';

export interface InterviewOptions {
  pack: Pack;
  asOf: string;
  /** Start from this answers file and ask only what it leaves unknown (saved to a new session file). */
  answersFile?: string;
  /** Continue this session file (and keep saving to it). */
  resume?: string;
  prompter?: Prompter;
  /** Where new session files go (default: the working directory). */
  dir?: string;
  /** Where the interview's own lines go (default: standard output). */
  print?: (line: string) => void;
  /** Where the Ctrl-C message goes (default: standard error). */
  warn?: (text: string) => void;
  /** The command's options to remember in the session file, so `--resume` needs nothing else. */
  options?: SessionOptions;
  /** Terminal size for the review screen (default: the terminal's, else 80 x 24). */
  size?: { columns: number; rows: number };
}

export interface InterviewResult {
  facts: Facts;
  raw: Record<string, unknown>;
  /** The session file holding the final answers. */
  sessionFile?: string;
  /** Facts asked in this run, in order (for tests and the summary). */
  asked: string[];
}

const VERDICT_WORDS = Object.fromEntries(Object.entries(VERDICTS).map(([v, w]) => [v, w.label.toLowerCase()])) as Record<Verdict, string>;

/** "On these answers the share …": a sentence that reads for every verdict. */
export const VERDICT_SENTENCE: Record<Verdict, string> = {
  lawful: 'On these answers the share is lawful.',
  lawful_with_conditions: 'On these answers the share is lawful with conditions.',
  needs_review: 'On these answers the share needs review.',
  not_lawful: 'On these answers the share is not lawful.',
  incomplete: 'On these answers the share cannot be decided yet: some answers it depends on are still unknown.',
};

const DECIDE = '\u0000decide';

/** The verdict as it firms up: where the answers so far are heading, and how much is still open. */
export function provisional(d: Decision): string {
  const n = d.missing.length;
  const open = n === 1 ? '1 answer still decides it' : `${n} answers still decide it`;
  if (d.verdict !== 'incomplete') {
    const c = d.conditions.length;
    return `${VERDICT_WORDS[d.verdict]}${c ? ` (${c} condition${c > 1 ? 's' : ''})` : ''}`;
  }
  if (d.layers.some(l => l.status === 'unknown')) return `incomplete (${open})`;
  const heading = d.layers.some(l => l.status === 'review') ? 'needs review' : 'lawful';
  return `heading for ${heading}; ${n === 1 ? '1 answer decides' : `${n} answers decide`} the conditions`;
}

/** Shorten to `max` characters at a word boundary, with an ellipsis. */
export function clip(text: string, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, Math.max(max - 1, 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** Wrap text at word boundaries to `width` columns, each line indented. */
export function wrap(text: string, indent: number, width = Math.min(process.stdout.columns || 100, 100)): string {
  const lines: string[] = [];
  let line = '';
  for (const w of text.replace(/\s+/g, ' ').trim().split(' ')) {
    if (line && indent + line.length + 1 + w.length > width) { lines.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map(l => ' '.repeat(indent) + l).join('\n');
}

export async function runInterview(o: InterviewOptions): Promise<InterviewResult | undefined> {
  const { pack, asOf } = o;
  const p = o.prompter ?? currentPrompter();
  const print = o.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = o.dir ?? process.cwd();
  const defs = new Map(pack.facts.map(f => [f.id, f]));
  const questions = new Map(pack.questions.map(q => [q.fact, q]));
  const sections = sectionsOf(pack);

  const start = o.resume ?? o.answersFile;
  const answered: Answered = start ? await loadAnswered(pack, start) : { facts: {}, skipped: new Set() };
  let path = o.resume;
  const asked: string[] = [];
  /** The furthest section reached: the counter never moves back. */
  let reached = -1;
  let lastVerdict: string | undefined;
  const cmd = invokedAs();

  const save = async () => {
    if (!path && typeof answered.facts.title === 'string') path = sessionPathFor(dir, answered.facts.title);
    if (path) await saveSession(pack, answered, path, o.options);
  };

  const askOne = async (q: QuestionDef) => {
    const def = defs.get(q.fact)!;
    const startDate = typeof answered.facts.start_date === 'string' ? answered.facts.start_date : undefined;
    const current = answered.facts[q.fact];
    if (def.type === 'items' && Array.isArray(current) && current.length) {
      // A list is entered afresh; show the one it replaces.
      print(style.dim('  The list so far (enter it again, changed as you need):'));
      for (const i of current as FactItem[]) print(style.dim(`    ${visible(i.name ?? '')}${i.justification ? `: ${visible(i.justification ?? '')}` : ' (no justification)'}`));
    }
    const value = await ask(p, q, def, current, { startDate });
    if (value === NOT_SURE) { delete answered.facts[q.fact]; answered.skipped.add(q.fact); } else { answered.facts[q.fact] = value; answered.skipped.delete(q.fact); }
    asked.push(q.fact);
    await save();
  };

  const showProgress = (q: QuestionDef, d: Decision, help = true) => {
    const at = sections.indexOf(q.section);
    print('');
    if (at > reached) {
      reached = at;
      print(style.heading(`${q.section} · ${at + 1} of ${sections.length}`));
    } else if (at < reached) {
      print(style.dim(`  Back to one question from ${q.section}: a later answer made it matter.`));
    }
    const now = provisional(d);
    if (now !== lastVerdict && (asked.length > 0 || start)) {
      lastVerdict = now;
      print(style.info(`  Verdict so far: ${now}`));
    }
    if (help && q.help) print(style.dim(wrap(q.help, 2)));
  };

  /** One question instead of several: the defaults (England, controller, UK, capacity presumed) all hold. */
  const confirmAssumptions = async (list: QuestionDef[]): Promise<boolean> => {
    print(style.dim('  Unless you say otherwise, igcheck assumes (capacity is presumed: Mental Capacity Act 2005 s1(2)):'));
    for (const q of list) print(`    ${q.ask.replace(/[?:]$/, '')}: ${style.info(describe(q, defs.get(q.fact)!.default, false))}`);
    const ok = await p.confirm({ key: `assumptions:${list.map(q => q.fact).join(',')}`, message: 'Are these all right?', default: true });
    if (!ok) { answered.assumptionsDeclined = true; return false; }
    for (const q of list) { answered.facts[q.fact] = defs.get(q.fact)!.default!; answered.skipped.delete(q.fact); asked.push(q.fact); }
    await save();
    return true;
  };

  /** Ask until nothing left could change the decision or the documents. */
  const askUntilDone = async (): Promise<Decision> => {
    for (;;) {
      const { decision, next } = plan(pack, answered, asOf, { fromSection: Math.max(reached, 0) });
      if (!next) return decision;
      showProgress(next.question, decision, !next.assumptions);
      if (next.assumptions && await confirmAssumptions(next.assumptions)) continue;
      if (next.assumptions && next.question.help) print(style.dim(wrap(next.question.help, 2)));
      await askOne(next.question);
    }
  };

  /** The review screen: one paged list (it fits a 40-line terminal), each answer clipped at a word. */
  const review = async (d: Decision): Promise<string> => {
    const { columns, rows: height } = o.size ?? { columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 };
    const width = Math.max(Math.min(columns, 120) - 4, 30);
    // Grouped by section (a question may sit out of its section's place in the file).
    const ctx = askContext(pack, answered.facts, d);
    const rows = pack.questions
      .filter(q => Object.prototype.hasOwnProperty.call(answered.facts, q.fact) || answered.skipped.has(q.fact)
        || (isOptionalFact(defs.get(q.fact)) && (!q.ask_when || evalCondition(q.ask_when, ctx).result === 'met')))
      .map((q, i) => ({ q, i })).sort((a, b) => sections.indexOf(a.q.section) - sections.indexOf(b.q.section) || a.i - b.i).map(x => x.q);
    const shownValue = (q: QuestionDef) => (q.fact === 'review_date' && answered.facts.review_date === undefined && typeof answered.facts.start_date === 'string'
      ? `(not given: one year after the start, ${yearAfter(answered.facts.start_date)})` : describe(q, answered.facts[q.fact], answered.skipped.has(q.fact)));
    const verdict = wrap(VERDICT_SENTENCE[d.verdict], 2, width);
    print('');
    print(style.heading('Review your answers'));
    print(style.bold(verdict));
    const choices: (Choice<string> | Separator)[] = [{ value: DECIDE, name: 'Confirm: show the decision' }];
    let section = '';
    for (const q of rows) {
      if (q.section !== section) { section = q.section; choices.push({ separator: `── ${section}` }); }
      const value = shownValue(q);
      const label = `${Object.prototype.hasOwnProperty.call(answered.facts, q.fact) || answered.skipped.has(q.fact) ? '' : 'Add: '}${q.ask.replace(/[?:]$/, '')}`;
      const answer = clip(value, Math.max(Math.floor(width / 3), 16));
      choices.push({ value: q.fact, name: `${clip(label, width - answer.length - 4)}: ${answer}`, description: `${wrap(q.ask, 0, width)}\n${wrap(`Now: ${value}`, 0, width)}` });
    }
    // Contradictions are resolved here, before any document is written (src/docs/consistency.ts).
    const clashes = consistencyProblems(answered.facts);
    for (const c of clashes) print(style.warn(wrap(`! ${c.problem} ${c.fix}`, 2, width)));
    if (clashes.length) {
      choices[0] = { value: DECIDE, name: 'Confirm anyway: show the decision (documents only with --draft)' };
      const resolve = clashes.map(c => ({ c, q: c.facts.map(f => questions.get(f)).find(Boolean) })).filter(x => x.q);
      choices.splice(1, 0, ...resolve.map(({ c, q }) => ({ value: q!.fact, name: clip(`Resolve: ${q!.ask}`, width - 2), description: wrap(c.fix, 0, width) })));
    }
    // Above the list: a blank line, the heading, the verdict and the prompt; below it: the highlighted
    // answer in full and the keys hint. The list gets the rest of the screen.
    const message = clashes.length
      ? 'Resolve the contradictions above, or pick an answer to change (arrows page through them)'
      : 'Confirm these answers, or pick one to change (arrows page through them)';
    const described = Math.max(0, ...choices.map(c => ('description' in c && c.description ? c.description.split('\n').length : 0)));
    const around = 2 + verdict.split('\n').length + clashes.length * 2 + Math.ceil((message.length + 2) / Math.max(columns, 1)) + described + 1;
    const pageSize = Math.max(5, Math.min(height - around, choices.length));
    return p.select({ key: 'review', message, choices, pageSize });
  };

  const shown = () => visible((path && isAbsolute(path) && !relative(process.cwd(), path).startsWith('..') ? relative(process.cwd(), path) : path) ?? '');
  try {
    let decision = await askUntilDone();
    // An answers file that leaves nothing to ask goes straight to the decision.
    if (!(o.answersFile && !o.resume && asked.length === 0)) {
      for (;;) {
        const choice = await review(decision);
        if (choice === DECIDE) break;
        await askOne(questions.get(choice)!);
        decision = await askUntilDone();
      }
    }
    if (asked.length) await save();
    if (path) {
      // Each command on a line of its own, so it can be copied whole.
      print('');
      print(style.dim(wrap(`Answers saved in ${shown()}. Decide again any time with:`, 0)));
      print(`  ${cmd} assess --answers ${shown()}`);
      if (!o.options?.out) { print(style.dim(wrap('Write and sign the documents (the agreement or decision record, and the rationale report) with:', 0))); print(`  ${cmd} assess --answers ${shown()} --out auto`); }
      print('');
    }
    return { facts: { ...answered.facts }, raw: toRaw(pack, answered), sessionFile: path, asked };
  } catch (e) {
    if (!isPromptCancel(e)) throw e;
    (o.warn ?? (t => process.stderr.write(t)))(path
      ? `\nStopped. Your answers so far are saved in ${shown()}\nContinue with:  ${cmd} assess --resume ${shown()}\n`
      : '\nStopped before the first answer; nothing was saved.\n');
    return undefined;
  }
}
