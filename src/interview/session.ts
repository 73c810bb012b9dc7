// The session file: the answers so far, in the answers-file format, saved atomically after every
// answer so Ctrl-C or a closed terminal loses nothing. "Not sure" is saved as null (explicitly unknown).
import { existsSync } from 'node:fs';
import { writeFile } from '../io/write.js';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import type { Facts, Pack } from '../core/types.js';
import { nestFacts, parseAnswers } from '../load/answers.js';
import { invokedAs } from '../cli/invocation.js';
import type { Answered } from './plan.js';

export const SESSION_SUFFIX = '.igcheck-session.yaml';

/** The command's options a session remembers, so `--resume` needs nothing else. */
export interface SessionOptions { out?: string; signer?: string; role?: string; rules?: string[]; format?: string }
const OPTION_LINE = /^# igcheck options: (\{.*\})[ \t]*$/m;

/**
 * The options saved in a session file (a comment line, so the file stays a plain answers file).
 * Anything unreadable there is ignored: the options only save typing.
 */
export function readSessionOptions(text: string): SessionOptions {
  const m = OPTION_LINE.exec(text);
  if (!m) return {};
  let o: Record<string, unknown>;
  try { o = JSON.parse(m[1]) as Record<string, unknown>; } catch { return {}; }
  const out: SessionOptions = {};
  for (const k of ['out', 'signer', 'role', 'format'] as const) if (typeof o[k] === 'string' && o[k]) out[k] = o[k] as string;
  if (Array.isArray(o.rules) && o.rules.every(r => typeof r === 'string')) out.rules = o.rules as string[];
  return out;
}

/** A file-name slug from the share's title: "Discharge summaries to GPs" -> discharge-summaries-to-gps. */
export function slug(title: string): string {
  const s = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '');
  return s || 'assessment';
}

/** A session path in `dir` for this title that does not clobber another session. */
export function sessionPathFor(dir: string, title: string): string {
  const stem = slug(title);
  for (let i = 1; ; i++) {
    const p = join(dir, `${stem}${i === 1 ? '' : `-${i}`}${SESSION_SUFFIX}`);
    if (!existsSync(p)) return p;
  }
}

/** The nested answers (question order first, "not sure" as null): what is saved and returned as `raw`. */
export function toRaw(pack: Pack, answered: Answered): Record<string, unknown> {
  const order = new Map(pack.questions.map((q, i) => [q.fact, i]));
  const ids = [...new Set([...Object.keys(answered.facts), ...answered.skipped])]
    .sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
  const flat: Facts = {};
  for (const id of ids) flat[id] = Object.prototype.hasOwnProperty.call(answered.facts, id) ? answered.facts[id] : (null as unknown as string);
  return nestFacts(flat);
}

export function serialise(pack: Pack, answered: Answered, path: string, options: SessionOptions = {}): string {
  const name = basename(path);
  const cmd = invokedAs();
  const kept = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length)));
  return `# igcheck answers, saved by the questionnaire after every answer (null: not known yet).\n`
    + `# Continue:   ${cmd} assess --resume ${name}\n`
    + `# Re-decide:  ${cmd} assess --answers ${name}\n`
    + (Object.keys(kept).length ? `# igcheck options: ${JSON.stringify(kept)}\n` : '')
    + stringify(toRaw(pack, answered), { lineWidth: 100 });
}

/** Write via a temporary file and rename, so the file is always a complete answers file. */
export async function saveSession(pack: Pack, answered: Answered, path: string, options?: SessionOptions): Promise<void> {
  const text = serialise(pack, answered, path, options);
  writeFile(path, text, { mode: 0o600 });
}

/** Read a session or answers file: its facts, and the facts marked null ("not sure"). */
export async function loadAnswered(pack: Pack, path: string): Promise<Answered> {
  const { readInput } = await import('../cli/io.js');
  const { MAX_ANSWERS_BYTES } = await import('../load/answers.js');
  const input = await readInput(path, MAX_ANSWERS_BYTES, 'a session or answers file');
  const { facts, raw } = await parseAnswers(input.text, input.name, pack.facts);
  const ids = new Set(pack.facts.map(f => f.id));
  const skipped = new Set<string>();
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const id = prefix ? `${prefix}.${k}` : k;
      if (v === null && ids.has(id)) skipped.add(id);
      else if (v && typeof v === 'object' && !Array.isArray(v) && !ids.has(id)) walk(v as Record<string, unknown>, id);
    }
  };
  walk(raw, '');
  return { facts, skipped };
}
