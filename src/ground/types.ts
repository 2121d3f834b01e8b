import type { ErrorCode, Provenance } from '../errors/index.js';

/**
 * The steps of a migration in load order; each is also the name of its input, its journal key,
 * its `--only` value and its report file name. RADIUS groups come first (services refer to them),
 * then the DID inventory, then accounts and what hangs off them.
 */
export const stepNames = [
  'radius_groups',
  'did_inventory',
  'accounts',
  'billing_parameters',
  'contacts',
  'addresses',
  'services',
  'next_bill_dates',
  'credit_cards',
  'bank_accounts',
  'dids',
  'ip_assignments',
] as const;

/** One step of the migration (and the input it is read from). */
export type StepName = (typeof stepNames)[number];

/** Reference data a name can be resolved against when `plan`/`load` run (crosswalks to names). */
export type LookupName =
  | 'account_types'
  | 'account_statuses'
  | 'account_groups'
  | 'address_types'
  | 'services'
  | 'rate_centers'
  | 'accounts'
  // Latitude/longitude (and a blank US county) left blank in the export: the loader fills them from
  // Sonar's /_data/validate_address before the create call, as Sonar's own importer does.
  | 'geocode';

/** A payload field whose value is a Sonar name (or legacy account key) resolved at plan/load time. */
export interface PendingRef {
  /** Dotted path of the field in the payload, e.g. `service_id` or `sub_accounts.0`. */
  path: string;
  lookup: LookupName;
  /** The Sonar name (for `accounts`, the legacy account key; for `geocode`, unused) to resolve. */
  name: string;
}

/** Where a staged record or a rejection came from: the input row, as the user's file shows it. */
export interface SourceRef {
  input: StepName;
  provenance: Provenance;
  /** The original row's cells, to write re-feedable reject/failed CSVs. */
  values: string[];
  /** The column names (header names or letters) of `values`. */
  columns: string[];
}

/** A validated payload waiting to be loaded. */
export interface StagedRecord {
  step: StepName;
  /** Unique within the step: the account number, or a stable key for a child row. */
  legacyKey: string;
  /**
   * The key names the record's identity within its account (`<step>:<account>:<identity>`), not
   * its whole content: staging numbers records that share it (`#2`, `#3`, see StagedRecords).
   */
  numberedKey?: true;
  /** The legacy key of the account the record belongs to (absent for inventory and RADIUS groups). */
  accountKey?: string;
  /** The request body, valid against the step's schema once `refs` are resolved. */
  payload: Record<string, unknown>;
  refs: PendingRef[];
  source: SourceRef;
}

/** A row (or a record made from it) that cannot be migrated: returned, never thrown. */
export interface RowRejection {
  code: ErrorCode;
  /** What is wrong, where and what to do; already includes the location. */
  message: string;
  source: SourceRef;
}
