import type { StepName } from '../ground/types.js';

/**
 * How verify reads one account-scoped step back from Sonar: the list that holds its records, the
 * answer's field carrying the id the journal kept, and which staged fields Sonar shows back under
 * which name. A staged field not named here is never compared (Sonar does not show it back).
 */
export interface ReadBack {
  step: StepName;
  /** The account's list the records are in (paginated, `page`/`limit`). */
  list: AccountList;
  /** The answer's field equal to the journal's sonarId. */
  idField: string;
  /** Staged field → the answer's field of the same meaning. */
  fields: Record<string, string>;
  /** Staged fields whose absence means "none": Sonar must show none either (a price override added there). */
  absentMeansNone?: readonly string[];
  /** Per staged field, the one spelling of values the docs let Sonar answer in several ways. */
  sameMeaning?: Record<string, (value: unknown) => unknown>;
}

/** The lists verify reads per account; billing parameters are one record, not a list. */
export type AccountList =
  | 'contacts'
  | 'addresses'
  | 'services'
  | 'payment_methods'
  | 'dids'
  | 'ip_assignments'
  | 'billing_parameters';

/** The path of an account's list (doc lines in READ_BACKS). */
export function listPath(list: AccountList, accountId: number): string {
  return `/accounts/${accountId}/${list}`;
}

const same = (...names: string[]) => Object.fromEntries(names.map((n) => [n, n]));

const addressFields = same('line1', 'line2', 'city', 'state', 'county', 'zip', 'country');

/**
 * The account-scoped steps verify compares (accounts and next bill dates are read from the
 * account itself, see compare-account.ts). RADIUS groups and the DID inventory are instance-wide:
 * not part of an account, not compared here.
 */
export const readBacks: readonly ReadBack[] = [
  // doc ~551 "Account_Billing - Get account billing parameters": one record per account.
  {
    step: 'billing_parameters',
    list: 'billing_parameters',
    idField: '',
    fields: same(
      'bill_day',
      'due_days',
      'grace_days',
      'print_invoice',
      'bill_mode',
      'auto_pay_day',
      'due_days_day',
      'switch_status_after_delinquency',
      'days_of_delinquency_for_status_switch',
      'delinquency_account_status_id',
    ),
  },
  // doc ~2772 "Account_Contacts - Get all account contacts".
  {
    step: 'contacts',
    list: 'contacts',
    idField: 'id',
    fields: same('name', 'role', 'email_address', 'phone_numbers', 'email_message_categories', 'primary'),
  },
  // doc ~191 "Account_Addresses - Get all account addresses".
  {
    step: 'addresses',
    list: 'addresses',
    idField: 'id',
    fields: { ...addressFields, address_type_id: 'address_type_id' },
    absentMeansNone: ['line2'],
  },
  // doc ~11498 "Account_Services - Get all account services": `id` is the service, the
  // relationship id is what the journal keeps.
  {
    step: 'services',
    list: 'services',
    idField: 'unique_service_relationship_id',
    fields: {
      service_id: 'id',
      quantity: 'quantity',
      price_override: 'price_override',
      price_override_reason: 'price_override_reason',
      name_override: 'name_override',
    },
    absentMeansNone: ['price_override', 'price_override_reason', 'name_override'],
  },
  // doc ~10082 "Account_Payment_Methods - Get all account payment methods": never the token; the
  // identifier is the last 4. `auto` is not compared: Sonar moves it to the newest auto method.
  {
    step: 'credit_cards',
    list: 'payment_methods',
    idField: 'id',
    fields: same('type', 'identifier', 'expiration_month', 'expiration_year', 'name_on_account'),
  },
  {
    step: 'bank_accounts',
    list: 'payment_methods',
    idField: 'id',
    fields: same('type', 'identifier', 'name_on_account'),
    // doc ~10103: a bank account's type may be answered "ach" (the oldest versions do) for "echeck".
    sameMeaning: { type: (value) => (value === 'ach' ? 'echeck' : value) },
  },
  // doc ~3410 "Account_DIDs - Get all DIDs assigned to account".
  { step: 'dids', list: 'dids', idField: 'id', fields: same('did', 'service_id') },
  // sonar-v1-account-ip-addresses.txt ~181 "Get all IP assignments".
  {
    step: 'ip_assignments',
    list: 'ip_assignments',
    idField: 'id',
    fields: same('subnet', 'service_id', 'description'),
  },
];
