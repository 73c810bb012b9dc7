// For `igcheck review`: the agreements in the register whose parties are yet to sign, and the flows
// whose party changed (a party that left, or a new party a flow to every party now reaches). Read
// from the packs themselves: their signatures are checked (not their documents, which `verify` does).
import { existsSync } from 'node:fs';
import { CheckFailed, InputError, UsageError } from '../errors.js';
import { readRegister, registerPath, resolveFromRegister } from '../register/store.js';
import type { RegisterState } from '../register/state.js';
import type { RegisterEntry } from '../register/entry.js';
import { agreementStatus } from './agreement.js';
import { ROLE_LABEL, readPackRoster } from './roster.js';
import { verifyDir, type VerifyResult } from './verify.js';

export interface Unsigned { id: string; title: string; out_dir: string; parties: number; waiting: { party: string; name: string; roles: string[] }[] }
export interface FlowChange { id: string; title: string; flow: string; party: string; name: string; change: 'left' | 'joined'; date: string; version: number }
export interface SigningReview { unsigned: Unsigned[]; flows_changed: FlowChange[]; unreadable: { id: string; title: string; problem: string }[] }

export function signingReview(register: string, state: RegisterState, entries: RegisterEntry[], asOf?: string): SigningReview {
  const out: SigningReview = { unsigned: [], flows_changed: [], unreadable: [] };
  // The packs: each current assessment's, and each pack a join or leave was recorded for (an
  // agreement between many organisations may be in the register only by its joins and leaves).
  const packs = new Map<string, { id: string; title: string; out_dir: string }>();
  for (const a of state.current) if (a.entry.out_dir) packs.set(resolveFromRegister(register, a.entry.out_dir), { id: a.entry.id, title: a.entry.title, out_dir: a.entry.out_dir });
  for (const e of entries) {
    if ((e.kind !== 'party-joined' && e.kind !== 'party-left') || !e.out_dir) continue;
    const dir = resolveFromRegister(register, e.out_dir);
    if (!packs.has(dir)) packs.set(dir, { id: e.entry ?? e.id, title: e.title, out_dir: e.out_dir });
  }
  for (const [dir, e] of packs) {
    if (!existsSync(dir)) continue;
    let roster;
    try { roster = readPackRoster(dir); } catch (err) {
      if (!(err instanceof InputError)) throw err;
      out.unreadable.push({ id: e.id, title: e.title, problem: err.title });
      continue;
    }
    if (!roster) continue;
    const v = verifyDir(dir, [], { hashFiles: false });
    if (!v.ok) { out.unreadable.push({ id: e.id, title: e.title, problem: `its signatures do not verify (${v.problems[0]})` }); continue; }
    const st = agreementStatus(v, roster, asOf);
    if (st.problems.length) { out.unreadable.push({ id: e.id, title: e.title, problem: st.problems[0] }); continue; }
    if (st.outstanding.length) {
      const waiting = new Map<string, { party: string; name: string; roles: string[] }>();
      for (const x of st.outstanding) {
        const w = waiting.get(x.party) ?? { party: x.party, name: x.name, roles: [] };
        w.roles.push(ROLE_LABEL[x.role]);
        waiting.set(x.party, w);
      }
      out.unsigned.push({ id: e.id, title: e.title, out_dir: e.out_dir, parties: st.current, waiting: [...waiting.values()] });
    }
    for (const ad of v.addenda) {
      const m = ad.manifest;
      for (const f of roster.flows ?? []) {
        const touches = m.action === 'leave' ? f.from === m.party.id || f.to.includes(m.party.id) : f.to.includes('*');
        if (touches) out.flows_changed.push({ id: e.id, title: e.title, flow: f.id, party: m.party.id, name: m.party.name, change: m.action === 'leave' ? 'left' : 'joined', date: m.date, version: m.schedule_version });
      }
    }
  }
  return out;
}

/**
 * The pack's addenda against the decision register, when the register holds this agreement: every
 * addendum must be recorded there with the same SHA-256, and every recorded one must be in the pack.
 * This catches what the chain inside the pack cannot: the latest version removed, or an addendum made
 * outside igcheck join/leave. `checked` is false when the register does not hold the agreement.
 */
export function registerProblems(dir: string, v: Pick<VerifyResult, 'manifestSha256' | 'addenda'>, explicit?: string): { checked: boolean; register: string; problems: string[] } {
  const path = registerPath(explicit);
  const none = { checked: false, register: path, problems: [] as string[] };
  if (!v.manifestSha256) return none;
  if (!existsSync(path)) {
    if (explicit) throw new UsageError(`--register: no decision register at ${path}`);
    return none;
  }
  const r = readRegister(path);
  if (!r.ok) {
    if (explicit) throw new CheckFailed(`the decision register ${path} does not verify: ${r.problem!.message}`);
    return none;
  }
  const want = `sha256:${v.manifestSha256}`;
  const recorded = new Map<string, { id: string; sha: string }>();
  for (const e of r.entries) if ((e.kind === 'party-joined' || e.kind === 'party-left') && e.manifest_sha256 === want) recorded.set(e.addendum, { id: e.id, sha: e.addendum_sha256 });
  // The register speaks for this agreement when it records its assessment or any change to it.
  if (!recorded.size && !r.entries.some(e => e.kind === 'assessment' && e.manifest_sha256 === want)) return none;
  const problems: string[] = [];
  for (const a of v.addenda) {
    const rec = recorded.get(a.dir);
    if (!rec) problems.push(`${a.dir}: not recorded in the decision register ${path} (a join or leave is recorded by igcheck join or leave)`);
    else if (rec.sha !== `sha256:${a.sha256}`) problems.push(`${a.dir}: differs from the version recorded in the decision register as ${rec.id}`);
    recorded.delete(a.dir);
  }
  for (const [addendum, rec] of recorded) problems.push(`missing: ${addendum} (recorded in the decision register as ${rec.id}, but not in the pack)`);
  return { checked: true, register: path, problems };
}
