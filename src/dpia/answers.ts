// The answers file's `dpia:` section: what only people can write in a DPIA (the need, necessity,
// consultation, sign-off, the DPO's advice and the response to it), scores set with a reason, and the
// action plan. Checked field by field like every other answer: an unknown key is an error.
import { InputError } from '../errors.js';
import type { Facts, Pack } from '../core/types.js';
import { suggest } from '../load/suggest.js';

export type Report = (path: (string | number)[], message: string, key?: boolean) => void;

export interface Person { name?: string; role?: string; date?: string }
export interface DpoAdvice { name?: string; advice?: string; response?: 'accepted' | 'overruled'; reason?: string; date?: string }
export interface IcoConsultation { submitted?: string; reference?: string; advice_received?: string; advice?: string }
export interface SetScore { likelihood: number; impact: number; reason: string }
export interface Action { risk?: string; measure?: string; action: string; owner?: string; due?: string; status?: 'open' | 'in_progress' | 'done'; approver?: string }

export interface DpiaAnswers {
  status?: 'draft' | 'in_review' | 'approved';
  need?: string;
  necessity?: string;
  consultation?: string;
  security?: string;
  register_updated?: boolean;
  review_date?: string;
  review_triggers?: string;
  author?: Person;
  reviewer?: Person;
  approver?: Person;
  dpo?: DpoAdvice;
  ico_consultation?: IcoConsultation;
  scores?: Record<string, { inherent?: SetScore; residual?: SetScore }>;
  actions?: Action[];
}

const TEXT = ['need', 'necessity', 'consultation', 'security', 'review_triggers'] as const;
const PEOPLE = ['author', 'reviewer', 'approver'] as const;
export const DPIA_FIELDS = ['status', ...TEXT, 'register_updated', 'review_date', ...PEOPLE, 'dpo', 'ico_consultation', 'scores', 'actions'];
const STATUS = ['draft', 'in_review', 'approved'];
const ACTION_STATUS = ['open', 'in_progress', 'done'];

const isDate = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s)
  && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const asDate = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/** Check the `dpia:` section; report each problem at its path. */
