// Loading rule packs: parse -> schema -> cross-checks, reporting every problem with file:line:col.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import type { Document } from 'yaml';
import { InputError, type Problem } from '../errors.js';
import { conditionRefs } from '../core/condition.js';
import type { Condition, FactTest, Pack, PackMeta, PackProvenance, SourceRef } from '../core/types.js';
import { riskDefines } from '../dpia/synth.js';
import { ConditionSchema, PackFileSchema, SECTIONS, type PackFile, type Section, type OverrideSpec } from './pack-schema.js';
import { keyNodeAt, nodeAt, parseYaml, pathString, position, type ParsedYaml } from './yaml-doc.js';
import { suggest } from './suggest.js';
import { shownPath } from '../paths.js';
import { decodeUtf8 } from '../io/text.js';
import { fsError } from '../io/write.js';

export interface PackSource { dir: string; files: { path: string; text: string }[]; builtin: boolean }

/** Read every .yaml/.yml file of a pack directory (sorted, so the digest is stable). */
export function readPackDir(dir: string, builtin = false): PackSource {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir).filter(n => /\.ya?ml$/.test(n)).sort();
  } catch (e) {
    throw new InputError('Cannot read rule pack', [{ file: dir, message: `not a readable directory (${(e as Error).message})` }]);
  }
  if (!names.length) throw new InputError('Cannot read rule pack', [{ file: dir, message: 'no .yaml files in this directory' }]);
  const read = (file: string) => { try { return readFileSync(file); } catch (e) { throw fsError(e, file, 'read the rule pack file'); } };
  return { dir, builtin, files: names.map(n => ({ path: join(dir, n), text: decodeUtf8(read(join(dir, n)), join(dir, n), 'rule pack file') })) };
}

/** A digest of a pack's exact content: file names and bytes. */
export function packDigest(src: PackSource): string {
  const h = createHash('sha256');
  for (const f of src.files) h.update(basename(f.path)).update('\0').update(f.text).update('\0');
  return `sha256:${h.digest('hex')}`;
}

let validator: ReturnType<Ajv['compile']> | undefined;
/** The one schema validator (ajv, compiled on first use from the TypeBox declaration): every error at once. */
function validateFile(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false, verbose: true }).addSchema(ConditionSchema).compile(PackFileSchema);
  return validator(data) ? [] : (validator.errors ?? []);
}

/** A rule as read: the item, the parsed file it came from (absent for the cached built-in pack) and its path there. */
/** A rule as read: the item, the parsed file it came from (absent for the cached built-in pack) and its path there. */
export interface Located<T> { item: T; file: ParsedYaml; path: (string | number)[] }
export type Sections = { [K in Section]: Located<any>[] };

/** Every file of every pack parsed, checked against the schema and merged into one set of sections. */
interface Merged {
  sections: Sections;
  metas: { meta: PackMeta; src: PackSource; digest: string }[];
  provenance: PackProvenance[];
  problems: Problem[];
}

/** What the named checks see and share: the merged rules, where each is, and how to report on it. */
export interface CheckContext {
  sections: Sections;
  provenance: PackProvenance[];
  facts: Map<string, any>;
  defines: Map<string, Located<any>>;
  bases: Map<string, any>;
  layers: string[];
  routes: Set<string>;
  /** Overrides resolved to their target (by `overrides-resolve`), applied once every check passes. */
  resolved: { o: Located<OverrideSpec & { pack: string }>; s: RuleSection; x: Located<any> }[];
  report(l: Located<unknown>, sub: (string | number)[], message: string): void;
  /** `file:line` of a rule, for messages that point at another one. */
  where(l: Located<unknown>): string;
  /** Check a condition of rule `l` at `sub` (facts, values, definitions, layers and choices it names). */
  checkCondition(l: Located<any>, sub: (string | number)[], cond: Condition | undefined, layerIndex?: number): void;
  problems: Problem[];
}

