import { SonarApiError } from '../sonar/errors.js';
import {
  accountServiceCreatedSchema,
  accountServiceSchema,
  accountServiceUpdateSchema,
  payloadSchemas,
} from '../sonar/schemas/index.js';
import { accountIdOf, firstUnclaimed, listAll, refNumber, sameNumber, stillListed } from './lookups.js';
import type { ResolvedRecord, Step, StepContext, StepResult } from './types.js';

// Doc: "Account_Services - Add a service to an account" (line 10840, the newest of six), "Get all"
// (line 11498: there `id` is the service id), "Delete" (line 11442).

/** One-time and adjustment services make a transaction, which no list shows: a lost answer cannot be looked up. */
function isCharge(record: ResolvedRecord, ctx: StepContext): boolean {
  const service = ctx.reference.services.find((s) => s.id === record.payload.service_id);
  return service?.type === 'one time' || service?.type === 'adjustment';
}

/** Services on accounts; matched by service id + quantity + price override. */
export const servicesStep: Step = {
  name: 'services',
  dependsOn: ['accounts'],
  scope: 'account',
  schema: payloadSchemas.services,
  unlookable: isCharge,
  async create(client, record, ctx): Promise<StepResult> {
    const accountId = accountIdOf(record);
    // doc ~10867: without `prorate` Sonar applies the instance default; the old system already
    // billed the period, so the migration's setting (false by default) is always sent.
    const answer = await client.post(
      `/accounts/${accountId}/services`,
      { ...record.payload, prorate: ctx.prorate },
      accountServiceCreatedSchema,
      {
        signal: ctx.signal,
      },
    );
    const serviceId = Number(record.payload.service_id);
    if ('unique_service_relationship_id' in answer) {
      const id = Number(answer.unique_service_relationship_id);
      return { sonarId: String(id), sonarRef: { accountId, serviceId, relationshipId: id } };
    }
    if (isCharge(record, ctx)) return { sonarId: null, sonarRef: { accountId, serviceId, charge: 1 } };
    // The oldest Sonar answers only `success` even for a recurring service (doc line 11270): the
    // service was added, so its relationship id is read back by a lookup.
    const found = await servicesStep.find(client, record, ctx);
    if (found) return found;
    throw new SonarApiError({
      code: 'SONAR_BAD_RESPONSE',
      kind: 'uncertain',
      method: 'POST',
      endpoint: `/accounts/${accountId}/services`,
      message: `POST /accounts/${accountId}/services: Sonar answered success without the service's id and a lookup did not find it — look the service up in Sonar before sending it again.`,
    });
  },
  async find(client, record, ctx) {
    if (isCharge(record, ctx)) return null;
    const accountId = accountIdOf(record);
    const rows = await listAll(client, `/accounts/${accountId}/services`, accountServiceSchema, ctx.signal);
    const p = record.payload;
    const claimed = ctx.claimed('services', record.accountKey);
    const found = firstUnclaimed(
      rows.map((r) => ({ ...r, id: r.unique_service_relationship_id, serviceId: r.id })),
      claimed,
      (r) =>
        r.serviceId === p.service_id &&
        // The older answers carry no quantity (doc lines 11908, 11996): nothing to compare then.
        (r.quantity === undefined || sameNumber(r.quantity, p.quantity ?? 1)) &&
        sameNumber(r.price_override, p.price_override),
    );
    if (!found) return null;
    return {
      sonarId: String(found.id),
      sonarRef: { accountId, serviceId: found.serviceId, relationshipId: found.id },
    };
  },
  // Doc: "Update account service" (line 12560): price override, quantity and the like in place; a
  // new quantity takes the migration's `prorate` (line 12595: "only valid if ... the quantity").
  updateSchema: accountServiceUpdateSchema,
  async update(client, entry, body, ctx) {
    if (entry.sonarId === null) {
      throw new SonarApiError({
        code: 'SONAR_TERMINAL',
        kind: 'terminal',
        method: 'PATCH',
        endpoint: `/accounts/${entry.accountId}/services`,
        message: `${entry.legacyKey}: a one-time charge or adjustment made a transaction, which no endpoint updates`,
      });
    }
    const sent = body.quantity === undefined ? body : { ...body, prorate: ctx.prorate };
    await client.patch(`/accounts/${entry.accountId}/services/${entry.sonarId}`, sent, accountServiceSchema, {
      signal: ctx.signal,
    });
  },
  async remove(client, entry) {
    const accountId = refNumber(entry.sonarRef, 'accountId', entry.legacyKey);
    if (entry.sonarId === null) {
      throw new Error(
        `${entry.legacyKey}: a one-time charge or adjustment made a transaction, which the API cannot delete — reverse it in Sonar by hand`,
      );
    }
    await client.delete(`/accounts/${accountId}/services/${entry.sonarId}`);
  },
  present(client, entry) {
    // The delete's own path, read back (see stillListed).
    return stillListed(
      client,
      `/accounts/${refNumber(entry.sonarRef, 'accountId', entry.legacyKey)}/services/${entry.sonarId}`,
      // Doc line 11498: a list item's `id` is the service's; the relationship id has its own field.
      'unique_service_relationship_id',
    );
  },
};