export function checkDpiaSection(value: unknown, path: (string | number)[], report: Report): DpiaAnswers | undefined {
  if (!isMap(value)) { report(path, `expected a mapping of DPIA fields (${DPIA_FIELDS.join(', ')})`); return undefined; }
  const out: DpiaAnswers = {};
  const keys = (obj: Record<string, unknown>, at: (string | number)[], allowed: string[]) => {
    for (const k of Object.keys(obj)) {
      if (allowed.includes(k)) continue;
      if (at.length === 1 && k === 'residual_high') { report([...at, k], 'is worked out by igcheck from the risk scores; set a risk\'s scores under `scores:` with a reason instead', true); continue; }
      const s = suggest(k, allowed);
      report([...at, k], `unknown field${s ? `; did you mean \`${s}\`?` : ''} (one of ${allowed.join(', ')})`, true);
    }
  };
  const text = (obj: Record<string, unknown>, k: string, at: (string | number)[]): string | undefined => {
    const v = obj[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') { report([...at, k], 'expected text'); return undefined; }
    return v.trim() ? v : undefined;
  };
  const date = (obj: Record<string, unknown>, k: string, at: (string | number)[]): string | undefined => {
    const v = asDate(obj[k]);
    if (v === undefined || v === null) return undefined;
    if (!isDate(v)) { report([...at, k], `expected a date as YYYY-MM-DD, found ${JSON.stringify(v)}`); return undefined; }
    return v;
  };
  const word = <T extends string>(obj: Record<string, unknown>, k: string, at: (string | number)[], words: string[]): T | undefined => {
    const v = obj[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !words.includes(v)) {
      const s = typeof v === 'string' ? suggest(v, words) : undefined;
      report([...at, k], `unknown value ${JSON.stringify(v)}${s ? `; did you mean \`${s}\`?` : ''} (one of ${words.join(', ')})`);
      return undefined;
    }
    return v as T;
  };
  const section = (k: string, fields: string[], read: (o: Record<string, unknown>, at: (string | number)[]) => void) => {
    const v = value[k];
    if (v === undefined || v === null) return;
    const at = [...path, k];
    if (!isMap(v)) { report(at, `expected a mapping (${fields.join(', ')})`); return; }
    keys(v, at, fields);
    read(v, at);
  };

  keys(value, path, DPIA_FIELDS);
  out.status = word(value, 'status', path, STATUS);
  for (const k of TEXT) out[k] = text(value, k, path);
  if (value.register_updated !== undefined && value.register_updated !== null) {
    if (typeof value.register_updated === 'boolean') out.register_updated = value.register_updated;
    else report([...path, 'register_updated'], 'expected true or false');
  }
  out.review_date = date(value, 'review_date', path);
  for (const k of PEOPLE) {
    section(k, ['name', 'role', 'date'], (o, at) => { out[k] = { name: text(o, 'name', at), role: text(o, 'role', at), date: date(o, 'date', at) }; });
  }
  section('dpo', ['name', 'advice', 'response', 'reason', 'date'], (o, at) => {
    out.dpo = { name: text(o, 'name', at), advice: text(o, 'advice', at), response: word(o, 'response', at, ['accepted', 'overruled']), reason: text(o, 'reason', at), date: date(o, 'date', at) };
    if (out.dpo.response === 'overruled' && !out.dpo.reason) report([...at, 'response'], 'the DPO\'s advice was overruled: give the reasons in `reason` (UK GDPR Art 35(2); the ICO asks for them to be recorded)');
  });
  section('ico_consultation', ['submitted', 'reference', 'advice_received', 'advice'], (o, at) => {
    out.ico_consultation = { submitted: date(o, 'submitted', at), reference: text(o, 'reference', at), advice_received: date(o, 'advice_received', at), advice: text(o, 'advice', at) };
  });
  if (value.scores !== undefined && value.scores !== null) {
    const at = [...path, 'scores'];
    if (!isMap(value.scores)) report(at, 'expected a mapping of risk ids, each with `inherent` and/or `residual` scores');
    else {
      out.scores = {};
      for (const [risk, v] of Object.entries(value.scores)) {
        const rAt = [...at, risk];
        if (!isMap(v)) { report(rAt, 'expected `inherent` and/or `residual`, each `{likelihood, impact, reason}`'); continue; }
        keys(v, rAt, ['inherent', 'residual']);
        const entry: { inherent?: SetScore; residual?: SetScore } = {};
        for (const stage of ['inherent', 'residual'] as const) {
          const s = v[stage];
          if (s === undefined || s === null) continue;
          const sAt = [...rAt, stage];
          if (!isMap(s)) { report(sAt, 'expected `{likelihood, impact, reason}`'); continue; }
          keys(s, sAt, ['likelihood', 'impact', 'reason']);
          const n = (k: string) => {
            const x = s[k];
            if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > 5) { report([...sAt, k], `expected a whole number from 1 to 5, found ${JSON.stringify(x)}`); return undefined; }
            return x;
          };
          const l = n('likelihood'); const i = n('impact'); const reason = text(s, 'reason', sAt);
          if (!reason) report([...sAt, 'reason'], 'a score set by hand needs the reason for it');
          if (l !== undefined && i !== undefined && reason) entry[stage] = { likelihood: l, impact: i, reason };
        }
        out.scores[risk] = entry;
      }
    }
  }
  if (value.actions !== undefined && value.actions !== null) {
    const at = [...path, 'actions'];
    if (!Array.isArray(value.actions)) report(at, 'expected a list of actions, each `{risk, action, owner, due, status}`');
    else {
      out.actions = [];
      value.actions.forEach((a, i) => {
        const aAt = [...at, i];
        if (!isMap(a)) { report(aAt, 'expected `{risk, action, owner, due, status}`'); return; }
        keys(a, aAt, ['risk', 'measure', 'action', 'owner', 'due', 'status', 'approver']);
        const action = text(a, 'action', aAt);
        if (!action) { report(aAt, 'an action needs `action`: what will be done'); return; }
        out.actions!.push({ risk: text(a, 'risk', aAt), measure: text(a, 'measure', aAt), action, owner: text(a, 'owner', aAt), due: date(a, 'due', aAt), status: word(a, 'status', aAt, ACTION_STATUS), approver: text(a, 'approver', aAt) });
      });
    }
  }
  return prune(out);
}

/** Drop undefined fields, so the section saves and signs as given. */
function prune<T>(v: T): T {
  if (Array.isArray(v)) return v.map(prune) as T;
  if (isMap(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, prune(x)])) as T;
  return v;
}

/** Risk ids in `scores` and `actions` that the active packs do not have, with a suggestion. */
export function unknownRiskIds(d: DpiaAnswers | undefined, riskIds: string[]): { path: (string | number)[]; message: string }[] {
  if (!d) return [];
  const bad = (id: string) => `unknown risk \`${id}\`${suggest(id, riskIds) ? `; did you mean \`${suggest(id, riskIds)}\`?` : ''} (the DPIA lists each risk with its id)`;
  return [
    ...Object.keys(d.scores ?? {}).filter(id => !riskIds.includes(id)).map(id => ({ path: ['dpia', 'scores', id], message: bad(id) })),
    ...(d.actions ?? []).flatMap((a, i) => (a.risk && !riskIds.includes(a.risk) ? [{ path: ['dpia', 'actions', i, 'risk'], message: bad(a.risk) }] : [])),
  ];
}

/** Refuse an answers file whose `dpia:` section names a risk the active packs do not have. */
export function checkRiskIds(facts: Facts, pack: Pack, file: string): void {
  const bad = unknownRiskIds(facts.dpia as DpiaAnswers | undefined, (pack.risks ?? []).map(r => r.id));
  if (bad.length) {
    throw new InputError(`The answers file's dpia: section names ${bad.length} unknown risk${bad.length > 1 ? 's' : ''}`,
      bad.map(b => ({ file, path: b.path.join('.'), message: b.message })));
  }
}
