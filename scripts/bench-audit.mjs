// Benchmark for `igcheck audit`: generates a register of 100,000 varied flows, audits it with the
// real CLI (flows per second, peak RSS), and evaluates the same flows with json-rules-engine
// running the same rule pack through a bench-only adapter, side by side.
// Usage: npm run bench:audit [-- --rows N --jre-rows N --keep]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toJreRules, jreVerdict } from './bench-jre-adapter.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const ROWS = arg('rows', 100_000);
const JRE_ROWS = Math.min(ROWS, arg('jre-rows', 5_000));
const keep = process.argv.includes('--keep');
if (!existsSync('dist/builtin-pack.json')) { console.error('bench-audit: run `npm run build` first'); process.exit(2); }
const pack = JSON.parse(readFileSync('dist/builtin-pack.json', 'utf8'));

// ------------------------------------------------------------------ a realistic register
// Seeded, so every run audits the same register. Registers repeat themselves: a few hundred kinds
// of flow (one discharge feed to many GP practices), each row varying names, dates and, now and
// then, one control or a blank cell.
let seed = 20260401;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const pick = list => list[Math.floor(rand() * list.length)];
const yes = p => rand() < p;

const PURPOSES = ['direct_care', 'direct_care', 'direct_care', 'direct_care', 'safeguarding', 'planning', 'planning', 'research', 'public_health', 'crime', 'legal_proceedings', 'individual_request', 'commercial'];
const ORG = ['nhs_trust', 'gp_practice', 'local_authority', 'independent_care_provider', 'nhs_commissioner', 'voluntary_sector'];
const RECIPIENT = {
  direct_care: ['gp_practice', 'nhs_trust', 'independent_care_provider', 'local_authority'], safeguarding: ['local_authority', 'police', 'nhs_trust'],
  planning: ['nhs_commissioner', 'nhs_national', 'commercial'], research: ['university', 'nhs_trust', 'commercial'], public_health: ['local_authority', 'government'],
  crime: ['police'], legal_proceedings: ['court', 'individual'], individual_request: ['individual', 'commercial'], commercial: ['commercial'],
};
const CATS = ['health', 'social_care', 'demographic', 'contact', 'criminal_offence', 'racial_ethnic', 'financial'];

function kindOfFlow() {
  const purpose = pick(PURPOSES);
  const f = {
    jurisdiction: yes(0.97) ? 'england' : pick(['wales', 'scotland']),
    purpose, 'sharing.frequency': yes(0.8) ? 'routine' : 'one_off', 'sharing.emergency': yes(0.02),
    'discloser.type': pick(ORG), 'discloser.publicly_funded_care': yes(0.9),
    'recipient.type': pick(RECIPIENT[purpose]), 'recipient.role': yes(0.85) ? 'controller' : pick(['processor', 'joint_controller']),
    'recipient.publicly_funded_care': yes(0.7), 'recipient.provides_care': purpose === 'direct_care' ? yes(0.95) : yes(0.1),
    'recipient.location': yes(0.9) ? 'uk' : pick(['approved', 'other']), 'recipient.dspt': pick(['standards_met', 'standards_met', 'standards_met', 'approaching', 'not_met', 'none']),
    'data.identifiability': purpose === 'planning' || purpose === 'research' ? pick(['identifiable', 'pseudonymised', 'anonymised']) : 'identifiable',
    'data.categories': [...new Set(['health', pick(CATS), pick(CATS)])], 'data.nhs_number': yes(0.8), 'data.recipient_can_reidentify': yes(0.3),
    'data.large_scale': yes(0.6), 'subjects.children': yes(0.2), 'subjects.deceased': yes(0.02), 'subjects.lack_capacity': yes(0.05), 'subjects.adult_at_risk': yes(0.1),
    'individual.informed': yes(0.85), 'individual.objected': yes(0.05), 'consent.explicit': yes(0.2), 'consent.would_prejudice': yes(0.1), 'consent.practicable': yes(0.5),
    'gateway.s251': yes(0.15), 'gateway.s251_ndoo_exempt': yes(0.05), 'gateway.copi_reg3': yes(0.05), 'gateway.legal_requirement': yes(0.1), 'harm.serious': yes(0.1),
    'public_interest.decision': pick(['not_made', 'not_made', 'approved', 'rejected']),
    'controls.dpia': pick(['completed', 'completed', 'completed', 'in_progress', 'not_started']), 'controls.apd': yes(0.85), 'controls.privacy_notice': yes(0.85),
    'controls.need_to_know': yes(0.9), 'controls.staff_trained': yes(0.95), 'controls.secure_transfer': yes(0.9), 'controls.ndoo_applied': yes(0.4),
    'controls.transfer_mechanism': pick(['none', 'idta', 'addendum']), 'controls.transfer_assessment': yes(0.5), 'controls.processor_contract': yes(0.8), 'controls.joint_arrangement': yes(0.6),
    'processing.new_technology': yes(0.1), 'processing.data_matching': yes(0.2), 'processing.automated_decisions': yes(0.03), 'processing.invisible': yes(0.05),
  };
  return f;
}
const KINDS = Array.from({ length: 400 }, kindOfFlow);
const LEGAL = Object.keys(KINDS[0]).filter(k => k !== 'data.categories');

