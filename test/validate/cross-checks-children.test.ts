import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import { runCrossChecks } from '../../src/validate/cross-checks.js';
import { testToday } from '../helpers/io.js';
import {
  accountRecord,
  childRecord,
  makeStaged,
  record,
  rejectionsWith,
  stage,
  validKeys,
} from '../store/staged-fixtures.js';

const all = new Set<StepName>([
  'accounts',
  'contacts',
  'services',
  'billing_parameters',
  'next_bill_dates',
  'credit_cards',
  'bank_accounts',
  'dids',
  'did_inventory',
]);

describe('one auto-pay method per account', () => {
  it('passes one auto card and a bank account that is not auto', () => {
    const { staged } = makeStaged();
    stage(staged, [
      accountRecord('1'),
      childRecord('credit_cards', 'cc:1:a', '1', 2, { auto: true }),
      childRecord('bank_accounts', 'ba:1:b', '1', 2, { auto: false }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect(rejectionsWith(staged, 'MAP_MULTIPLE_AUTO_PAY')).toEqual([]);
  });

  it('rejects a second auto-pay method across cards and bank accounts, naming the first', () => {
    const { staged } = makeStaged();
    stage(staged, [
      accountRecord('1'),
      childRecord('credit_cards', 'cc:1:a', '1', 4, { auto: true }),
      childRecord('bank_accounts', 'ba:1:b', '1', 6, { auto: true }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    const found = rejectionsWith(staged, 'MAP_MULTIPLE_AUTO_PAY');
    expect(found).toEqual([expect.objectContaining({ input: 'bank_accounts', row: 6, legacyKey: 'ba:1:b' })]);
    expect(found[0]?.message).toContain('already has an auto-pay method (credit_cards.csv:4)');
    expect(validKeys(staged, 'credit_cards')).toEqual(['cc:1:a']);
  });
});

describe('one primary contact per account', () => {
  it('passes contacts that are not primary', () => {
    const { staged } = makeStaged();
    stage(staged, [accountRecord('1'), childRecord('contacts', 'c:1:a', '1', 2, { primary: false })]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect(rejectionsWith(staged, 'MAP_MULTIPLE_PRIMARY_CONTACTS')).toEqual([]);
  });

  it('rejects a primary contact when the account row already names one', () => {
    const { staged } = makeStaged();
    stage(staged, [accountRecord('1', 9), childRecord('contacts', 'c:1:a', '1', 3, { primary: true })]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    const found = rejectionsWith(staged, 'MAP_MULTIPLE_PRIMARY_CONTACTS');
    expect(found).toEqual([expect.objectContaining({ input: 'contacts', row: 3 })]);
    expect(found[0]?.message).toContain('from its accounts row (accounts.csv:9)');
  });

  it('rejects the second of two primary contacts when the account is not in the input', () => {
    const { staged } = makeStaged();
    stage(staged, [
      childRecord('contacts', 'c:1:a', '1', 2, { primary: true }),
      childRecord('contacts', 'c:1:b', '1', 3, { primary: true }),
    ]);
    runCrossChecks(staged, { inputs: new Set<StepName>(['contacts']) });
    const found = rejectionsWith(staged, 'MAP_MULTIPLE_PRIMARY_CONTACTS');
    expect(found.map((r) => r.row)).toEqual([3]);
    expect(found[0]?.message).toContain('already has a primary contact (contacts.csv:2)');
  });
});

describe('portal usernames unique among the contacts', () => {
  it('passes distinct usernames and contacts without one', () => {
    const { staged } = makeStaged();
    stage(staged, [
      accountRecord('1'),
      accountRecord('2', 3),
      childRecord('contacts', 'c:1:a', '1', 2, { username: 'ada', password: 'x1' }),
      childRecord('contacts', 'c:2:a', '2', 3, { username: 'Ada', password: 'x2' }),
      childRecord('contacts', 'c:2:b', '2', 4, {}),
      childRecord('contacts', 'c:1:b', '1', 5, {}),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect(rejectionsWith(staged, 'MAP_DUPLICATE_USERNAME')).toEqual([]);
  });

  it('rejects every later contact with a username an earlier one has, across accounts, naming the first', () => {
    const { staged } = makeStaged();
    stage(staged, [
      accountRecord('1'),
      accountRecord('2', 3),
      childRecord('contacts', 'c:1:a', '1', 2, { username: 'ramonahilll42', password: 'x1' }),
      childRecord('contacts', 'c:2:a', '2', 7, { username: 'ramonahilll42', password: 'x2' }),
      childRecord('contacts', 'c:2:b', '2', 9, { username: 'ramonahilll42', password: 'x3' }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    const found = rejectionsWith(staged, 'MAP_DUPLICATE_USERNAME');
    expect(found.map((r) => [r.row, r.legacyKey])).toEqual([
      [7, 'c:2:a'],
      [9, 'c:2:b'],
    ]);
    expect(found[0]?.message).toContain(
      'portal username "ramonahilll42" is already another contact\'s (contacts.csv:2), and Sonar keeps portal usernames unique',
    );
    expect(validKeys(staged, 'contacts')).toEqual(['c:1:a']);
  });
});

describe('next bill dates on the bill day', () => {
  it('passes a next bill date on the bill day', () => {
    const { staged } = makeStaged();
    stage(staged, [
      accountRecord('1'),
      childRecord('billing_parameters', 'bp:1', '1', 2, { bill_day: 15 }),
      childRecord('next_bill_dates', 'nbd:1', '1', 2, { next_bill_date: '2027-01-15' }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect(rejectionsWith(staged, 'MAP_BILL_DAY_MISMATCH')).toEqual([]);
  });

  it('rejects next bill dates on another day, on next_bill_dates, services and accounts rows', () => {
    const { staged } = makeStaged();
    stage(staged, [
      accountRecord('1', 2, { next_bill_date: '2027-01-03' }),
      childRecord('billing_parameters', 'bp:1', '1', 5, { bill_day: 15 }),
      childRecord('services', 's:1:9', '1', 2, { service_id: 9, next_bill_date: '2027-03-14' }),
      childRecord('next_bill_dates', 'nbd:1', '1', 4, { next_bill_date: '2027-01-16' }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    const found = rejectionsWith(staged, 'MAP_BILL_DAY_MISMATCH');
    expect(found.map((r) => r.input)).toEqual(['accounts', 'services', 'next_bill_dates']);
    expect(found[2]).toEqual(expect.objectContaining({ row: 4, column: 'B' }));
    expect(found[2]?.message).toContain(
      'next bill date 2027-01-16 falls on day 16, but account 1 bills on day 15 (billing_parameters.csv:5)',
    );
  });

  it('does not compare when the account has no bill day in the billing parameters input', () => {
    const { staged } = makeStaged();
    stage(staged, [
      accountRecord('1'),
      childRecord('next_bill_dates', 'nbd:1', '1', 2, { next_bill_date: '2027-01-16' }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect(validKeys(staged, 'next_bill_dates')).toEqual(['nbd:1']);
  });
});

describe('DID assignments', () => {
  const inventory = (did: string, row: number) =>
    record('did_inventory', `did_inventory:${did}`, row, { dids: [did], rate_center_id: 1 });
  const base = () => [
    accountRecord('1'),
    childRecord('services', 's:1:7', '1', 2, { service_id: 7 }),
    childRecord('services', 's:1:8', '1', 3, { service_id: 8 }),
    inventory('6085550100', 2),
  ];

  it('passes a DID in the inventory on a service of the account', () => {
    const { staged } = makeStaged();
    stage(staged, [
      ...base(),
      childRecord('dids', 'dids:6085550100', '1', 2, { did: '6085550100', service_id: 7 }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect([...staged.rejections()]).toEqual([]);
  });

  it('rejects a DID missing from the inventory input', () => {
    const { staged } = makeStaged();
    stage(staged, [
      ...base(),
      childRecord('dids', 'dids:6085550199', '1', 2, { did: '6085550199', service_id: 7 }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    const found = rejectionsWith(staged, 'MAP_DID_NOT_IN_INVENTORY');
    expect(found).toEqual([expect.objectContaining({ input: 'dids', row: 2, column: 'B' })]);
    expect(found[0]?.message).toContain('DID 6085550199 is not in the did_inventory input');
  });

  it('rejects a DID on a service the account does not have in the services input', () => {
    const { staged } = makeStaged();
    stage(staged, [
      ...base(),
      childRecord('dids', 'dids:6085550100', '1', 2, { did: '6085550100', service_id: 9 }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    const found = rejectionsWith(staged, 'MAP_DID_SERVICE_INVALID');
    expect(found).toEqual([expect.objectContaining({ input: 'dids', row: 2, column: 'C' })]);
    expect(found[0]?.message).toContain('service 9 is not on account 1 in the services input');
  });

  it('matches services named by Sonar name (pending references) on both sides', () => {
    const { staged } = makeStaged();
    const ref = { path: 'service_id', lookup: 'services' as const, name: 'Home Voice' };
    stage(staged, [
      accountRecord('1'),
      record('services', 's:1:hv', 2, { service_id: null }, { accountKey: '1', refs: [ref] }),
      inventory('6085550100', 2),
      record(
        'dids',
        'dids:6085550100',
        2,
        { did: '6085550100', service_id: null },
        { accountKey: '1', refs: [ref] },
      ),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect([...staged.rejections()]).toEqual([]);
  });

  it('rejects a DID on a service that the reference data says is not a voice service', () => {
    const { staged } = makeStaged();
    stage(staged, [
      ...base(),
      childRecord('dids', 'dids:6085550100', '1', 2, { did: '6085550100', service_id: 8 }),
    ]);
    const summary = runCrossChecks(staged, {
      inputs: all,
      voiceServices: { ids: [7], names: ['Home Voice'] },
    });
    const found = rejectionsWith(staged, 'MAP_DID_SERVICE_INVALID');
    expect(found[0]?.message).toContain('service 8 is not a voice service in the reference data');
    expect(summary.notes).toEqual([]);
  });

  it('checks only that the service is on the account without reference data, and says so', () => {
    const { staged } = makeStaged();
    stage(staged, [
      ...base(),
      childRecord('dids', 'dids:6085550100', '1', 2, { did: '6085550100', service_id: 8 }),
    ]);
    const summary = runCrossChecks(staged, { inputs: all, today: testToday });
    expect(validKeys(staged, 'dids')).toEqual(['dids:6085550100']);
    expect(summary.notes.join('\n')).toContain('not to be a voice service');
  });
});
