import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMappingFile } from '../../src/mappers/profiles/mapping-file.js';
import { findCardNumbers } from '../../src/validate/card-numbers.js';
import { stageInputs } from '../../src/validate/stage-inputs.js';
import { csvFilesConfig } from '../helpers/csv-config.js';
import { makeTempDir } from '../helpers/io.js';
import { makeStaged } from '../store/staged-fixtures.js';

// 74613281830084, 4111111111111111 and 6011111111111117 all pass the Luhn check.
const cardsOf = (values: string[], tokens?: Set<number>) =>
  findCardNumbers(values, tokens).map((c) => [c.index, c.last4, c.masked]);

describe('raw card number detection', () => {
  it('refuses a cell whose whole value is a 13–19-digit Luhn-valid number', () => {
    expect(cardsOf(['1', '4111111111111111'])).toEqual([[1, '1111', '[card number ending 1111]']]);
    expect(cardsOf(['6011 1111 1111 1117'])).toEqual([[0, '1117', '[card number ending 1117]']]);
  });

  it('takes a digit run glued to a prefix or letters for part of a token, not a card', () => {
    expect(cardsOf(['tok_74613281830084', 'cus4111111111111111x', 'pm-tok_6011111111111117'])).toEqual([]);
  });

  it("still refuses Freeside's A/D-prefixed payinfo, which is a card number with a billing flag", () => {
    expect(cardsOf(['A4111111111111111', 'd6011111111111117'])).toEqual([
      [0, '1111', '[card number ending 1111]'],
      [1, '1117', '[card number ending 1117]'],
    ]);
  });

  it('still scans free text: a card number between words of a note is found', () => {
    expect(cardsOf(['paid with 4111 1111 1111 1111, exp 12/27'])).toEqual([
      [0, '1111', 'paid with [card number ending 1111], exp 12/27'],
    ]);
  });

  it('leaves the cells the profile vouches for as tokens, and scans every other cell', () => {
    expect(cardsOf(['4111111111111111', 'note 6011111111111117'], new Set([0]))).toEqual([
      [1, '1117', 'note [card number ending 1117]'],
    ]);
  });
});

/** A mapping file reading cust_payby-like rows: the token is payinfo, flagged by is_tokenized. */
async function paybyProfile() {
  const dir = makeTempDir('sonar-migrate-tokens-');
  const path = join(dir, 'mapping.yaml');
  writeFileSync(
    path,
    [
      'inputs:',
      '  credit_cards:',
      '    account_key: custnum',
      '    tokenized: { column: is_tokenized, is: Y }',
      '    fields:',
      '      token: payinfo',
      '      identifier: { column: paymask, match: "(\\\\d{4})$" }',
      '      name_on_account: payname',
      '      card_type: { value: visa }',
      '      expiration_year: { value: 2030 }',
      '      expiration_month: { value: 1 }',
      '      auto: { value: true }',
      '      line1: { value: 1 Main St }',
      '      city: { value: Austin }',
      '      state: { value: TX }',
      '      zip: { value: "78701" }',
      '      country: { value: US }',
      '',
    ].join('\n'),
  );
  return loadMappingFile(path, 'mapping.yaml');
}

const payby = [
  'custnum,payinfo,paymask,payname,is_tokenized',
  '1,74613281830084,xxxxxxxxxx0084,Ann Flagged,Y', // a bare numeric token the source flags
  '2,4111111111111111,xxxxxxxxxxxx1111,Bob Unflagged,', // not flagged: a card number
  '3,tok_74613281830084,xxxxxxxxxx0084,Cy Prefixed,', // a prefixed token: no flag needed
  '4,7461328183008,xxxxxxxxx0084,Di 6011111111111117,Y', // flagged token, card in the name cell
  '',
].join('\n');

describe('staging with a token column', () => {
  it('honours the source flag for the token cell only, and refuses unflagged numbers', async () => {
    const profile = await paybyProfile();
    const { staged } = makeStaged();
    await stageInputs(csvFilesConfig({ credit_cards: payby }), profile, staged);
    expect([...staged.valid('credit_cards')].map((r) => [r.accountKey, r.payload.token])).toEqual([
      ['1', '74613281830084'],
      ['3', 'tok_74613281830084'],
    ]);
    expect(
      [...staged.rejections()].map((r) => [r.code, r.source.provenance.row, r.source.provenance.column]),
    ).toEqual([
      ['MAP_RAW_CARD_NUMBER', 3, 'payinfo'],
      ['MAP_RAW_CARD_NUMBER', 5, 'payname'],
    ]);
  });

  it('with allowNumericTokens, takes any bare number in the token column but still scans the name', async () => {
    const profile = await paybyProfile();
    const { staged } = makeStaged();
    const config = { ...csvFilesConfig({ credit_cards: payby }), allowNumericTokens: true };
    await stageInputs(config, profile, staged);
    expect([...staged.valid('credit_cards')].map((r) => r.accountKey)).toEqual(['1', '2', '3']);
    expect(
      [...staged.rejections()].map((r) => [r.code, r.source.provenance.row, r.source.provenance.column]),
    ).toEqual([['MAP_RAW_CARD_NUMBER', 5, 'payname']]);
  });
});
