// The one module that talks to @inquirer/prompts. Everything interactive goes through a Prompter,
// so tests replace this module's terminal prompter with scripted answers.

export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
}

/** A heading between choices of a select (not selectable). */
export interface Separator { separator: string }
export const isSeparator = (c: unknown): c is Separator => typeof c === 'object' && c !== null && 'separator' in c;

/** Every prompt carries an optional `key` (the fact it sets) so scripted prompters can answer by fact. */
interface Base { message: string; key?: string }

export interface Prompter {
  /** `pageSize`: how many lines of choices to show at once (default 12). */
  select<T>(o: Base & { choices: (Choice<T> | Separator)[]; default?: T; pageSize?: number }): Promise<T>;
  /** `validate` returns true, or the message to show. */
  checkbox<T>(o: Base & { choices: Choice<T>[]; checked?: T[]; required?: boolean; validate?: (values: T[]) => true | string }): Promise<T[]>;
  confirm(o: Base & { default?: boolean }): Promise<boolean>;
  /** `validate` returns true, or the message to show. */
  input(o: Base & { default?: string; required?: boolean; validate?: (value: string) => true | string }): Promise<string>;
  secret(o: Base): Promise<string>;
}

// Imported on first use: the prompt library is only loaded when something is asked.
let lib: typeof import('@inquirer/prompts') | undefined;
const inquirer = async () => (lib ??= await import('@inquirer/prompts'));

/** The prompter for a real terminal. */
export const terminalPrompter: Prompter = {
  async select(o) {
    const { select, Separator } = await inquirer();
    const choices = o.choices.map(c => (isSeparator(c) ? new Separator(c.separator) : c));
    return select({ message: o.message, choices, default: o.default, pageSize: o.pageSize ?? 12, loop: false });
  },
  async checkbox(o) {
    const { checkbox } = await inquirer();
    const checked = new Set(o.checked ?? []);
    return checkbox({
      message: o.message, pageSize: 12, loop: false, required: o.required,
      choices: o.choices.map(c => ({ ...c, checked: checked.has(c.value) })),
      ...(o.validate ? { validate: (picked: readonly { value: unknown }[]) => o.validate!(picked.map(x => x.value) as never) } : {}),
    });
  },
  async confirm(o) {
    const { confirm } = await inquirer();
    return confirm({ message: o.message, default: o.default });
  },
  async input(o) {
    const { input } = await inquirer();
    const answer = await input({ message: o.message, default: o.default, required: o.required, validate: o.validate });
    return answer.trim();
  },
  async secret(o) {
    const { password } = await inquirer();
    return password({ message: o.message, mask: '*' });
  },
};

let current: Prompter = terminalPrompter;
/** The prompter in use (tests swap it with `usePrompter`). */
export const prompter = (): Prompter => current;
export function usePrompter(p: Prompter): () => void {
  const before = current;
  current = p;
  return () => { current = before; };
}

/** Ask for a passphrase without echoing it (for signing keys). */
export function askSecret(message: string): Promise<string> {
  return current.secret({ message });
}

/** True when the user pressed Ctrl-C or closed the terminal during a prompt. */
export function isPromptCancel(e: unknown): boolean {
  const name = (e as Error | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}

/**
 * A repeatable list: ask for entries until a blank one, each with an optional follow-up field
 * (data items and their justifications).
 */
export async function askList(p: Prompter, o: {
  key?: string; noun: string; detail: (name: string) => string;
  /** The first entry may be left blank too (the list stays unknown). */
  optional?: boolean;
}): Promise<{ name: string; detail?: string }[]> {
  const out: { name: string; detail?: string }[] = [];
  for (let i = 0; ; i++) {
    const name = await p.input({
      key: o.key, message: `${o.noun} ${i + 1}${i > 0 ? ' (leave blank to finish)' : o.optional ? ' (blank if you cannot list them yet)' : ''}`,
      validate: v => (i === 0 && !o.optional && !v.trim() ? `Give at least one ${o.noun.toLowerCase()}` : true),
    });
    if (!name) break;
    const detail = await p.input({ key: o.key ? `${o.key}.detail` : undefined, message: o.detail(name) });
    out.push({ name, ...(detail ? { detail } : {}) });
  }
  return out;
}
