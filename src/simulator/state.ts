import type { ReferenceData, ResolvedReference } from './reference.js';
import { resolveReference } from './seed.js';
import { blockKey, networkKey } from './subnets.js';
import { SimTable } from './table.js';

export type { ReferenceData, ResolvedReference } from './reference.js';
export { SimTable } from './table.js';

// The in-memory Sonar instance. It holds the records and allocates ids; the rules of each endpoint
// (what must exist, what a write changes elsewhere) live beside the route in routes/<entity>.ts,
// so one file shows an endpoint's whole behaviour.

/** An account as Sonar answers it (doc line 16101). */
export interface SimAccount {
  id: number;
  name: string;
  account_type_id: number;
  account_status_id: number;
  account_groups: number[];
  balance_due: number;
  balance_total: number;
  sub_accounts: number[];
  next_bill_date: string | null;
  delinquent: boolean;
}

/** Fields every record that belongs to an account carries in state (never answered). */
interface Owned {
  id: number;
  account_id: number;
}

/** An account address. */
export interface SimAddress extends Owned {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  county: string | null;
  zip: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  address_type_id: number;
}

/** A phone number as stored. */
export type SimPhones = Record<string, { number: string; extension: number | null }>;

/** An account contact (the portal password is kept only as "set or not"). */
export interface SimContact extends Owned {
  name: string;
  role: string | null;
  email_address: string | null;
  phone_numbers: SimPhones;
  email_message_categories: number[];
  primary: boolean;
  username: string | null;
  has_password: boolean;
}

/** A tokenized payment method; the token is a secret and is never answered. */
export interface SimPaymentMethod extends Owned {
  type: 'credit card' | 'echeck';
  token: string;
  payment_processor_customer_profile_id: string | null;
  name_on_account: string;
  identifier: string;
  /** Two digits, as the doc's answer shows it ("09", doc line 9351). */
  expiration_month: string | null;
  expiration_year: number | null;
  card_type: string | null;
  auto: boolean;
  line1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

/** A recurring or expiring service on an account; `id` is its unique_service_relationship_id. */
export interface SimAccountService extends Owned {
  service_id: number;
  quantity: number;
  price_override: number | null;
  price_override_reason: string | null;
  name_override: string | null;
  next_bill_date: string | null;
  number_of_times_billed: number | null;
  metadata: Record<string, string | number>;
}

/** A transaction made by a one-time or adjustment service. */
export interface SimTransaction extends Owned {
  service_id: number;
  description: string;
  amount: number;
  application: 'debit' | 'credit';
}

/** A DID in the inventory, assigned (account_id and service_id set) or not. */
export interface SimDid {
  id: number;
  did: string;
  account_id: number | null;
  service_id: number | null;
  rate_center_id: number;
}

/** An IP assignment on an account. */
export interface SimIpAssignment extends Owned {
  subnet_id: number | null;
  subnet: string;
  assigned_entity: string;
  assigned_id: number | null;
  inventory_item_field_id: number | null;
  ip_pool_id: number | null;
  service_id: number | null;
  non_inventoried_mac_address: string | null;
  description: string | null;
  soft: boolean;
}

/** A RADIUS group. */
export interface SimRadiusGroup {
  id: number;
  name: string;
  priority: number;
  delinquent: number;
  active: number;
  fall_through: boolean;
  account_groups: number[];
  account_types: number[];
  services: number[];
  account_statuses: number[];
}

/** A RADIUS reply attribute of a group. */
export interface SimRadiusAttribute {
  id: number;
  radius_group_id: number;
  attribute: string;
  operator: '=' | ':=' | '+=';
  reply: string;
}

/** Billing parameters of an account (doc line 551). */
export interface SimBillingParameters {
  bill_day: number;
  due_days: number;
  grace_days: number;
  grace_until: string | null;
  months_to_bill: number;
  tax_exempt: boolean;
  prorate?: boolean;
  print_invoice: boolean;
  separate_invoice_day_enabled: boolean;
  invoice_day: number | null;
  auto_pay_days: number;
  bill_mode: 'invoice' | 'statement';
  auto_pay_day: 'billing' | 'invoice';
  due_days_day: 'billing' | 'invoice';
  switch_status_after_delinquency: boolean;
  days_of_delinquency_for_status_switch: number | null;
  delinquency_account_status_id: number | null;
}

/** The simulator's in-memory Sonar instance: reference data plus every record written. */
export class SimState {
  /** The catalogue this instance validates against (seed, overridden by the user's reference). */
  readonly reference: ResolvedReference;
  /** `parent`: the accounts that list an account among their sub-accounts. */
  readonly accounts = new SimTable<SimAccount, 'parent'>({ parent: (a) => a.sub_accounts });
  readonly addresses = new SimTable<SimAddress, 'account'>({ account: byAccount });
  readonly contacts = new SimTable<SimContact, 'account' | 'username'>({
    account: byAccount,
    username: (c) => c.username,
  });
  readonly paymentMethods = new SimTable<SimPaymentMethod, 'account'>({ account: byAccount });
  readonly accountServices = new SimTable<SimAccountService, 'account'>({ account: byAccount });
  readonly transactions = new SimTable<SimTransaction, 'account'>({ account: byAccount });
  readonly dids = new SimTable<SimDid, 'account' | 'did'>({ account: byAccount, did: (d) => d.did });
  /** `network` and `block` serve the overlap check (subnets.ts). */
  readonly ipAssignments = new SimTable<SimIpAssignment, 'account' | 'network' | 'block'>({
    account: byAccount,
    network: (r) => networkKey(r.subnet),
    block: (r) => blockKey(r.subnet),
  });
  readonly radiusGroups = new SimTable<SimRadiusGroup>();
  readonly radiusAttributes = new SimTable<SimRadiusAttribute>();
  /** Billing parameters keyed by account id. */
  readonly billingParameters = new Map<number, SimBillingParameters>();
  /** The simulator's "today" (YYYY-MM-DD), used for next bill dates; tests may pin it. */
  today: () => string = () => new Date().toISOString().slice(0, 10);