/** A named check over the merged packs: it reports problems with file, line and column, never throws. */
export interface PackCheck { name: string; description: string; run(ctx: CheckContext): void }

/**
 * Load one or more packs (built-in first) into one merged Pack, or throw every problem found.
 * `base` is an already validated pack (the built-in one from the build cache) to load `sources` on
 * top of, so that a local pack costs only its own parsing, not the built-in pack's again.
 * Parse and merge first; then every check in PACK_CHECKS; then overrides are applied.
 */
export function loadPacks(sources: PackSource[], base?: Pack): Pack {
  const merged = parseAndMerge(sources, base);
  // Cross-references need every file read: say so, rather than report them half-checked.
  if (merged.problems.length) throw invalid(merged.problems, 'References between rules (facts, definitions, layers, routes) are checked once these are fixed.');
  const ctx = checkContext(merged);
  for (const check of PACK_CHECKS) check.run(ctx);
  if (ctx.problems.length) throw invalid(ctx.problems);
  return build(merged, ctx, base);
}

function parseAndMerge(sources: PackSource[], base?: Pack): Merged {
  const problems: Problem[] = [];
  const sections = Object.fromEntries(SECTIONS.map(s => [s, []])) as unknown as Sections;
  const metas: Merged['metas'] = [];
  const provenance: PackProvenance[] = [...(base?.sources ?? [])];
  if (base) {
    // Copies, so that overrides never change the cached pack; `file` is absent: positions come from `source`.
    // Generated definitions (the DPIA's Art 36 test) are made again below, from the risks of every pack.
    for (const s of SECTIONS) if (s !== 'overrides') ((base as any)[s] as object[] | undefined ?? []).forEach((item, i) => { if (!(item as { generated?: boolean }).generated) sections[s].push({ item: { ...item }, file: undefined as never, path: [s, i] }); });
  }
  const rel = shownPath;
  for (const src of sources) {
    let meta: PackMeta | undefined;
    const before = problems.length;
    for (const f of src.files) {
      const parsed = parseYaml(f.text, rel(f.path));
      problems.push(...parsed.problems);
      if (parsed.problems.length) continue;
      let data: unknown;
      try { data = parsed.doc.toJS({ maxAliasCount: 100 }); } catch (e) {
        problems.push({ file: parsed.file, message: (e as Error).message }); continue;
      }
      if (data === null || data === undefined) continue;
      const errs = validateFile(data);
      if (errs.length) { problems.push(...schemaProblems(errs, parsed)); continue; }
      const file = data as PackFile;
      if (file.pack) {
        const where = { file: parsed.file, ...position(parsed, nodeAt(parsed.doc, ['pack', 'name'])), path: 'pack.name' };
        if (meta) problems.push({ ...where, message: 'a pack has one `pack:` header; another file of this pack has one already' });
        else if (provenance.some(m => m.name === file.pack!.name)) problems.push({ ...where, message: `another pack loaded before this one is also named \`${file.pack.name}\`; give each pack its own name` });
        meta = file.pack;
      }
      for (const s of SECTIONS) {
        (file[s] as unknown[] | undefined)?.forEach((item, i) => sections[s].push({ item: { ...(item as object), pack: '' }, file: parsed, path: [s, i] }));
      }
    }
    // A header lost to a broken file is not reported twice.
    if (!meta) { if (problems.length === before) problems.push({ file: rel(src.dir), message: 'no file of this pack has a `pack:` header (name, version, title)' }); } else {
      for (const s of SECTIONS) for (const l of sections[s]) if (l.item.pack === '') l.item.pack = meta.name;
      metas.push({ meta, src, digest: packDigest(src) });
      provenance.push({ name: meta.name, version: meta.version, digest: metas[metas.length - 1].digest, builtin: src.builtin });
    }
  }
  // The Art 36 test generated from the risks (src/dpia/synth.ts), after the written definitions.
  if (!problems.length && sections.risks.length) {
    for (const d of riskDefines(sections.risks.map(l => ({ ...l.item, ...(l.file ? { source: { file: l.file.file, line: locate(l).line ?? 1 } } : {}) }))))
      sections.defines.push({ item: { ...d }, file: undefined as never, path: ['defines', sections.defines.length] });
  }
  return { sections, metas, provenance, problems };
}

