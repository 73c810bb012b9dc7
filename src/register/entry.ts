// The decision register's entries: their shapes, canonical hashing, and building them from a
// decision. Pure: no file system or clock (the caller passes the time in).
import { createHash } from 'node:crypto';
import type { Decision, Facts, Verdict } from '../core/types.js';
import { dpiaRecord, type DpiaRecord } from '../dpia/record.js';

/** Bumped only if the meaning of a field changes; readers refuse versions they do not know. */
export const ENTRY_VERSION = 1;

interface EntryBase {
  v: number;
  seq: number;
  /** `R-0007`: short, stable, derived from seq. */
  id: string;
  recorded_at: string;
  /** The hash of the previous entry; null for the first. */
  prev_hash: string | null;
  /** sha256 of the canonical JSON of this entry without `hash`. */
  hash: string;
}

export interface AssessmentEntry extends EntryBase {
  kind: 'assessment';
  title: string;
  discloser: string | null;
  recipient: string | null;
  verdict: Verdict;
  conditions: string[];
  bases: string[];
  review_date: string;
  /** Where the decision was made for (the law in force on this date). */
  as_of: string;
  /** Relative to the register file's directory, with forward slashes. */
  out_dir: string | null;
  answers: string | null;
  manifest_sha256: string | null;
  pack: { name: string; version: string; digest: string };
  /** When a DPIA was drafted: its screening, status, residual risk and review date (src/dpia/record.ts). */
  dpia?: DpiaRecord;
  /**
   * The facts the decision was made on (flat, by dotted path, as the engine reads them), so that
   * `review` re-decides exactly what was decided without reading and parsing the answers file
   * again. Covered by the hash like every other field. Absent from entries recorded before it was
   * kept: for those the answers file is read (src/register/facts.ts).
   */
  facts?: Facts;
  /**
   * An agreement between many organisations (answers with `parties:`): its parties. The verdict is
   * then the agreement's (the weakest of its flows) and `facts` hold the roster and flows, so
   * `review` re-decides every flow (src/parties/decide.ts). Absent for a share between two.
   */
  parties?: { id: string; name: string; ods?: string; type?: string; role?: string }[];
}

export interface ClosureEntry extends EntryBase {
  kind: 'condition-closed';
  /** The assessment entry whose condition was met. */
  entry: string;
  condition: string;
  evidence: string;
  by: string;
}

/**
 * A party joining or leaving an agreement between many organisations (`igcheck join`, `igcheck leave`):
 * the pack gains an addendum (a new schedule version, src/sign/manifest.ts) chained to the manifest the
 * other parties signed, which stays as it is.
 */
interface PartyChangeBase extends EntryBase {
  /** The assessment entry of the agreement (by its manifest), when the register holds it. */
  entry: string | null;
  title: string;
  /** The pack, relative to the register file's directory. */
  out_dir: string | null;
  /** sha256: of the agreement's manifest.json, and of the addendum's manifest.json. */
  manifest_sha256: string;
  addendum_sha256: string;
  /** addenda/v<N>-<join|leave>-<party id>, inside out_dir. */
  addendum: string;
  schedule_version: number;
  party: { id: string; name: string; ods?: string; type?: string; role?: string };
  /** The date the party joins or leaves (YYYY-MM-DD). */
  date: string;
  reason?: string;
  by: string;
}

export interface PartyJoinedEntry extends PartyChangeBase { kind: 'party-joined' }
export interface PartyLeftEntry extends PartyChangeBase { kind: 'party-left' }
export type PartyChangeEntry = PartyJoinedEntry | PartyLeftEntry;

export type RegisterEntry = AssessmentEntry | ClosureEntry | PartyJoinedEntry | PartyLeftEntry;
/** An entry before it is chained: the register fills in seq, id, prev_hash and hash. */
export type Unchained<T extends RegisterEntry> = Omit<T, 'seq' | 'id' | 'prev_hash' | 'hash'>;

