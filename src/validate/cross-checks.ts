import type { StepName } from '../ground/types.js';
import type { StagedRecords } from '../store/staged-records.js';
import {
  buildAccountGraph,
  cascadeRejectedAccounts,
  checkDuplicateKeys,
  checkMissingSubAccounts,
  checkSubAccountCycles,
} from './account-checks.js';
import {
  checkMonthlyServiceBillDates,
  checkPastNextBillDates,
  localToday,
  type MultiMonthServices,
} from './bill-date-checks.js';
import {
  checkAutoPay,
  checkBillDays,
  checkDidInventory,
  checkDidServices,
  checkOrphans,
  checkPrimaryContacts,
  type VoiceServices,
} from './child-checks.js';
import { checkRefusedDatesAgainstBillDays, noteDecimalCommas } from './dependent-checks.js';
import { checkIpOverlaps, checkIpServices, type DataServices } from './ip-checks.js';

export { type MultiMonthServices, multiMonthOf } from './bill-date-checks.js';
export type { VoiceServices } from './child-checks.js';
export type { DataServices } from './ip-checks.js';

/** What the cross-file checks need to know beyond the staging tables. */
export interface CrossCheckOptions {
  /**
   * The inputs the configuration names. A check against an input that is not configured is
   * skipped (the records may already be in Sonar: `plan` checks that online), and noted.
   */
  inputs: ReadonlySet<StepName>;
  /** Voice services from reference data (`validate --reference`), to check DIDs go to voice services. */
  voiceServices?: VoiceServices;
  /** Data services from reference data, to require service_id on IPs of accounts with several. */
  dataServices?: DataServices;
  /** Multi-month services from reference data, to refuse a next bill date on a monthly service. */
  multiMonthServices?: MultiMonthServices;
  /** Today, YYYY-MM-DD (default: the local date): next bill dates before it are rejected. */
  today?: string;
  /** The migration's `allowPastNextBillDates`: accept next bill dates before today. */
  allowPastNextBillDates?: boolean;
}

/** What the checks did: rejections per check (by code) and which checks were skipped and why. */
export interface CrossCheckSummary {
  rejected: Record<string, number>;
  notes: string[];
}

/**
 * Runs every cross-file check over the staging tables, in an order that makes each rejection say
 * the first cause: duplicate keys; sub-account lists (missing children, cycles); the cascade of
 * rejected accounts to their parents and their rows; then the per-account rules on what is left.
 * Each finding is a RowRejection (a MAP_* code) and marks its staged record rejected, so
 * `StagedRecords.valid()` yields only what can be loaded.
 */
export function runCrossChecks(staged: StagedRecords, options: CrossCheckOptions): CrossCheckSummary {
  const rejected: Record<string, number> = {};
  const notes: string[] = [];
  const count = (code: string, n: number) => {
    if (n > 0) rejected[code] = (rejected[code] ?? 0) + n;
  };
  const has = (input: StepName) => options.inputs.has(input);
  // The staging pass inserts without the indexes of `staged` (cheaper); the checks need them.
  staged.ensureIndexes();
  const decimalCommas = noteDecimalCommas(staged);
  if (decimalCommas) notes.push(decimalCommas);
  const refusedRows = staged.rejectionCounts().reduce((n, c) => n + c.rows, 0);
  if (refusedRows > 0) {
    // Said in the same pass, so fixing a row's value does not come as a surprise next round.
    notes.push(
      `${refusedRows} row(s) refused while being read (a bad value, a missing field) were not checked against the other files — duplicate keys, their account, one primary contact — except a next bill date against its bill day: those checks run when the fixed row is fed back (README: "Fix and refeed")`,
    );
  }

  count('MAP_DUPLICATE_KEY', checkDuplicateKeys(staged));
  if (has('accounts')) {
    buildAccountGraph(staged);
    count('MAP_SUB_ACCOUNT_MISSING', checkMissingSubAccounts(staged));
    count('MAP_SUB_ACCOUNT_CYCLE', checkSubAccountCycles(staged));
    count('MAP_PARENT_REJECTED', cascadeRejectedAccounts(staged));
    count('MAP_ACCOUNT_NOT_IN_INPUT', checkOrphans(staged));
  } else {
    notes.push(
      'no accounts input: rows were not checked against their accounts (plan checks them against Sonar)',
    );
  }
  count('MAP_MULTIPLE_AUTO_PAY', checkAutoPay(staged));
  count('MAP_MULTIPLE_PRIMARY_CONTACTS', checkPrimaryContacts(staged));
  if (has('billing_parameters')) {
    count('MAP_BILL_DAY_MISMATCH', checkBillDays(staged));
    count('MAP_BILL_DAY_MISMATCH', checkRefusedDatesAgainstBillDays(staged));
  } else notes.push('no billing_parameters input: next bill dates were not checked against bill days');
  if (has('dids')) {
    if (has('did_inventory')) count('MAP_DID_NOT_IN_INVENTORY', checkDidInventory(staged));
    else notes.push('no did_inventory input: DIDs were not checked against an inventory');
    if (has('services') || options.voiceServices) {
      count(
        'MAP_DID_SERVICE_INVALID',
        checkDidServices(staged, {
          onAccount: has('services'),
          ...(options.voiceServices ? { voice: options.voiceServices } : {}),
        }),
      );
    }
    if (!options.voiceServices) {
      notes.push(
        'no reference data: a DID service was checked only to be on its account in the services input, not to be a voice service (pass --reference to check that)',
      );
    }
  }
  if (has('ip_assignments')) {
    count('MAP_IP_OVERLAP', checkIpOverlaps(staged));
    if (options.dataServices && has('services'))
      count('MAP_IP_SERVICE_REQUIRED', checkIpServices(staged, options.dataServices));
    else if (!options.dataServices) {
      notes.push(
        'no reference data: IP assignments were not checked for a missing service_id on accounts with several data services (pass --reference to check that)',
      );
    }
  }
  if (options.allowPastNextBillDates !== true) {
    count('MAP_NEXT_BILL_DATE_PAST', checkPastNextBillDates(staged, options.today ?? localToday()));
  } else notes.push('"allowPastNextBillDates": true: next bill dates before today were accepted');
  if (options.multiMonthServices && has('services')) {
    count(
      'MAP_NEXT_BILL_DATE_NOT_MULTI_MONTH',
      checkMonthlyServiceBillDates(staged, options.multiMonthServices),
    );
  }
  // A check above may have rejected an account row (a next bill date on the wrong day): its rows go too.
  if (has('accounts')) count('MAP_PARENT_REJECTED', cascadeRejectedAccounts(staged));
  return { rejected, notes };
}
