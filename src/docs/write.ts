// `assess --out DIR`: render every format, sign the manifest, and put the directory in place atomically.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stageDir } from '../io/write.js';
import { stringify } from 'yaml';
import type { Decision, Facts, Pack } from '../core/types.js';
import { InputError, UsageError } from '../errors.js';
import { suggest } from '../load/suggest.js';
import { defaultKeyPath, fingerprint, generateKey, loadPrivateKey, passphraseFor, publicOf, publicPem, readPassphrase, signerName } from '../sign/keys.js';
import { claimKey, makeStatement, resolveSigner } from '../sign/signers.js';
import { canonicalJson, fileEntry, MANIFEST_FORMAT, ALGORITHM, sha256, signBytes, type Manifest } from '../sign/manifest.js';
import { version } from '../version.js';
import { consistencyProblems, type Inconsistency } from './consistency.js';
import { makeContext, type DocContext } from './context.js';
import { draftBanner } from './draft.js';
import { buildDsa } from './dsa.js';
import { buildRecord } from './record.js';
import { slug } from './escape.js';
import { buildReport } from './report.js';
import { visible } from '../io/term.js';

export const FORMATS = ['md', 'html', 'docx', 'pdf', 'json', 'yaml'] as const;
export type Format = typeof FORMATS[number];

/** Where and how to write the documents (the assess options they need, no more). */
export interface WriteOptions {
  out?: string;
  format?: string;
  force?: boolean;
  key?: string;
  passphraseFile?: string;
  signer?: string;
  role?: string;
  organisation?: string;
  /** Write the documents even when the answers contradict each other, marked as drafts. */
  draft?: boolean;
  /** The answers file, named in the list of contradictions. */
  answers?: string;
}

export interface WriteInput {
  decision: Decision;
  pack: Pack;
  facts: Facts;
  raw: Record<string, unknown>;
  opts: WriteOptions;
  /** For tests: where `auto` and relative paths resolve (default the current directory). */
  cwd?: string;
  /** Contradictions written into drafts (`--draft`); none for a normal run. */
  draft?: Inconsistency[];
  /** For tests: no messages on stderr. */
  quiet?: boolean;
  /** `dpia`: the DPIA alone (igcheck dpia --out), else every document the decision calls for. */
  documents?: 'all' | 'dpia';
  /** Renders the documents instead of the one-to-one set (an agreement between many parties, src/parties). */
  render?: (formats: Format[], answersSha256: string, draft?: Inconsistency[]) => Promise<Map<string, Buffer>>;
  /** Run once the directory is in place (the register entry); if it throws, the directory is removed again. */
  record?: (written: WriteResult) => Promise<void>;
}
export interface WriteResult { dir: string; manifestPath: string; manifestSha256: string; files: string[] }

export function parseFormats(value: string | undefined): Format[] {
  if (!value) return [...FORMATS];
  const out: Format[] = [];
  for (const f of value.split(',').map(s => s.trim().toLowerCase()).filter(Boolean)) {
    const norm = f === 'markdown' ? 'md' : f === 'yml' ? 'yaml' : f === 'word' ? 'docx' : f;
    if (!(FORMATS as readonly string[]).includes(norm)) {
      const s = suggest(norm, [...FORMATS]);
      throw new UsageError(`--format: unknown format ${JSON.stringify(f)}${s ? `; did you mean ${s}?` : ''} (choose from ${FORMATS.join(', ')})`);
    }
    if (!out.includes(norm as Format)) out.push(norm as Format);
  }
  if (!out.length) throw new UsageError(`--format: give at least one of ${FORMATS.join(', ')}`);
  // The answers are always kept: they reproduce the decision, and review re-reads them.
  if (!out.includes('yaml' as Format)) out.push('yaml' as Format);
  return out;
}

/** `--out auto` is `<slug-of-title>-<date>` in the current directory. */
export function outputDir(out: string, title: string | undefined, asOf: string, cwd = process.cwd()): string {
  if (out === 'auto') return resolve(cwd, `${slug(title ?? '') || 'igcheck-assessment'}-${asOf}`);
  return resolve(cwd, out);
}