function checkContext(m: Merged): CheckContext {
  const { sections, provenance } = m;
  const problems: Problem[] = [];
  const at = (l: Located<unknown>, sub: (string | number)[] = [], key = false): Problem => locate(l, sub, key);
  const report = (l: Located<unknown>, sub: (string | number)[], message: string) => problems.push({ ...at(l, sub), message });
  const where = (l: Located<unknown>) => { const p = at(l); return `${p.file}:${p.line}`; };
  // The first definition of an id is the one checked against: a local pack that redefines a
  // built-in fact gets one problem at its own file, not one for every built-in rule that uses it.
  const firstWins = <V>(entries: [string, V][]) => { const m = new Map<string, V>(); for (const [k, v] of entries) if (!m.has(k)) m.set(k, v); return m; };
  const facts = firstWins(sections.facts.map(l => [l.item.id as string, l.item]));
  const defines = firstWins(sections.defines.map(l => [l.item.id as string, l]));
  const bases = firstWins(sections.bases.map(l => [l.item.id as string, l.item]));
  const layers = sections.layers.map(l => l.item.id as string);
  const routes = new Set(sections.routes.map(l => l.item.id as string));
  const ctx: CheckContext = { sections, provenance, facts, defines, bases, layers, routes, resolved: [], report, where, problems, checkCondition: () => undefined };
  ctx.checkCondition = (l, sub, cond, layerIndex) => {
    if (!cond) return;
    walkCondition(cond, sub, (c, p) => {
      if ('fact' in c) {
        const t: FactTest = c;
        const def = ctx.facts.get(c.fact);
        if (!def) { ctx.report(l, [...p, 'fact'], `unknown fact \`${c.fact}\`${hint(c.fact, [...ctx.facts.keys()])}`); return; }
        // Point at the value itself: `is`, or the list item of `in` / `includes_any`.
        const key = t.is !== undefined ? 'is' : t.in ? 'in' : 'includes_any';
        const tested = t.is !== undefined ? [t.is] : t.in ?? t.includes_any ?? [];
        tested.forEach((v, i) => {
          const at = key === 'is' ? [...p, key] : [...p, key, i];
          if (def.type === 'bool' && typeof v !== 'boolean') ctx.report(l, at, `\`${c.fact}\` is true or false, not ${JSON.stringify(v)}`);
          if ((def.type === 'enum' || def.type === 'list') && !def.values.includes(v)) ctx.report(l, at, `\`${c.fact}\` has no value ${JSON.stringify(v)}${hint(String(v), def.values)}`);
        });
      } else if ('ref' in c) {
        if (!ctx.defines.has(c.ref)) ctx.report(l, [...p, 'ref'], `refers to an unknown definition \`${c.ref}\`${hint(c.ref, [...ctx.defines.keys()])}`);
      } else if ('layer' in c) {
        const li = ctx.layers.indexOf(c.layer);
        if (li < 0) ctx.report(l, [...p, 'layer'], `unknown layer \`${c.layer}\`${hint(c.layer, ctx.layers)}`);
        else if (layerIndex !== undefined && li >= layerIndex) ctx.report(l, [...p, 'layer'], `layer \`${c.layer}\` is not evaluated before this one`);
      } else if ('chosen' in c) {
        const b = ctx.bases.get(c.chosen);
        if (!b) ctx.report(l, [...p, 'chosen'], `refers to an unknown basis \`${c.chosen}\`${hint(c.chosen, [...ctx.bases.keys()])}`);
        else if (layerIndex !== undefined && !b.companion && ctx.layers.indexOf(b.layer) >= layerIndex) ctx.report(l, [...p, 'chosen'], `\`${c.chosen}\` is decided in layer \`${b.layer}\`, which is not evaluated before this one`);
      }
    });
  };
  return ctx;
}

