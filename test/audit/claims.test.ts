// Claimed bases read into rule ids and checked against the facts (three-valued).
import { describe, expect, test } from 'vitest';
import { builtinPack, factsOf } from '../helpers/pack.js';
import { checkClaims, claimIndex, provisionKeys, readClaims } from '../../src/audit/claims.js';

const pack = builtinPack();
const ix = claimIndex(pack);
const read = (cell: string, layer?: string) => readClaims(cell, 'X Basis', layer, ix).map(c => c.basis ?? (c.none ? 'none' : `?${c.problem}`));

describe('reading claims as people write them', () => {
  test.each([
    ['6(1)(e) public task', 'art6', 'uk-gdpr-art6-1e'],
    ['Art 6(1)(e)', 'art6', 'uk-gdpr-art6-1e'],
    ['Article 6.1.e', 'art6', 'uk-gdpr-art6-1e'],
    ['Public task', 'art6', 'uk-gdpr-art6-1e'],
    ['Legitimate interests', 'art6', 'uk-gdpr-art6-1f'],
    ['6(1)(f) legitimate interests', 'art6', 'uk-gdpr-art6-1f'],
    ['Consent', 'art6', 'uk-gdpr-art6-1a'],
    ['Legal obligation', 'art6', 'uk-gdpr-art6-1c'],
    ['Art 9(2)(h)', 'art9', 'uk-gdpr-art9-2h'],
    ['9(2)(h) health or social care', 'art9', 'uk-gdpr-art9-2h'],
    ['Sch 1 para 2', 'art9', 'dpa2018-sch1-p1-para2'],
    ['DPA 2018 Schedule 1 Part 2 paragraph 18', 'art9', 'dpa2018-sch1-p2-para18'],
    ['Safeguarding', 'art9', 'dpa2018-sch1-p2-para18'],
    ['s251', 'confidentiality', 'cldc-s251'],
    ['Section 251 (CAG approved)', 'confidentiality', 'cldc-s251'],
    ['implied consent', 'confidentiality', 'cldc-implied-consent'],
    ['Explicit consent', 'confidentiality', 'cldc-explicit-consent'],
    ['COPI reg 3', 'confidentiality', 'cldc-copi-reg3'],
    ['Overriding public interest', 'confidentiality', 'cldc-public-interest'],
    ['IDTA', 'transfer', 'transfer-safeguards'],
    ['Adequacy', 'transfer', 'transfer-approved'],
    ['Official authority', 'art10', 'uk-gdpr-art10-official-authority'],
    ['N/A', 'art9', 'none'],
  ])('%s (%s) → %s', (cell, layer, id) => {
    expect(read(cell, layer)).toEqual([id]);
  });

  test('several claims in one cell, placed by what each names', () => {
    expect(read('Art 9(2)(h) with Sch 1 para 2', 'art9')).toEqual(['uk-gdpr-art9-2h', 'dpa2018-sch1-p1-para2']);
    expect(read('6(1)(e); 9(2)(h)')).toEqual(['uk-gdpr-art6-1e', 'uk-gdpr-art9-2h']);
  });

  test('an unreadable or ambiguous claim is a problem, never a guess', () => {
    const [bad] = read('Because we always have', 'art6');
    expect(bad).toMatch(/^\?cannot read "Because we always have" as a basis for UK GDPR Article 6/);
    const [amb] = read('consent', 'confidentiality');
    expect(amb).toMatch(/could be Explicit consent .* or Implied consent/);
    const [art10] = read('Art 10', 'art10');
    expect(art10).toMatch(/could be/);
    expect(read('Art 9', 'art9')[0]).toMatch(/^\?"Art 9" names art9 but no basis/);
  });

  test('sections of Acts are not articles', () => {
    expect(provisionKeys('UK GDPR Art 6(1)(e) and 6(3), as amended by DUAA 2025 s70(2)(a)')).toEqual(['art6-1e']);
  });

  test('a local pack\'s bases are claimable by their own citation and title', () => {
    const local = { ...pack, bases: [...pack.bases, { ...pack.bases.find(b => b.id === 'uk-gdpr-art6-1c')!, id: 'local-cdo', title: 'Care data order', citation: 'Local Care Data Order 2026 art 4(2)(b)' }] };
    expect(readClaims('4(2)(b)', 'c', 'art6', claimIndex(local))[0].basis).toBe('local-cdo');
    expect(readClaims('Care data order', 'c', 'art6', claimIndex(local))[0].basis).toBe('local-cdo');
  });
});

describe('checking claims against the facts', () => {
  const trust = factsOf({ purpose: 'direct_care', discloser: { type: 'nhs_trust' }, recipient: { type: 'gp_practice', provides_care: true }, subjects: { deceased: false }, data: { identifiability: 'identifiable', categories: ['health'] } });
  test('legitimate interests cannot hold for a public authority, whatever else is missing', () => {
    const claims = readClaims('Legitimate interests', 'D Lawful basis (Art 6)', 'art6', ix);
    const { claims: [c] } = checkClaims(pack, trust, '2026-12-01', claims, []);
    expect(c.status).toBe('cannot_hold');
    expect(c.why!.join(' ')).toMatch(/public authority/);
  });
  test('public task holds; implied consent is undecided while the facts are missing; the relied-on basis where no claim', () => {
    const claims = [...readClaims('6(1)(e)', 'D', 'art6', ix), ...readClaims('implied consent', 'F', 'confidentiality', ix)];
    const out = checkClaims(pack, trust, '2026-12-01', claims, ['art9']);
    expect(out.claims.map(c => c.status)).toEqual(['holds', 'undecided']);
    expect(out.claims[1].missing).toEqual(expect.arrayContaining(['individual.informed']));
    expect(out.relied).toEqual([{ layer: 'art9', bases: ['uk-gdpr-art9-2h', 'dpa2018-sch1-p1-para2'] }]);
  });
  test('"N/A" for Article 9 cannot hold when health data is shared', () => {
    const out = checkClaims(pack, trust, '2026-12-01', readClaims('N/A', 'E', 'art9', ix), []);
    expect(out.claims[0].status).toBe('cannot_hold');
  });
});
