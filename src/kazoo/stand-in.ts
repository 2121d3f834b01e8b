import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KazooNumber } from './schemas.js';

// A small stand-in for Kazoo's crossbar API (there is no Kazoo server here), answering the two
// calls sonar-migrate makes in the documented shapes: GET /v2/accounts/{ACCOUNT_ID}/phone_numbers
// (numbers keyed by E.164, paginated with page_size/start_key → next_start_key) and
// GET /v2/accounts/{ACCOUNT_ID}/services. Like Kazoo, every answer echoes `auth_token`, so a test
// can prove the token never leaks from a body into a message.

/** One account the stand-in serves. */
export interface StandInAccount {
  /** E.164 number → its document, as the listing shows it. */
  numbers: Record<string, KazooNumber>;
  /** The `data` of the services summary. */
  services?: Record<string, unknown>;
}

/** What the stand-in serves and accepts. */
export interface StandInOptions {
  /** The only X-Auth-Token accepted. */
  token: string;
  /** Kazoo account id → what it holds. */
  accounts: Record<string, StandInAccount>;
  /** Page size when the request names none (crossbar's default is 50). */
  defaultPageSize?: number;
}

/** A request the stand-in saw (the token is recorded only as present or not). */
export interface StandInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  hadToken: boolean;
}

/** A running stand-in. */
export interface KazooStandIn {
  /** The API base, ending in /v2, e.g. http://127.0.0.1:41234/v2. */
  url: string;
  requests: StandInRequest[];
  /** Scripted fault: answer the next `times` requests with this HTTP status. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1, port 0 (a free port). */
export async function startKazooStandIn(options: StandInOptions): Promise<KazooStandIn> {
  const requests: StandInRequest[] = [];
  const faults: number[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const hadToken = typeof req.headers['x-auth-token'] === 'string';
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      hadToken,
    });
    const fault = faults.shift();
    if (fault !== undefined) send(res, fault, errorBody(fault, 'scripted fault', req));
    else if (req.headers['x-auth-token'] !== options.token) {
      send(res, 401, errorBody(401, 'invalid_credentials', req));
    } else answer(req, res, url, options);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2`,
    requests,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i += 1) faults.push(status);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function answer(req: IncomingMessage, res: ServerResponse, url: URL, options: StandInOptions): void {
  const [status, body] = reply(req, url, options);
  send(res, status, body);
}

/** The status and body of a request that passed the token check. */
function reply(req: IncomingMessage, url: URL, options: StandInOptions): [number, unknown] {
  const match = url.pathname.match(/^\/v2\/accounts\/([^/]+)\/(phone_numbers|services)$/);
  if (req.method !== 'GET' || !match) return [404, errorBody(404, 'not_found', req)];
  const account = options.accounts[decodeURIComponent(match[1] ?? '')];
  if (!account) return [404, errorBody(404, 'bad_identifier', req)];
  if (match[2] === 'services') {
    return [200, envelope(req, { data: account.services ?? { quantities: {} } })];
  }
  const pageSize = Number(url.searchParams.get('page_size') ?? options.defaultPageSize ?? 50);
  const startKey = url.searchParams.get('start_key');
  // Crossbar pages a CouchDB view, which is sorted by key.
  const keys = Object.keys(account.numbers).sort();
  const from = startKey === null ? 0 : keys.findIndex((k) => k >= startKey);
  const slice = from < 0 ? [] : keys.slice(from, from + pageSize);
  const next = from < 0 ? undefined : keys[from + pageSize];
  const numbers = Object.fromEntries(slice.map((k) => [k, account.numbers[k]]));
  return [
    200,
    envelope(req, {
      data: { cascade_quantity: 0, numbers },
      page_size: slice.length,
      ...(startKey === null ? {} : { start_key: startKey }),
      ...(next === undefined ? {} : { next_start_key: next }),
    }),
  ];
}

/** The crossbar envelope around an answer, echoing the token as Kazoo does. */
function envelope(req: IncomingMessage, body: Record<string, unknown>): Record<string, unknown> {
  return {
    auth_token: req.headers['x-auth-token'] ?? '',
    ...body,
    node: 'stand-in',
    request_id: randomUUID(),
    revision: 'undefined',
    status: 'success',
    timestamp: new Date().toISOString(),
    version: '4.3.0',
  };
}

function errorBody(status: number, message: string, req: IncomingMessage): Record<string, unknown> {
  return {
    auth_token: req.headers['x-auth-token'] ?? '',
    data: { message },
    error: String(status),
    message,
    status: 'error',
    request_id: randomUUID(),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
