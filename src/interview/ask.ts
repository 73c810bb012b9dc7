// Asking one question through the Prompter, by the fact's type, and showing an answer in words.
import { readDate, yearAfter } from '../load/values.js';
import type { ChoiceDef, FactDef, FactItem, FactValue, QuestionDef } from '../core/types.js';
import { askList, type Choice, type Prompter } from '../cli/prompt.js';
import { visible } from '../io/term.js';

/** The answer "not sure": the fact stays unknown and is not asked again. */
export const NOT_SURE = Symbol('not sure');
export type Answer = FactValue | typeof NOT_SURE;

const CONTACT_ROLES: Choice<string>[] = [
  { value: 'ig_lead', name: 'IG lead' },
  { value: 'caldicott_guardian', name: 'Caldicott Guardian' },
  { value: 'dpo', name: 'Data protection officer' },
  { value: 'siro', name: 'SIRO' },
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validDate(v: string): true | string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) && !/^\d{1,2}[/.]\d{1,2}[/.]\d{4}$/.test(v.trim())) return 'Enter a date as YYYY-MM-DD, for example 2026-04-01';
  return readDate(v) ? true : `${v} is not a real date`;
}

export { yearAfter };

const boolChoices: ChoiceDef[] = [{ value: true, label: 'Yes' }, { value: false, label: 'No' }];

const NOT_SURE_CHOICE = { value: NOT_SURE, name: 'Not sure yet', description: 'Leave it unknown: the decision will list it as missing if it matters' } as const;


/**
 * The question with what a blank means, the question's own words first and never two brackets in a
 * row: "When? (YYYY-MM-DD), or blank if not known"; "Who asked? (blank if no one asked)".
 */
const withBlank = (message: string, blank: string) => (/\)$/.test(message) ? `${message}, or ${blank}` : `${message} (${blank})`);

/**
 * Ask one question. Nothing is chosen for the user: "Not sure yet" comes first and the cursor starts
 * on it unless the user answered before (then on their own answer), so a habitual Enter never gives
 * an answer that could make a share lawful.
 */
