import { describe, expect, it } from 'vitest';
import type { StagedRecord } from '../../src/ground/types.js';
import type { JournalEntry } from '../../src/journal/journal.js';
import { compareAccount, type LoadedRecord } from '../../src/verify/compare-account.js';
import { sameValue, shownValue } from '../../src/verify/compare-values.js';
import { sumTallies, tallyAccount, totalDifferences } from '../../src/verify/totals.js';

function loaded(
  step: StagedRecord['step'],
  legacyKey: string,
  payload: Record<string, unknown>,
  sonarId: string,
): LoadedRecord {
  const record: StagedRecord = {
    step,
    legacyKey,
    accountKey: '7',
    payload,
    refs: [],
    source: { input: step, provenance: { file: 'x.csv', row: 2 }, values: [], columns: [] },
  };
  const entry = { step, legacyKey, state: 'loaded', sonarId } as JournalEntry;
  return { record, entry };
}

describe('sameValue', () => {
  it('takes numbers Sonar answers as text, blanks and nulls, and id lists in any order as equal', () => {
    expect(sameValue(7, '07')).toBe(true);
    expect(sameValue(19.9, '19.90')).toBe(true);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue('', null)).toBe(true);
    expect(sameValue([2, 5], [5, 2])).toBe(true);
    expect(sameValue({ home: { number: '1' } }, { home: { number: '1', extension: null } })).toBe(true);
  });

  it('tells different values apart', () => {
    expect(sameValue('a@example.com', 'b@example.com')).toBe(false);
    expect(sameValue(7, 8)).toBe(false);
    expect(sameValue(null, 'x')).toBe(false);
    expect(sameValue({ home: { number: '1' } }, { home: { number: '2' } })).toBe(false);
    expect(shownValue({ b: 1, a: [3, 1] })).toBe('{a:[1,3],b:1}');
  });
});

describe('compareAccount', () => {
  const account = loaded(
    'accounts',
    '7',
    {
      name: 'Ann',
      account_type_id: 1,
      account_status_id: 2,
      line1: '1 Main St',
      city: 'X',
      contact_name: 'Ann',
      email_address: 'a@example.com',
    },
    '700',
  );

  it('compares the account with its row, its physical address and its primary contact', () => {
    const diffs = compareAccount([account], {
      account: { id: 700, name: 'Ann', account_type_id: 1, account_status_id: 3 },
      lists: {
        addresses: [{ id: 1, address_type_id: 1, line1: '1 Main Street', city: 'X' }],
        contacts: [{ id: 1, primary: true, name: 'Ann', email_address: 'a@example.com' }],
      },
      physicalAddressTypeId: 1,
    });
    expect(diffs).toEqual([
      {
        legacyKey: '7',
        sonarId: '700',
        step: 'accounts',
        field: 'account_status_id',
        expected: '2',
        found: '3',
      },
      {
        legacyKey: '7',
        sonarId: '700',
        step: 'accounts',
        field: 'line1',
        expected: '1 Main St',
        found: '1 Main Street',
      },
    ]);
  });

  it('finds a child record by the Sonar id the journal kept, and names it missing when Sonar lists it no more', () => {
    const service = loaded('services', 'services:7:1', { service_id: 1, quantity: 2 }, '55');
    const card = loaded(
      'credit_cards',
      'cc:7',
      { type: 'credit card', identifier: '4242', token: 'tok_secret' },
      '9',
    );
    const diffs = compareAccount([service, card], {
      account: { id: 700 },
      lists: {
        services: [{ unique_service_relationship_id: 55, id: 1, quantity: 3, price_override: null }],
        payment_methods: [{ id: 10, type: 'credit card', identifier: '4242' }],
      },
      physicalAddressTypeId: 1,
    });
    expect(diffs).toEqual([
      {
        legacyKey: 'services:7:1',
        sonarId: '55',
        step: 'services',
        field: 'quantity',
        expected: '2',
        found: '3',
      },
      {
        legacyKey: 'cc:7',
        sonarId: '9',
        step: 'credit_cards',
        field: '(record)',
        expected: 'present',
        found: 'missing',
      },
    ]);
  });
});

describe('the legacy totals', () => {
  it('adds up statuses, plan quantities and monthly revenue (override over catalogue price, yearly plans by twelve)', () => {
    const catalogue = new Map([
      [1, { recurring: true, amountCents: 5000, months: 1 }],
      [2, { recurring: true, amountCents: 12000, months: 12 }],
      [3, { recurring: false, amountCents: 9900, months: 1 }],
    ]);
    const staged = [
      loaded('accounts', '7', { account_status_id: 2 }, '700').record,
      loaded('services', 's1', { service_id: 1, quantity: 2 }, '1').record,
      loaded('services', 's2', { service_id: 2, quantity: 1 }, '2').record,
      loaded('services', 's3', { service_id: 3, quantity: 1 }, '3').record,
    ];
    const sonar = [
      { id: 1, quantity: 2, price_override: '45.00' },
      { id: 2, quantity: 1, price_override: null },
      { id: 3, quantity: 1 },
    ];
    const tally = tallyAccount(staged, { account_status_id: 2 }, sonar, catalogue);
    expect(tally.mrrExpectedCents).toBe(2 * 5000 + 1000);
    expect(tally.mrrFoundCents).toBe(2 * 4500 + 1000);
    const totals = sumTallies([tally]);
    expect(totals.plans).toEqual({
      '1': { expected: 2, found: 2 },
      '2': { expected: 1, found: 1 },
      '3': { expected: 1, found: 1 },
    });
    expect(totalDifferences(totals, { statuses: { '2': 'Active' }, services: {} })).toEqual([
      {
        legacyKey: '(all)',
        sonarId: '',
        step: 'totals',
        field: 'monthly recurring revenue',
        expected: '110.00',
        found: '100.00',
      },
    ]);
  });
});
