import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import { runCrossChecks } from '../../src/validate/cross-checks.js';
import { testToday } from '../helpers/io.js';
import {
  account,
  makeStaged,
  mapperRejection,
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
  'dids',
  'did_inventory',
]);

describe('duplicate legacy keys', () => {
  it('passes distinct keys within a step and the same key in two steps', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '1', 2, account()),
      record('accounts', '2', 3, account()),
      record('next_bill_dates', '1', 2, {}, { accountKey: '1' }),
    ]);
    const summary = runCrossChecks(staged, { inputs: all, today: testToday });
    expect(rejectionsWith(staged, 'MAP_DUPLICATE_KEY')).toEqual([]);
    expect(summary.rejected).toEqual({});
  });

  it('rejects every duplicate after the first and names the row holding the first', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '1042', 5, account()),
      record('accounts', '1042', 17, account()),
      record('accounts', '1042', 20, account()),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    const found = rejectionsWith(staged, 'MAP_DUPLICATE_KEY');
    expect(found.map((r) => r.row)).toEqual([17, 20]);
    expect(found[0]?.legacyKey).toBe('1042');
    expect(found[0]?.column).toBe('A');
    expect(found[0]?.message).toContain('its first row is accounts.csv:5');
    expect(found[0]?.message).toMatch(
      /^accounts\.csv:17 column "A" \(legacy 1042\): account 1042 appears again/,
    );
    expect(validKeys(staged, 'accounts')).toEqual(['1042']);
  });
});

describe('child rows and their accounts', () => {
  it('passes rows whose account is in the accounts input', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '1', 2, account()),
      record('contacts', 'c:1:bob', 2, {}, { accountKey: '1' }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect(rejectionsWith(staged, 'MAP_ACCOUNT_NOT_IN_INPUT')).toEqual([]);
    expect(validKeys(staged, 'contacts')).toEqual(['c:1:bob']);
  });

  it('rejects an orphan row, pointing at the account number column', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '1', 2, account()),
      record('contacts', 'c:9:bob', 4, {}, { accountKey: '9' }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect(rejectionsWith(staged, 'MAP_ACCOUNT_NOT_IN_INPUT')).toEqual([
      expect.objectContaining({ input: 'contacts', row: 4, column: 'A', legacyKey: 'c:9:bob' }),
    ]);
    expect(rejectionsWith(staged, 'MAP_ACCOUNT_NOT_IN_INPUT')[0]?.message).toContain(
      'account 9 is not in the accounts input',
    );
    expect(validKeys(staged, 'contacts')).toEqual([]);
  });

  it('does not look for accounts when there is no accounts input, and says so', () => {
    const { staged } = makeStaged();
    stage(staged, [record('contacts', 'c:9:bob', 4, {}, { accountKey: '9' })]);
    const summary = runCrossChecks(staged, { inputs: new Set<StepName>(['contacts']) });
    expect(validKeys(staged, 'contacts')).toEqual(['c:9:bob']);
    expect(summary.notes.join('\n')).toContain('no accounts input');
  });

  it('rejects the rows of an account the mapper rejected, each saying where the account was rejected', () => {
    const { staged } = makeStaged();
    stage(
      staged,
      [
        record('contacts', 'c:1042:bob', 3, {}, { accountKey: '1042' }),
        record('services', 's:1042:7', 8, { service_id: 7 }, { accountKey: '1042' }),
      ],
      [mapperRejection('accounts', 17, '1042', 'MAP_INVALID_VALUE')],
    );
    runCrossChecks(staged, { inputs: all, today: testToday });
    const found = rejectionsWith(staged, 'MAP_PARENT_REJECTED');
    expect(found.map((r) => [r.input, r.row])).toEqual([
      ['contacts', 3],
      ['services', 8],
    ]);
    expect(found[0]?.message).toContain('account 1042 was rejected (accounts.csv:17): fix it first');
    expect(rejectionsWith(staged, 'MAP_ACCOUNT_NOT_IN_INPUT')).toEqual([]);
  });
});

