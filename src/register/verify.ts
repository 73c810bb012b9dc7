// Reading and verifying the register's text: parse each JSON line, then check the hash chain and
// name the first entry that was edited, deleted, reordered or torn. Pure: text in, findings out.
import { ENTRY_VERSION, entryHash, formatId, type RegisterEntry } from './entry.js';
import { checkJson } from '../io/limits.js';

export interface ParsedLine { line: number; entry?: RegisterEntry; error?: string }

export interface Verification {
  ok: boolean;
  entries: RegisterEntry[];
  /** The first problem found, naming the entry and line; later entries are not trusted. */
  problem?: { line: number; id?: string; kind: 'unreadable' | 'edited' | 'deleted' | 'reordered' | 'truncated' | 'head-missing'; message: string };
  head: string | null;
}

/** Split the register into lines, keeping line numbers; a last line without a newline is torn. */
export function parseRegister(text: string): { lines: ParsedLine[]; torn: boolean } {
  const raw = text.split('\n');
  const torn = raw.length > 0 && raw[raw.length - 1] !== '';
  if (!torn) raw.pop();
  const lines: ParsedLine[] = [];
  raw.forEach((t, i) => {
    if (!t.trim()) { lines.push({ line: i + 1, error: 'is empty' }); return; }
    const odd = checkJson(t, 16);
    if (odd) { lines.push({ line: i + 1, error: `is not a register entry (${odd.message})` }); return; }
    try {
      const v = JSON.parse(t) as RegisterEntry;
      if (!v || typeof v !== 'object' || Array.isArray(v)) lines.push({ line: i + 1, error: 'is not a register entry (not a JSON object)' });
      else lines.push({ line: i + 1, entry: v });
    } catch {
      lines.push({ line: i + 1, error: 'is not a register entry (not valid JSON)' });
    }
  });
  return { lines, torn };
}

const shape = (e: RegisterEntry): string | undefined => {
  if (e.v !== ENTRY_VERSION) return `has format version ${JSON.stringify(e.v)}; this igcheck reads version ${ENTRY_VERSION}`;
  if (e.kind !== 'assessment' && e.kind !== 'condition-closed' && e.kind !== 'party-joined' && e.kind !== 'party-left') return `has an unknown kind ${JSON.stringify((e as { kind: unknown }).kind)}`;
  if (!Number.isInteger(e.seq) || e.seq < 1) return 'has no valid seq';
  if (typeof e.hash !== 'string') return 'has no hash';
  return undefined;
};

/**
 * Check every entry: its own hash, its seq against its position, and its prev_hash against the
 * entry before it. `expectHead`, when given, is a hash recorded elsewhere earlier: it must still be
 * in the chain, which catches entries removed from the end (a chain alone cannot show that).
 */
export function verifyRegister(text: string, expectHead?: string): Verification {
  const { lines, torn } = parseRegister(text);
  const entries: RegisterEntry[] = [];
  const fail = (p: NonNullable<Verification['problem']>): Verification => ({ ok: false, entries, problem: p, head: entries.at(-1)?.hash ?? null });
  // Where each seq sits, to tell an entry moved later (reordered) from one removed (deleted).
  const lineOfSeq = new Map<number, number>();
  for (const l of lines) if (l.entry && Number.isInteger(l.entry.seq) && !lineOfSeq.has(l.entry.seq)) lineOfSeq.set(l.entry.seq, l.line);
  let prev: RegisterEntry | undefined;
  for (const l of lines) {
    const isLast = l === lines[lines.length - 1];
    if (!l.entry) {
      if (isLast && torn) return fail({ line: l.line, kind: 'truncated', message: `line ${l.line} is an incomplete entry (an interrupted write or a cut file)` });
      return fail({ line: l.line, kind: 'unreadable', message: `line ${l.line} ${l.error}` });
    }
    if (isLast && torn) {
      // A whole entry without its newline still cannot be trusted as the end: an append would glue
      // onto it, and a cut file can end on a line that happens to parse. Reported, never repaired silently.
      return fail({ line: l.line, kind: 'truncated', message: `line ${l.line} does not end with a newline: the last write was interrupted, or the file was cut or edited` });
    }
    const e = l.entry;
    const bad = shape(e);
    const id = typeof e.id === 'string' ? e.id : `line ${l.line}`;
    if (bad) return fail({ line: l.line, id, kind: 'unreadable', message: `${id} (line ${l.line}) ${bad}` });
    const expected = (prev?.seq ?? 0) + 1;
    const later = lineOfSeq.get(expected);
    if (e.seq > expected && later !== undefined && later > l.line) {
      return fail({ line: l.line, id, kind: 'reordered', message: `${id} (line ${l.line}) is out of order: ${formatId(expected)} should come before it but is at line ${later}` });
    }
    if (e.seq > expected) {
      const gap = e.seq - expected === 1 ? formatId(expected) : `${formatId(expected)} to ${formatId(e.seq - 1)}`;
      return fail({ line: l.line, id, kind: 'deleted', message: `${gap} ${e.seq - expected === 1 ? 'is' : 'are'} missing: deleted before ${id} (line ${l.line})` });
    }
    if (e.seq < expected) {
      const dup = entries.find(x => x.seq === e.seq);
      const what = dup && dup.hash === e.hash ? 'is a duplicate of an earlier line' : 'is out of order (moved or reordered)';
      return fail({ line: l.line, id, kind: 'reordered', message: `${id} (line ${l.line}) ${what}; expected ${formatId(expected)} here` });
    }
    if (e.id !== formatId(e.seq) || entryHash(e as unknown as Record<string, unknown>) !== e.hash) {
      return fail({ line: l.line, id: formatId(e.seq), kind: 'edited', message: `${formatId(e.seq)} (line ${l.line}) was edited: its content no longer matches its hash` });
    }
    if (e.prev_hash !== (prev?.hash ?? null)) {
      // The entry itself is intact, so the one before it was changed and its hash recomputed.
      const before = prev ? `${prev.id} (line ${l.line - 1}) was edited and its hash recomputed` : 'the first entry claims a predecessor';
      return fail({ line: prev ? l.line - 1 : l.line, id: prev?.id ?? id, kind: 'edited', message: `${before}: ${id}'s prev_hash no longer matches it` });
    }
    entries.push(e);
    prev = e;
  }
  if (expectHead && !entries.some(e => e.hash === expectHead)) {
    return fail({ line: lines.length, kind: 'head-missing', message: `no entry has the recorded head hash ${expectHead}: entries were removed from the end, or this is another register` });
  }
  return { ok: true, entries, head: prev?.hash ?? null };
}
