import ipaddr from 'ipaddr.js';
import { ipAssignmentSchema, ipAssignmentUpdateSchema, payloadSchemas } from '../sonar/schemas/index.js';
import { accountIdOf, listAll, refNumber, stillListed } from './lookups.js';
import { serviceRequirement } from './service-refs.js';
import type { Step } from './types.js';

// Doc: /work/shared/sonar-api/sonar-v1-account-ip-addresses.txt (version 1.2.16, newer than the
// copies in sonar-v1-api.txt). An IP is assigned once across all accounts: the subnet is the key.

/** A subnet in one spelling: Sonar may answer a /32 (or /128) host without its prefix. */
export function normalizeSubnet(subnet: string): string {
  try {
    const [address, prefix] = subnet.includes('/')
      ? ipaddr.parseCIDR(subnet)
      : [ipaddr.parse(subnet), ipaddr.parse(subnet).kind() === 'ipv4' ? 32 : 128];
    return `${address.toNormalizedString()}/${prefix}`;
  } catch {
    return subnet.trim().toLowerCase();
  }
}

/** IP assignments: after the account's data service, when one is named. */
export const ipAssignmentsStep: Step = {
  name: 'ip_assignments',
  dependsOn: ['accounts', 'services'],
  scope: 'account',
  schema: payloadSchemas.ip_assignments,
  requires(record, siblings) {
    return serviceRequirement(record, siblings('services'));
  },
  async create(client, record, ctx) {
    const accountId = accountIdOf(record);
    const row = await client.post(
      `/accounts/${accountId}/ip_assignments`,
      record.payload,
      ipAssignmentSchema,
      {
        signal: ctx.signal,
      },
    );
    return { sonarId: String(row.id), sonarRef: { accountId, ipAssignmentId: row.id } };
  },
  async find(client, record, ctx) {
    const accountId = accountIdOf(record);
    const rows = await listAll(
      client,
      `/accounts/${accountId}/ip_assignments`,
      ipAssignmentSchema,
      ctx.signal,
    );
    const wanted = normalizeSubnet(String(record.payload.subnet));
    const found = rows.find((r) => normalizeSubnet(r.subnet) === wanted);
    return found ? { sonarId: String(found.id), sonarRef: { accountId, ipAssignmentId: found.id } } : null;
  },
  // Doc: "Update IP assignment" (account-ip-addresses line 369): subnet, description, data service.
  updateSchema: ipAssignmentUpdateSchema,
  async update(client, entry, body, ctx) {
    await client.patch(
      `/accounts/${entry.accountId}/ip_assignments/${entry.sonarId}`,
      body,
      ipAssignmentSchema,
      {
        signal: ctx.signal,
      },
    );
  },
  async remove(client, entry) {
    const accountId = refNumber(entry.sonarRef, 'accountId', entry.legacyKey);
    await client.delete(`/accounts/${accountId}/ip_assignments/${entry.sonarId}`);
  },
  present(client, entry) {
    // The delete's own path, read back (see stillListed).
    return stillListed(
      client,
      `/accounts/${refNumber(entry.sonarRef, 'accountId', entry.legacyKey)}/ip_assignments/${entry.sonarId}`,
    );
  },
};
