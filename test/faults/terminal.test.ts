// Terminal injection: control characters in anything a user or a file supplies (titles, names,
// data items, --signer/--role, unknown keys, file names, register cells) are shown visibly in every
// human-readable output and error message, never sent to the terminal raw.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { visible, visibleDeep, visibleLines } from '../../src/io/term.js';
import { EXAMPLE, run, tempDir } from './harness.js';

const PAYLOADS = [
  '\u001b]0;PWNED\u0007', // OSC 0: window title
  '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', // OSC 8: hidden link
  '\u001b[2J\u001b[H', // clear screen, cursor home
  '\u001b[8m', // SGR conceal
  '\u009b31m', // C1 CSI
  'ok\rLAWFUL', // CR overwrite
  '\u0007\u0008\u007f', // BEL, BS, DEL
  '\u202eevil', // bidi override
];
const chalkSgr = /\u001b\[\d+(;\d+)*m/g;
/** Raw control characters other than newline and tab (and colours igcheck itself added, if any). */
const raw = (s: string) => s.replace(chalkSgr, '').match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g) ?? [];

let d: string;
beforeAll(async () => {
  d = tempDir('igcheck-term-');
  expect((await run(['keygen', '--out', join(d, 'key.pem')])).code).toBe(0);
});
afterAll(() => rmSync(d, { recursive: true, force: true }));

const base = parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, any>;

function hostile(p: string): Record<string, any> {
  const a = structuredClone(base);
  a.title = `Title ${p}`;
  a.discloser.name = `Discloser ${p}`;
  a.recipient.name = `Recipient ${p}`;
  a.data.items[0].name = `Item ${p}`;
  a.data.items[0].justification = `Because ${p}`;
  return a;
}

test('visible() leaves no control character and keeps ordinary text', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), s => {
    expect(raw(visible(s))).toEqual([]);
    expect(visible(s)).not.toMatch(/\n/);
    expect(raw(visibleLines(s))).toEqual([]);
  }));
  expect(visible('Café £5 — “quoted” ünïcode 日本')).toBe('Café £5 — “quoted” ünïcode 日本');
  expect(visible('a\u001b[2Jb\r\n')).toBe('a\\x1b[2Jb\\r\\n');
  expect(visibleDeep({ ['k\u0007']: ['\u009b', 1, null] })).toEqual({ 'k\\x07': ['\\u009b', 1, null] });
});

test.each(PAYLOADS.map(p => [JSON.stringify(p), p]))('%s in answers, signer, role, register, verify and review', async (_n, p) => {
  const dir = tempDir('igcheck-term-case-');
  try {
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, stringify(hostile(p)));
    const reg = join(dir, 'reg.jsonl');
    // One key is one person: each signer name gets a key of its own.
    expect((await run(['keygen', '--out', join(dir, 'key.pem')])).code).toBe(0);
    const runs = [
      await run(['assess', '--answers', answers]),
      await run(['assess', '--answers', answers, '--explain']),
      await run(['assess', '--answers', answers, '--out', join(dir, 'pack'), '--register', reg, '--key', join(dir, 'key.pem'), '--format', 'md', '--signer', `Signer ${p}`, '--role', `Role ${p}`]),
      await run(['verify', join(dir, 'pack')]),
      await run(['register', 'list', '--register', reg]),
      await run(['register', 'show', 'R-0001', '--register', reg]),
      await run(['review', '--register', reg, '--no-impact']),
      // Errors: an unknown key, a file name, a bad option.
      await run(['assess', '--answers', (writeFileSync(join(dir, 'bad.yaml'), stringify({ ...hostile(p), [`key${p}`]: 1 })), join(dir, 'bad.yaml'))]),
      await run(['assess', '--answers', join(dir, `missing${p}.yaml`)]),
      await run(['assess', `--bogus${p}`]),
    ];
    for (const [i, r] of runs.entries()) {
      expect(raw(r.out), `run ${i} stdout: ${JSON.stringify(r.out.slice(0, 300))}`).toEqual([]);
      expect(raw(r.err), `run ${i} stderr: ${JSON.stringify(r.err.slice(0, 300))}`).toEqual([]);
      expect(r.err).not.toMatch(/internal error|\n\s+at /);
    }
    // The text is still there, shown: the reader can see that something odd was in it.
    expect(runs[0].out).toContain(`Title ${visible(p)}`);
    expect(runs[4].out).toContain(visible(p));
    expect(runs[2].code, runs[2].err).toBeLessThan(2);
    expect([runs[3].code, runs[4].code, runs[5].code], runs[3].err + runs[4].err).toEqual([0, 0, 0]);
    expect(runs[3].out).toContain(`Signer ${visible(p)}`);
    expect(runs[7].code).toBe(2);
    expect(runs[7].err).toContain(`key${visible(p)}`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('an audit of a register with control characters in titles and headings', async () => {
  const file = join(d, 'flows.csv');
  writeFileSync(file, `Flow ID,Title,Lawful basis,Odd\u001b]0;x\u0007 heading\r\nF1\u001b[2J,One\u009b31m,,\r\n`);
  const r = await run(['audit', file]);
  expect(raw(r.out)).toEqual([]);
  expect(raw(r.err)).toEqual([]);
});

test('JSON output carries the same values with C1 and bidi controls escaped too', async () => {
  const dir = tempDir('igcheck-term-json-');
  try {
    const title = 'T \u009b31m \u202e \u2028 \u001b]0;x\u0007 é';
    writeFileSync(join(dir, 'a.yaml'), stringify({ ...base, title }));
    const reg = join(dir, 'reg.jsonl');
    expect((await run(['assess', '--answers', join(dir, 'a.yaml'), '--out', join(dir, 'p'), '--register', reg, '--key', join(d, 'key.pem'), '--format', 'md', '--signer', 'T'])).code).toBeLessThan(2);
    const r = await run(['register', 'list', '--json', '--register', reg]);
    expect(raw(r.out)).toEqual([]);
    expect(r.out).not.toMatch(/[\u2028\u202e]/);
    expect(JSON.parse(r.out).entries[0].title).toBe(title);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
