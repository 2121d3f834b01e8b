import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { KazooFile, KazooLive, KazooLiveAccounts } from '../config/kazoo-settings.js';
import { SourceError } from '../errors/index.js';
import { issuePath } from '../ground/zod-issues.js';
import {
  fetchPhoneNumberPages,
  fetchServices,
  type KazooHttpOptions,
  phoneNumbersUrl,
  servicesUrl,
} from './client.js';
import {
  type KazooNumber,
  phoneNumbersDataSchema,
  type ServicesEnvelope,
  servicesDataSchema,
} from './schemas.js';

/** One number of a listing, with where it was found. */
export interface KazooEntry {
  /** The key as Kazoo wrote it (normally E.164). */
  key: string;
  doc: KazooNumber;
  /** 1-based position in the export (across pages and listings): the "row" of its provenance. */
  index: number;
  /** The export file as configured, or the listing's URL. */
  file: string;
  /** JSON path of the number's document, e.g. `data.numbers["+14155555555"]`: the "column". */
  path: string;
  /** The Kazoo account whose listing held it, when the export says (keyed file, live read). */
  listingAccount?: string;
}

/** A Kazoo account id: 32 lowercase hex digits (a CouchDB id Kazoo generates). */
const kazooAccountId = /^[0-9a-f]{32}$/;

const listingShape = 'a phone_numbers listing ({"data": {"numbers": {"+1…": {…}}}})';

/**
 * Reads the numbers of `phone_numbers` listings: from a saved export, or live, page by page.
 * A saved export is one account's answer to GET /v2/accounts/{ACCOUNT_ID}/phone_numbers (the whole
 * answer `{data: {numbers}}`, or its bare `data`), an array of its saved pages, or an object of
 * such listings keyed by Kazoo account id (one GET per account, saved side by side).
 */
export async function* readKazooNumbers(
  source: KazooFile | KazooLive | KazooLiveAccounts,
  pageSize: number,
  http?: KazooHttpOptions,
): AsyncGenerator<KazooEntry> {
  const counter = { index: 0 };
  if (source.kind !== 'file') {
    if (!http) throw new Error('readKazooNumbers: live reading needs the HTTP options');
    const accounts: KazooLive[] =
      source.kind === 'live'
        ? [source]
        : source.accountIds.map((accountId) => ({ kind: 'live', url: source.url, accountId }));
    for (const live of accounts) yield* readLiveListing(live, pageSize, http, counter);
    return;
  }
  const json = await readJson(source);
  if (!isKeyedByAccount(json)) {
    yield* readListing(json, '', source, counter);
    return;
  }
  for (const [account, listing] of Object.entries(json)) {
    const prefix = `[${JSON.stringify(account)}]`;
    if (!kazooAccountId.test(account)) {
      throw new SourceError(
        'SOURCE_KAZOO_INVALID',
        `${source.displayName}: not ${listingShape}, nor listings keyed by Kazoo account id: the key "${account}" is not a Kazoo account id (32 hex digits) — save each account's answer under its account id.`,
        { file: source.displayName, column: prefix },
      );
    }
    yield* readListing(listing, prefix, source, counter, account);
  }
}

/** One account's listing read live, page by page; rows numbered on from `counter`. */
async function* readLiveListing(
  live: KazooLive,
  pageSize: number,
  http: KazooHttpOptions,
  counter: { index: number },
): AsyncGenerator<KazooEntry> {
  const file = phoneNumbersUrl(live);
  for await (const page of fetchPhoneNumberPages(live, pageSize, http)) {
    for (const [key, doc] of sortedEntries(page.data.numbers)) {
      counter.index += 1;
      const path = `data.numbers[${JSON.stringify(key)}]`;
      yield { key, doc, index: counter.index, file, path, listingAccount: live.accountId };
    }
  }
}

/**
 * One account's listing: the answer, its bare `data`, or an array of its saved pages — the 4.x
 * doc pages the listing (`page_size`, `start_key`, `next_start_key`; 2600hz/kazoo
 * applications/crossbar/doc/phone_numbers.md, "List Account's Phone Numbers"), so a user saving
 * page by page has an array of those answers.
 */
function* readListing(
  json: unknown,
  base: string,
  source: KazooFile,
  counter: { index: number },
  listingAccount?: string,
): Generator<KazooEntry> {
  const pages = Array.isArray(json) ? json : [json];
  for (const [p, page] of pages.entries()) {
    const prefix = `${base}${Array.isArray(json) ? `[${p}]` : ''}`;
    const enveloped = isObject(page) && 'data' in page;
    const at = (path: string) => [prefix, path].filter((part) => part !== '').join('.');
    const data = parseShape(
      enveloped ? page.data : page,
      phoneNumbersDataSchema,
      source,
      at(enveloped ? 'data' : ''),
      listingShape,
    );
    for (const [key, doc] of sortedEntries(data.numbers)) {
      counter.index += 1;
      const path = at(`${enveloped ? 'data.' : ''}numbers[${JSON.stringify(key)}]`);
      yield {
        key,
        doc,
        index: counter.index,
        file: source.displayName,
        path,
        ...(listingAccount === undefined ? {} : { listingAccount }),
      };
    }
  }
}