/** The board documents: a routine flow gets an agreement, a one-off disclosure a decision record. */
export function documentsFor(c: DocContext): { base: string; kind: string; md: string }[] {
  const oneOff = c.facts['sharing.frequency'] === 'one_off';
  const docs = [
    oneOff
      ? { base: 'disclosure-decision-record', kind: 'Disclosure decision record', md: buildRecord(c) }
      : { base: 'data-sharing-agreement', kind: 'Data sharing agreement (draft)', md: buildDsa(c) },
    { base: 'rationale-report', kind: 'Rationale report', md: buildReport(c) },
  ];
  if (!c.draft?.length) return docs;
  const banner = draftBanner(c.draft);
  // A draft says so under its title and in every page's header.
  return docs.map(d => ({ ...d, kind: `DRAFT ${d.kind.replace(/ \(draft\)$/, '')}`, md: d.md.replace(/^(# .*\n)/, `$1\n${banner}\n`) }));
}

/** The documents of one assessment, as bytes by file name. */
export async function renderOutputs(input: WriteInput, formats: Format[], answersSha256: string): Promise<Map<string, Buffer>> {
  const { pack, facts, raw } = input;
  // The DPIA part (src/dpia), if the caller's decision does not carry it already.
  const decision = input.decision.dpia ? input.decision : (await import('../dpia/screen.js')).withDpia(input.decision, pack, facts);
  const c = { ...makeContext(decision, pack, facts, version(), answersSha256), draft: input.draft };
  const title = typeof facts.title === 'string' && facts.title.trim() ? facts.title : 'Proposed data share';
  const docs = input.documents === 'dpia' ? [] : documentsFor(c);
  const files = new Map<string, Buffer>();
  // The DPIA, whenever the screening says one is required or likely (src/dpia).
  if (input.documents === 'dpia' || decision.dpia?.outcome === 'required' || decision.dpia?.outcome === 'likely') {
    const { renderDpia } = await import('../dpia/render.js');
    for (const [name, bytes] of await renderDpia(c, formats, title)) files.set(name, bytes);
  }
  for (const d of docs) {
    if (formats.includes('md')) files.set(`${d.base}.md`, Buffer.from(d.md));
    if (formats.includes('html')) {
      const { htmlPage } = await import('./html.js');
      files.set(`${d.base}.html`, Buffer.from(htmlPage(d.md, title, d.kind)));
    }
    if (formats.includes('docx')) {
      const { docxBuffer } = await import('./docx.js');
      files.set(`${d.base}.docx`, await docxBuffer(d.md, title, d.kind));
    }
    if (formats.includes('pdf')) {
      // pdfkit is loaded only when a PDF is asked for: never on the `assess --json` path.
      const { pdfBuffer } = await import('./pdf.js');
      files.set(`${d.base}.pdf`, await pdfBuffer(d.md, title, d.kind));
    }
  }
  if (formats.includes('json')) {
    const { decisionJson } = await import('../render/decision-json.js');
    files.set('decision.json', Buffer.from(`${JSON.stringify(decisionJson(decision), null, 2)}\n`));
  }
  if (formats.includes('yaml')) {
    files.set('answers.yaml', Buffer.from(`# The answers behind this assessment (igcheck assess --answers answers.yaml reproduces it).\n${stringify(raw, { lineWidth: 100 })}`));
  }
  return files;
}

export async function writeOutputs(input: WriteInput): Promise<WriteResult> {
  const { decision, facts, raw, opts, pack } = input;
  const formats = parseFormats(opts.format);
  const dir = outputDir(opts.out!, typeof facts.title === 'string' ? facts.title : undefined, decision.as_of, input.cwd);
  if (existsSync(dir) && !opts.force) throw new UsageError(`${dir} already exists; refusing to overwrite it`, 'Choose another --out directory, or add --force to replace it.');

  // Consistency before anything is written: contradictions stop the run, or make the set a draft.
  const inconsistent = consistencyProblems(facts);
  if (inconsistent.length && !opts.draft) {
    throw new InputError(`The answers contradict each other or leave the documents incomplete (${inconsistent.length}), so nothing was written`,
      inconsistent.map(p => ({ file: opts.answers ?? 'the answers', path: p.facts.join(', '), message: `${p.problem} Fix: ${p.fix}` })),
      'Change those answers and assess again, or add --draft to write the documents marked as drafts.');
  }
  if (inconsistent.length) input = { ...input, draft: inconsistent };

  // The key first: a wrong passphrase should stop the run before anything is written.
  const passphrase = readPassphrase(opts.passphraseFile);
  let keyPath = opts.key;
  if (!keyPath) {
    keyPath = defaultKeyPath();
    if (!existsSync(keyPath)) {
      try {
        const k = generateKey(keyPath, passphrase);
        if (!input.quiet) process.stderr.write(`igcheck: no signing key found, so made one: ${k.keyPath} (${k.fingerprint}${k.encrypted ? ', passphrase-protected' : ''}); its public key is ${k.publicPath}\n`);
      } catch (e) {
        if (!existsSync(keyPath)) throw e; // another run made the key at the same moment: use it
      }
    }
  }
  const priv = loadPrivateKey(keyPath, passphrase ?? await passphraseFor(keyPath));
  const pub = publicOf(priv);
  const named = resolveSigner(opts.signer, fingerprint(pub), () => signerName(undefined));
  const signer = named.name;
  const sigName = slug(signer, 40) || 'signer';
  const who = { name: signer, role: opts.role?.trim() || 'not stated', organisation: opts.organisation?.trim() || (typeof facts['discloser.name'] === 'string' ? facts['discloser.name'] : 'not stated') };
  if (named.explicit) claimKey(fingerprint(pub), signer);

  const answersSha256 = sha256(canonicalJson(raw));
  const files = input.render ? await input.render(formats, answersSha256, input.draft) : await renderOutputs(input, formats, answersSha256);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    algorithm: ALGORITHM,
    igcheck_version: version(),
    created: new Date().toISOString(),
    title: typeof facts.title === 'string' ? facts.title : '',
    verdict: decision.verdict,
    files: [...files].map(([name, bytes]) => fileEntry(name, bytes)),
    answers_sha256: answersSha256,
    rule_pack: { name: pack.meta.name, version: pack.meta.version, digest: pack.digest, packs: decision.packs.map(p => ({ name: p.name, version: p.version, digest: p.digest })) },
    signer: { name: signer, role: who.role, organisation: who.organisation, key_fingerprint: fingerprint(pub) },
  };
  const manifestBytes = Buffer.from(canonicalJson(manifest));
  const signature = signBytes(manifestBytes, priv);

  // Built beside the target and renamed into place (src/io/write.ts): an interrupted run or a full
  // disk leaves nothing behind. `record` (the register entry) runs once the directory is in place;
  // if it fails the directory is taken back out, so nothing signed goes unrecorded.
  const staged = stageDir(dir, [
    ...files,
    ['manifest.json', manifestBytes],
    [`signatures/${sigName}.sig`, signature],
    [`signatures/${sigName}.pub.pem`, publicPem(pub)],
    [`signatures/${sigName}.signer.json`, `${JSON.stringify(makeStatement(who, fingerprint(pub), manifestBytes, priv), null, 2)}\n`],
  ], { replace: !!opts.force });
  const result: WriteResult = { dir, manifestPath: join(dir, 'manifest.json'), manifestSha256: sha256(manifestBytes), files: [...files.keys()] };
  try {
    staged.commit();
    if (input.record) await input.record(result);
  } catch (e) {
    staged.undo();
    staged.finish();
    throw e;
  }
  staged.finish();
  if (!input.quiet) {
    process.stderr.write(`igcheck: wrote ${[...files.keys()].join(', ')} to ${visible(dir)}\n`);
    process.stderr.write(`igcheck: signed manifest.json as ${visible(`${signer}, ${who.role}, ${who.organisation}`)} (${fingerprint(pub)}); check it with: igcheck verify ${visible(dir)}\n`);
  }
  return result;
}
