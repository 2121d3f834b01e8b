import { Pool } from 'undici';
import { z } from 'zod';
import { formatZodIssues } from '../ground/zod-issues.js';
import { errorFromResponse, isWrite, parseRetryAfter, SonarApiError } from './errors.js';
import { type Answer, ExchangeTimeout, exchange } from './exchange.js';
import { pagingOf, type SonarPage } from './paging.js';
import { defaultRetryOptions, type RetryHooks, type RetryOptions, withRetry } from './retry.js';

/** Where and as whom the client talks to Sonar (a SonarTarget from config/env.ts fits). */
export interface SonarCredentials {
  /** The API root, e.g. https://isp.sonar.software/api/v1. */
  apiUrl: string;
  username: string;
  password: string;
}

/** Options of SonarClient; tests inject sleep/random/now to avoid waiting on the wall clock. */
export interface SonarClientOptions extends Omit<RetryHooks, 'signal'> {
  target: SonarCredentials;
  /** Per-request timeout, from sending to the end of the body (default 30 000 ms). */
  timeoutMs?: number;
  /** Keep-alive connections to Sonar (default 8). */
  connections?: number;
  /**
   * After this long with no exchange, the next request opens fresh connections (default 2 000 ms).
   * A keep-alive socket that sat idle may have been closed by Sonar or a proxy in between; a write
   * sent on it fails as "uncertain" and costs a quiet period, so idle sockets are not reused.
   */
  idleRefreshMs?: number;
  retry?: Partial<RetryOptions>;
  /** Clock for Retry-After HTTP dates (default Date.now). */
  now?: () => number;
}

/** Per-call options. */
export interface RequestOptions {
  /** Stops retry waits (a request already sent is left to finish). */
  signal?: AbortSignal;
}

/** Options of paginate. */
export interface PaginateOptions extends RequestOptions {
  /** Items per page (default 100, Sonar's documented default). */
  limit?: number;
}

// Failures where the request never left this machine: safe to retry even for writes.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The Sonar v1 REST client: Basic auth, JSON, retries of transient failures, zod-checked answers. */
export class SonarClient {
  #pool: Pool;
  readonly #origin: string;
  readonly #connections: number;
  readonly #idleRefreshMs: number;
  /** Exchanges under way, and when the last one ended (performance.now()). */
  #active = 0;
  #lastExchangeEnd = 0;
  readonly #basePath: string;
  readonly #authorization: string;
  readonly #headers: Record<string, string>;
  readonly #jsonHeaders: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #retry: RetryOptions;
  readonly #hooks: Omit<RetryHooks, 'signal'>;
  readonly #now: () => number;

