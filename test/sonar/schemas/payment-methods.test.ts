import { describe, expect, test } from 'vitest';
import {
  bankAccountCreateSchema,
  cardTypes,
  creditCardCreateSchema,
  paymentMethodCreateSchema,
} from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

function validCard(): Record<string, unknown> {
  return {
    type: 'credit card',
    token: 'tok_abcdefgh1234',
    name_on_account: 'Steve Martin',
    identifier: '1111',
    expiration_year: 2027,
    expiration_month: 9,
    auto: false,
    card_type: 'visa',
    line1: '4546 N Avenue',
    city: 'Somewhere',
    state: 'WI',
    zip: '51234',
    country: 'US',
  };
}

function validEcheck(): Record<string, unknown> {
  return {
    type: 'echeck',
    token: 'tok_bank_9876',
    name_on_account: 'Steve Martin',
    identifier: '6789',
    auto: true,
  };
}

describe('creditCardCreateSchema', () => {
  test('accepts a tokenized card with its billing address', () => {
    expect(issuesOf(creditCardCreateSchema, validCard())).toEqual([]);
    expect(issuesOf(paymentMethodCreateSchema, validCard())).toEqual([]);
  });

  test.each([
    'token',
    'name_on_account',
    'identifier',
    'expiration_year',
    'expiration_month',
    'auto',
    'line1',
    'city',
    'state',
    'zip',
    'country',
  ])('says %s is required when it is missing', (field) => {
    const card = validCard();
    delete card[field];
    expect(issuesOf(creditCardCreateSchema, card)).toEqual([
      { path: field, message: `${field} is required` },
    ]);
  });

  test('rejects an identifier longer than 4 characters', () => {
    expect(issuesOf(creditCardCreateSchema, { ...validCard(), identifier: '41111' })).toEqual([
      {
        path: 'identifier',
        message: 'identifier must be at most 4 characters: give only the last digits, e.g. 1111',
      },
    ]);
  });

  test('accepts every documented card type and rejects another', () => {
    for (const cardType of cardTypes) {
      expect(issuesOf(creditCardCreateSchema, { ...validCard(), card_type: cardType })).toEqual([]);
    }
    expect(issuesOf(creditCardCreateSchema, { ...validCard(), card_type: 'VISA' })).toEqual([
      { path: 'card_type', message: `card_type must be one of ${cardTypes.join(', ')}` },
    ]);
  });

  test('accepts months 1 and 12 and rejects 0 and 13', () => {
    expect(issuesOf(creditCardCreateSchema, { ...validCard(), expiration_month: 1 })).toEqual([]);
    expect(issuesOf(creditCardCreateSchema, { ...validCard(), expiration_month: 12 })).toEqual([]);
    for (const month of [0, 13]) {
      expect(issuesOf(creditCardCreateSchema, { ...validCard(), expiration_month: month })).toEqual([
        { path: 'expiration_month', message: 'expiration_month must be a month number 1–12' },
      ]);
    }
  });

  test('rejects a 2-digit expiration year', () => {
    expect(issuesOf(creditCardCreateSchema, { ...validCard(), expiration_year: 27 })).toEqual([
      { path: 'expiration_year', message: 'expiration_year must be a 4-digit year, e.g. 2027' },
    ]);
  });

  test('never echoes the token in a message', () => {
    const issues = issuesOf(creditCardCreateSchema, {
      ...validCard(),
      token: 42,
      identifier: 'tok_abcdefgh1234',
    });
    expect(issues.map((i) => i.path)).toEqual(['token', 'identifier']);
    expect(JSON.stringify(issues)).not.toContain('tok_');
  });
});

describe('bankAccountCreateSchema', () => {
  test('accepts a tokenized echeck', () => {
    expect(issuesOf(bankAccountCreateSchema, validEcheck())).toEqual([]);
    expect(issuesOf(paymentMethodCreateSchema, validEcheck())).toEqual([]);
  });

  test('rejects card-only fields on an echeck', () => {
    expect(issuesOf(bankAccountCreateSchema, { ...validEcheck(), card_type: 'visa' })[0]?.message).toMatch(
      /^unknown field "card_type"/,
    );
  });
});

describe('paymentMethodCreateSchema', () => {
  test('picks the rules by type', () => {
    expect(
      issuesOf(paymentMethodCreateSchema, { ...validEcheck(), type: 'credit card' }).map((i) => i.path),
    ).toEqual([
      'expiration_year',
      'expiration_month',
      'card_type',
      'line1',
      'city',
      'state',
      'zip',
      'country',
    ]);
  });

  test('rejects a type other than "credit card" or "echeck"', () => {
    expect(issuesOf(paymentMethodCreateSchema, { ...validEcheck(), type: 'ach' })).toEqual([
      { path: 'type', message: 'type must be "credit card" or "echeck"' },
    ]);
  });
});
