import { z } from 'zod';
import type { StagedRecord } from '../ground/types.js';
import type { JournalEntry } from '../journal/journal.js';
import { accountSchema, payloadSchemas } from '../sonar/schemas/index.js';
import { accountIdOf, refNumber } from './lookups.js';
import type { FoldReads, Step } from './types.js';

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

/**
 * The next bill date to send with the account create call: the account's staged next bill date,
 * when no later record changes the bill day (billing parameters without a bill_day, or the same
 * day), the account has no date of its own, and the date is not loaded already.
 */
export function plannedNextBillDate(reads: FoldReads): { date: string; record: StagedRecord } | undefined {
  const record = reads.recordsOf('next_bill_dates')[0];
  const date = record?.payload.next_bill_date;
  if (!record || typeof date !== 'string' || record.refs.length > 0) return undefined;
  if (reads.get('next_bill_dates', record.legacyKey)?.state === 'loaded') return undefined;
  const account = reads.recordsOf('accounts')[0];
  if (account?.payload.next_bill_date !== undefined) return undefined;
  const billDay = reads.recordsOf('billing_parameters')[0]?.payload.bill_day;
  if (billDay !== undefined && billDay !== Number(date.slice(8, 10))) return undefined;
  return { date, record };
}

/** The next bill date journaled as sent with the account's create call, if it was. */
export function foldedNextBillDate(reads: FoldReads, accountKey: string): string | undefined {
  const key = reads.recordsOf('next_bill_dates')[0]?.legacyKey ?? `next_bill_dates:${accountKey}`;
  // Folded by this run: its mark's sonarRef from memory (the billing parameters ask right after).
  const sonarRef = reads.foldedNow('next_bill_dates', key) ?? loadedRef(reads.get('next_bill_dates', key));
  return sonarRef?.folded === 1 ? String(sonarRef.nextBillDate) : undefined;
}

/** The sonarRef of a loaded entry; null for any other. */
function loadedRef(entry: JournalEntry | undefined): JournalEntry['sonarRef'] {
  return entry?.state === 'loaded' ? entry.sonarRef : null;
}
