// The questionnaire as a new IG lead meets it, in a pseudo-terminal: Enter never answers for the user,
// "Not sure yet" on a multi-select, the one-off path, --resume restoring the options, hints under npx.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Pack } from '../../src/core/types.js';
import { loadActivePack } from '../../src/pack/active.js';
import { SCENARIOS, scenario } from '../interview/scripted.js';
import { drive, hasScript, plain, PtyRun } from './pty-driver.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/igcheck.js');
const AS_OF = '2026-11-22';
let pack: Pack;
beforeAll(async () => { pack = await loadActivePack([]); });
const tmp = () => mkdtempSync(join(tmpdir(), 'igcheck-qpty-'));
const sessionIn = (cwd: string) => readdirSync(cwd).find(f => f.endsWith('.igcheck-session.yaml'))!;

describe.skipIf(!hasScript())('the questionnaire in a pseudo-terminal', () => {
  it('pressing Enter at every choice answers nothing: the cursor starts on "Not sure yet"', async () => {
    const cwd = tmp();
    const run = new PtyRun(['assess', '--as-of', AS_OF], cwd, BIN);
    try {
      // Only the title and description are typed; every choice gets a bare Enter.
      const asked = await drive(run, pack, { title: 'Enter all the way', description: 'Testing the defaults' }, { stopAfter: 14 });
      expect(await run.done).toBe(130);
      const screen = plain(run.out);
      expect(screen).toMatch(/❯ Not sure yet/);
      expect(asked.length).toBeGreaterThan(3);
      const saved = parse(readFileSync(join(cwd, sessionIn(cwd)), 'utf8'));
      // Every choice question asked was left unknown (null), so nothing permissive was chosen.
      for (const fact of asked.filter(f => f !== 'title' && f !== 'description' && f !== 'assumptions')) {
        const value = fact.split('.').reduce((o: any, k) => o?.[k], saved);
        expect(value, fact).toBeNull();
      }
      expect(screen).not.toMatch(/Verdict so far: (lawful|heading for lawful)/);
    } finally { run.kill(); }
  }, 60_000);

  it('"Not sure yet" on a multi-select leaves the data categories unknown', async () => {
    const cwd = tmp();
    const { facts } = scenario(pack, join(SCENARIOS, '01-discharge-summary-trust-to-gp.yaml'));
    delete facts['data.categories'];
    const run = new PtyRun(['assess', '--as-of', AS_OF], cwd, BIN);
    try {
      const asked = await drive(run, pack, facts, { stopAfter: 40 });
      expect(asked).toContain('data.categories');
      const saved = parse(readFileSync(join(cwd, sessionIn(cwd)), 'utf8'));
      expect(saved.data.categories).toBeNull();
      expect(plain(run.out)).toMatch(/What kinds of information are shared\? \(space to pick, enter when done\)/);
    } finally { run.kill(); }
  }, 90_000);

  it('a one-off police request is not asked about the DSPT, a DPIA or dates', async () => {
    const cwd = tmp();
    const { facts } = scenario(pack, join(SCENARIOS, '11-police-serious-crime-decision-approved.yaml'));
    const run = new PtyRun(['assess', '--json', '--as-of', AS_OF], cwd, BIN);
    try {
      const asked = await drive(run, pack, facts);
      expect(await run.done).toBe(0);
      expect(asked.filter(f => /^(recipient\.dspt|controls\.dpia|processing\.|start_date|review_date)/.test(f))).toEqual([]);
      // No such question on screen (the decision printed at the end may still say a DPIA is not needed).
      const screen = plain(run.out);
      const end = screen.lastIndexOf('Review your answers');
      const questions = end > 0 ? screen.slice(0, end) : screen;
      expect(questions).not.toMatch(/Data Security and Protection Toolkit|state of the data protection impact assessment|When does sharing start/);
      expect(screen).toMatch(/Safeguards · \d of \d/);
    } finally { run.kill(); }
  }, 90_000);

  it('--resume needs nothing else: --out, --signer, --role and --format come back from the session file', async () => {
    const cwd = tmp();
    const { facts } = scenario(pack, join(SCENARIOS, '01-discharge-summary-trust-to-gp.yaml'));
    const env = { IGCHECK_PASSPHRASE: 'a long enough passphrase', IGCHECK_CONFIG_DIR: tmp(), IGCHECK_REGISTER: join(cwd, 'register.jsonl') };
    const first = new PtyRun(['assess', '--out', 'board-pack', '--signer', 'Ann Lee', '--role', 'IG lead', '--format', 'md,json'], cwd, BIN, env);
    try {
      await drive(first, pack, facts, { stopAfter: 6 });
      expect(first.code).toBe(130);
    } finally { first.kill(); }
    const hint = /Continue with: +(.*)/.exec(plain(first.out))![1].trim();
    expect(hint).toBe(`igcheck assess --resume ${sessionIn(cwd)}`);
    const second = new PtyRun(hint.split(' ').slice(1), cwd, BIN, env);
    try {
      await drive(second, pack, facts);
      expect(await second.done).toBe(0);
    } finally { second.kill(); }
    expect(plain(second.out)).toMatch(/as saved in the session: --out \S*board-pack --signer "Ann Lee" --role "IG lead" --format md,json/);
    const out = join(cwd, 'board-pack');
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    const written = readdirSync(out);
    expect(written).toContain('data-sharing-agreement.md');
    expect(written.filter(f => /\.(html|docx)$/.test(f))).toEqual([]);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toMatch(/Ann Lee/);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toMatch(/IG lead/);
  }, 120_000);

  it('under npx, every hint says `npx igcheck`', async () => {
    const cwd = tmp();
    const { facts } = scenario(pack, join(SCENARIOS, '01-discharge-summary-trust-to-gp.yaml'));
    const run = new PtyRun(['assess', '--as-of', AS_OF], cwd, BIN, { npm_command: 'exec', npm_lifecycle_event: 'npx', npm_lifecycle_script: 'igcheck' });
    try {
      await drive(run, pack, facts, { stopAfter: 4 });
    } finally { run.kill(); }
    const screen = plain(run.out);
    expect(screen).toMatch(/Continue with: +npx igcheck assess --resume \S+/);
    const saved = readFileSync(join(cwd, sessionIn(cwd)), 'utf8');
    expect(saved).toMatch(/^# Continue: +npx igcheck assess --resume /m);
    expect(saved).toMatch(/^# Re-decide: +npx igcheck assess --answers /m);
  }, 60_000);

  it.each([
    ['NO_COLOR=1', ['assess', '--answers', 'ANSWERS'], { NO_COLOR: '1' }],
    ['--no-color after the command', ['assess', '--answers', 'ANSWERS', '--no-color'], {}],
  ])('at a terminal, %s gives plain text', async (_name, args, env) => {
    const answers = join(ROOT, 'examples/care-plan-to-care-home.yaml');
    const run = new PtyRun(args.map(a => (a === 'ANSWERS' ? answers : a)), tmp(), BIN, { FORCE_COLOR: undefined, CI: undefined, ...env });
    try {
      await run.done;
      expect(run.out).toMatch(/LAWFUL/);
      expect(run.out).not.toMatch(/\x1b\[[0-9;]*m/);
    } finally { run.kill(); }
  }, 30_000);

  it('and in colour otherwise', async () => {
    const run = new PtyRun(['assess', '--answers', join(ROOT, 'examples/care-plan-to-care-home.yaml')], tmp(), BIN, { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined }); // chalk turns colour off when CI is set at all
    try {
      await run.done;
      expect(run.out).toMatch(/\x1b\[[0-9;]*m/);
    } finally { run.kill(); }
  }, 30_000);
});
