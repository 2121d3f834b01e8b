import { addressSchema, addressUpdateSchema, payloadSchemas } from '../sonar/schemas/index.js';
import {
  accountIdOf,
  firstUnclaimed,
  listAll,
  refNumber,
  sameNumber,
  sameText,
  stillListed,
} from './lookups.js';
import type { Step } from './types.js';

// Doc: "Account_Addresses - Create / Get all / Delete" (lines 3–364, once each).

/** Secondary addresses (the physical one comes with the account); matched by line1 + zip + type. */
export const addressesStep: Step = {
  name: 'addresses',
  dependsOn: ['accounts'],
  scope: 'account',
  schema: payloadSchemas.addresses,
  async create(client, record, ctx) {
    const accountId = accountIdOf(record);
    const address = await client.post(`/accounts/${accountId}/addresses`, record.payload, addressSchema, {
      signal: ctx.signal,
    });
    return { sonarId: String(address.id), sonarRef: { accountId, addressId: address.id } };
  },
  async find(client, record, ctx) {
    const accountId = accountIdOf(record);
    const addresses = await listAll(client, `/accounts/${accountId}/addresses`, addressSchema, ctx.signal);
    const p = record.payload;
    const found = firstUnclaimed(
      addresses,
      ctx.claimed('addresses', record.accountKey),
      (a) =>
        sameText(a.line1, p.line1) &&
        sameText(a.zip, p.zip) &&
        sameNumber(a.address_type_id, p.address_type_id),
    );
    return found ? { sonarId: String(found.id), sonarRef: { accountId, addressId: found.id } } : null;
  },
  // Doc: "Update account address" (line 364): every field optional, only the changed ones sent.
  updateSchema: addressUpdateSchema,
  async update(client, entry, body, ctx) {
    await client.patch(`/accounts/${entry.accountId}/addresses/${entry.sonarId}`, body, addressSchema, {
      signal: ctx.signal,
    });
  },
  async remove(client, entry) {
    const accountId = refNumber(entry.sonarRef, 'accountId', entry.legacyKey);
    await client.delete(`/accounts/${accountId}/addresses/${entry.sonarId}`);
  },
  present(client, entry) {
    // The delete's own path, read back (see stillListed).
    return stillListed(
      client,
      `/accounts/${refNumber(entry.sonarRef, 'accountId', entry.legacyKey)}/addresses/${entry.sonarId}`,
    );
  },
};