export async function ask(p: Prompter, q: QuestionDef, def: FactDef, current: FactValue | undefined, context: { startDate?: string }): Promise<Answer> {
  const key = q.fact;
  const message = q.ask;
  switch (def.type) {
    case 'bool': case 'enum': {
      const defs: ChoiceDef[] = q.choices ?? (def.type === 'bool' ? boolChoices : (def.values ?? []).map(v => ({ value: v, label: v })));
      const choices: Choice<FactValue | typeof NOT_SURE>[] = [NOT_SURE_CHOICE,
        ...defs.map(c => ({ value: c.value, name: c.label, ...(c.explain ? { description: c.explain } : {}) }))];
      return p.select({ key, message, choices, default: current !== undefined && defs.some(c => c.value === current) ? current : NOT_SURE });
    }
    case 'list': {
      const defs: ChoiceDef[] = q.choices ?? (def.values ?? []).map(v => ({ value: v, label: v }));
      const picked = await p.checkbox<string | typeof NOT_SURE>({
        key, message: `${message} (space to pick, enter when done)`, required: true, checked: Array.isArray(current) ? (current as string[]) : [],
        choices: [NOT_SURE_CHOICE, ...defs.map(c => ({ value: String(c.value), name: c.label, ...(c.explain ? { description: c.explain } : {}) }))],
        validate: values => (values.includes(NOT_SURE) && values.length > 1 ? '"Not sure yet" cannot go with other answers: untick one or the other' : true),
      });
      return picked.includes(NOT_SURE) ? NOT_SURE : picked as string[];
    }
    case 'string': case 'text': {
      // A question that may be left blank says what a blank means (the pack's `blank:`).
      if (!q.blank) return p.input({ key, message, required: true, ...(typeof current === 'string' ? { default: current } : {}) });
      const v = await p.input({ key, message: withBlank(message, q.blank), ...(typeof current === 'string' ? { default: current } : {}) });
      return v ? v : NOT_SURE;
    }
    case 'date': {
      const fallback = typeof current === 'string' ? current : def.id === 'review_date' && context.startDate ? yearAfter(context.startDate) : undefined;
      const after = def.id === 'review_date' ? context.startDate : undefined;
      const blank = !!q.blank;
      const validate = (v: string) => {
        if (blank && !v.trim()) return true;
        const ok = validDate(v.trim());
        return ok === true && after && readDate(v)! <= after ? `The review date must come after the start date (${after})` : ok;
      };
      const v = await p.input({ key, message: q.blank ? withBlank(message, q.blank) : message, validate, ...(fallback ? { default: fallback } : {}) });
      // Saved as YYYY-MM-DD however it was typed (01/04/2026 reads as 1 April 2026).
      return v.trim() ? readDate(v) ?? v : NOT_SURE;
    }
    case 'items': {
      const items = await askList(p, { key, noun: 'Data item', optional: true, detail: name => `Why is "${name}" needed? (blank if you cannot say yet; that is a finding)` });
      if (!items.length) return NOT_SURE;
      return items.map(i => ({ name: i.name, ...(i.detail ? { justification: i.detail } : {}) }));
    }
    case 'contacts': {
      const have = current && typeof current === 'object' && !Array.isArray(current) ? current as Record<string, { name?: string; email?: string }> : {};
      const picked = await p.checkbox<string | typeof NOT_SURE>({
        key, message: `${message}: which roles? (space to pick, enter when done)`, choices: [NOT_SURE_CHOICE, ...CONTACT_ROLES], checked: Object.keys(have),
        validate: values => (values.includes(NOT_SURE) && values.length > 1 ? '"Not sure yet" cannot go with other answers: untick one or the other' : true),
      });
      if (picked.includes(NOT_SURE)) return NOT_SURE;
      const roles = picked as string[];
      const out: Record<string, { name: string; email: string }> = {};
      for (const role of roles) {
        const label = CONTACT_ROLES.find(r => r.value === role)!.name;
        const name = await p.input({ key: `${key}.${role}.name`, message: `${label}: name`, required: true, ...(have[role]?.name ? { default: have[role].name } : {}) });
        const email = await p.input({
          key: `${key}.${role}.email`, message: `${label}: e-mail`, ...(have[role]?.email ? { default: have[role].email } : {}),
          validate: v => (EMAIL.test(v) ? true : 'Enter an e-mail address, like dpo@example.nhs.uk'),
        });
        out[role] = { name, email };
      }
      return out;
    }
  }
}

/** An answer in words, for the review screen. */
/** An answer as shown on the review screen, with any control characters in it made visible (src/io/term.ts). */
export const describe = (q: QuestionDef | undefined, value: FactValue | undefined, skipped: boolean): string => visible(describeValue(q, value, skipped));

function describeValue(q: QuestionDef | undefined, value: FactValue | undefined, skipped: boolean): string {
  if (skipped) return 'not sure';
  if (value === undefined) return '(not given)';
  const label = (v: unknown) => q?.choices?.find(c => c.value === v)?.label ?? (typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v));
  if (Array.isArray(value)) {
    if (value.length && typeof value[0] === 'object') {
      const items = value as FactItem[];
      const missing = items.filter(i => !i.justification).length;
      const names = items.map(i => i.name).join('; ');
      return `${items.length} item${items.length === 1 ? '' : 's'}${missing ? `, ${missing} without a justification` : ', all justified'}: ${names}`;
    }
    return value.map(label).join(', ');
  }
  if (typeof value === 'object') {
    const roles = Object.entries(value as Record<string, { name?: string }>).map(([r, c]) => `${CONTACT_ROLES.find(x => x.value === r)?.name ?? r} ${c?.name ?? ''}`.trim());
    return roles.length ? roles.join('; ') : '(none)';
  }
  return label(value);
}
