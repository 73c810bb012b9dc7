// Drives the real binary in a pseudo-terminal (util-linux `script`), answering each prompt it shows
// from a map of facts by pressing the keys a person would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Facts, FactValue, Pack, QuestionDef } from '../../src/core/types.js';

export const hasScript = () => spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\r/g;
export const plain = (s: string) => s.replace(ANSI, '');
const DOWN = '\x1b[B';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export class PtyRun {
  out = '';
  code: number | null = null;
  private child: ChildProcess;
  private mark = 0;
  readonly done: Promise<number | null>;

  /** `env` adds to the environment; a variable set to undefined is removed. */
  constructor(args: string[], cwd: string, bin: string, env: Record<string, string | undefined> = {}) {
    const cmd = [process.execPath, bin, ...args].map(a => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // CI is cleared: this simulates a person at a terminal even when the suite runs in CI.
    this.child = spawn('script', ['-qfec', `stty cols 120 rows 50; exec ${cmd}`, '/dev/null'], {
      cwd, env: Object.fromEntries(Object.entries({ ...process.env, CI: '', TERM: 'xterm-256color', COLUMNS: '120', ...env }).filter(([, v]) => v !== undefined)), stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', d => { this.out += d.toString(); });
    this.child.stderr!.on('data', d => { this.out += d.toString(); });
    this.done = new Promise(res => this.child.on('exit', c => { this.code = c; res(c); }));
  }

  /** Wait until output has been quiet for a moment, then return what arrived since the last keys. */
  async settle(timeout = 15000): Promise<string> {
    const start = Date.now();
    let len = -1;
    while (Date.now() - start < timeout) {
      await sleep(40);
      if (this.out.length === len && this.out.length > this.mark) return plain(this.out.slice(this.mark));
      if (this.code !== null) return plain(this.out.slice(this.mark));
      len = this.out.length;
    }
    throw new Error(`no output; screen so far:\n${plain(this.out).slice(-2000)}`);
  }

  async keys(...seq: string[]): Promise<void> {
    this.mark = this.out.length;
    for (const k of seq) { this.child.stdin!.write(k); await sleep(5); }
  }

  kill() { this.child.kill('SIGKILL'); }
}

/** Keystrokes that answer `q` with `value` (undefined: "Not sure yet"). */
export function keysFor(pack: Pack, q: QuestionDef, value: FactValue | undefined): string[] {
  const def = pack.facts.find(f => f.id === q.fact)!;
  if (def.type === 'bool' || def.type === 'enum') {
    // "Not sure yet" comes first and the cursor starts on it (nothing is chosen for the user).
    const values = [undefined, ...(q.choices?.map(c => c.value) ?? (def.type === 'bool' ? [true, false] : def.values!))] as unknown[];
    const target = values.indexOf(value);
    if (target < 0) throw new Error(`no choice ${JSON.stringify(value)} for ${q.fact}`);
    return [...Array(target).fill(DOWN), '\r'];
  }
  if (def.type === 'list') {
    const values = [undefined, ...(q.choices?.map(c => c.value) ?? def.values!)] as unknown[];
    const out: string[] = [];
    let at = 0;
    for (const idx of (value === undefined ? [0] : (value as string[]).map(v => values.indexOf(v))).sort((a, b) => a - b)) {
      out.push(...Array(idx - at).fill(DOWN), ' ');
      at = idx;
    }
    return [...out, '\r'];
  }
  return [`${value ?? ''}`, '\r'];
}

/**
 * Answer every prompt from `facts` until the program exits, or until `stopAfter` questions have been
 * answered (then press Ctrl-C). Returns the facts asked, in order.
 */
export async function drive(run: PtyRun, pack: Pack, facts: Facts, o: { stopAfter?: number } = {}): Promise<string[]> {
  const asked: string[] = [];
  const items = (facts['data.items'] as { name: string; justification?: string }[] | undefined) ?? [];
  const specials = ['Data item ', 'Why is "', 'Confirm these answers', 'Are these all right?'];
  const defaultsHold = pack.facts.filter(f => f.default !== undefined).every(f => facts[f.id] === undefined || facts[f.id] === f.default);
  const deadline = Date.now() + 90_000;
  let previous: QuestionDef | undefined;
  while (Date.now() < deadline) {
    const screen = await run.settle();
    if (run.code !== null) return asked;
    // The active prompt is the latest "? message" after the last answered one ("✔ message").
    let at = -1;
    let q: QuestionDef | undefined;
    let special: string | undefined;
    for (const x of pack.questions) { const i = screen.lastIndexOf(`? ${x.ask}`); if (i > at) { at = i; q = x; special = undefined; } }
    for (const x of specials) { const i = screen.lastIndexOf(`? ${x}`); if (i > at) { at = i; q = undefined; special = x; } }
    // Not yet moved on: no prompt, an answered one, or the same question redrawn before its answer lands.
    if (at < 0 || at < screen.lastIndexOf('✔') || (q && q === previous && !screen.includes('✔'))) { await sleep(50); continue; }
    if (o.stopAfter !== undefined && asked.length >= o.stopAfter) { await run.keys('\x03'); await run.done; return asked; }
    const prompt = screen.slice(at + 2);
    if (special === 'Data item ') {
      const n = Number(/^Data item (\d+)/.exec(prompt)![1]);
      if (n === 1) asked.push('data.items');
      await run.keys(items[n - 1]?.name ?? '', '\r');
    } else if (special === 'Why is "') {
      const name = /^Why is "(.*?)" needed/.exec(prompt)![1];
      await run.keys(items.find(i => i.name === name)?.justification ?? '', '\r');
    } else if (special === 'Are these all right?') {
      asked.push('assumptions');
      await run.keys(defaultsHold ? 'y' : 'n', '\r');
    } else if (special) {
      await run.keys('\r');
    } else {
      asked.push(q!.fact);
      previous = q;
      await run.keys(...keysFor(pack, q!, facts[q!.fact]));
    }
  }
  throw new Error(`the questionnaire did not finish; screen:\n${plain(run.out).slice(-2000)}`);
}