/** Where a rule (or a part of it) is: file, line and column in its file, or its recorded source. */
function locate(l: Located<unknown>, sub: (string | number)[] = [], key = false): Problem {
  const path = [...l.path, ...sub];
  if (!l.file) {
    const src = (l.item as { source?: SourceRef }).source;
    return { file: src?.file ?? '(built-in pack)', line: src?.line, path: pathString(path), message: '' };
  }
  const node = key ? keyNodeAt(l.file.doc, path) : nodeAt(l.file.doc as Document, path);
  return { file: l.file.file, ...position(l.file, node), path: pathString(path), message: '' };
}

/** The checks, in order: each names what it checks and reports every problem it finds. */
export const PACK_CHECKS: PackCheck[] = [
  {
    name: 'overrides-resolve',
    description: 'An override names one rule of a pack loaded before its own, and replaces its condition or explanation.',
    run(ctx) {
      const { sections, provenance, report, resolved } = ctx;
      const packOrder = new Map(provenance.map((m, i) => [m.name, i]));
      for (const o of sections.overrides as Located<OverrideSpec & { pack: string }>[]) {
        const matches = RULE_SECTIONS
          .filter(s => !o.item.kind || KIND_OF[s] === o.item.kind)
          .flatMap(s => sections[s].filter(x => x.item.id === o.item.target).map(x => ({ s, x })));
        if (!matches.length) { report(o, ['target'], `overrides an unknown ${o.item.kind ?? 'rule'} \`${o.item.target}\`${hint(o.item.target, allIds(sections))}`); continue; }
        // Versions of one provision (one id, successive in-force windows): the override reaches each.
        if (matches.length > 1 && matches.every(m => m.s === matches[0].s && isDatedVersion(m.s, matches[0].x, m.x))) {
          if (!o.item.when && !o.item.explanation) { report(o, [], 'an override must replace `when` or `explanation` (or both)'); continue; }
          if (matches.some(m => (packOrder.get(m.x.item.pack) ?? 0) >= (packOrder.get(o.item.pack) ?? 0))) {
            report(o, ['target'], `\`${o.item.target}\` belongs to pack \`${matches[0].x.item.pack}\`; a pack may override only rules of packs loaded before it (change its own rules in place)`);
            continue;
          }
          for (const m of matches) resolved.push({ o, s: m.s, x: m.x });
          continue;
        }
        if (matches.length > 1) {
          const kinds = [...new Set(matches.map(m => KIND_OF[m.s]))];
          report(o, ['target'], `\`${o.item.target}\` names a ${kinds.join(' and a ')}; add \`kind:\` (${kinds.join(' or ')})`);
          continue;
        }
        const { s, x } = matches[0];
        if ((packOrder.get(x.item.pack) ?? 0) >= (packOrder.get(o.item.pack) ?? 0)) {
          report(o, ['target'], `\`${o.item.target}\` belongs to pack \`${x.item.pack}\`; a pack may override only rules of packs loaded before it (change its own rules in place)`);
          continue;
        }
        if (!o.item.when && !o.item.explanation) { report(o, [], 'an override must replace `when` or `explanation` (or both)'); continue; }
        resolved.push({ o, s, x });
      }
    },
  },
  {
    name: 'unique-ids',
    description: 'Ids are unique within each kind of rule; a local pack overrides a built-in rule rather than redefining it.',
    run(ctx) {
      const { sections, report, where } = ctx;
      for (const s of ['facts', 'defines', 'layers', 'bases', 'conditions', 'routes', 'caldicott', 'clauses', 'risks'] as const) {
        const seen = new Map<string, Located<any>>();
        for (const l of sections[s]) {
          const first = seen.get(l.item.id);
          // Successive versions of one provision (both dated, same pack) are checked by `in-force-windows`.
          if (first && isDatedVersion(s, first, l)) continue;
          if (first) report(l, ['id'], `duplicate id \`${l.item.id}\` (first defined at ${where(first)})${first.item.pack !== l.item.pack ? '; to change a rule of another pack, use `overrides:` with a reason' : ''}`);
          else seen.set(l.item.id, l);
        }
      }
      const qSeen = new Map<string, Located<any>>();
      for (const l of sections.questions) {
        if (qSeen.has(l.item.fact)) report(l, ['fact'], `a question for \`${l.item.fact}\` already exists at ${where(qSeen.get(l.item.fact)!)}`);
        else qSeen.set(l.item.fact, l);
      }
    },
  },
  {
    name: 'in-force-windows',
    description: 'Rules that share an id are versions of one provision (one amended by a later Act): same pack, same kind and layer, and in-force windows that do not overlap, so on any date at most one applies.',
    run(ctx) {
      const { sections, report, where } = ctx;
      for (const s of ['bases', 'conditions'] as const) {
        const byId = new Map<string, Located<any>[]>();
        for (const l of sections[s]) byId.set(l.item.id, [...(byId.get(l.item.id) ?? []), l]);
        for (const [id, versions] of byId) {
          versions.forEach((l, i) => {
            for (const earlier of versions.slice(0, i)) {
              if (!isDatedVersion(s, earlier, l)) continue; // a plain duplicate: reported by unique-ids
              if (s === 'bases' && (earlier.item.layer !== l.item.layer || !!earlier.item.companion !== !!l.item.companion)) {
                report(l, ['layer'], `\`${id}\` is also defined at ${where(earlier)} for ${earlier.item.companion ? 'a companion in ' : ''}layer \`${earlier.item.layer}\`; versions of one provision keep its layer and whether it is a companion`);
              } else if (windowsOverlap(earlier.item, l.item)) {
                report(l, [l.item.in_force_from ? 'in_force_from' : 'in_force_until'], `\`${id}\` is also defined at ${where(earlier)} and both would be in force ${overlapText(earlier.item, l.item)}; versions of one provision may share an id only if their in-force windows do not overlap (the older ends with \`in_force_until\` on the day the newer starts with \`in_force_from\`)`);
              }
            }
          });
        }
      }
    },
  },
  {
    name: 'fact-definitions',
    description: 'Enum and list facts have values, defaults are among them, and no fact is also a group of facts.',
    run(ctx) {
      const { sections, facts, report } = ctx;
      for (const l of sections.facts) {
        const f = l.item;
        if ((f.type === 'enum' || f.type === 'list') && !f.values) report(l, ['type'], `a fact of type ${f.type} needs \`values\``);
        if (f.default !== undefined && f.type === 'enum' && !f.values?.includes(f.default)) report(l, ['default'], `default ${JSON.stringify(f.default)} is not one of its values`);
        // In an answers file `a.b` is nested under `a`: one name cannot be both a value and a group.
        const child = [...facts.keys()].find(id => id.startsWith(`${f.id}.`));
        if (child) report(l, ['id'], `\`${f.id}\` cannot be a fact, because \`${child}\` makes it a group of facts`);
      }
    },
  },
  {
    name: 'references',
    description: 'Every condition names known facts, possible values, known definitions, earlier layers and earlier choices; bases, routes and questions name what exists.',
    run(ctx) {
      const { sections, facts, bases, layers, routes, report } = ctx;
      const checkCond = ctx.checkCondition;
      for (const l of sections.defines) if (!l.item.generated) checkCond(l, ['when'], l.item.when);
      sections.layers.forEach((l, i) => checkCond(l, ['applies'], l.item.applies, i));
      for (const l of sections.bases) {
        const li = layers.indexOf(l.item.layer);
        if (li < 0) report(l, ['layer'], `unknown layer \`${l.item.layer}\`${hint(l.item.layer, layers)}`);
        checkCond(l, ['when'], l.item.when, li);
        checkCond(l, ['review_when'], l.item.review_when, li);
        checkCond(l, ['unsettled_when'], l.item.unsettled_when, li);
        if (l.item.review_route && !routes.has(l.item.review_route)) report(l, ['review_route'], `unknown route \`${l.item.review_route}\`${hint(l.item.review_route, [...routes])}`);
        l.item.requires_one_of?.forEach((id: string, i: number) => {
          const c = bases.get(id);
          if (!c) report(l, ['requires_one_of', i], `unknown basis \`${id}\`${hint(id, [...bases.keys()])}`);
          else if (!c.companion) report(l, ['requires_one_of', i], `\`${id}\` is not marked \`companion: true\``);
        });
      }
      for (const l of sections.conditions) checkCond(l, ['when'], l.item.when);
      for (const l of sections.routes) {
        checkCond(l, ['when'], l.item.when);
        l.item.layers.forEach((id: string, i: number) => { if (!layers.includes(id)) report(l, ['layers', i], `unknown layer \`${id}\`${hint(id, layers)}`); });
      }
      for (const l of sections.clauses) checkCond(l, ['when'], l.item.when);
      for (const l of sections.caldicott) { checkCond(l, ['not_met_when'], l.item.not_met_when); checkCond(l, ['attention_when'], l.item.attention_when); }
      for (const l of sections.questions) {
        const def = facts.get(l.item.fact);
        if (!def) { report(l, ['fact'], `a question for an unknown fact \`${l.item.fact}\`${hint(l.item.fact, [...facts.keys()])}`); continue; }
        checkCond(l, ['ask_when'], l.item.ask_when);
        l.item.choices?.forEach((ch: { value: unknown }, i: number) => {
          if (def.type === 'bool' && typeof ch.value !== 'boolean') report(l, ['choices', i, 'value'], `\`${def.id}\` is true or false`);
          if ((def.type === 'enum' || def.type === 'list') && !def.values.includes(ch.value)) report(l, ['choices', i, 'value'], `\`${def.id}\` has no value ${JSON.stringify(ch.value)}`);
        });
      }
    },
  },
  {
    name: 'dpia-risks',
    description: 'A DPIA risk names known facts and definitions in its conditions, each measure once, and only igcheck conditions that exist.',
    run(ctx) {
      const { sections, report } = ctx;
      const checkCond = ctx.checkCondition;
      const conditionIds = new Set(sections.conditions.map(l => l.item.id as string));
      for (const l of sections.risks) {
        checkCond(l, ['raised_by'], l.item.raised_by);
        l.item.aggravated_by?.forEach((a: { when: Condition }, i: number) => checkCond(l, ['aggravated_by', i, 'when'], a.when));
        const seenMeasures = new Set<string>();
        l.item.measures.forEach((m: { id: string; in_place: Condition; condition?: string }, i: number) => {
          if (seenMeasures.has(m.id)) report(l, ['measures', i, 'id'], `duplicate measure \`${m.id}\` in this risk`);
          seenMeasures.add(m.id);
          checkCond(l, ['measures', i, 'in_place'], m.in_place);
          if (m.condition && !conditionIds.has(m.condition)) report(l, ['measures', i, 'condition'], `unknown condition \`${m.condition}\`${hint(m.condition, [...conditionIds])}`);
        });
      }
    },
  },
  {
    name: 'define-cycles',
    description: 'No definition depends on itself, as written or as overridden.',
    run(ctx) {
      const { defines, report, resolved } = ctx;
      const redefined = new Map(resolved.filter(r => r.s === 'defines' && r.o.item.when).map(r => [r.x.item.id as string, r.o]));
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (id: string, chain: string[]) => {
        if (state.get(id) === 'done') return;
        const l = defines.get(id);
        if (!l) return;
        const o = redefined.get(id);
        if (state.get(id) === 'visiting') { report(o ?? l, ['when'], `definitions form a cycle: ${[...chain, id].join(' -> ')}`); return; }
        state.set(id, 'visiting');
        for (const r of conditionRefs(o?.item.when ?? l.item.when).defines) visit(r, [...chain, id]);
        state.set(id, 'done');
      };
      for (const id of defines.keys()) visit(id, []);
    },
  },
  {
    name: 'override-conditions',
    description: 'The condition an override brings is checked where the override is written.',
    run(ctx) {
      const { layers, resolved } = ctx;
      const checkCond = ctx.checkCondition;
      for (const { o, s, x } of resolved) {
        const layerIndex = s === 'layers' ? layers.indexOf(x.item.id) : s === 'bases' ? layers.indexOf(x.item.layer) : undefined;
        checkCond(o, ['when'], o.item.when, layerIndex);
      }
    },
  },
];

