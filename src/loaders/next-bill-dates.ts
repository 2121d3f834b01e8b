import { z } from 'zod';
import { accountSchema, payloadSchemas } from '../sonar/schemas/index.js';
import { accountIdOf } from './lookups.js';
import type { Step } from './types.js';

// Doc: "Accounts - Update account" (line 16657, the only version documenting next_bill_date).

/** Next bill dates not folded into the account create: PATCH /accounts/:id (idempotent). */
export const nextBillDatesStep: Step = {
  name: 'next_bill_dates',
  dependsOn: ['accounts', 'billing_parameters', 'services'],
  scope: 'account',
  schema: payloadSchemas.next_bill_dates,
  async create(client, record, ctx) {
    const accountId = accountIdOf(record);
    await client.patch(
      `/accounts/${accountId}`,
      { next_bill_date: record.payload.next_bill_date },
      accountSchema,
      {
        signal: ctx.signal,
      },
    );
    return { sonarId: String(accountId), sonarRef: { accountId } };
  },
  async find(client, record, ctx) {
    const accountId = accountIdOf(record);
    const account = await client.get(
      `/accounts/${accountId}`,
      z.looseObject({ next_bill_date: z.string().nullable() }),
      {
        signal: ctx.signal,
      },
    );
    return account.next_bill_date === record.payload.next_bill_date
      ? { sonarId: String(accountId), sonarRef: { accountId } }
      : null;
  },
  async remove() {
    // A date cannot be "un-set"; it goes with the account when rollback deletes it.
  },
};
