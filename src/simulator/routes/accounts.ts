import { accountCreateCheck, accountUpdateCheck } from '../checks/accounts.js';
import type { Route } from '../router.js';
import type { SimAccount, SimState } from '../state.js';
import { defaultBillingParameters, nextBillDate } from './billing-parameters.js';
import { checkPlace } from './geo.js';
import {
  checkEmailCategories,
  invalidField,
  mustGetAccount,
  ok,
  paginate,
  parseBody,
  route,
  sonarSentence,
} from './respond.js';

// Doc: "Accounts - Create account" (line 16101, the newest of two: explicit id allowed), "Update
// account" (line 16657, the most complete of three), "Delete account" (line 16443).

/** Account references that must exist in the reference data or the state. */
interface AccountRefs {
  account_type_id?: number;
  account_status_id?: number;
  account_groups?: number[];
  sub_accounts?: number[];
}

function checkRefs(state: SimState, refs: AccountRefs, selfId: number): void {
  const { account_types, account_statuses, account_groups } = state.reference;
  if (refs.account_type_id !== undefined && !account_types.some((t) => t.id === refs.account_type_id)) {
    invalidField(
      'account_type_id',
      `${sonarSentence('account_type_id')} ${refs.account_type_id} is not in /system/account_types.`,
    );
  }
  if (
    refs.account_status_id !== undefined &&
    !account_statuses.some((s) => s.id === refs.account_status_id)
  ) {
    invalidField(
      'account_status_id',
      `${sonarSentence('account_status_id')} ${refs.account_status_id} is not in /system/account_statuses.`,
    );
  }
  const unknownGroup = refs.account_groups?.find((id) => !account_groups.some((g) => g.id === id));
  if (unknownGroup !== undefined) {
    invalidField(
      'account_groups',
      `${sonarSentence('account_groups')} ${unknownGroup} is not in /system/account_groups.`,
    );
  }
  for (const child of refs.sub_accounts ?? []) {
    if (child === selfId) invalidField('sub_accounts', 'An account cannot be its own sub account.');
    if (!state.accounts.get(child)) {
      invalidField(
        'sub_accounts',
        `${sonarSentence('sub_accounts')} Account ${child} does not exist: create it first.`,
      );
    }
  }
}

/** Makes `children` sub-accounts of `parentId` only (a child has one parent). */
function adopt(state: SimState, parentId: number, children: number[]): void {
  for (const child of children) {
    for (const other of state.accounts.where('parent', child, (a) => a.id !== parentId)) {
      state.accounts.update(other, { sub_accounts: other.sub_accounts.filter((id) => id !== child) });
    }
  }
}

function createAccount(state: SimState, body: unknown): SimAccount {
  const input = parseBody(accountCreateCheck, body);
  if (input.id !== undefined && state.accounts.get(input.id)) {
    invalidField(
      'id',
      `The id has already been taken. (account ${input.id} exists: omit id to let Sonar pick one)`,
    );
  }
  const id = input.id ?? state.accounts.nextId();
  checkRefs(state, input, id);
  checkPlace(state, input);
  checkEmailCategories(state, input.email_message_categories);
  const status = state.reference.account_statuses.find((s) => s.id === input.account_status_id);
  const today = state.today();
  const billDay = input.next_bill_date
    ? Number(input.next_bill_date.slice(8, 10))
    : Math.min(Number(today.slice(8, 10)), 28);
  // Doc: next_bill_date is null until the account has been activated; an explicit date also sets
  // the recurring bill day.
  const account = state.accounts.insert({
    id,
    name: input.name,
    account_type_id: input.account_type_id,
    account_status_id: input.account_status_id,
    account_groups: input.account_groups ?? [],
    balance_due: 0,
    balance_total: 0,
    sub_accounts: input.sub_accounts ?? [],
    next_bill_date: input.next_bill_date ?? (status?.active ? nextBillDate(today, billDay) : null),
    delinquent: false,
  });
  adopt(state, id, account.sub_accounts);
  state.billingParameters.set(id, defaultBillingParameters(billDay));
  // Doc: "a contact must have a physical address and primary contact when created".
  state.addresses.insert({
    id: state.addresses.nextId(),
    account_id: id,
    line1: input.line1,
    line2: input.line2 ?? null,
    city: input.city,
    state: input.state,
    county: input.county || null,
    zip: input.zip,
    country: input.country,
    latitude: input.latitude,
    longitude: input.longitude,
    address_type_id: physicalTypeId(state),
  });
  state.contacts.insert({
    id: state.contacts.nextId(),
    account_id: id,
    name: input.contact_name,
    role: input.role,
    email_address: input.email_address ?? null,
    phone_numbers: phonesOf(input.phone_numbers),
    email_message_categories: input.email_message_categories,
    primary: true,
    username: null,
    has_password: false,
  });
  return account;
}

