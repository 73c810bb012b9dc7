// The `igcheck register` subcommands' adapters: read and verify the register, print, append.
import { CheckFailed, UsageError } from '../errors.js';
import { style } from '../cli/style.js';
import { shownPath } from '../paths.js';
import type { RegisterEntry } from './entry.js';
import { closeCondition } from './append.js';
import { renderList, renderShow } from './render.js';
import { readRegister, registerPath } from './store.js';
import { normaliseId, registerState } from './state.js';
import { visible, visibleDeep, visibleLines, jsonText } from '../io/term.js';
import { asInvoked } from '../cli/invocation.js';

export interface RegisterOptions { register?: string; json?: boolean }

const print = (s: string) => process.stdout.write(`${s}\n`);
/** Human-readable text: what came from files shown with its control characters visible. */
const say = (s: string) => print(asInvoked(visibleLines(s)));

/** The verified register, or a CheckFailed naming the first bad entry (fail closed). */
function verified(opts: RegisterOptions, mustExist = true) {
  const path = registerPath(opts.register);
  const v = readRegister(path);
  if (!v.exists && mustExist) throw new UsageError(`no decision register at ${path}`, 'It is created by `igcheck assess --out DIR`; set IGCHECK_REGISTER or pass --register FILE to use another.');
  if (!v.ok) throw new CheckFailed(`the decision register ${path} does not verify: ${v.problem!.message}`, ['Nothing after that entry can be trusted. Run `igcheck register verify` for the details.']);
  return { path, v, state: registerState(v.entries) };
}

export function runList(opts: RegisterOptions): number {
  const { path, v, state } = verified(opts, false);
  if (opts.json) {
    const byId = new Map(state.assessments.map(a => [a.entry.id, a]));
    const entries = v.entries.map(e => {
      const a = byId.get(e.id);
      return a ? { ...e, open_conditions: a.open, superseded_by: a.supersededBy ?? null } : e;
    });
    print(jsonText({ register: path, head: v.head, entries }));
    return 0;
  }
  if (!v.exists) { say(`No decision register at ${path} yet: \`igcheck assess --answers FILE --out DIR\` creates it (or pass --register FILE, or set IGCHECK_REGISTER).`); return 0; }
  const safe = visibleDeep(v.entries);
  print(style.dim(`Register: ${visible(shownPath(path))}`));
  print(renderList(safe, registerState(safe)));
  return 0;
}

export function runShow(ref: string, opts: RegisterOptions): number {
  const { path, v } = verified(opts);
  const id = normaliseId(ref);
  const e = v.entries.find(x => x.id === id);
  if (!e) throw new UsageError(`no entry ${ref} in ${path}`, `Entries run from R-0001 to ${v.entries.at(-1)?.id ?? '(none)'}.`);
  if (opts.json) { print(jsonText(e)); return 0; }
  const safe = visibleDeep(v.entries);
  print(renderShow(visibleDeep(e), registerState(safe).find(e.id)));
  return 0;
}

/**
 * A last line without its newline is never repaired silently: igcheck cannot tell a whole entry
 * whose newline was lost from one cut short that happens to parse, and guessing wrong would either
 * drop a record or chain onto a forgery. The person who knows what happened decides.
 */
const TORN_HELP = (line: number) => [
  `Line ${line} is the last and has no newline at its end. igcheck never writes such a line (a failed append is cut back), so the file was cut, or edited by another program.`,
  `If it is an entry you expect (compare it with a backup), add the newline: printf '\\n' >> FILE; then run verify again, which checks its hash.`,
  'If it is not, restore the register from a backup; nothing can be added until it verifies.',
];

export function runVerify(opts: RegisterOptions & { head?: string }): number {
  const path = registerPath(opts.register);
  const v = readRegister(path, opts.head);
  if (!v.exists) throw new UsageError(`no decision register at ${path}`);
  const counts = (es: RegisterEntry[]) => `${es.length} entr${es.length === 1 ? 'y' : 'ies'} (${es.filter(e => e.kind === 'assessment').length} assessments, ${es.filter(e => e.kind === 'condition-closed').length} condition closures${es.some(e => e.kind === 'party-joined' || e.kind === 'party-left') ? `, ${es.filter(e => e.kind === 'party-joined' || e.kind === 'party-left').length} parties joining or leaving` : ''})`;
  if (opts.json) {
    print(jsonText({ register: path, ok: v.ok, entries: v.entries.length, head: v.head, problem: v.problem ?? null }));
    return v.ok ? 0 : 1;
  }
  if (!v.ok) {
    throw new CheckFailed(`the decision register does not verify: ${v.problem!.message}`, [
      `${path}:${v.problem!.line}`,
      `${counts(v.entries)} before it verify${v.head ? `; the last good hash is ${v.head}` : ''}.`,
      ...(v.problem!.kind === 'truncated' ? TORN_HELP(v.problem!.line) : []),
    ]);
  }
  say(`Register ${path} verifies: ${counts(v.entries)}.`);
  if (v.head) print(`Head hash ${v.head}\n(keep it elsewhere and pass it with --head to detect entries later removed from the end)`);
  return 0;
}

export async function runClose(ref: string, condition: string, opts: RegisterOptions & { evidence: string; by?: string }): Promise<number> {
  const e = await closeCondition({ registerPath: opts.register, entry: ref, condition, evidence: opts.evidence, by: opts.by });
  if (opts.json) { print(jsonText(e)); return 0; }
  say(`Recorded ${e.id}: condition ${visible(condition)} of ${e.entry} closed by ${visible(e.by)}.`);
  return 0;
}
