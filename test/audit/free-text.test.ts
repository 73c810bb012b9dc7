// Free-text register columns read into facts: categories, overseas, transfer method.
import { describe, expect, test } from 'vitest';
import { builtinPack } from '../helpers/pack.js';
import { readCategories, readOverseas, readTransferMethod } from '../../src/audit/free-text.js';

const pack = builtinPack();
const def = (id: string) => pack.facts.find(f => f.id === id)!;

describe('personal data categories as written', () => {
  test.each([
    ['names, addresses', ['demographic', 'contact']],
    ['Name and address; NHS number', ['demographic', 'contact']],
    ['Diagnoses, medication, test results', ['health']],
    ['Full name, date of birth, mental health history, ethnicity', ['health', 'racial_ethnic', 'demographic']],
    ['Care needs assessment, care package', ['social_care']],
    ['health; social_care', ['health', 'social_care']],
    ['Criminal convictions', ['criminal_offence']],
    ['Diagnoses, names', ['health', 'demographic']],
  ])('%s', (text, want) => {
    expect(readCategories(text, def('data.categories'))).toEqual({ value: want });
  });
  test('a word it cannot place is a problem naming it, with a suggestion for a near miss', () => {
    const r = readCategories('Names, hobbies, helth', def('data.categories'));
    expect('error' in r && r.error).toMatch(/cannot place "hobbies", "helth" \(did you mean health\?\)/);
  });
});

describe('overseas and transfer method', () => {
  test.each([['No', 'uk'], ['No - UK only', 'uk'], ['UK', 'uk'], ['EEA', 'approved'], ['Yes (EU - Ireland)', 'approved'], ['other', 'other']])('overseas %s → %s', (t, v) => {
    expect(readOverseas(t, def('recipient.location'))).toEqual({ value: v });
  });
  test('"Yes" alone says only "not the UK": unknown; anything else unplaced is a problem', () => {
    expect(readOverseas('Yes', def('recipient.location'))).toEqual({ blank: true });
    expect(readOverseas('Mars', def('recipient.location'))).toHaveProperty('error');
  });
  test.each([['NHSmail', true], ['MESH', true], ['SFTP to the council', true], ['Encrypted email', true], ['Fax', false], ['Unencrypted email', false], ['Post', undefined], ['EMIS', undefined]])('transfer method %s', (t, v) => {
    expect(readTransferMethod(t)).toEqual(v === undefined ? { blank: true } : { value: v });
  });
});