  constructor(options: SonarClientOptions) {
    const url = new URL(options.target.apiUrl);
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#origin = url.origin;
    this.#connections = options.connections ?? 8;
    this.#idleRefreshMs = options.idleRefreshMs ?? 2_000;
    this.#pool = this.#newPool();
    const pair = `${options.target.username}:${options.target.password}`;
    this.#authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    // Built once: every request sends the same headers.
    this.#headers = {
      authorization: this.#authorization,
      accept: 'application/json',
      'user-agent': 'sonar-migrate',
    };
    this.#jsonHeaders = { ...this.#headers, 'content-type': 'application/json' };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retry = { ...defaultRetryOptions, ...options.retry };
    this.#hooks = {
      sleep: options.sleep,
      random: options.random,
      onRetry: options.onRetry,
      onRateLimit: options.onRateLimit,
    };
    this.#now = options.now ?? Date.now;
  }

  /** GETs `path` (relative to /api/v1) and returns its `data`, checked by `schema`. */
  get<T>(path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    return this.#call('GET', path, undefined, schema, options);
  }

  /** POSTs `body` as JSON and returns the created record's `data`, checked by `schema`. */
  post<T>(path: string, body: unknown, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    return this.#call('POST', path, body, schema, options);
  }

  /** PATCHes `body` as JSON and returns the updated record's `data`, checked by `schema`. */
  patch<T>(path: string, body: unknown, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    return this.#call('PATCH', path, body, schema, options);
  }

  /** DELETEs `path`; resolves when Sonar answered 2xx. */
  async delete(path: string, options: RequestOptions = {}): Promise<void> {
    await this.#call('DELETE', path, undefined, z.unknown(), options);
  }

  /** Yields every item of a paginated list, page by page (`page`, `limit`, `paginator`). */
  async *paginate<T>(
    path: string,
    itemSchema: z.ZodType<T>,
    options: PaginateOptions = {},
  ): AsyncGenerator<T> {
    for (let number = 1; ; number += 1) {
      const { items, paging } = await this.page(path, itemSchema, number, options);
      yield* items;
      if (!paging || items.length === 0 || (paging.currentPage ?? number) >= paging.totalPages) return;
    }
  }

  /**
   * GETs one page (1-based) of a paginated list: its items, checked by `itemSchema`, and the
   * paginator read tolerantly (`paging` undefined when Sonar gave none that says where the list
   * ends). For reading a list from its end: `paginate` reads it from the start.
   */
  async page<T>(
    path: string,
    itemSchema: z.ZodType<T>,
    pageNumber: number,
    options: PaginateOptions = {},
  ): Promise<SonarPage<T>> {
    const limit = options.limit ?? 100;
    const paged = withQuery(path, { page: String(pageNumber), limit: String(limit) });
    const body = await withRetry(() => this.#send('GET', paged, undefined), this.#retry, {
      ...this.#hooks,
      signal: options.signal,
    });
    const parsed = checked('GET', endpointOf(path), body, looseListOf(itemSchema));
    return { items: parsed.data, paging: pagingOf(parsed.paginator) };
  }

  /** Closes the keep-alive connections. */
  close(): Promise<void> {
    return this.#pool.close();
  }

  #newPool(): Pool {
    return new Pool(this.#origin, { connections: this.#connections, keepAliveTimeout: 4_000 });
  }

  /** The pool for the next exchange: a fresh one when every connection has sat idle too long. */
  #connectionsNow(): Pool {
    const idleFor = performance.now() - this.#lastExchangeEnd;
    if (this.#active === 0 && this.#lastExchangeEnd > 0 && idleFor > this.#idleRefreshMs) {
      const retired = this.#pool;
      this.#pool = this.#newPool();
      // Nothing is under way on it: closing only ends its idle sockets.
      void retired.close().catch(() => undefined);
    }
    return this.#pool;
  }

  async #call<T>(
    method: string,
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    options: RequestOptions,
  ): Promise<T> {
    const answer = await withRetry(() => this.#send(method, path, body), this.#retry, {
      ...this.#hooks,
      signal: options.signal,
    });
    const envelope = checked(method, endpointOf(path), answer, envelopeOf(schema));
    return envelope.data;
  }

  /** One HTTP exchange: resolves to the parsed JSON of a 2xx, throws a classed SonarApiError otherwise. */
  async #send(method: string, path: string, body: unknown): Promise<unknown> {
    const endpoint = endpointOf(path);
    let answer: Answer;
    const pool = this.#connectionsNow();
    this.#active += 1;
    try {
      answer = await exchange(pool, {
        method,
        path: `${this.#basePath}${path.startsWith('/') ? path : `/${path}`}`,
        headers: body === undefined ? this.#headers : this.#jsonHeaders,
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: this.#timeoutMs,
      });
    } catch (err) {
      const timedOut = err instanceof ExchangeTimeout;
      throw networkError(
        method,
        endpoint,
        timedOut ? err.cause : err,
        timedOut ? this.#timeoutMs : undefined,
      );
    } finally {
      this.#active -= 1;
      this.#lastExchangeEnd = performance.now();
    }
    const json = parseJson(answer.text);
    if (answer.statusCode >= 200 && answer.statusCode < 300) {
      if (json === BAD_JSON) throw badResponse(method, endpoint, 'a body that is not JSON');
      return json;
    }
    const retryAfter = parseRetryAfter(answer.retryAfter, this.#now());
    throw errorFromResponse(
      method,
      endpoint,
      answer.statusCode,
      json === BAD_JSON ? undefined : json,
      retryAfter,
    );
  }
}

