// A hostile-input suite of generated cases (fast-check): answers files, rule packs, signed packs,
// the register, registers to audit and the questionnaire's session file. Every case must end in a
// right decision or a clear exit 2 (or 1 where a check fails), with no stack trace, no "internal
// error" and nothing half-written.
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

vi.setConfig({ testTimeout: 600_000 });
import type { Pack } from '../../src/core/types.js';
import { loadAnswered, saveSession } from '../../src/interview/session.js';
import { loadActivePack } from '../../src/pack/active.js';
import { EXAMPLE, leftovers, run, snapshot, tempDir, type Run } from './harness.js';

const RUNS = Number(process.env.IGCHECK_HOSTILE_RUNS ?? 20);
let d: string;
let pack: Pack;
const example = parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  d = tempDir('igcheck-hostile-');
  pack = await loadActivePack();
  expect((await run(['keygen', '--out', join(d, 'key.pem')])).code).toBe(0);
  const r = await run(['assess', '--answers', EXAMPLE, '--out', join(d, 'signed'), '--register', join(d, 'reg.jsonl'), '--key', join(d, 'key.pem'), '--format', 'md,json', '--signer', 'Tess Tester']);
  expect(r.code).toBeLessThan(2);
});
afterAll(() => rmSync(d, { recursive: true, force: true }));

/** The promise every run keeps, whatever it was given. */
function wellBehaved(r: Run, allowed: number[] = [0, 1, 2]): void {
  expect(allowed, `exit ${r.code}: ${r.err}`).toContain(r.code);
  expect(r.err).not.toMatch(/internal error|Maximum call stack|\n\s+at \S+ \(|TypeError|RangeError/);
  if (r.code === 2) expect(r.err).toMatch(/^(igcheck: |error: )/m);
}

// Strings users type, and strings meant to hurt.
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u001b]0;x\u0007', '\r', '\uFEFF', '\uD800', 'yes', 'no', 'null', '~', '!!binary AA==', '*a', '&a x', '{', '[', '"', '\'', '- ', ': ', '#', '%YAML 1.1', '<<: *a', '${x}', '=cmd|"/c calc"!A0', '../../etc/passwd', '2026-02-30', '1e400', '-0', 'NaN'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  v: fc.oneof({ depthSize: 'small' }, nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(nasty, tie('v'), { maxKeys: 3 })),
})).v;

describe('answers files', () => {
  const facts = () => fc.constantFrom(...pack.facts.map(f => f.id));
  test('random values at real fact paths, random keys, as YAML and JSON', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.oneof(facts(), nasty), value), { maxLength: 4 }), fc.boolean(), async (changes, asJson) => {
      const a = structuredClone(example);
      for (const [path, v] of changes) {
        const parts = path.split('.');
        let o = a as Record<string, unknown>;
        for (const p of parts.slice(0, -1)) { if (!o[p] || typeof o[p] !== 'object') o[p] = {}; o = o[p] as Record<string, unknown>; }
        o[parts[parts.length - 1]] = v;
      }
      const f = join(d, asJson ? 'a.json' : 'a.yaml');
      writeFileSync(f, asJson ? JSON.stringify(a) : stringify(a));
      const r = await run(['assess', '--answers', f, '--json']);
      wellBehaved(r);
      if (r.code !== 2) expect(JSON.parse(r.out).verdict).toMatch(/^(lawful|lawful_with_conditions|needs_review|not_lawful|incomplete)$/);
      // The same answers in the other format are the same decision (or the same refusal).
      const g = join(d, asJson ? 'b.yaml' : 'b.json');
      writeFileSync(g, asJson ? stringify(a) : JSON.stringify(a));
      const r2 = await run(['assess', '--answers', g, '--json']);
      wellBehaved(r2);
      if (r.code !== 2 && r2.code !== 2) {
        const pick = (o: { verdict: string; bases?: unknown; conditions?: unknown }) => ({ verdict: o.verdict, conditions: o.conditions });
        expect(pick(JSON.parse(r2.out))).toEqual(pick(JSON.parse(r.out)));
      }
    }), { numRuns: RUNS });
  });
  test('random text and bytes, and writing documents from them leaves nothing when refused', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }).map(s => Buffer.from(s)), fc.uint8Array({ maxLength: 300 }).map(b => Buffer.from(b)), fc.constant(Buffer.from([0xff, 0xfe, 0x41])), fc.constant(Buffer.from('title: "a\u00e9"\n', 'latin1'))), async bytes => {
      const dir = tempDir('igcheck-hostile-a-');
      try {
        writeFileSync(join(dir, 'a.yaml'), bytes);
        const r = await run(['assess', '--answers', join(dir, 'a.yaml'), '--out', join(dir, 'out'), '--register', join(dir, 'reg.jsonl'), '--key', join(d, 'key.pem'), '--format', 'md', '--signer', 'Tess Tester']);
        wellBehaved(r);
        if (r.code === 2) expect(readdirSync(dir)).toEqual(['a.yaml']);
      } finally { rmSync(dir, { recursive: true, force: true }); }
    }), { numRuns: RUNS });
  });
});

