// Bench-only: the igcheck rule pack as json-rules-engine rules, for a like-for-like comparison.
// json-rules-engine is two-valued. An absent fact is undefined (allowUndefinedFacts), so every test
// on it is false and `not` of that test is true: unknowns are read as "not met", never "unknown".
// `chosen: X` (a basis picked by an earlier layer) becomes "X's own condition holds".

const today = new Date().toISOString().slice(0, 10);
const inForce = r => !r.in_force_from || r.in_force_from <= today;

function toJre(c) {
  if ('all' in c) return { all: c.all.map(toJre) };
  if ('any' in c) return { any: c.any.map(toJre) };
  if ('not' in c) return { not: toJre(c.not) };
  if ('ref' in c) return { condition: `define:${c.ref}` };
  if ('chosen' in c) return { condition: `basis:${c.chosen}` };
  if ('layer' in c) return { any: c.status.map(st => ({ condition: `layer-status:${c.layer}:${st}` })) };
  if (c.known !== undefined) return { fact: c.fact, operator: 'known', value: c.known };
  if (c.is !== undefined) return { fact: c.fact, operator: 'equal', value: c.is };
  if (c.in !== undefined) return { fact: c.fact, operator: 'in', value: c.in };
  if (c.includes_any !== undefined) return { fact: c.fact, operator: 'includesAny', value: c.includes_any };
  if (c.any_item_missing !== undefined) return { fact: c.fact, operator: 'anyItemMissing', value: c.any_item_missing };
  throw new Error(`bench adapter: cannot translate ${JSON.stringify(c)}`);
}
/** json-rules-engine wants all/any/not/condition at the top of a rule. */
const top = c => { const j = toJre(c); return 'all' in j || 'any' in j || 'not' in j || 'condition' in j ? j : { all: [j] }; };

export function toJreRules(pack, engine) {
  engine.addOperator('known', (v, want) => (v !== undefined) === want);
  engine.addOperator('includesAny', (v, list) => Array.isArray(v) && v.some(x => list.includes(x)));
  engine.addOperator('anyItemMissing', (v, field) => Array.isArray(v) && v.some(i => !i || typeof i[field] !== 'string' || !i[field].trim()));
  for (const d of pack.defines) engine.setCondition(`define:${d.id}`, top(d.when));
  for (const b of pack.bases) engine.setCondition(`basis:${b.id}`, top(b.when));
  // `{layer, status}`: review is "no basis of the layer holds, but a review condition does"; met is "a basis holds".
  for (const l of pack.layers) {
    const own = pack.bases.filter(b => b.layer === l.id && !b.companion);
    const anyBasis = own.length ? { any: own.map(b => ({ condition: `basis:${b.id}` })) } : { all: [{ fact: 'jurisdiction', operator: 'known', value: false }, { fact: 'jurisdiction', operator: 'known', value: true }] };
    const reviews = own.filter(b => b.review_when).map(b => top(b.review_when));
    engine.setCondition(`layer-status:${l.id}:met`, anyBasis);
    engine.setCondition(`layer-status:${l.id}:review`, reviews.length ? { all: [{ not: anyBasis }, { any: reviews }] } : { not: { fact: 'jurisdiction', operator: 'known', value: false } });
    for (const st of ['not_applicable', 'not_met', 'unknown']) engine.setCondition(`layer-status:${l.id}:${st}`, { all: [{ fact: 'jurisdiction', operator: 'known', value: false }, { fact: 'jurisdiction', operator: 'known', value: true }] });
  }
  const rule = (name, when) => engine.addRule({ name, conditions: top(when), event: { type: name } });
  for (const l of pack.layers) rule(`layer:${l.id}`, l.applies);
  for (const b of pack.bases.filter(inForce)) {
    rule(`basis:${b.id}`, b.when);
    if (b.review_when) rule(`review:${b.id}`, b.review_when);
  }
  for (const c of pack.conditions.filter(inForce)) rule(`cond:${c.id}`, c.when);
  for (const r of pack.routes) if (r.when) rule(`route:${r.id}`, r.when);
  for (const p of pack.caldicott) {
    if (p.not_met_when) rule(`caldicott-not-met:${p.id}`, p.not_met_when);
    if (p.attention_when) rule(`caldicott-attention:${p.id}`, p.attention_when);
  }
  return { pack: { ...pack, bases: pack.bases.filter(inForce), conditions: pack.conditions.filter(inForce) } };
}

/** The verdict from the events that fired, layer by layer as igcheck decides (without unknowns). */
export function jreVerdict({ pack }, fired) {
  let review = false;
  for (const l of pack.layers) {
    if (!fired.has(`layer:${l.id}`)) continue;
    const met = pack.bases.filter(b => b.layer === l.id && !b.companion && fired.has(`basis:${b.id}`)
      && (!b.requires_one_of?.length || b.requires_one_of.some(id => fired.has(`basis:${id}`))));
    if (met.some(b => b.verification !== 'uv')) continue;
    if (met.length || pack.bases.some(b => b.layer === l.id && fired.has(`review:${b.id}`))) { review = true; continue; }
    return 'not_lawful';
  }
  if (review) return 'needs_review';
  return pack.conditions.some(c => fired.has(`cond:${c.id}`)) ? 'lawful_with_conditions' : 'lawful';
}
