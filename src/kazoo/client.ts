import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { z } from 'zod';
import type { KazooLive } from '../config/kazoo-settings.js';
import { SourceError } from '../errors/index.js';
import { issuePath } from '../ground/zod-issues.js';
import { redactSecrets, registerSecret } from '../sonar/redact.js';
import {
  type PhoneNumbersEnvelope,
  phoneNumbersEnvelopeSchema,
  type ServicesEnvelope,
  servicesEnvelopeSchema,
} from './schemas.js';

/** How the live reader talks to Kazoo. */
export interface KazooHttpOptions {
  /** The X-Auth-Token (from KAZOO_AUTH_TOKEN): registered as a secret, never echoed. */
  token: string;
  signal?: AbortSignal;
  /** Attempts per request for network errors, 429 and 5xx (default 3). */
  attempts?: number;
  /** Base of the back-off between attempts, ms (default 250; tests pass 0). */
  backoffMs?: number;
}

/** Most pages one listing may take: a guard against a server that never stops paging. */
export const MAX_PAGES = 100_000;

/** The listing's address without query, for messages and provenance (credentials redacted). */
export function phoneNumbersUrl(live: KazooLive): string {
  return redactSecrets(`${live.url}/accounts/${encodeURIComponent(live.accountId)}/phone_numbers`);
}

/** The services summary's address, for messages and provenance. */
export function servicesUrl(live: KazooLive): string {
  return redactSecrets(`${live.url}/accounts/${encodeURIComponent(live.accountId)}/services`);
}

/**
 * Reads GET /v2/accounts/{ACCOUNT_ID}/phone_numbers page by page, as crossbar paginates: ask with
 * `page_size` (and `start_key` from the second page), follow `next_start_key` until a page has none.
 */
export async function* fetchPhoneNumberPages(
  live: KazooLive,
  pageSize: number,
  opts: KazooHttpOptions,
): AsyncGenerator<PhoneNumbersEnvelope> {
  registerSecret(opts.token);
  const base = phoneNumbersUrl(live);
  let startKey: unknown;
  const seen = new Set<string>();
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const query = new URLSearchParams({ page_size: String(pageSize) });
    if (startKey !== undefined) {
      query.set('start_key', typeof startKey === 'string' ? startKey : JSON.stringify(startKey));
    }
    const url = `${live.url}/accounts/${encodeURIComponent(live.accountId)}/phone_numbers?${query}`;
    const body = await getJson(url, `${base} (page ${page})`, phoneNumbersEnvelopeSchema, opts);
    yield body;
    if (body.next_start_key === undefined || body.next_start_key === null) return;
    const key = JSON.stringify(body.next_start_key);
    if (seen.has(key)) {
      throw new SourceError(
        'SOURCE_KAZOO_INVALID',
        `${base}: Kazoo sent the next_start_key ${key} twice, so paging would never end — check the Kazoo server.`,
      );
    }
    seen.add(key);
    startKey = body.next_start_key;
  }
  throw new SourceError(
    'SOURCE_KAZOO_INVALID',
    `${base}: more than ${MAX_PAGES} pages — raise kazoo.page_size.`,
  );
}

/** Reads GET /v2/accounts/{ACCOUNT_ID}/services (the account's services summary). */
export async function fetchServices(live: KazooLive, opts: KazooHttpOptions): Promise<ServicesEnvelope> {
  registerSecret(opts.token);
  const url = `${live.url}/accounts/${encodeURIComponent(live.accountId)}/services`;
  return getJson(url, servicesUrl(live), servicesEnvelopeSchema, opts);
}

/**
 * One GET with the token in X-Auth-Token, retried on network errors, 429 and 5xx. Messages name
 * the address and the status, never a header or the body (Kazoo echoes `auth_token` in bodies).
 */
async function getJson<S extends z.ZodType>(
  url: string,
  where: string,
  schema: S,
  opts: KazooHttpOptions,
): Promise<z.output<S>> {
  const attempts = opts.attempts ?? 3;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (attempt > 1) await sleep((opts.backoffMs ?? 250) * (attempt - 1), undefined, { signal: opts.signal });
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method: 'GET',
        headers: { 'x-auth-token': opts.token, accept: 'application/json' },
        headersTimeout: 30_000,
        bodyTimeout: 60_000,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (cause) {
      if (opts.signal?.aborted) throw cause;
      // Only the reason is kept, not the error: a low-level error may quote the request options.
      last = `could not be reached (${redactSecrets(networkReason(cause))})`;
      continue;
    }
    if (status === 401 || status === 403) {
      throw new SourceError(
        'SOURCE_KAZOO_AUTH',
        `${where}: Kazoo refused the X-Auth-Token (HTTP ${status}${kazooMessage(text)}) — set KAZOO_AUTH_TOKEN to a current token of a user that can read this account.`,
      );
    }
    if (status === 429 || status >= 500) {
      last = `answered HTTP ${status}${kazooMessage(text)}`;
      continue;
    }
    if (status < 200 || status >= 300) {
      throw new SourceError(
        'SOURCE_KAZOO_HTTP',
        `${where}: Kazoo answered HTTP ${status}${kazooMessage(text)} — check kazoo.url and kazoo.account_id.`,
      );
    }
    return parseBody(text, where, schema);
  }
  throw new SourceError(
    'SOURCE_KAZOO_HTTP',
    `${where}: ${last} after ${attempts} attempts — check kazoo.url and the network, then re-run.`,
  );
}

function parseBody<S extends z.ZodType>(text: string, where: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SourceError(
      'SOURCE_KAZOO_INVALID',
      `${where}: Kazoo's answer is not JSON — check that kazoo.url is the crossbar API base (ending in /v2).`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issuePath(issue) : '';
    throw new SourceError(
      'SOURCE_KAZOO_INVALID',
      `${where}: Kazoo's answer is not in the documented shape (at ${path || 'the top'}: ${issue?.message ?? 'invalid'}) — check the Kazoo version and kazoo.url.`,
    );
  }
  return parsed.data;
}

/** Kazoo's own error text (`message`, `error`), short and redacted; never the body itself. */
function kazooMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const parts = [body.error, body.message].filter((p) => typeof p === 'string' && p !== '');
    if (parts.length === 0) return '';
    return `: ${redactSecrets(parts.join(' ').slice(0, 120))}`;
  } catch {
    return '';
  }
}

function networkReason(cause: unknown): string {
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : cause instanceof Error ? cause.name : 'network error';
}
