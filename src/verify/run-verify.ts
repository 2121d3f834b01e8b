import { z } from 'zod';
import { Journal, type JournalEntry } from '../journal/journal.js';
import type { AimdLimiter } from '../loaders/concurrency.js';
import { fetchReferenceData, type ReferenceData, resolveRecord } from '../loaders/reference-data.js';
import type { SonarClient } from '../sonar/client.js';
import { listAll } from '../sonar/list-all.js';
import { serviceSchema } from '../sonar/schemas/index.js';
import type { StagedRecords } from '../store/staged-records.js';
import { stagedAccountKeys, stagedRecordsOfAccount } from './account-records.js';
import {
  type AccountReads,
  compareAccount,
  type LoadedRecord,
  listsFor,
  type SonarRow,
} from './compare-account.js';
import { type Difference, wholeRecord } from './differences.js';
import { type LoadedAccount, LoadedAccounts } from './loaded-accounts.js';
import { listPath } from './read-backs.js';
import { type PricedService, revenueDifferences, tallyAccount, toCents } from './totals.js';
import { type RecordNames, VerifyProgress } from './verify-progress.js';

/** What runVerify needs: the state file's staged rows and journal, a client, the load's limiter. */
export interface VerifyOptions {
  client: SonarClient;
  staged: StagedRecords;
  /** Requests in flight, adapted on 429: the same limiter `load` uses. */
  limiter: AimdLimiter;
  signal?: AbortSignal;
  /** Called after each account with how many are verified of how many. */
  onProgress?(done: number, total: number): void;
}

/** What a verify run did. */
export interface VerifyRunResult {
  /** Loaded accounts in the journal. */
  accounts: number;
  /** Accounts verified by an earlier, interrupted run and skipped now. */
  resumed: number;
  interrupted: boolean;
}

/** Staged accounts read per page when looking for those the load never loaded. */
const UNLOADED_PAGE = 500;

// Read tolerantly: verify compares only the fields read-backs.ts names, whatever else Sonar adds.
const sonarRowSchema = z.record(z.string(), z.unknown());

/**
 * Reads every migrated account and its records back from Sonar and records, per account, the
 * differences from the staged payloads and a tally for the legacy totals (VerifyProgress). Reads
 * only: the accounts come from the paginated account list (doc ~16489), each account's records
 * from its own lists, one slot of the limiter per request.
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyRunResult> {
  const { client, staged, limiter, signal } = options;
  const progress = new VerifyProgress(staged.db);
  const journal = new Journal(staged.db);
  // What an earlier verify found is kept only while the journal is as it was: a load since may
  // have changed any account.
  const journalRun = String(journal.runs().at(-1)?.id ?? 0);
  if (progress.complete || progress.journalRun() !== journalRun) progress.restart();
  progress.saveJournalRun(journalRun);
  const reference = await fetchReferenceData(client, {
    accounts: false,
    didInventory: false,
    ...(signal ? { signal } : {}),
  });
  const catalogue = await pricedCatalogue(client, signal);
  progress.saveNames(recordNamesOf(reference));
  const physicalAddressTypeId = reference.addressTypes.find((t) => /physical/i.test(t.name))?.id;
  // Nothing per account is held here: the loaded accounts go into a temporary table (issue 16).
  const loaded = new LoadedAccounts(staged.db);
  const total = loaded.refresh();
  const resumed = loaded.verifiedBefore();
  let verified = resumed;
  const ctx: VerifyContext = {
    client,
    staged,
    journal,
    progress,
    reference,
    catalogue,
    physicalAddressTypeId,
  };
  const pending = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const verifyOne = async (entry: LoadedAccount, account: SonarRow | undefined) => {
    const task = limiter
      .run(() => verifyAccount(ctx, entry, account, signal))
      .then(
        () => {
          verified += 1;
          options.onProgress?.(verified, total);
        },
        // An interrupted read leaves its account unverified (the next run reads it); any other
        // failure, once retries are spent, stops the run after what is in flight.
        (error: unknown) => {
          if (!signal?.aborted) failure ??= { error };
        },
      );
    pending.add(task);
    void task.then(() => pending.delete(task));
    // Bounded: never more accounts waiting than twice the requests allowed in flight.
    while (pending.size >= limiter.limit * 2) await Promise.race(pending);
  };
  const stopped = () => signal?.aborted === true || failure !== undefined;
  try {
    for await (const account of client.paginate('/accounts', sonarRowSchema, signal ? { signal } : {})) {
      if (stopped()) break;
      const entry = loaded.listed(String(account.id));
      if (entry && !progress.isVerified(entry.legacyKey)) await verifyOne(entry, account);
    }
    // A journaled account the list did not show was deleted from Sonar (or never landed).
    for (const entry of loaded.unlisted()) {
      if (stopped()) break;
      await verifyOne(entry, undefined);
    }
  } catch (err) {
    if (!signal?.aborted) throw err;
  } finally {
    await Promise.all(pending);
  }
  if (failure) throw failure.error;
  if (!stopped()) recordUnloadedAccounts(ctx);
  const interrupted = signal?.aborted === true;
  if (!interrupted) progress.finish();
  return { accounts: total, resumed, interrupted };
}

interface VerifyContext {
  client: SonarClient;
  staged: StagedRecords;
  journal: Journal;
  progress: VerifyProgress;
  reference: ReferenceData;
  catalogue: ReadonlyMap<number, PricedService>;
  physicalAddressTypeId: number | undefined;
}

/** Reads one account's lists, compares, and records the result (one transaction). */
async function verifyAccount(
  ctx: VerifyContext,
  accountEntry: LoadedAccount,
  account: SonarRow | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  const accountKey = accountEntry.legacyKey;
  const { sonarId } = accountEntry;
  const stagedRecords = await resolved(stagedRecordsOfAccount(ctx.staged, accountKey), ctx);
  const records: LoadedRecord[] = [];
  const notLoaded: Difference[] = [];
  for (const record of stagedRecords) {
    const entry = ctx.journal.get(record.step, record.legacyKey);
    if (entry?.state === 'loaded') records.push({ record, entry });
    else notLoaded.push(notLoadedDifference(record.step, record.legacyKey, entry));
  }
  if (!account) {
    const differences = [
      {
        legacyKey: accountKey,
        sonarId,
        step: 'accounts' as const,
        field: wholeRecord,
        expected: 'present',
        found: 'missing',
      },
    ];
    const tally = tallyAccount(stagedRecords, undefined, [], ctx.catalogue);
    ctx.progress.recordAccount(accountKey, sonarId, tally, [
      ...differences,
      ...revenueDifferences(accountKey, sonarId, tally),
    ]);
    return;
  }
  const reads: AccountReads = { account, lists: {}, physicalAddressTypeId: ctx.physicalAddressTypeId };
  const accountId = Number(account.id);
  for (const list of listsFor(records)) {
    const path = listPath(list, accountId);
    // The account's own slot is held by the caller: its reads go one after the other.
    reads.lists[list] =
      list === 'billing_parameters'
        ? [await ctx.client.get(path, sonarRowSchema, signal ? { signal } : {})]
        : await listAll(ctx.client, path, sonarRowSchema, signal);
  }
  const differences = [...notLoaded, ...compareAccount(records, reads)];
  const stagedQuantities = new Map(
    records
      .filter((r) => r.record.step === 'services')
      .map((r) => [r.entry.sonarId ?? '', r.record.payload.quantity]),
  );
  const tally = tallyAccount(
    stagedRecords,
    account,
    reads.lists.services ?? [],
    ctx.catalogue,
    stagedQuantities,
  );
  ctx.progress.recordAccount(accountKey, sonarId, tally, [
    ...differences,
    ...revenueDifferences(accountKey, sonarId, tally),
  ]);
}