const HEADINGS = {
  ref: 'Flow ID', title: 'Flow name', description: 'Description', 'discloser.name': 'Sending organisation', 'recipient.name': 'Receiving organisation', start_date: 'Start date',
  'data.items': 'Data items', jurisdiction: 'Jurisdiction', purpose: 'Purpose', 'sharing.frequency': 'Frequency', 'sharing.emergency': 'Emergency',
  'discloser.type': 'Sending organisation type', 'discloser.publicly_funded_care': 'Sender publicly funded care', 'recipient.type': 'Receiving organisation type',
  'recipient.role': 'Recipient role', 'recipient.publicly_funded_care': 'Recipient publicly funded care', 'recipient.provides_care': 'Recipient provides care',
  'recipient.location': 'Recipient location', 'recipient.dspt': 'Recipient DSPT', 'data.identifiability': 'Identifiability', 'data.categories': 'Data categories',
  'data.nhs_number': 'NHS number', 'data.recipient_can_reidentify': 'Recipient can re-identify', 'data.large_scale': 'Large scale', 'subjects.children': 'Children',
  'subjects.deceased': 'Deceased', 'subjects.lack_capacity': 'Lack capacity', 'subjects.adult_at_risk': 'Adult at risk', 'individual.informed': 'Individuals informed',
  'individual.objected': 'Objection', 'consent.explicit': 'Explicit consent', 'consent.would_prejudice': 'Consent would prejudice', 'consent.practicable': 'Consent practicable',
  'gateway.s251': 's251 support', 'gateway.s251_ndoo_exempt': 's251 opt-out exemption', 'gateway.copi_reg3': 'COPI reg 3', 'gateway.legal_requirement': 'Legal requirement',
  'harm.serious': 'Serious harm', 'public_interest.decision': 'Public interest decision', 'controls.dpia': 'DPIA', 'controls.apd': 'Appropriate policy document',
  'controls.privacy_notice': 'Privacy notice', 'controls.need_to_know': 'Need to know', 'controls.staff_trained': 'Staff trained', 'controls.secure_transfer': 'Secure transfer',
  'controls.ndoo_applied': 'Opt-outs applied', 'controls.transfer_mechanism': 'Transfer mechanism', 'controls.transfer_assessment': 'Transfer assessment',
  'controls.processor_contract': 'Processor contract', 'controls.joint_arrangement': 'Joint controller arrangement', 'processing.new_technology': 'New technology',
  'processing.data_matching': 'Data matching', 'processing.automated_decisions': 'Automated decisions', 'processing.invisible': 'Invisible processing',
};
const KEYS = Object.keys(HEADINGS);
const ITEMS = [{ name: 'NHS number', justification: 'Consistent identifier' }, { name: 'Name and date of birth', justification: 'Confirms identity' }, { name: 'Diagnoses' }];
const WORDS = { true: ['yes', 'Yes', 'Y', 'TRUE'], false: ['no', 'No', 'N', 'FALSE'] };
const csvField = s => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const cellOf = v => (v === undefined ? '' : typeof v === 'boolean' ? pick(WORDS[v]) : Array.isArray(v)
  ? (typeof v[0] === 'string' ? v.join('; ') : v.map(i => (i.justification ? `${i.name}: ${i.justification}` : i.name)).join('\n'))
  : String(v).replace(/_/g, rand() < 0.3 ? ' ' : '_'));