describe('sub-accounts', () => {
  it('passes a parent listing children that are in the input (by Sonar id or legacy key)', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '10', 2, account({ id: 10 })),
      record('accounts', 'C-11', 3, account({ id: 11 })),
      record('accounts', '12', 4, account({ id: 12, sub_accounts: [10, null] }), {
        refs: [{ path: 'sub_accounts.1', lookup: 'accounts', name: 'C-11' }],
      }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect([...staged.rejections()]).toEqual([]);
    expect(validKeys(staged, 'accounts')).toEqual(['10', 'C-11', '12']);
  });

  it('rejects a parent listing a sub-account that is not in the input', () => {
    const { staged } = makeStaged();
    stage(staged, [record('accounts', '12', 4, account({ id: 12, sub_accounts: [99] }))]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect(rejectionsWith(staged, 'MAP_SUB_ACCOUNT_MISSING')).toEqual([
      expect.objectContaining({ row: 4, legacyKey: '12' }),
    ]);
    expect(rejectionsWith(staged, 'MAP_SUB_ACCOUNT_MISSING')[0]?.message).toContain(
      'sub-account 99 is not in the accounts input',
    );
  });

  it('rejects every account on a sub-account cycle, tracing the loop, and their rows with them', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '1', 2, account({ id: 1, sub_accounts: [2] })),
      record('accounts', '2', 3, account({ id: 2, sub_accounts: [3] })),
      record('accounts', '3', 4, account({ id: 3, sub_accounts: [1] })),
      record('accounts', '4', 5, account({ id: 4 })),
      record('contacts', 'c:2:ann', 2, {}, { accountKey: '2' }),
    ]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    const cycle = rejectionsWith(staged, 'MAP_SUB_ACCOUNT_CYCLE');
    expect(cycle.map((r) => r.legacyKey)).toEqual(['1', '2', '3']);
    expect(cycle[0]?.message).toContain('account 1 is its own sub-account through 1 → 2 → 3 → 1');
    expect(validKeys(staged, 'accounts')).toEqual(['4']);
    expect(rejectionsWith(staged, 'MAP_PARENT_REJECTED')).toEqual([
      expect.objectContaining({ input: 'contacts', legacyKey: 'c:2:ann' }),
    ]);
  });

  it('rejects an account listing itself as its own sub-account', () => {
    const { staged } = makeStaged();
    stage(staged, [record('accounts', '5', 2, account({ id: 5, sub_accounts: [5] }))]);
    runCrossChecks(staged, { inputs: all, today: testToday });
    expect(rejectionsWith(staged, 'MAP_SUB_ACCOUNT_CYCLE')[0]?.message).toContain('through 5 → 5');
  });

  it('rejects the parents, at any depth, of a rejected sub-account', () => {
    const { staged } = makeStaged();
    stage(
      staged,
      [
        record('accounts', '2', 3, account({ id: 2, sub_accounts: [1] })),
        record('accounts', '3', 4, account({ id: 3, sub_accounts: [2] })),
        record('billing_parameters', 'b:3', 2, { bill_day: 1 }, { accountKey: '3' }),
      ],
      [mapperRejection('accounts', 2, '1', 'MAP_MISSING_REQUIRED')],
    );
    runCrossChecks(staged, { inputs: all, today: testToday });
    const found = rejectionsWith(staged, 'MAP_PARENT_REJECTED');
    expect(found.map((r) => r.legacyKey)).toEqual(['2', '3', 'b:3']);
    expect(found[0]?.message).toContain('its sub-account 1 was rejected (accounts.csv:2)');
    expect(found[1]?.message).toContain('its sub-account 2 was rejected (accounts.csv:3)');
    expect(rejectionsWith(staged, 'MAP_SUB_ACCOUNT_MISSING')).toEqual([]);
    expect(validKeys(staged, 'accounts')).toEqual([]);
  });
});
