import { contactCreateCheck, contactUpdateCheck } from '../checks/contacts.js';
import type { Route } from '../router.js';
import type { SimContact, SimState } from '../state.js';
import { accountRowDelete, accountRowReads, accountRows, requestedAccountRow } from './account-rows.js';
import { phonesOf } from './accounts.js';
import {
  checkEmailCategories,
  invalidField,
  mustGetAccount,
  ok,
  parseBody,
  route,
  SimRefusal,
} from './respond.js';

// Doc: "Account_Contacts - Create account contact" (line 2483, the newer of two: portal login),
// "Update" (line 3092), "Delete" (line 2722), "Get all" (line 2772). "Only one contact can be
// primary, setting a contact to primary will remove the attribute from all other contacts."

/** A contact as Sonar answers it (no password, no account id). */
export function presentContact(contact: SimContact): Record<string, unknown> {
  const { account_id: _a, has_password: _p, ...shown } = contact;
  return shown;
}

const contacts = accountRows<SimContact>(
  '/accounts/:account_id/contacts/:contact_id',
  (state) => state.contacts,
  {
    present: presentContact,
    what: 'contact',
    missing: (raw, accountId) => {
      throw new SimRefusal(404, `That contact ID does not exist. (contact ${raw} on account ${accountId})`);
    },
  },
);

function checkUsername(state: SimState, username: string | undefined, selfId: number): void {
  if (username === undefined) return;
  const holder = state.contacts.where('username', username, (c) => c.id !== selfId)[0];
  if (holder) {
    invalidField(
      'username',
      `The username has already been taken. ("${username}" belongs to contact ${holder.id})`,
    );
  }
}

/** Demotes every other contact of the account when `contact` becomes primary. */
function keepOnePrimary(state: SimState, contact: SimContact): void {
  if (!contact.primary) return;
  for (const other of state.contacts.where('account', contact.account_id, (c) => c.id !== contact.id)) {
    other.primary = false;
  }
}

/** /accounts/:account_id/contacts endpoints. */
export const contactRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/accounts/:account_id/contacts',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req);
      const input = parseBody(contactCreateCheck, req.body);
      checkEmailCategories(state, input.email_message_categories);
      checkUsername(state, input.username, 0);
      const contact = state.contacts.insert({
        id: state.contacts.nextId(),
        account_id: account.id,
        name: input.name,
        role: input.role ?? null,
        email_address: input.email_address ?? null,
        phone_numbers: phonesOf(input.phone_numbers),
        email_message_categories: input.email_message_categories,
        primary: input.primary,
        username: input.username ?? null,
        has_password: input.password !== undefined,
      });
      keepOnePrimary(state, contact);
      return ok(presentContact(contact), 201);
    }),
  },
  ...accountRowReads(contacts),
  {
    method: 'PATCH',
    pattern: '/accounts/:account_id/contacts/:contact_id',
    handler: route((req, state) => {
      const contact = requestedAccountRow(contacts, req, state);
      const { password, phone_numbers, ...input } = parseBody(contactUpdateCheck, req.body);
      checkEmailCategories(state, input.email_message_categories);
      checkUsername(state, input.username, contact.id);
      if (input.username !== undefined && contact.username === null && password === undefined) {
        // Doc line 3121: a password is required when the contact has no username yet.
        invalidField(
          'password',
          'The password field is required when setting a username for the first time.',
        );
      }
      state.contacts.update(contact, input);
      if (phone_numbers !== undefined) contact.phone_numbers = phonesOf(phone_numbers);
      if (password !== undefined) contact.has_password = true;
      keepOnePrimary(state, contact);
      return ok(presentContact(contact));
    }),
  },
  accountRowDelete(contacts, { message: 'Contact deleted' }),
];
