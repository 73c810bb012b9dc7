// A scripted Prompter for tests: answers each prompt from a map of facts, records what was asked,
// and runs each prompt's own validation so a bad scripted answer fails the test.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Choice, Prompter } from '../../src/cli/prompt.js';
import type { Facts, Pack } from '../../src/core/types.js';
import { validateFacts } from '../../src/load/answers.js';

export interface Scripted extends Prompter {
  /** Keys of the prompts shown, in order: fact ids (once per question), `review`, and sub-prompts (`data.items.detail`, `data.items.more`, contacts' fields). */
  asked: string[];
  /** The facts it answers from; change them to answer differently on the review screen. */
  facts: Facts;
}

export class Cancelled extends Error { override name = 'ExitPromptError'; }

/**
 * Answers from `facts`; a fact that is absent is answered "Not sure yet". On the review screen it
 * returns the next entry of `review` (a fact to change), or confirms when none is left. `stopAfter`
 * throws ExitPromptError (Ctrl-C) once that many facts have been asked.
 */
export function scripted(facts: Facts, o: { review?: string[]; stopAfter?: number; pack?: Pack } = {}): Scripted {
  const defaults = new Map((o.pack?.facts ?? []).filter(f => f.default !== undefined).map(f => [f.id, f.default]));
  const asked: string[] = [];
  const review = [...(o.review ?? [])];
  const queues = new Map<string, string[]>();
  let factCount = 0;
  const note = (key: string | undefined) => {
    const k = key ?? '?';
    if (o.stopAfter !== undefined && factCount >= o.stopAfter) throw new Cancelled('User force closed the prompt with SIGINT');
    factCount++;
    asked.push(k);
  };
  const self: Scripted = {
    asked,
    facts,
    async select<T>(p: { key?: string; message: string; choices: Choice<T>[] }) {
      if (p.key === 'review') {
        asked.push('review');
        const next = review.shift();
        return (next ?? p.choices[0].value) as T;
      }
      note(p.key);
      const want = self.facts[p.key!];
      const hit = want === undefined ? p.choices.find(c => typeof c.value === 'symbol') : p.choices.find(c => c.value === want);
      if (!hit) throw new Error(`no choice ${JSON.stringify(want)} for ${p.key}`);
      return hit.value;
    },
    async checkbox<T>(p: { key?: string; choices: Choice<T>[]; validate?: (values: T[]) => true | string }) {
      note(p.key);
      const want = self.facts[p.key!];
      if (want && typeof want === 'object' && !Array.isArray(want)) return Object.keys(want) as T[];
      // An absent list is answered "Not sure yet", where the question offers it.
      const notSure = p.choices.find(c => typeof c.value === 'symbol');
      const picked = (want === undefined && notSure ? [notSure.value] : want) as T[];
      if (!Array.isArray(picked)) throw new Error(`no list answer for ${p.key}`);
      const ok = p.validate ? p.validate(picked) : true;
      if (ok !== true) throw new Error(`scripted answer for ${p.key} rejected: ${ok}`);
      return picked;
    },
    async confirm(p) {
      const assumed = /^assumptions:(.*)$/.exec(p.key ?? '');
      if (!assumed) { note(p.key); return p.default ?? true; }
      // Confirm the defaults only when the scripted facts agree with every one of them.
      asked.push('assumptions');
      const facts = assumed[1].split(',');
      return facts.every(f => self.facts[f] === undefined || self.facts[f] === defaults.get(f));
    },
    async input(p) {
      const key = p.key!;
      let value: string | undefined;
      if (key === 'data.items' || key === 'data.items.detail') {
        // The first item prompt of a list starts a fresh pass over the scripted items.
        if (key === 'data.items' && !queues.get(key)?.length) {
          const list = (self.facts['data.items'] as { name: string; justification?: string }[] | undefined) ?? [];
          queues.set('data.items', [...list.map(i => i.name), '']);
          queues.set('data.items.detail', list.map(i => i.justification ?? ''));
          note(key);
        } else asked.push(key === 'data.items' ? 'data.items.more' : key);
        value = queues.get(key)?.shift() ?? '';
      } else {
        const contact = /^(.*contacts)\.(\w+)\.(name|email)$/.exec(key);
        if (contact) {
          asked.push(key);
          value = ((self.facts[contact[1]] as Record<string, Record<string, string>>)[contact[2]] ?? {})[contact[3]];
        } else {
          note(key);
          const v = self.facts[key];
          value = v === undefined ? undefined : String(v);
        }
      }
      if (value === undefined) value = p.default ?? '';
      if (p.required && !value) throw new Error(`no answer for required ${key}`);
      const ok = p.validate ? p.validate(value) : true;
      if (ok !== true) throw new Error(`scripted answer ${JSON.stringify(value)} for ${key} rejected: ${ok}`);
      return value;
    },
    async secret() { asked.push('secret'); return 'passphrase'; },
  };
  return self;
}

/** A scenario's answers as flat facts, and its expectations. */
export function scenario(pack: Pack, file: string): { facts: Facts; expect: { verdict?: string } } {
  const s = parse(readFileSync(file, 'utf8'));
  const problems: string[] = [];
  const facts = validateFacts(s.answers, pack.facts, (p, m) => problems.push(`${p.join('.')}: ${m}`));
  if (problems.length) throw new Error(problems.join('\n'));
  return { facts, expect: s.expect ?? {} };
}

export const SCENARIOS = new URL('../scenarios/acceptance/', import.meta.url).pathname;
