// A fresh install as a user gets it: `npm pack`, install the tarball globally into a temporary
// prefix, run igcheck from there. Nothing may be printed as a warning, and the package carries only
// what runs (the bundle holds the libraries, so it has no dependencies to install).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const hasNpm = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
// npm's own settings from an outer `npm test` must not leak into the install under test.
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

describe.skipIf(!hasNpm)('npm pack, then a global install of the tarball', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'igcheck-pack-'));
  const prefix = join(tmp, 'prefix');
  let files: string[] = [];
  let tarball = '';
  let install: { status: number | null; output: string };

  beforeAll(() => {
    const env = { ...cleanEnv(), npm_config_cache: join(tmp, 'cache'), npm_config_update_notifier: 'false' };
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', env });
    if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    const info = JSON.parse(pack.stdout)[0];
    files = info.files.map((f: { path: string }) => f.path);
    tarball = join(tmp, info.filename);
    // One dependency to fetch (pdfkit, below); everything else is in the bundle.
    const r = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: tmp, encoding: 'utf8', env });
    install = { status: r.status, output: `${r.stdout}${r.stderr}` };
  }, 120_000);

  it('carries what runs and its licence, and nothing for building or testing', () => {
    for (const f of ['LICENSE', 'README.md', 'package.json', 'bin/igcheck.js', 'dist/cli.js', 'dist/builtin-pack.json', 'rules/england/questions.yaml']) expect(files).toContain(f);
    expect(files.filter(f => /\.map$|^(src|test|scripts|node_modules)\//.test(f) || f === 'dist/compile-pack.js')).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.license).toBe('MIT');
    // The bundle holds every library but pdfkit, which reads its font files from beside its own code
    // (scripts/build.mjs marks it external), so it is installed as the one dependency. The font the
    // PDFs embed (DejaVu Sans, four faces) ships in dist/fonts with its licence.
    expect(Object.keys(manifest.dependencies ?? {}), 'the bundle holds the others already').toEqual(['pdfkit']);
    for (const f of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf', 'LICENSE-DejaVu.txt']) expect(files).toContain(`dist/fonts/${f}`);
    expect(files.filter(f => f.startsWith('dist/fonts/')), 'only the faces used').toHaveLength(5);
    expect(Object.keys(manifest.scripts ?? {}).filter(s => /^(pre|post)?install$|^prepare$/.test(s)), 'installing runs nothing').toEqual([]);
  });

  it("the README's relative links point at files in the package", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)].map(m => m[1]).filter(l => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(files.some(f => f === l || f.startsWith(`${l.replace(/\/$/, '')}/`)), l).toBe(true);
  });

  it('installs without a warning and without installing any library again', () => {
    expect(install.status, install.output).toBe(0);
    expect(install.output).not.toMatch(/warn|ERR!|deprecated/i);
    // Only pdfkit (and what it needs) is installed; the bundled libraries are not installed again.
    const mods = join(prefix, 'lib/node_modules/igcheck/node_modules');
    expect(existsSync(join(mods, 'pdfkit'))).toBe(true);
    expect(existsSync(join(mods, 'dejavu-fonts-ttf')), 'the font family is not installed, only its four faces shipped').toBe(false);
    for (const bundled of ['yaml', 'commander', 'docx', 'exceljs', 'marked', 'ajv', 'chalk']) expect(existsSync(join(mods, bundled)), bundled).toBe(false);
  });

  it('runs from the prefix: -v, and assess --answers', () => {
    const bin = join(prefix, 'bin', 'igcheck');
    const env = { ...cleanEnv(), NO_COLOR: '1' };
    const v = spawnSync(bin, ['-v'], { encoding: 'utf8', env });
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const r = spawnSync(bin, ['assess', '--answers', join(ROOT, 'examples/police-request.yaml'), '--json', '--as-of', '2026-11-22'], { cwd: tmp, encoding: 'utf8', env, input: '' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).verdict).toBe('needs_review');
    expect(r.status).toBe(1);
  });

  it('writes a PDF from the prefix, with the font found and embedded', () => {
    const bin = join(prefix, 'bin', 'igcheck');
    const env = { ...cleanEnv(), NO_COLOR: '1', IGCHECK_CONFIG_DIR: join(tmp, 'config'), IGCHECK_PASSPHRASE: 'pack test passphrase', IGCHECK_SIGNER: 'Pack Test' };
    const r = spawnSync(bin, ['assess', '--no-config', '--answers', join(ROOT, 'examples/police-request.yaml'), '--out', 'pdf-out', '--format', 'pdf', '--as-of', '2026-11-22'], { cwd: tmp, encoding: 'utf8', env, input: '' });
    expect(r.stderr).toMatch(/wrote disclosure-decision-record\.pdf/);
    const pdf = readFileSync(join(tmp, 'pdf-out', 'disclosure-decision-record.pdf')).toString('latin1');
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(pdf).not.toMatch(/\/BaseFont \/Helvetica/);
  });
});
