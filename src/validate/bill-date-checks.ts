import type { StagedRecords } from '../store/staged-records.js';
import { columnHolding, rejectFindings } from './check-findings.js';

// Next bill dates Sonar would refuse, or take to the customer's cost (issue 12).

/** Today as YYYY-MM-DD in the operator's time zone: the day the migration runs. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Rejects next bill dates (accounts, services and the next_bill_dates input) before `today`: Sonar
 * bills a past date at its next daily run, charging for a period the old system already billed.
 * The migration file's `"allowPastNextBillDates": true` turns this check off.
 */
export function checkPastNextBillDates(staged: StagedRecords, today: string): number {
  return rejectFindings(
    staged,
    'MAP_NEXT_BILL_DATE_PAST',
    `SELECT s.seq, json_object('date', json_extract(s.payload, '$.next_bill_date')) FROM staged s
     WHERE s.step IN ('accounts', 'services', 'next_bill_dates') AND s.rejected = 0
       AND json_extract(s.payload, '$.next_bill_date') < @today
     ORDER BY s.seq`,
    (f) => ({
      text: `next bill date ${String(f.detail.date)} is before today (${today}): Sonar would bill it at its next daily run, charging for a period the old system already billed — give the customer's next bill date after today, or set "allowPastNextBillDates": true in the migration file if this migration really wants past dates`,
      column: columnHolding(f.source, f.detail.date),
    }),
    { today },
  );
}

/** The catalogue's multi-month services (billing frequency over one month), from reference data. */
export interface MultiMonthServices {
  /** Every service id of the catalogue: a service_id outside it is left to plan. */
  known: number[];
  /** The ids whose billing_frequency_in_months is 2 or more. */
  ids: number[];
}

/** The multi-month services of a catalogue; a frequency left out is Sonar's default, monthly. */
export function multiMonthOf(services: Array<{ id: number; months?: number | null }>): MultiMonthServices {
  return {
    known: services.map((s) => s.id),
    ids: services.filter((s) => (s.months ?? 1) >= 2).map((s) => s.id),
  };
}

/**
 * Rejects a next bill date on a service that is not multi-month: Sonar takes a service's
 * next_bill_date only for multi-month services (doc ~10887: "Only valid for multi-month services") and refuses it on a monthly one.
 */
export function checkMonthlyServiceBillDates(staged: StagedRecords, services: MultiMonthServices): number {
  return rejectFindings(
    staged,
    'MAP_NEXT_BILL_DATE_NOT_MULTI_MONTH',
    `SELECT s.seq, json_object('date', json_extract(s.payload, '$.next_bill_date'),
                               'service', json_extract(s.payload, '$.service_id')) FROM staged s
     WHERE s.step = 'services' AND s.rejected = 0
       AND json_extract(s.payload, '$.next_bill_date') IS NOT NULL
       AND json_extract(s.payload, '$.service_id') IN (SELECT value FROM json_each(@known))
       AND json_extract(s.payload, '$.service_id') NOT IN (SELECT value FROM json_each(@ids))
     ORDER BY s.seq`,
    (f) => ({
      text: `service ${String(f.detail.service)} is not a multi-month service, and Sonar takes a next bill date only on multi-month services — leave the service's next bill date blank (put the account's next bill date in the next_bill_dates input), or map a multi-month service`,
      column: columnHolding(f.source, f.detail.date),
    }),
    { known: JSON.stringify(services.known), ids: JSON.stringify(services.ids) },
  );
}