const BAD_JSON = Symbol('bad json');

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return BAD_JSON;
  }
}

/** The path without its query string: what errors and logs may show. */
function endpointOf(path: string): string {
  return path.split('?')[0] ?? path;
}

function withQuery(path: string, params: Record<string, string>): string {
  const [base, query] = path.split('?', 2);
  const search = new URLSearchParams(query);
  for (const [key, value] of Object.entries(params)) search.set(key, value);
  return `${base}?${search.toString()}`;
}

// zod compiles a checker per schema object: building `{ data: schema }` afresh on every request cost
// more CPU than the HTTP exchange itself, so each envelope is built once per schema.
const envelopes = new WeakMap<z.ZodType, z.ZodType>();

/** `{ data: schema }`, built once per schema. */
function envelopeOf<T>(schema: z.ZodType<T>): z.ZodType<{ data: T }> {
  let envelope = envelopes.get(schema);
  if (!envelope) {
    envelope = z.object({ data: schema });
    envelopes.set(schema, envelope);
  }
  return envelope as z.ZodType<{ data: T }>;
}

const looseLists = new WeakMap<z.ZodType, z.ZodType>();

/** `{ data: item[], paginator?: anything }` (see pagingOf), built once per item schema. */
function looseListOf<T>(itemSchema: z.ZodType<T>) {
  let list = looseLists.get(itemSchema);
  if (!list) {
    list = z.object({ data: z.array(itemSchema), paginator: z.unknown().optional() });
    looseLists.set(itemSchema, list);
  }
  return list as z.ZodType<{ data: T[]; paginator?: unknown }>;
}

function checked<T>(method: string, endpoint: string, body: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  // Issue paths and messages only: the values are customer data and do not belong in a log.
  const issues = formatZodIssues(parsed.error, { root: '(body)', limit: 5 });
  throw badResponse(method, endpoint, `an unexpected body (${issues})`);
}

function badResponse(method: string, endpoint: string, what: string): SonarApiError {
  // After a write, Sonar answered 2xx: the record exists but we cannot read its id.
  const write = isWrite(method);
  return new SonarApiError({
    code: 'SONAR_BAD_RESPONSE',
    kind: write ? 'uncertain' : 'terminal',
    method,
    endpoint,
    message: `${method} ${endpoint}: Sonar answered with ${what} — check SONAR_URL points at a Sonar v1 API${
      write ? '; the write may have been committed: look the record up before sending it again' : ''
    }.`,
  });
}

function networkError(
  method: string,
  endpoint: string,
  err: unknown,
  timedOutAfterMs?: number,
): SonarApiError {
  const code = (err as { code?: string } | undefined)?.code ?? '';
  const detail = timedOutAfterMs !== undefined ? `no answer within ${timedOutAfterMs} ms` : errorText(err);
  if (NOT_SENT_CODES.has(code) && timedOutAfterMs === undefined) {
    return new SonarApiError({
      code: 'SONAR_TRANSIENT',
      kind: 'transient',
      method,
      endpoint,
      cause: err,
      message: `${method} ${endpoint}: cannot reach Sonar (${detail}) — check SONAR_URL and the network, then re-run.`,
    });
  }
  if (!isWrite(method)) {
    return new SonarApiError({
      code: 'SONAR_TRANSIENT',
      kind: 'transient',
      method,
      endpoint,
      cause: err,
      message: `${method} ${endpoint}: no answer from Sonar (${detail}) — re-run later: the journal resumes where it stopped.`,
    });
  }
  return new SonarApiError({
    code: 'SONAR_UNCERTAIN',
    kind: 'uncertain',
    method,
    endpoint,
    cause: err,
    message: `${method} ${endpoint}: the request was sent but no answer came back (${detail}) — the write may have been committed: look the record up in Sonar before sending it again.`,
  });
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: string }).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}