function build(m: Merged, ctx: CheckContext, base?: Pack): Pack {
  const { sections, metas, provenance } = m;
  const overrides: Pack['overrides'] = [...(base?.overrides ?? [])];
  for (const { o, s, x } of ctx.resolved) {
    if (o.item.when) x.item[CONDITION_FIELD[s]] = o.item.when;
    if (o.item.explanation) x.item[s === 'caldicott' ? 'not_met' : 'explanation'] = o.item.explanation;
    overrides.push({ pack: o.item.pack, target: o.item.target, kind: KIND_OF[s], reason: o.item.reason });
  }

  const strip = <T>(s: Section) => sections[s].map(l => (l.file ? { ...l.item, source: { file: l.file.file, line: locate(l).line ?? 1 } as SourceRef } : l.item) as T);
  const digest = provenance.length === 1 ? provenance[0].digest
    : `sha256:${createHash('sha256').update(provenance.map(m => m.digest).join('\n')).digest('hex')}`;
  return {
    meta: base?.meta ?? metas[0].meta,
    digest,
    facts: strip('facts'),
    defines: strip('defines'),
    layers: strip('layers'),
    bases: strip('bases'),
    conditions: strip('conditions'),
    routes: strip('routes'),
    caldicott: strip('caldicott'),
    questions: strip('questions'),
    clauses: strip('clauses'),
    risks: strip('risks'),
    sources: provenance,
    overrides,
  };
}

