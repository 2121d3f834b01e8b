import { didSchema, payloadSchemas } from '../sonar/schemas/index.js';
import { accountIdOf, listAll, refNumber, stillListed } from './lookups.js';
import { serviceRequirement } from './service-refs.js';
import type { Step } from './types.js';

// Doc: "Account_DIDs - Assign a DID to an account" (line 3340), "Get all" (line 3410), "Unassign"
// (line 3601). A DID is assigned once across all accounts, so it is its own key.

/** DID assignments: after the DID is inventoried and its voice service is on the account. */
export const didsStep: Step = {
  name: 'dids',
  dependsOn: ['accounts', 'services', 'did_inventory'],
  scope: 'account',
  // A load limited to some accounts still loads the inventory entries of their DIDs.
  globalsWanted: (record) => [
    { step: 'did_inventory', legacyKey: `did_inventory:${String(record.payload.did ?? '')}` },
  ],
  schema: payloadSchemas.dids,
  requires(record, siblings) {
    const did = String(record.payload.did ?? '');
    // An inventory record not staged (the DID was inventoried before) is nothing to wait for.
    const inventory = {
      step: 'did_inventory' as const,
      anyOf: [`did_inventory:${did}`],
      what: `DID ${did} in the inventory`,
    };
    return [inventory, ...serviceRequirement(record, siblings('services'))];
  },
  async create(client, record, ctx) {
    const accountId = accountIdOf(record);
    const did = await client.post(`/accounts/${accountId}/dids`, record.payload, didSchema, {
      signal: ctx.signal,
    });
    return { sonarId: String(did.id), sonarRef: { accountId, didId: did.id } };
  },
  async find(client, record, ctx) {
    const accountId = accountIdOf(record);
    const dids = await listAll(client, `/accounts/${accountId}/dids`, didSchema, ctx.signal);
    const found = dids.find((d) => d.did === record.payload.did);
    return found ? { sonarId: String(found.id), sonarRef: { accountId, didId: found.id } } : null;
  },
  // No endpoint updates an assignment: a DID on another voice service or account is unassigned
  // and assigned again (doc lines 3601, 3340).
  replaceWhen: () => true,
  async remove(client, entry) {
    const accountId = refNumber(entry.sonarRef, 'accountId', entry.legacyKey);
    await client.delete(`/accounts/${accountId}/dids/${entry.sonarId}`);
  },
  present(client, entry) {
    // The delete's own path, read back (see stillListed).
    return stillListed(
      client,
      `/accounts/${refNumber(entry.sonarRef, 'accountId', entry.legacyKey)}/dids/${entry.sonarId}`,
    );
  },
};
