import { z } from 'zod';
import { accountSchema, payloadSchemas } from '../sonar/schemas/index.js';
import { accountIdOf, refNumber } from './lookups.js';
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
  // An adopted account (there before the migration) keeps its date until this step changes it: the
  // date it had is journaled first, and rollback puts it back. On an account the load created, the
  // date goes with the account when rollback deletes it.
  async snapshot(client, record, ctx) {
    const account = await client.get(`/accounts/${accountIdOf(record)}`, withDate, { signal: ctx.signal });
    return { [PREVIOUS]: account.next_bill_date };
  },
  async remove(client, entry) {
    if (!(PREVIOUS in (entry.sonarRef ?? {})))
      throw new Error(
        'the journal has no earlier next bill date for this account (loaded by an older version) — set it back in Sonar by hand',
      );
    const accountId = refNumber(entry.sonarRef, 'accountId', entry.legacyKey);
    await client.patch(
      `/accounts/${accountId}`,
      { next_bill_date: entry.sonarRef?.[PREVIOUS] ?? null },
      withDate,
    );
  },
  async present(client, entry) {
    if (!(PREVIOUS in (entry.sonarRef ?? {}))) return false;
    const accountId = refNumber(entry.sonarRef, 'accountId', entry.legacyKey);
    const account = await client.get(`/accounts/${accountId}`, withDate);
    return account.next_bill_date !== (entry.sonarRef?.[PREVIOUS] ?? null);
  },
};

/** The sonarRef key of an adopted account's next bill date before the load changed it. */
const PREVIOUS = 'previousNextBillDate';
const withDate = z.looseObject({ next_bill_date: z.string().nullable().optional().default(null) });
