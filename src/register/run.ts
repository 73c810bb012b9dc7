// The `igcheck register` subcommands' adapters: read and verify the register, print, append.
import { CheckFailed, UsageError } from '../errors.js';
import { style } from '../cli/style.js';
import { shownPath } from '../paths.js';
import type { RegisterEntry } from './entry.js';
import { closeCondition } from './append.js';
import { renderList, renderShow } from './render.js';
import { readRegister, registerPath } from './store.js';
import { normaliseId, registerState } from './state.js';

export interface RegisterOptions { register?: string; json?: boolean }

const print = (s: string) => process.stdout.write(`${s}\n`);

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
    print(JSON.stringify({ register: path, head: v.head, entries }, null, 2));
    return 0;
  }
  if (!v.exists) { print(`No decision register at ${path} yet: \`igcheck assess --answers FILE --out DIR\` creates it (or pass --register FILE, or set IGCHECK_REGISTER).`); return 0; }
  print(style.dim(`Register: ${shownPath(path)}`));
  print(renderList(v.entries, state));
  return 0;
}

export function runShow(ref: string, opts: RegisterOptions): number {
  const { path, v, state } = verified(opts);
  const id = normaliseId(ref);
  const e = v.entries.find(x => x.id === id);
  if (!e) throw new UsageError(`no entry ${ref} in ${path}`, `Entries run from R-0001 to ${v.entries.at(-1)?.id ?? '(none)'}.`);
  if (opts.json) { print(JSON.stringify(e, null, 2)); return 0; }
  print(renderShow(e, state.find(e.id)));
  return 0;
}

export function runVerify(opts: RegisterOptions & { head?: string }): number {
  const path = registerPath(opts.register);
  const v = readRegister(path, opts.head);
  if (!v.exists) throw new UsageError(`no decision register at ${path}`);
  const counts = (es: RegisterEntry[]) => `${es.length} entr${es.length === 1 ? 'y' : 'ies'} (${es.filter(e => e.kind === 'assessment').length} assessments, ${es.filter(e => e.kind === 'condition-closed').length} condition closures)`;
  if (opts.json) {
    print(JSON.stringify({ register: path, ok: v.ok, entries: v.entries.length, head: v.head, problem: v.problem ?? null }, null, 2));
    return v.ok ? 0 : 1;
  }
  if (!v.ok) {
    throw new CheckFailed(`the decision register does not verify: ${v.problem!.message}`, [
      `${path}:${v.problem!.line}`,
      `${counts(v.entries)} before it verify${v.head ? `; the last good hash is ${v.head}` : ''}.`,
    ]);
  }
  print(`Register ${path} verifies: ${counts(v.entries)}.`);
  if (v.head) print(`Head hash ${v.head}\n(keep it elsewhere and pass it with --head to detect entries later removed from the end)`);
  return 0;
}

export async function runClose(ref: string, condition: string, opts: RegisterOptions & { evidence: string; by?: string }): Promise<number> {
  const e = await closeCondition({ registerPath: opts.register, entry: ref, condition, evidence: opts.evidence, by: opts.by });
  if (opts.json) { print(JSON.stringify(e, null, 2)); return 0; }
  print(`Recorded ${e.id}: condition ${condition} of ${e.entry} closed by ${e.by}.`);
  return 0;
}
