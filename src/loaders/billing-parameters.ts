import { billingParametersSchema, payloadSchemas } from '../sonar/schemas/index.js';
import { accountIdOf } from './lookups.js';
import type { ResolvedRecord, Step, StepContext } from './types.js';

// Doc: "Account_Billing - Update account billing parameters" (line 1041, the newest of three).

/** The body to PATCH: a bill day the account already has from its folded next bill date is left out. */
function bodyOf(record: ResolvedRecord, ctx: StepContext): Record<string, unknown> {
  const body = { ...record.payload };
  const folded = ctx.foldedNextBillDate(record.accountKey);
  // Sending the same bill day again would make Sonar reschedule the next bill date just set.
  if (folded !== undefined && body.bill_day === Number(folded.slice(8, 10))) delete body.bill_day;
  // doc ~1078: a bill-day change without `prorate` uses the system default; send the migration's.
  if (body.bill_day !== undefined) body.prorate = ctx.prorate;
  return body;
}

/** Billing parameters: a partial PATCH of the account's parameters (idempotent). */
export const billingParametersStep: Step = {
  name: 'billing_parameters',
  dependsOn: ['accounts'],
  scope: 'account',
  // An account that was in Sonar before the migration is never changed, but for its next bill
  // date (journaled first, so rollback puts it back): its billing parameters stay as they are.
  unchangedOnAdoptedAccount: (record) =>
    `account ${record.accountKey} was already in Sonar before the migration and sonar-migrate does not change it: its billing parameters differ from the input — set them in Sonar by hand if they must change`,
  schema: payloadSchemas.billing_parameters,
  async create(client, record, ctx) {
    const accountId = accountIdOf(record);
    await client.patch(
      `/accounts/${accountId}/billing_parameters`,
      bodyOf(record, ctx),
      billingParametersSchema,
      {
        signal: ctx.signal,
      },
    );
    return { sonarId: String(accountId), sonarRef: { accountId } };
  },
  async find(client, record, ctx) {
    const accountId = accountIdOf(record);
    const current = (await client.get(`/accounts/${accountId}/billing_parameters`, billingParametersSchema, {
      signal: ctx.signal,
    })) as Record<string, unknown>;
    const { prorate: _prorate, ...wanted } = bodyOf(record, ctx);
    // Older Sonars show fewer fields (doc lines 551–984): only the fields the answer shows can be
    // compared. A PATCH is idempotent, so a match on those settles the record.
    const applied = Object.entries(wanted).every(
      ([key, value]) => !(key in current) || current[key] === value,
    );
    return applied ? { sonarId: String(accountId), sonarRef: { accountId } } : null;
  },
  // The same endpoint (doc line 1041) with the changed fields only; a new bill day takes `prorate`.
  updateSchema: payloadSchemas.billing_parameters,
  async update(client, entry, body, ctx) {
    const sent = body.bill_day === undefined ? body : { ...body, prorate: ctx.prorate };
    await client.patch(`/accounts/${entry.accountId}/billing_parameters`, sent, billingParametersSchema, {
      signal: ctx.signal,
    });
  },
  async remove() {
    // Parameters cannot be "un-set"; on an account rollback deletes they go with it (it never gets
    // here). On an adopted account they were changed, and the earlier ones are not journaled.
    throw new Error(
      'billing parameters set on an account that was already in Sonar cannot be put back — set them in Sonar by hand',
    );
  },
};
