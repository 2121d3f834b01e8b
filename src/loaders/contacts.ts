import { contactSchema, contactUpdateSchema, payloadSchemas } from '../sonar/schemas/index.js';
import { accountIdOf, firstUnclaimed, listAll, refNumber, sameText, stillListed } from './lookups.js';
import type { Step } from './types.js';

// Doc: "Account_Contacts - Create account contact" (line 2483, the newer of two: portal login),
// "Get all" (line 2772), "Delete" (line 2722).

/** Contacts besides the primary one (which comes with the account); matched by name + email. */
export const contactsStep: Step = {
  name: 'contacts',
  dependsOn: ['accounts'],
  scope: 'account',
  schema: payloadSchemas.contacts,
  async create(client, record, ctx) {
    const accountId = accountIdOf(record);
    const contact = await client.post(`/accounts/${accountId}/contacts`, record.payload, contactSchema, {
      signal: ctx.signal,
    });
    return { sonarId: String(contact.id), sonarRef: { accountId, contactId: contact.id } };
  },
  async find(client, record, ctx) {
    const accountId = accountIdOf(record);
    const contacts = await listAll(client, `/accounts/${accountId}/contacts`, contactSchema, ctx.signal);
    const { name, email_address: email, primary } = record.payload;
    // The account's own primary contact is never taken for a secondary one of the same name.
    const found = firstUnclaimed(
      contacts,
      ctx.claimed('contacts', record.accountKey),
      (c) => sameText(c.name, name) && sameText(c.email_address, email) && (!c.primary || primary === true),
    );
    return found ? { sonarId: String(found.id), sonarRef: { accountId, contactId: found.id } } : null;
  },
  // Doc: "Update account contact" (line 3092): every field optional, only the changed ones sent.
  updateSchema: contactUpdateSchema,
  async update(client, entry, body, ctx) {
    await client.patch(`/accounts/${entry.accountId}/contacts/${entry.sonarId}`, body, contactSchema, {
      signal: ctx.signal,
    });
  },
  async remove(client, entry) {
    const accountId = refNumber(entry.sonarRef, 'accountId', entry.legacyKey);
    await client.delete(`/accounts/${accountId}/contacts/${entry.sonarId}`);
  },
  present(client, entry) {
    // The delete's own path, read back (see stillListed).
    return stillListed(
      client,
      `/accounts/${refNumber(entry.sonarRef, 'accountId', entry.legacyKey)}/contacts/${entry.sonarId}`,
    );
  },
};