/** An object that is not itself a listing (no `data`, no `numbers`): listings keyed by account. */
function isKeyedByAccount(json: unknown): json is Record<string, unknown> {
  return isObject(json) && !('data' in json) && !('numbers' in json);
}

/** A services summary and where it came from. */
export interface KazooServicesRead {
  data: ServicesEnvelope['data'];
  file: string;
  /** JSON path of `data` in the answer ('' when the export is the bare `data`). */
  prefix: string;
  /** The Kazoo account it is of, when the export says (a file keyed by account id). */
  accountId?: string;
}

const servicesShape = 'a services summary ({"data": {"quantities": {…}}})';

/** Reads the services summary: a saved export of GET …/services (or its bare `data`), or live. */
export async function readKazooServices(
  source: KazooFile | KazooLive,
  http?: KazooHttpOptions,
): Promise<KazooServicesRead> {
  const [first] = await readKazooServicesAll(source, http);
  return first as KazooServicesRead;
}

/**
 * Every services summary of the source: live, the account's; from a file, its one summary, or one
 * per account of a file keyed by Kazoo account id (each account's answer saved under its id).
 */
export async function readKazooServicesAll(
  source: KazooFile | KazooLive,
  http?: KazooHttpOptions,
): Promise<KazooServicesRead[]> {
  if (source.kind === 'live') {
    if (!http) throw new Error('readKazooServices: live reading needs the HTTP options');
    const body = await fetchServices(source, http);
    return [{ data: body.data, file: servicesUrl(source), prefix: 'data.' }];
  }
  const json = await readJson(source);
  if (!isServicesKeyedByAccount(json)) return [servicesOf(json, source, '')];
  return Object.entries(json).map(([accountId, answer]) => {
    const base = `[${JSON.stringify(accountId)}]`;
    if (!kazooAccountId.test(accountId)) {
      throw new SourceError(
        'SOURCE_KAZOO_INVALID',
        `${source.displayName}: not ${servicesShape}, nor summaries keyed by Kazoo account id: the key "${accountId}" is not a Kazoo account id (32 hex digits) — save each account's answer under its account id.`,
        { file: source.displayName, column: base },
      );
    }
    return { ...servicesOf(answer, source, base), accountId };
  });
}

function servicesOf(json: unknown, source: KazooFile, base: string): KazooServicesRead {
  const enveloped = isObject(json) && 'data' in json;
  const at = (path: string) => [base, path].filter((part) => part !== '').join('.');
  const data = parseShape(
    enveloped ? json.data : json,
    servicesDataSchema,
    source,
    at(enveloped ? 'data' : ''),
    servicesShape,
  );
  const prefix = at(enveloped ? 'data' : '');
  return { data, file: source.displayName, prefix: prefix === '' ? '' : `${prefix}.` };
}

const summaryKeys = ['data', 'quantities', 'billing_id', 'plans'];

/** A non-empty object with none of a summary's documented keys: summaries keyed by account. */
function isServicesKeyedByAccount(json: unknown): json is Record<string, unknown> {
  return isObject(json) && Object.keys(json).length > 0 && !summaryKeys.some((k) => k in json);
}

async function readJson(source: KazooFile): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch (cause) {
    throw new SourceError(
      'SOURCE_UNREADABLE',
      `${source.displayName}: the Kazoo export cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}) — check the path.`,
      { file: source.displayName },
      { cause },
    );
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new SourceError(
      'SOURCE_KAZOO_INVALID',
      `${source.displayName}: not valid JSON (${(cause as Error).message}) — save the API's answer unchanged.`,
      { file: source.displayName },
    );
  }
}

function parseShape<S extends z.ZodType>(
  value: unknown,
  schema: S,
  source: KazooFile,
  base: string,
  expected: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [base, issue ? issuePath(issue) : ''].filter((p) => p !== '').join('.');
  throw new SourceError(
    'SOURCE_KAZOO_INVALID',
    `${source.displayName}: not ${expected}: at ${path || 'the top'}, ${issue?.message ?? 'invalid'} — save the API's answer unchanged.`,
    { file: source.displayName, ...(path ? { column: path } : {}) },
  );
}

/**
 * A listing's numbers in key order, as Kazoo's view sorts them: JavaScript would put integer-like
 * keys ("33669") first, so rows would not follow the export, nor match a live read page by page.
 */
function sortedEntries<T>(numbers: Record<string, T>): Array<[string, T]> {
  return Object.keys(numbers)
    .sort()
    .map((key) => [key, numbers[key] as T]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
