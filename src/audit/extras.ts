// What a register holds beside the facts: the organisation (the discloser of every row unless a
// column says otherwise), the bases each flow claims (checked against what the facts allow), and
// register information (asset, owner, DSA). Claims are checked once per kind of flow: rows the
// decider answers alike, with the same claims written, share one check.
import type { Facts, Pack } from '../core/types.js';
import type { Organisation } from '../pack/config.js';
import { checkClaims, claimIndex, readClaims, type ClaimIndex, type ClaimsOutcome, type ReadClaim } from './claims.js';
import type { FlowDecision } from './decide.js';
import type { Column } from './headings.js';
import { factsOf, isUnreadable, type RowFacts, type Unreadable } from './row.js';
import type { Cell } from './cells.js';

/** The facts the organisation section gives every flow. */
export function organisationFacts(org: Organisation | undefined): Facts {
  if (!org) return {};
  const facts: Facts = {};
  if (org.name) facts['discloser.name'] = org.name;
  if (org.type) facts['discloser.type'] = org.type;
  if (org.contacts && Object.keys(org.contacts).length) facts['discloser.contacts'] = org.contacts;
  return facts;
}

const cellText = (c: Cell | Unreadable): string => (c === null || c === undefined || isUnreadable(c) ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim());

export class RegisterExtras {
  private readonly claimCols: Column[];
  private readonly ix?: ClaimIndex;
  /** Each column's cell text read once. */
  private readonly readMemo = new Map<string, ReadClaim[]>();
  private readonly checkMemo = new WeakMap<FlowDecision, Map<string, ClaimsOutcome>>();
  private readonly defaults: [string, Facts[string]][];
  /** Layers with a claims column of their own. */
  private readonly claimLayers: string[];

  constructor(columns: Column[], private readonly pack: Pack, private readonly asOf: string, org: Facts) {
    this.claimCols = columns.filter(c => c.target.kind === 'claim');
    if (this.claimCols.length) this.ix = claimIndex(pack);
    const held = new Set(columns.flatMap(c => (c.target.kind === 'fact' ? [c.target.path.split('.').slice(0, 2).join('.'), c.target.fact.id] : [])));
    this.defaults = Object.entries(org).filter(([id]) => !held.has(id));
    this.claimLayers = [...new Set(this.claimCols.flatMap(c => (c.target.kind === 'claim' && c.target.layer ? [c.target.layer] : [])))];
  }

  get active(): boolean { return this.claimCols.length > 0 || this.defaults.length > 0; }

  /** The organisation's facts, where the row has none of its own. */
  fill(rf: RowFacts): void {
    for (const [id, v] of this.defaults) if (rf.facts[id] === undefined && !rf.coded?.ids.includes(id)) rf.facts[id] = v;
  }

  /** The row's claims checked (undefined when the register has no claims column). */
  claims(cells: (Cell | Unreadable)[], rf: RowFacts, decision: FlowDecision): ClaimsOutcome | undefined {
    if (!this.claimCols.length) return undefined;
    const texts = this.claimCols.map(c => cellText(cells[c.index]));
    const key = texts.join('\u0001');
    let byClaims = this.checkMemo.get(decision);
    const hit = byClaims?.get(key);
    if (hit) return hit;
    const read: ReadClaim[] = [];
    const blank: string[] = [];
    this.claimCols.forEach((c, i) => {
      const layer = c.target.kind === 'claim' ? c.target.layer : undefined;
      if (!texts[i] || /^(unknown|n\/k|tbc|\?|-)$/i.test(texts[i])) { if (layer) blank.push(layer); return; }
      const k = `${c.index}\u0001${texts[i]}`;
      let r = this.readMemo.get(k);
      if (!r) {
        r = readClaims(texts[i], c.letter === c.heading ? c.heading : `${c.letter} ${c.heading}`, layer, this.ix!);
        if (this.readMemo.size < 5000) this.readMemo.set(k, r);
      }
      read.push(...r);
    });
    const out = checkClaims(this.pack, factsOf(rf), this.asOf, read, blank.filter(l => this.claimLayers.includes(l)), undefined, this.ix);
    if (!byClaims) this.checkMemo.set(decision, (byClaims = new Map()));
    if (byClaims.size < 200) byClaims.set(key, out);
    return out;
  }
}