/** Every problem at once, in reading order: by file, then line and column. */
function invalid(problems: Problem[], note?: string): InputError {
  const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  const count = `${problems.length} problem${problems.length > 1 ? 's' : ''}`;
  return new InputError(`The rule pack is invalid (${count})`, sorted, `${note ? `${note}\n` : ''}Fix these and run \`igcheck rules validate DIR\` again.`);
}

function walkCondition(c: Condition, path: (string | number)[], fn: (c: Condition, p: (string | number)[]) => void) {
  fn(c, path);
  if ('all' in c) c.all.forEach((x, i) => walkCondition(x, [...path, 'all', i], fn));
  else if ('any' in c) c.any.forEach((x, i) => walkCondition(x, [...path, 'any', i], fn));
  else if ('not' in c) walkCondition(c.not, [...path, 'not'], fn);
}

/** The sections whose rules an override may target, with the name of each kind and the condition it replaces. */
const RULE_SECTIONS = ['bases', 'conditions', 'routes', 'layers', 'defines', 'caldicott'] as const;
type RuleSection = typeof RULE_SECTIONS[number];
const KIND_OF: Record<RuleSection, string> = { bases: 'basis', conditions: 'condition', routes: 'route', layers: 'layer', defines: 'define', caldicott: 'principle' };
const CONDITION_FIELD: Record<RuleSection, string> = { bases: 'when', conditions: 'when', routes: 'when', layers: 'applies', defines: 'when', caldicott: 'not_met_when' };