  constructor(reference?: ReferenceData) {
    this.reference = resolveReference(reference);
  }

  /** The whole state as plain JSON, for the admin endpoint and tests; tokens are masked. */
  snapshot(): SimSnapshot {
    return {
      accounts: this.accounts.list(),
      addresses: this.addresses.list(),
      contacts: this.contacts.list(),
      payment_methods: this.paymentMethods.list().map((pm) => ({ ...pm, token: lastFour(pm.token) })),
      account_services: this.accountServices.list(),
      transactions: this.transactions.list(),
      billing_parameters: Object.fromEntries(this.billingParameters),
      dids: this.dids.list(),
      ip_assignments: this.ipAssignments.list(),
      radius_groups: this.radiusGroups.list(),
      radius_attributes: this.radiusAttributes.list(),
      reference: this.reference,
    };
  }
}

/** Rows that belong to an account are found by it. */
function byAccount(row: { account_id: number | null }): number | null {
  return row.account_id;
}

/** What SimState.snapshot() returns. */
export interface SimSnapshot {
  accounts: SimAccount[];
  addresses: SimAddress[];
  contacts: SimContact[];
  payment_methods: SimPaymentMethod[];
  account_services: SimAccountService[];
  transactions: SimTransaction[];
  billing_parameters: Record<string, SimBillingParameters>;
  dids: SimDid[];
  ip_assignments: SimIpAssignment[];
  radius_groups: SimRadiusGroup[];
  radius_attributes: SimRadiusAttribute[];
  reference: ResolvedReference;
}

/** The admin snapshot shows a payment token as Sonar's UI would: its last 4 characters at most. */
function lastFour(token: string): string {
  return token.length <= 4 ? '…' : `…${token.slice(-4)}`;
}
