import type { ErrorCode } from '../errors/index.js';
import { type StepName, stepNames } from '../ground/types.js';
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
  checkDuplicateUsernames,
  checkOrphans,
  checkPrimaryContacts,
  type VoiceServices,
} from './child-checks.js';
import { checkRefusedDatesAgainstBillDays, noteDecimalCommas } from './dependent-checks.js';
import { checkIpOverlaps, checkIpServices, type DataServices } from './ip-checks.js';
import { CheckLog, type RanCheck } from './unchecked-rows.js';

export { type MultiMonthServices, multiMonthOf } from './bill-date-checks.js';
export type { VoiceServices } from './child-checks.js';
export type { DataServices } from './ip-checks.js';

const childInputs = stepNames.filter((s) => !['accounts', 'did_inventory', 'radius_groups'].includes(s));
const nextBillDateInputs: readonly StepName[] = ['accounts', 'services', 'next_bill_dates'];

/** Each cross-file check: its code, the inputs whose rows it checks, and what it checks, for MAP_NOT_CHECKED. */
const checked = {
  duplicates: { code: 'MAP_DUPLICATE_KEY', inputs: stepNames, what: 'a duplicate key' },
  subAccounts: { code: 'MAP_SUB_ACCOUNT_MISSING', inputs: ['accounts'], what: 'its sub-accounts' },
  cycles: { code: 'MAP_SUB_ACCOUNT_CYCLE', inputs: ['accounts'], what: 'its sub-accounts' },
  cascade: { code: 'MAP_PARENT_REJECTED', inputs: [], what: 'its account' },
  orphans: {
    code: 'MAP_ACCOUNT_NOT_IN_INPUT',
    inputs: childInputs,
    what: 'its account in the accounts input',
  },
  autoPay: {
    code: 'MAP_MULTIPLE_AUTO_PAY',
    inputs: ['credit_cards', 'bank_accounts'],
    what: 'one auto-pay method per account',
  },
  primaryContacts: {
    code: 'MAP_MULTIPLE_PRIMARY_CONTACTS',
    inputs: ['contacts'],
    what: 'one primary contact per account',
  },
  usernames: {
    code: 'MAP_DUPLICATE_USERNAME',
    inputs: ['contacts'],
    what: 'a portal username unique among the contacts',
  },
  billDays: {
    code: 'MAP_BILL_DAY_MISMATCH',
    inputs: nextBillDateInputs,
    what: "the next bill date against the account's bill day",
  },
  didInventory: { code: 'MAP_DID_NOT_IN_INVENTORY', inputs: ['dids'], what: 'the DID in the DID inventory' },
  didServices: { code: 'MAP_DID_SERVICE_INVALID', inputs: ['dids'], what: "the DID's service" },
  ipOverlaps: { code: 'MAP_IP_OVERLAP', inputs: ['ip_assignments'], what: 'overlapping IP assignments' },
  ipServices: { code: 'MAP_IP_SERVICE_REQUIRED', inputs: ['ip_assignments'], what: "the IP's service" },
  pastDates: {
    code: 'MAP_NEXT_BILL_DATE_PAST',
    inputs: nextBillDateInputs,
    what: 'a next bill date before today',
  },
  monthlyDates: {
    code: 'MAP_NEXT_BILL_DATE_NOT_MULTI_MONTH',
    inputs: ['services'],
    what: 'a next bill date on a monthly service',
  },
} as const satisfies Record<string, RanCheck & { code: ErrorCode }>;

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
  // Each check is logged as it runs, so a row one of them refuses can say which others never saw it.
  const log = new CheckLog(staged);
  const check = (name: keyof typeof checked, run: () => number) => {
    const ran: RanCheck = checked[name];
    count(ran.code, run());
    log.record(ran);
  };
  const has = (input: StepName) => options.inputs.has(input);
  // The staging pass inserts without the indexes of `staged` (cheaper); the checks need them.
  staged.ensureIndexes();
  const decimalCommas = noteDecimalCommas(staged);
  if (decimalCommas) notes.push(decimalCommas);
  // A row refused as a kind Sonar cannot take (MAP_NOT_MIGRATABLE) is never fed back: no note for it.
  const refusedRows = staged.fixableRejectedRows();
  if (refusedRows > 0) {
    // Said in the same pass, so fixing a row's value does not come as a surprise next round.
    notes.push(
      `${refusedRows} row(s) refused while being read (a bad value, a missing field) were not checked against the other files, except a next bill date against its bill day: each has a MAP_NOT_CHECKED line naming the checks, which run when the fixed row is fed back (README: "Fix and refeed")`,
    );
  }

  check('duplicates', () => checkDuplicateKeys(staged));
  if (has('accounts')) {
    buildAccountGraph(staged);
    check('subAccounts', () => checkMissingSubAccounts(staged));
    check('cycles', () => checkSubAccountCycles(staged));
    check('cascade', () => cascadeRejectedAccounts(staged));
    check('orphans', () => checkOrphans(staged));
  } else {
    notes.push(
      'no accounts input: rows were not checked against their accounts (plan checks them against Sonar)',
    );
  }
  check('autoPay', () => checkAutoPay(staged));
  check('primaryContacts', () => checkPrimaryContacts(staged));
  check('usernames', () => checkDuplicateUsernames(staged));
  if (has('billing_parameters')) {
    check('billDays', () => checkBillDays(staged));
    // On refused dates' raw cells: logged per row, so theirs do not count it as not run.
    count(
      'MAP_BILL_DAY_MISMATCH',
      checkRefusedDatesAgainstBillDays(staged, (row) => log.checkedAnyway(row, 'MAP_BILL_DAY_MISMATCH')),
    );
  } else notes.push('no billing_parameters input: next bill dates were not checked against bill days');
  if (has('dids')) {
    if (has('did_inventory')) check('didInventory', () => checkDidInventory(staged));
    else notes.push('no did_inventory input: DIDs were not checked against an inventory');
    if (has('services') || options.voiceServices) {
      check('didServices', () =>
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
    check('ipOverlaps', () => checkIpOverlaps(staged));
    const data = options.dataServices;
    if (data && has('services')) check('ipServices', () => checkIpServices(staged, data));
    else if (!options.dataServices) {
      notes.push(
        'no reference data: IP assignments were not checked for a missing service_id on accounts with several data services (pass --reference to check that)',
      );
    }
  }
  if (options.allowPastNextBillDates !== true) {
    check('pastDates', () => checkPastNextBillDates(staged, options.today ?? localToday()));
  } else notes.push('"allowPastNextBillDates": true: next bill dates before today were accepted');
  const multiMonth = options.multiMonthServices;
  if (multiMonth && has('services'))
    check('monthlyDates', () => checkMonthlyServiceBillDates(staged, multiMonth));
  // A check above may have rejected an account row (a next bill date on the wrong day): its rows go too.
  if (has('accounts')) check('cascade', () => cascadeRejectedAccounts(staged));
  // Not counted among the rejections: a MAP_NOT_CHECKED line adds nothing wrong, it says what was not seen.
  log.noteUncheckedRows();
  return { rejected, notes };
}