type Window = { in_force_from?: string; in_force_until?: string };
/**
 * Two rules of one kind with one id that are candidate versions of a provision: bases or conditions
 * written in the same pack, each with an in-force date. Others are plain duplicates (unique-ids).
 */
function isDatedVersion(s: string, a: Located<any>, b: Located<any>): boolean {
  const dated = (w: Window) => !!(w.in_force_from || w.in_force_until);
  return (s === 'bases' || s === 'conditions') && a.item.pack === b.item.pack && dated(a.item) && dated(b.item);
}
/** Whether two in-force windows [from, until) share a day (an open end runs for ever). */
export function windowsOverlap(a: Window, b: Window): boolean {
  const lo = (w: Window) => w.in_force_from ?? '0000-01-01';
  const hi = (w: Window) => w.in_force_until ?? '9999-12-31';
  return lo(a) < hi(b) && lo(b) < hi(a);
}
function overlapText(a: Window, b: Window): string {
  const from = [a.in_force_from, b.in_force_from].filter(Boolean).sort().pop();
  const until = [a.in_force_until, b.in_force_until].filter(Boolean).sort()[0];
  return from && until ? `from ${from} until ${until}` : from ? `from ${from}` : until ? `before ${until}` : 'on every date';
}

function allIds(sections: Sections): string[] {
  return RULE_SECTIONS.flatMap(s => sections[s].map(l => l.item.id));
}