export const formatId = (seq: number) => `R-${String(seq).padStart(4, '0')}`;

/** Canonical JSON: object keys sorted, no whitespace (RFC 8785 for the strings, integers and nulls entries hold). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter(k => obj[k] !== undefined).sort();
  return `{${keys.map(k => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The hash an entry must carry: over everything but `hash` itself. */
export function entryHash(entry: Record<string, unknown>): string {
  const { hash: _omit, ...rest } = entry;
  return `sha256:${createHash('sha256').update(canonicalJson(rest)).digest('hex')}`;
}

/** Chain an entry after `prev` (null for the first entry). */
export function chain<T extends RegisterEntry>(body: Unchained<T>, prev: { seq: number; hash: string } | null): T {
  const seq = (prev?.seq ?? 0) + 1;
  const entry = { ...body, seq, id: formatId(seq), prev_hash: prev?.hash ?? null } as Record<string, unknown>;
  return { ...entry, hash: entryHash(entry) } as T;
}

/** One year after a YYYY-MM-DD date; 29 February becomes 28 February (the earlier, safer date). */
export function addYear(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The answers' review_date, else a year after start_date, else a year after the recording date. */
export function reviewDateFor(facts: Facts, recordedAt: string): string {
  if (typeof facts.review_date === 'string') return facts.review_date;
  if (typeof facts.start_date === 'string') return addYear(facts.start_date);
  return addYear(recordedAt.slice(0, 10));
}

export interface AssessmentInput {
  decision: Decision;
  facts: Facts;
  recordedAt: string;
  outDir: string | null;
  answers: string | null;
  manifestSha256: string | null;
  /** An agreement between many organisations: its parties (the decision is its weakest flow's). */
  parties?: { id: string; name: string; ods?: string; type?: string; role?: string }[];
}

export function assessmentBody(i: AssessmentInput): Unchained<AssessmentEntry> {
  const { decision, facts } = i;
  const primary = decision.packs[0];
  const str = (k: string) => (typeof facts[k] === 'string' ? (facts[k] as string) : null);
  const dpia = dpiaRecord(decision, facts, reviewDateFor(facts, i.recordedAt));
  return {
    v: ENTRY_VERSION,
    kind: 'assessment',
    recorded_at: i.recordedAt,
    title: str('title') ?? 'Untitled share',
    discloser: str('discloser.name'),
    recipient: str('recipient.name'),
    verdict: decision.verdict,
    conditions: decision.conditions.map(c => c.id),
    bases: decision.bases.map(b => b.id),
    review_date: reviewDateFor(facts, i.recordedAt),
    as_of: decision.as_of,
    out_dir: i.outDir,
    answers: i.answers,
    manifest_sha256: i.manifestSha256,
    // With local packs on top, the digest is the decision's combined one, so any change shows.
    pack: {
      name: decision.packs.map(p => p.name).join('+') || 'unknown',
      version: decision.packs.map(p => p.version).join('+') || 'unknown',
      digest: decision.packs.length > 1 ? combinedDigest(decision.packs.map(p => p.digest)) : (primary?.digest ?? 'unknown'),
    },
    ...(dpia ? { dpia } : {}),
    facts: asStored(facts),
    ...(i.parties ? { parties: asStored(i.parties as unknown as Facts) as unknown as AssessmentEntry['parties'] } : {}),
  };
}

/**
 * The facts as they will read back from the register's JSON line: the hash is taken over this
 * value, so a value JSON cannot hold exactly (a Date, undefined in a list) can never make a fresh
 * entry fail its own verification.
 */
function asStored(facts: Facts): Facts {
  return JSON.parse(JSON.stringify(facts)) as Facts;
}

/** The same combination loadPacks uses for a merged pack's digest. */
function combinedDigest(digests: string[]): string {
  return `sha256:${createHash('sha256').update(digests.join('\n')).digest('hex')}`;
}