/** Row i's facts (as the engine sees them) and its register cells. */
function flow(i) {
  const facts = { ...KINDS[Math.floor(rand() * KINDS.length)] };
  if (yes(0.15)) { const k = pick(LEGAL); facts[k] = typeof facts[k] === 'boolean' ? !facts[k] : facts[k]; }
  if (yes(0.08)) delete facts[pick(LEGAL)]; // a blank cell: unknown
  Object.assign(facts, {
    title: `Flow ${i}: ${(facts.purpose ?? "unstated").replace(/_/g, " ")} share`, 'discloser.name': `Organisation ${Math.floor(rand() * 2000)}`,
    'recipient.name': `Organisation ${Math.floor(rand() * 2000)}`, start_date: `20${20 + Math.floor(rand() * 6)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
    'data.items': ITEMS.slice(0, 1 + Math.floor(rand() * 3)),
  });
  facts.description = `${facts['sharing.frequency'] === 'routine' ? 'Routine' : 'One-off'} sharing from ${facts['discloser.name']} to ${facts['recipient.name']}, set up ${facts.start_date}, reviewed by the IG team.`;
  return { facts, cells: KEYS.map(k => (k === 'ref' ? `DF-${String(i).padStart(6, '0')}` : cellOf(facts[k]))) };
}

const dir = mkdtempSync(join(tmpdir(), 'igcheck-bench-'));
const file = join(dir, 'register.csv');
const jreFacts = [];
{
  const out = createWriteStream(file);
  out.write(`${KEYS.map(k => csvField(HEADINGS[k])).join(',')}\r\n`);
  for (let i = 1; i <= ROWS; i++) {
    const { facts, cells } = flow(i);
    if (i <= JRE_ROWS) jreFacts.push(facts);
    if (!out.write(`${cells.map(csvField).join(',')}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

// ------------------------------------------------------------------ igcheck audit, the real CLI
// Peak RSS from inside the child (process.resourceUsage at exit), so no /usr/bin/time is needed.
const hook = `data:text/javascript,process.on('exit',()=>{process.stderr.write('BENCH_MAXRSS_KB '+process.resourceUsage().maxRSS+'\\n')})`;
const t0 = performance.now();
const cli = spawnSync(process.execPath, ['--import', hook, 'bin/igcheck.js', 'audit', file, '--out', join(dir, 'out'), '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
const cliSeconds = (performance.now() - t0) / 1000;
if (cli.status !== 0 && cli.status !== 1) { console.error(cli.stderr); process.exit(2); }
const summary = JSON.parse(cli.stdout);
const maxRssMiB = Number(/BENCH_MAXRSS_KB (\d+)/.exec(cli.stderr)[1]) / 1024;

// ------------------------------------------------------------------ json-rules-engine, same rules
const { Engine } = await import('json-rules-engine');
const engine = new Engine([], { allowUndefinedFacts: true });
const adapter = toJreRules(pack, engine);
const igVerdicts = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')).slice(0, JRE_ROWS).map(r => r.verdict);
let agree = 0;
const t1 = performance.now();
for (let i = 0; i < jreFacts.length; i++) {
  const { events } = await engine.run(jreFacts[i]);
  if (jreVerdict(adapter, new Set(events.map(e => e.type))) === igVerdicts[i]) agree++;
}
const jreSeconds = (performance.now() - t1) / 1000;

// ------------------------------------------------------------------ the engine alone, no memo
// evaluate() bundled from source on the fly, over the same in-memory facts as json-rules-engine:
// engine against engine, without the audit's memo, parsing or output.
const { build } = await import('esbuild');
const bundled = await build({ entryPoints: ['src/core/evaluate.ts'], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'error' });
const { evaluate } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
const asOf = new Date().toISOString().slice(0, 10);
const t2 = performance.now();
for (const f of jreFacts) evaluate(pack, f, asOf, { trace: false });
const engineRate = jreFacts.length / ((performance.now() - t2) / 1000);

const igRate = ROWS / cliSeconds;
const jreRate = jreFacts.length / jreSeconds;
const n = x => Math.round(x).toLocaleString('en-GB');
console.log(`\nigcheck audit benchmark: ${n(ROWS)} generated flows (${(readFileSync(file).length / 1048576).toFixed(1)} MiB CSV), ${pack.bases.length} bases, ${pack.conditions.length} conditions\n`);
console.log('                         igcheck audit (CLI)     json-rules-engine (adapter)');
console.log(`flows evaluated          ${n(ROWS).padStart(19)}     ${n(jreFacts.length).padStart(27)}`);
console.log(`seconds                  ${cliSeconds.toFixed(2).padStart(19)}     ${jreSeconds.toFixed(2).padStart(27)}`);
console.log(`flows per second         ${n(igRate).padStart(19)}     ${n(jreRate).padStart(27)}`);
console.log(`peak RSS (MiB)           ${maxRssMiB.toFixed(0).padStart(19)}     ${'(in-process)'.padStart(27)}`);
console.log(`\nspeed-up: ${(igRate / jreRate).toFixed(1)}x (target 30x)   peak RSS: ${maxRssMiB.toFixed(0)} MiB (target < 256)`);
console.log(`igcheck evaluate(..., { trace: false }) alone on the same ${n(jreFacts.length)} flows, no memo: ${n(engineRate)} flows/s (${(engineRate / jreRate).toFixed(1)}x json-rules-engine)`);
console.log(`igcheck: whole run (start-up, CSV parse, validation, decision, results CSV/JSON, reports); memo hit rate ${Math.round(100 * summary.memo_hit_rate)}%`);
console.log(`json-rules-engine: engine.run() only, on facts already in memory (no parsing, no output), the first ${n(jreFacts.length)} rows`);
console.log(`verdict agreement on those rows: ${(100 * agree / jreFacts.length).toFixed(1)}% (json-rules-engine is two-valued: an unknown fact counts as not met, so it never says incomplete)`);
console.log(`verdicts: ${Object.entries(summary.by_verdict).map(([k, v]) => `${k} ${v}`).join(', ')}`);
if (keep) console.log(`register and results kept in ${dir}`); else rmSync(dir, { recursive: true, force: true });
