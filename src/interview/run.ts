// The interactive questionnaire: ask what the decision still needs, save after every answer, let the
// user review and change any answer, then hand the facts to `assess`. Returns undefined on Ctrl-C.
import { VERDICTS } from '../core/words.js';
import { isAbsolute, relative } from 'node:path';
import type { Decision, FactItem, Facts, Pack, QuestionDef, Verdict } from '../core/types.js';
import { isPromptCancel, prompter as currentPrompter, type Prompter } from '../cli/prompt.js';
import { style } from '../cli/style.js';
import { ask, describe, NOT_SURE, yearAfter } from './ask.js';
import { isOptionalFact, plan, sectionsOf, type Answered } from './plan.js';
import { loadAnswered, saveSession, sessionPathFor, toRaw } from './session.js';

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

/** Wrap help text to the terminal, indented under the section heading. */
function wrap(text: string, indent: number, width = Math.min(process.stdout.columns || 100, 100)): string {
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
  let lastSection = '';
  let lastVerdict: string | undefined;

  const save = async () => {
    if (!path && typeof answered.facts.title === 'string') path = sessionPathFor(dir, answered.facts.title);
    if (path) await saveSession(pack, answered, path);
  };

  const askOne = async (q: QuestionDef) => {
    const def = defs.get(q.fact)!;
    const startDate = typeof answered.facts.start_date === 'string' ? answered.facts.start_date : undefined;
    const current = answered.facts[q.fact];
    if (def.type === 'items' && Array.isArray(current) && current.length) {
      // A list is entered afresh; show the one it replaces.
      print(style.dim('  The list so far (enter it again, changed as you need):'));
      for (const i of current as FactItem[]) print(style.dim(`    ${i.name}${i.justification ? `: ${i.justification}` : ' (no justification)'}`));
    }
    const value = await ask(p, q, def, current, { startDate });
    if (value === NOT_SURE) { delete answered.facts[q.fact]; answered.skipped.add(q.fact); } else { answered.facts[q.fact] = value; answered.skipped.delete(q.fact); }
    asked.push(q.fact);
    await save();
  };

  const showProgress = (q: QuestionDef, d: Decision, help = true) => {
    if (q.section !== lastSection) {
      lastSection = q.section;
      print('');
      print(style.heading(`${q.section} · ${sections.indexOf(q.section) + 1} of ${sections.length}`));
    } else print('');
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
      const { decision, next } = plan(pack, answered, asOf);
      if (!next) return decision;
      showProgress(next.question, decision, !next.assumptions);
      if (next.assumptions && await confirmAssumptions(next.assumptions)) continue;
      if (next.assumptions && next.question.help) print(style.dim(wrap(next.question.help, 2)));
      await askOne(next.question);
    }
  };

  const review = async (d: Decision): Promise<string> => {
    // Grouped by section (a question may sit out of its section's place in the file).
    const rows = pack.questions
      .filter(q => Object.prototype.hasOwnProperty.call(answered.facts, q.fact) || answered.skipped.has(q.fact) || isOptionalFact(defs.get(q.fact)))
      .map((q, i) => ({ q, i })).sort((a, b) => sections.indexOf(a.q.section) - sections.indexOf(b.q.section) || a.i - b.i).map(x => x.q);
    const shownValue = (q: QuestionDef) => (q.fact === 'review_date' && answered.facts.review_date === undefined && typeof answered.facts.start_date === 'string'
      ? `(not given: one year after the start, ${yearAfter(answered.facts.start_date)})` : describe(q, answered.facts[q.fact], answered.skipped.has(q.fact)));
    print('');
    print(style.heading('Review your answers'));
    let section = '';
    for (const q of rows) {
      if (q.section !== section) { section = q.section; print(style.bold(`  ${section}`)); }
      print(`    ${q.ask.replace(/[?:]$/, '')}: ${style.info(shownValue(q))}`);
    }
    print('');
    print(style.bold(`  On these answers the share is ${VERDICT_WORDS[d.verdict]}.`));
    return p.select({
      key: 'review', message: 'Confirm these answers, or pick one to change',
      choices: [
        { value: DECIDE, name: 'Confirm: show the decision' },
        ...rows.map(q => ({ value: q.fact, name: `${Object.prototype.hasOwnProperty.call(answered.facts, q.fact) || answered.skipped.has(q.fact) ? 'Change' : 'Add'}: ${q.ask}`, description: shownValue(q) })),
      ],
    });
  };

  const shown = () => (path && isAbsolute(path) && !relative(process.cwd(), path).startsWith('..') ? relative(process.cwd(), path) : path);
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
    if (path) print(style.dim(`\nAnswers saved in ${shown()}; decide again any time with: igcheck assess --answers ${shown()}\nWrite the signed DSA draft and rationale report with: igcheck assess --answers ${shown()} --out auto\n`));
    return { facts: { ...answered.facts }, raw: toRaw(pack, answered), sessionFile: path, asked };
  } catch (e) {
    if (!isPromptCancel(e)) throw e;
    (o.warn ?? (t => process.stderr.write(t)))(path
      ? `\nStopped. Your answers so far are saved in ${shown()}\nContinue with:  igcheck assess --resume ${shown()}\n`
      : '\nStopped before the first answer; nothing was saved.\n');
    return undefined;
  }
}