function hint(word: string, candidates: string[]): string {
  const s = suggest(word, candidates);
  return s ? `; did you mean \`${s}\`?` : '';
}

/** Turn ajv's errors into located problems; a failed union is one problem, not a dozen. */
function schemaProblems(errors: ErrorObject[], parsed: ParsedYaml): Problem[] {
  const out: Problem[] = [];
  const unionPaths = new Set(errors.filter(e => e.keyword === 'anyOf').map(e => e.instancePath));
  const seen = new Set<string>();
  for (const e of errors) {
    const inUnion = [...unionPaths].some(p => e.instancePath.startsWith(p) && e.schemaPath.includes('anyOf') && e.keyword !== 'anyOf');
    if (inUnion) continue;
    const path = e.instancePath.split('/').slice(1).map(s => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    let message: string;
    let target = path;
    let key = false;
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      message = `unknown field \`${extra}\`${hint(extra, allowed)}`;
      target = [...path, extra];
      key = true;
    } else if (e.keyword === 'required') {
      message = `missing required field \`${(e.params as { missingProperty: string }).missingProperty}\``;
    } else if (e.keyword === 'anyOf' && Array.isArray(e.schema) && e.schema.every((b: { const?: unknown }) => b.const !== undefined)) {
      // A union of literals is a closed list of words (verification, owner, a fact's type), not a condition.
      const words = (e.schema as { const: unknown }[]).map(b => String(b.const));
      const value = valueAt(parsed.doc.toJS(), path);
      message = `${JSON.stringify(value)} is not one of ${words.join(', ')}${typeof value === 'string' ? hint(value, words) : ''}`;
    } else if (e.keyword === 'anyOf') {
      const value = valueAt(parsed.doc.toJS(), path);
      const keys = value && typeof value === 'object' ? Object.keys(value).join(', ') : JSON.stringify(value);
      message = `not a valid condition (has ${keys}); a condition is one of all, any, not, ref, chosen, or fact with one test (is, in, includes_any, any_item_missing, known)`;
    } else {
      message = e.message ?? 'invalid';
    }
    const node = key ? keyNodeAt(parsed.doc, target) : nodeAt(parsed.doc, target);
    const problem = { file: parsed.file, ...position(parsed, node), path: pathString(key ? target : path) || '(top level)', message };
    const sig = `${problem.path}|${message}`;
    if (!seen.has(sig)) { seen.add(sig); out.push(problem); }
  }
  return out;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let v: any = root;
  for (const k of path) v = v?.[k];
  return v;
}
