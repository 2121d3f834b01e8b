import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import { multiMonthOf } from '../../src/validate/bill-date-checks.js';
import { runCrossChecks } from '../../src/validate/cross-checks.js';
import {
  accountRecord,
  childRecord,
  makeStaged,
  rejectionsWith,
  stage,
  validKeys,
} from '../store/staged-fixtures.js';

const all = new Set<StepName>(['accounts', 'services', 'next_bill_dates']);

function dated() {
  const { staged } = makeStaged();
  stage(staged, [
    accountRecord('1', 2, { next_bill_date: '2026-11-30' }),
    accountRecord('2', 3),
    childRecord('services', 's:2:20', '2', 2, { service_id: 20, next_bill_date: '2026-12-01' }),
    childRecord('next_bill_dates', 'nbd:2', '2', 4, { next_bill_date: '2026-09-15' }),
  ]);
  return staged;
}

describe('next bill dates in the past', () => {
  it('rejects a date before today on accounts, services and next_bill_dates rows, saying where and what to do', () => {
    const staged = dated();
    runCrossChecks(staged, { inputs: all, today: '2026-12-01' });
    const found = rejectionsWith(staged, 'MAP_NEXT_BILL_DATE_PAST');
    // Today itself is not past; the account row's date and the next_bill_dates row's are.
    expect(found.map((r) => [r.input, r.row])).toEqual([
      ['accounts', 2],
      ['next_bill_dates', 4],
    ]);
    expect(found[1]).toEqual(expect.objectContaining({ column: 'B' }));
    expect(found[1]?.message).toBe(
      'next_bill_dates.csv:4 column "B" (legacy nbd:2): next bill date 2026-09-15 is before today (2026-12-01): Sonar would bill it at its next daily run, charging for a period the old system already billed — give the customer\'s next bill date after today, or set "allowPastNextBillDates": true in the migration file if this migration really wants past dates',
    );
    expect(validKeys(staged, 'services')).toEqual(['s:2:20']);
  });

  it('judges against the day given, not the clock', () => {
    const staged = dated();
    runCrossChecks(staged, { inputs: all, today: '2026-01-01' });
    expect(rejectionsWith(staged, 'MAP_NEXT_BILL_DATE_PAST')).toEqual([]);
  });

  it('accepts past dates when the migration sets "allowPastNextBillDates": true, and says so', () => {
    const staged = dated();
    const summary = runCrossChecks(staged, {
      inputs: all,
      today: '2026-12-01',
      allowPastNextBillDates: true,
    });
    expect(rejectionsWith(staged, 'MAP_NEXT_BILL_DATE_PAST')).toEqual([]);
    expect(summary.notes).toContain(
      '"allowPastNextBillDates": true: next bill dates before today were accepted',
    );
  });
});

describe('next bill dates on services that are not multi-month (with reference data)', () => {
  it('rejects a next bill date on a monthly service and keeps it on a multi-month one (doc ~10887)', () => {
    const { staged } = makeStaged();
    stage(staged, [
      accountRecord('1', 2),
      childRecord('services', 's:1:1', '1', 2, { service_id: 1, next_bill_date: '2027-01-05' }),
      childRecord('services', 's:1:20', '1', 3, { service_id: 20, next_bill_date: '2027-01-05' }),
      childRecord('services', 's:1:2', '1', 4, { service_id: 2 }),
      // Not in the catalogue: left to plan, which names the unknown id.
      childRecord('services', 's:1:99', '1', 5, { service_id: 99, next_bill_date: '2027-01-05' }),
    ]);
    const multiMonthServices = multiMonthOf([{ id: 1, months: 1 }, { id: 2 }, { id: 20, months: 6 }]);
    runCrossChecks(staged, { inputs: all, today: '2026-12-01', multiMonthServices });
    const found = rejectionsWith(staged, 'MAP_NEXT_BILL_DATE_NOT_MULTI_MONTH');
    expect(found.map((r) => r.row)).toEqual([2]);
    expect(found[0]?.message).toContain(
      'service 1 is not a multi-month service, and Sonar takes a next bill date only on multi-month services',
    );
    expect(validKeys(staged, 'services')).toEqual(['s:1:20', 's:1:2', 's:1:99']);
  });
});