describe('rule packs', () => {
  const id = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
  const cond: fc.Arbitrary<unknown> = fc.letrec(tie => ({
    c: fc.oneof({ depthSize: 'small' },
      fc.record({ fact: fc.oneof(fc.constantFrom('purpose', 'recipient.type', 'nope'), nasty), is: value }),
      fc.record({ all: fc.array(tie('c'), { maxLength: 3 }) }), fc.record({ any: fc.array(tie('c'), { maxLength: 3 }) }),
      fc.record({ not: tie('c') }), fc.constant(true), value),
  })).c;
  test('generated packs are loaded or refused with located problems', async () => {
    await fc.assert(fc.asyncProperty(id, fc.array(fc.record({ id, when: cond, citation: nasty, explanation: nasty }), { maxLength: 3 }), fc.array(fc.record({ id: fc.oneof(id, fc.constant('purpose')), type: fc.constantFrom('bool', 'enum', 'text', 'weird'), description: nasty }), { maxLength: 2 }), async (name, bases, facts) => {
      const dir = join(d, `pack-${name}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'pack.yaml'), stringify({ pack: { name, version: '1.0.0', title: 'Generated' }, facts, bases }));
      const r = await run(['rules', 'validate', dir]);
      wellBehaved(r);
      if (r.code === 2) expect(r.err).toMatch(new RegExp(`pack-${name}`));
    }), { numRuns: RUNS });
  });
});

describe('signed packs', () => {
  const files = ['manifest.json', 'decision.json', 'rationale-report.md', 'data-sharing-agreement.md', 'answers.yaml'];
  test('any change to a signed pack fails verify (exit 1) and cannot be countersigned', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...files), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.constantFrom('flip', 'append', 'truncate', 'dup-entry', 'bytes', 'extra-file'), async (name, at, x, how) => {
      const dir = join(d, 'mutant');
      rmSync(dir, { recursive: true, force: true });
      cpSync(join(d, 'signed'), dir, { recursive: true });
      const p = join(dir, name);
      const b = readFileSync(p);
      if (how === 'flip') { b[at % b.length] ^= x; writeFileSync(p, b); }
      else if (how === 'append') appendFileSync(p, String.fromCharCode(x));
      else if (how === 'truncate') writeFileSync(p, b.subarray(0, at % b.length));
      else if (how === 'extra-file') writeFileSync(join(dir, `extra-${x}.md`), 'x');
      else {
        const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
        if (how === 'dup-entry') m.files.push(m.files[at % m.files.length]);
        else m.files[at % m.files.length].bytes += x;
        writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
      }
      const v = await run(['verify', dir]);
      wellBehaved(v, [1]);
      const before = snapshot(dir);
      const s = await run(['sign', dir, '--key', join(d, 'key.pem'), '--signer', 'Other']);
      wellBehaved(s, [1]);
      expect(snapshot(dir)).toEqual(before);
    }), { numRuns: RUNS });
  });
});

describe('the register', () => {
  test('a damaged register is reported, never extended, and assess --out writes nothing onto it', async () => {
    const good = readFileSync(join(d, 'reg.jsonl'));
    await fc.assert(fc.asyncProperty(fc.nat(), fc.uint8Array({ minLength: 0, maxLength: 8 }), fc.constantFrom('cut', 'insert', 'overwrite', 'dup-line', 'swap'), async (at, bytes, how) => {
      const dir = tempDir('igcheck-hostile-r-');
      try {
        const reg = join(dir, 'reg.jsonl');
        const pos = at % (good.length + 1);
        const lines = good.toString('utf8').split('\n');
        const mutated = how === 'cut' ? good.subarray(0, pos)
          : how === 'insert' ? Buffer.concat([good.subarray(0, pos), Buffer.from(bytes), good.subarray(pos)])
            : how === 'overwrite' ? Buffer.concat([good.subarray(0, pos), Buffer.from(bytes), good.subarray(Math.min(good.length, pos + bytes.length))])
              : how === 'dup-line' ? Buffer.from(`${lines[0]}\n${lines.join('\n')}`)
                : Buffer.from(lines.reverse().join('\n'));
        writeFileSync(reg, mutated);
        const v = await run(['register', 'verify', '--register', reg]);
        wellBehaved(v);
        const unchanged = Buffer.compare(mutated, good) === 0 || (mutated.length === 0);
        if (!unchanged && v.code === 0) {
          // Only a change that leaves whole entries (a clean cut at a line end) may still verify.
          expect(mutated.toString('utf8').endsWith('\n')).toBe(true);
        }
        const before = snapshot(dir);
        const a = await run(['assess', '--answers', EXAMPLE, '--out', join(dir, 'out'), '--register', reg, '--key', join(d, 'key.pem'), '--format', 'md', '--signer', 'Tess Tester']);
        wellBehaved(a);
        if (v.code !== 0) {
          expect(a.code).toBe(2);
          expect(snapshot(dir)).toEqual(before);
        } else {
          expect(a.code).toBeLessThan(2);
          expect((await run(['register', 'verify', '--register', reg])).code).toBe(0);
        }
        expect(leftovers(snapshot(dir))).toEqual([]);
      } finally { rmSync(dir, { recursive: true, force: true }); }
    }), { numRuns: RUNS });
  });
});

describe('registers to audit', () => {
  const cell = fc.oneof(nasty, fc.constantFrom('yes', 'no', 'direct_care', 'Direct care', '01/04/2026', '"', '""', ',', '\n', '\r\n', ';'), fc.string({ maxLength: 3 }).map(s => s.repeat(2000)));
  test('generated CSV registers: every row decided or reported, exit 2 only for an unusable file, nothing partial in --out', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 12 }), fc.boolean(), async (rows, quoteAll) => {
      const dir = tempDir('igcheck-hostile-c-');
      try {
        const q = (s: string) => (quoteAll || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
        writeFileSync(join(dir, 'r.csv'), ['Flow ID,Title,Purpose,Recipient type', ...rows.map(r => r.map(q).join(','))].join('\r\n'));
        const r = await run(['audit', join(dir, 'r.csv'), '--out', join(dir, 'out'), '--json']);
        wellBehaved(r);
        if (r.code === 2) expect(existsSync(join(dir, 'out'))).toBe(false);
        else {
          const s = JSON.parse(r.out) as { flows: number; rows: number };
          const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as { row: number }[];
          expect(results.length).toBe(s.flows);
          // Rows are numbered as a spreadsheet numbers them: increasing, after the heading row.
          expect(results.every((x, i) => x.row >= 2 && (i === 0 || x.row > results[i - 1].row))).toBe(true);
        }
      } finally { rmSync(dir, { recursive: true, force: true }); }
    }), { numRuns: RUNS });
  });
  test('generated JSON Lines registers', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(value.map(v => JSON.stringify(v) ?? 'null'), nasty), { maxLength: 8 }), async lines => {
      writeFileSync(join(d, 'r.jsonl'), lines.join('\n'));
      wellBehaved(await run(['audit', join(d, 'r.jsonl'), '--json']));
    }), { numRuns: RUNS });
  });
});

describe('the command line', () => {
  test('random options and values for every command: a decision, a finding or a clear exit 2', async () => {
    const commands = [['assess', '--answers', EXAMPLE], ['audit'], ['rules', 'list'], ['rules', 'show'], ['register', 'list'], ['register', 'show'], ['register', 'verify'], ['review'], ['verify'], ['sign'], ['keygen']];
    const opts = ['--json', '--explain', '--as-of', '--format', '--out', '--register', '--rules', '--head', '--trust', '--map', '--within', '--signer', '--role', '--key', '--force', '--no-impact', '--template'];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...commands), fc.array(fc.oneof(fc.constantFrom(...opts), nasty, fc.constantFrom(join(d, 'signed'), join(d, 'reg.jsonl'), d, EXAMPLE, '2026-13-45', '-', 'md,docx,pdf')), { maxLength: 4 }), async (cmd, rest) => {
      const args = [...cmd, ...rest.map(a => (a === '--out' || a === '--force' ? '--json' : a))];
      // Never write into the shared fixtures: --out and --force are left out.
      const before = snapshot(d);
      const r = await run(args);
      wellBehaved(r);
      expect(leftovers(snapshot(d))).toEqual([]);
      if (!args.includes('keygen') && !args.includes('sign')) expect(Object.keys(snapshot(d)).filter(k => !(k in before))).toEqual([]);
    }), { numRuns: RUNS * 2 });
  });
});

describe('Excel registers', () => {
  test('generated workbooks: cells of every kind, formulas, errors, dates, rich text', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const cellValue = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: true }),
      fc.constantFrom({ formula: 'A1&"x"', result: 'yes' }, { error: '#REF!' }, { richText: [{ text: 'dir' }, { text: 'ect_care' }] }, { text: 'link', hyperlink: 'https://example.org' }));
    await fc.assert(fc.asyncProperty(fc.array(fc.array(cellValue, { maxLength: 5 }), { maxLength: 8 }), async rows => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Flows');
      ws.addRow(['Flow ID', 'Title', 'Purpose', 'Recipient type']);
      for (const r of rows) ws.addRow(r as never);
      writeFileSync(join(d, 'r.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
      wellBehaved(await run(['audit', join(d, 'r.xlsx'), '--json']));
    }), { numRuns: RUNS });
  });
});

describe('YAML and JSON registers', () => {
  test('generated lists of flows', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(fc.dictionary(fc.oneof(nasty, fc.constantFrom('Flow ID', 'Title', 'purpose', 'recipient.type', 'Purpose')), value, { maxKeys: 4 }), value), { maxLength: 6 }), fc.boolean(), async (flows, asJson) => {
      const f = join(d, asJson ? 'r.json' : 'r.yaml');
      writeFileSync(f, asJson ? JSON.stringify(flows) : stringify(flows));
      wellBehaved(await run(['audit', f, '--json']));
    }), { numRuns: RUNS });
  });
});

describe('the questionnaire', () => {
  test('a user answering at random, typing anything, stopping anywhere: a decision, a saved session, or Ctrl-C', async () => {
    const { runInterview } = await import('../../src/interview/run.js');
    const { loadAnswered: load } = await import('../../src/interview/session.js');
    class Cancel extends Error { override name = 'ExitPromptError'; }
    await fc.assert(fc.asyncProperty(fc.infiniteStream(fc.nat()), fc.infiniteStream(nasty), fc.integer({ min: 1, max: 400 }), async (picks, texts, stopAt) => {
      const dir = tempDir('igcheck-hostile-q-');
      let n = 0;
      const next = () => { if (++n >= stopAt) throw new Cancel('User force closed the prompt with SIGINT'); return picks.next().value as number; };
      const typed = () => texts.next().value as string;
      const p = {
        async select<T>(o: { choices: { value: T }[] }) { return o.choices[next() % o.choices.length].value; },
        async checkbox<T>(o: { choices: { value: T }[] }) { const k = next(); return o.choices.filter((_c, i) => (k >> (i % 30)) & 1).map(c => c.value); },
        async confirm() { return next() % 2 === 0; },
        async input(o: { validate?: (v: string) => true | string; default?: string }) {
          next();
          // Typed text the prompt refuses is typed again, as a person would; then a plain answer.
          for (let i = 0; i < 3; i++) { const t = typed(); if (!o.validate || o.validate(t) === true) return t; }
          const plain = [o.default, 'Plain answer', '2027-01-01', '2031-06-30', 'dpo@example.nhs.uk'].find(t => t !== undefined && (!o.validate || o.validate(t) === true));
          if (plain === undefined) throw new Cancel('gave up');
          return plain;
        },
        async secret() { next(); return typed(); },
      };
      const lines: string[] = [];
      try {
        const r = await runInterview({ pack, asOf: '2026-11-30', prompter: p as never, dir, print: l => lines.push(l), warn: l => lines.push(l) });
        if (r) expect(typeof r.facts).toBe('object');
      } catch (e) {
        // Only the typed refusals (a name too long, an answer that cannot be saved) may end it.
        expect(String((e as Error).name), String((e as Error).stack)).toMatch(/InputError|UsageError|EnvironmentError|ExitPromptError/);
      }
      for (const l of lines) expect(l, JSON.stringify(l)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      // Whatever happened, every session file left is a complete answers file.
      for (const f of readdirSync(dir).filter(x => x.endsWith('.igcheck-session.yaml'))) {
        try { await load(pack, join(dir, f)); } catch (e) { expect((e as { problems?: unknown[] }).problems, String(e)).toBeDefined(); }
      }
      expect(leftovers(snapshot(dir))).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    }), { numRuns: RUNS });
  });

  test('whatever is typed, the session file saves it and reads back the same, never a broken file', async () => {
    await fc.assert(fc.asyncProperty(nasty, nasty, fc.array(nasty, { maxLength: 3 }), async (title, name, items) => {
      const path = join(d, 'hostile.igcheck-session.yaml');
      const facts: Record<string, unknown> = { title, 'discloser.name': name, 'data.items': items.map(i => ({ name: i, justification: i })) };
      try {
        await saveSession(pack, { facts: facts as never, skipped: new Set(['purpose']) } as never, path);
      } catch (e) {
        // Text that cannot be an answer at all (a lone surrogate) is refused plainly.
        expect((e as Error).message).not.toMatch(/internal/);
        return;
      }
      const text = readFileSync(path, 'utf8');
      expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      try {
        const back = await loadAnswered(pack, path);
        expect(back.skipped.has('purpose')).toBe(true);
      } catch (e) {
        expect((e as { problems?: unknown[] }).problems, String(e)).toBeDefined();
      }
    }), { numRuns: RUNS * 2 });
  });
});