/** The address type of the physical address account creation makes (1 in a stock Sonar). */
export function physicalTypeId(state: SimState): number {
  return state.reference.address_types.find((t) => /physical/i.test(t.name))?.id ?? 1;
}

/** Phone numbers as stored and answered: extension null when absent. */
export function phonesOf(
  phones: Record<string, { number: string; extension?: number | null } | undefined> | undefined,
): Record<string, { number: string; extension: number | null }> {
  const out: Record<string, { number: string; extension: number | null }> = {};
  for (const [kind, phone] of Object.entries(phones ?? {})) {
    if (phone) out[kind] = { number: phone.number, extension: phone.extension ?? null };
  }
  return out;
}

/** Deletes an account and everything under it (doc line 16443: its data becomes inaccessible). */
function deleteAccount(state: SimState, id: number): void {
  state.accounts.delete(id);
  for (const parent of state.accounts.where('parent', id)) {
    state.accounts.update(parent, { sub_accounts: parent.sub_accounts.filter((c) => c !== id) });
  }
  for (const table of [
    state.addresses,
    state.contacts,
    state.paymentMethods,
    state.accountServices,
    state.ipAssignments,
  ] as const) {
    for (const row of table.where('account', id)) table.delete(row.id);
  }
  state.billingParameters.delete(id);
  // DIDs go back to the inventory, unassigned: they are the ISP's numbers, not the account's.
  for (const did of state.dids.where('account', id)) {
    state.dids.update(did, { account_id: null, service_id: null });
  }
}

/** /accounts endpoints. */
export const accountRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/accounts',
    handler: route((req, state) => ok(createAccount(state, req.body), 201)),
  },
  {
    method: 'GET',
    pattern: '/accounts',
    handler: route((req, state) => paginate(req, state.accounts.list())),
  },
  {
    method: 'GET',
    pattern: '/accounts/:id',
    handler: route((req, state) => ok(mustGetAccount(state, req, 'id'))),
  },
  {
    method: 'PATCH',
    pattern: '/accounts/:id',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req, 'id');
      const { prorate: _prorate, ...input } = parseBody(accountUpdateCheck, req.body);
      checkRefs(state, input, account.id);
      state.accounts.update(account, input);
      if (input.sub_accounts) adopt(state, account.id, input.sub_accounts);
      // First activation schedules billing (next_bill_date is null until then, doc line 16101).
      const status = state.reference.account_statuses.find((s) => s.id === account.account_status_id);
      if (account.next_bill_date === null && status?.active) {
        const billDay =
          state.billingParameters.get(account.id)?.bill_day ??
          Math.min(Number(state.today().slice(8, 10)), 28);
        account.next_bill_date = nextBillDate(state.today(), billDay);
      }
      return ok(account);
    }),
  },
  {
    method: 'DELETE',
    pattern: '/accounts/:id',
    handler: route((req, state) => {
      deleteAccount(state, mustGetAccount(state, req, 'id').id);
      return ok({ message: 'Account deleted' });
    }),
  },
];