/**
 * Accounts staged but not loaded (failed, skipped, never sent): Sonar does not hold them, which
 * verify reports, and the source's totals count them.
 */
function recordUnloadedAccounts(ctx: VerifyContext): void {
  // Pages of short queries, not a cursor: each account is recorded between two reads.
  for (const keys of stagedAccountKeys(ctx.staged, UNLOADED_PAGE)) {
    for (const accountKey of keys) {
      const entry = ctx.journal.get('accounts', accountKey);
      if (entry?.state === 'loaded' || ctx.progress.isVerified(accountKey)) continue;
      const stagedRecords = stagedRecordsOfAccount(ctx.staged, accountKey);
      const tally = tallyAccount(stagedRecords, undefined, [], ctx.catalogue);
      const differences = stagedRecords.map((r) =>
        notLoadedDifference(r.step, r.legacyKey, ctx.journal.get(r.step, r.legacyKey)),
      );
      ctx.progress.recordAccount(accountKey, '', tally, [
        ...differences,
        ...revenueDifferences(accountKey, '', tally),
      ]);
    }
  }
}

/** A staged record Sonar does not hold because the load never loaded it. */
function notLoadedDifference(
  step: Difference['step'],
  legacyKey: string,
  entry: JournalEntry | undefined,
): Difference {
  return {
    legacyKey,
    sonarId: entry?.sonarId ?? '',
    step,
    field: wholeRecord,
    expected: 'present',
    found: `not loaded (${entry ? entry.state.replace('_', ' ') : 'never sent'})`,
  };
}

/**
 * The staged records with their names resolved to ids as load resolved them (sub-accounts to the
 * journal's Sonar ids). Geocoding is not asked again: coordinates Sonar filled in were never staged.
 */
async function resolved(records: ReturnType<typeof stagedRecordsOfAccount>, ctx: VerifyContext) {
  const out = [];
  for (const record of records) {
    const refs = record.refs.filter((r) => r.lookup !== 'geocode');
    const result = await resolveRecord({ ...record, refs }, ctx.reference, {
      accountId: (key) => loadedAccountId(ctx.journal, key),
    });
    out.push('record' in result ? result.record : record);
  }
  return out;
}

/** The Sonar id of an account the journal holds as loaded (a sub-account's parent, say). */
function loadedAccountId(journal: Journal, accountKey: string): number | undefined {
  const entry = journal.get('accounts', accountKey);
  return entry?.state === 'loaded' && entry.sonarId ? Number(entry.sonarId) : undefined;
}

/** The catalogue's prices (GET /system/services, doc ~50988): what the revenue totals are computed from. */
async function pricedCatalogue(
  client: SonarClient,
  signal?: AbortSignal,
): Promise<Map<number, PricedService>> {
  const services = await listAll(client, '/system/services', serviceSchema, signal);
  return new Map(
    services.map((s) => [
      s.id,
      {
        recurring: s.type === 'recurring',
        amountCents: toCents(s.amount),
        months: s.billing_frequency_in_months ?? 1,
      },
    ]),
  );
}

/** The names of statuses and services by id, for the totals in reports. */
function recordNamesOf(reference: Pick<ReferenceData, 'accountStatuses' | 'services'>): RecordNames {
  const byId = (list: Array<{ id: number; name: string }>) =>
    Object.fromEntries(list.map((r) => [String(r.id), r.name]));
  return { statuses: byId(reference.accountStatuses), services: byId(reference.services) };
}
