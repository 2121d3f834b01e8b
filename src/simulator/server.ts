import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin.js';
import {
  FaultController,
  type FaultDecision,
  type FaultOptions,
  fillFaultMessage,
  type LatencyOptions,
} from './faults.js';
import { compileRoutes, type MatchedRoute, matchRoute } from './match.js';
import type { Route, SimMethod, SimResponse } from './router.js';
import { allRoutes } from './routes/index.js';
import { SimState } from './state.js';
import { defaultSonarVersion, type SonarVersion, shapeAnswer } from './versions.js';

/** Options of startSimulator; every one has a test-friendly default. */
export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Basic auth user (default admin). */
  username?: string;
  /** Basic auth password (default sonar). */
  password?: string;
  /** Default: every Sonar route (allRoutes). Tests may pass a few small routes of their own. */
  routes?: Route[];
  state?: SimState;
  faults?: FaultOptions;
  latency?: LatencyOptions;
  /** Seed of the fault PRNG (overridden by faults.seed). */
  seed?: number;
  /** The documented Sonar version whose answer shapes the simulator uses (default newest; versions.ts). */
  sonarVersion?: SonarVersion;
}

/** A simulator listening on a port. */
export interface RunningSimulator {
  /** http://HOST:PORT */
  url: string;
  /** url + '/api/v1': what SONAR_URL should be. */
  apiUrl: string;
  /** The documented Sonar version the simulator answers in. */
  sonarVersion: SonarVersion;
  state: SimState;
  faults: FaultController;
  /** Requests received per `METHOD pattern` (e.g. `POST /accounts`), faults included, admin excluded. */
  requestCounts(): Record<string, number>;
  /** Forgets the request counts and the answer times. */
  resetRequestCounts(): void;
  /** TCP connections accepted since the start: how a test sees a client's connection reuse. */
  connectionsAccepted(): number;
  /**
   * Requests answered and their mean time from arrival to the last byte handed to the socket, in
   * ms (admin calls excluded): what the latency the simulator adds really came to.
   */
  answerTimes(): { answered: number; meanMs: number };
  /** Changes the password every later request must send (a password changed mid-run: 401 from then on). */
  setPassword(password: string): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const API_PREFIX = '/api/v1';
const ADMIN_PREFIX = '/__admin/';
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const METHODS = new Set<string>(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

/** Answers in Sonar's error shape `{error:{message, status_code}}`. */
export function sonarError(status: number, message: unknown, headers?: Record<string, string>): SimResponse {
  return { status, body: { error: { message, status_code: status } }, headers };
}

/** Starts the Sonar v1 simulator over real HTTP. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const state = options.state ?? new SimState();
  const faults = new FaultController(
    { ...options.faults, seed: options.faults?.seed ?? options.seed },
    options.latency,
  );
  const routes = compileRoutes(options.routes ?? allRoutes);
  const sonarVersion = options.sonarVersion ?? defaultSonarVersion;
  const counts = new Map<string, number>();
  const answers = { answered: 0, totalMs: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let expected = basicCredentials(options.username ?? 'admin', options.password ?? 'sonar');

  const sleep = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  const server = createServer({ keepAlive: true }, (req, res) => {
    void serve(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        send(res, sonarError(500, `Simulator bug: ${err instanceof Error ? err.message : String(err)}`));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  let connectionsAccepted = 0;
  server.on('connection', () => {
    connectionsAccepted += 1;
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (!url.pathname.startsWith(ADMIN_PREFIX)) timeAnswer(res);
    const raw = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const authorised = isAuthorised(req.headers.authorization, expected);
    if (url.pathname.startsWith(ADMIN_PREFIX)) {
      if (!authorised) return send(res, unauthorised());
      const body = parseJson(raw);
      if (body === BAD_JSON) return send(res, sonarError(400, 'The request body is not valid JSON.'));
      return send(res, handleAdmin(method, url.pathname.slice(ADMIN_PREFIX.length), body, admin));
    }
    if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) {
      if (!authorised) return send(res, unauthorised());
      return send(
        res,
        sonarError(404, `No such endpoint: ${url.pathname} (the API lives under ${API_PREFIX}).`),
      );
    }
    if (!METHODS.has(method)) return send(res, sonarError(405, `Method ${method} is not allowed.`));
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    const match = matchRoute(routes, method as SimMethod, path);
    const pattern = match.kind === 'found' ? match.route.pattern : path;
    // Counted before the auth check, so a test can prove a refused call was not retried.
    const key = `${method} ${pattern}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!authorised) return send(res, unauthorised());
    if (raw === TOO_LARGE) return send(res, sonarError(413, 'The request body is too large.'));
    const decision = faults.decide(method as SimMethod, pattern);
    // Writes parked by commit-late land now, before this call sees the state.
    for (const commit of decision.release) commit();
    await sleep(decision.delayBeforeMs);
    if (decision.resetBefore) return void req.socket.destroy();
    if (decision.failWith) return send(res, failure(decision.failWith, raw));
    if (match.kind === 'none') return send(res, sonarError(404, `No such endpoint: ${method} ${path}.`));
    if (match.kind === 'method') {
      return send(
        res,
        sonarError(405, `${method} is not allowed on ${path}.`, { allow: match.allow.join(', ') }),
      );
    }
    const body = parseJson(raw);
    if (body === BAD_JSON) return send(res, sonarError(400, 'The request body is not valid JSON.'));
    if (decision.after === 'late') {
      faults.park(method as SimMethod, pattern, () => {
        runHandler(match, method as SimMethod, path, url.searchParams, body);
        req.socket.destroy();
      });
      return;
    }
    const response = shapeAnswer(
      sonarVersion,
      key,
      runHandler(match, method as SimMethod, path, url.searchParams, body),
    );
    await afterCommit(req, res, decision, response);
  }

  function timeAnswer(res: ServerResponse): void {
    const arrived = performance.now();
    res.once('finish', () => {
      answers.answered += 1;
      answers.totalMs += performance.now() - arrived;
    });
  }

  async function afterCommit(
    req: IncomingMessage,
    res: ServerResponse,
    decision: FaultDecision,
    response: SimResponse,
  ): Promise<void> {
    await sleep(decision.delayAfterMs);
    if (decision.after === 'drop') return void req.socket.destroy();
    if (decision.after === 'fail') return send(res, sonarError(500, 'Simulated failure after the write.'));
    send(res, response);
  }

  function runHandler(
    match: MatchedRoute,
    method: SimMethod,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ): SimResponse {
    try {
      return match.route.handler({ method, path, params: match.params, query, body }, state);
    } catch (err) {
      return sonarError(500, `Simulator route ${method} ${match.route.pattern} failed: ${errorText(err)}`);
    }
  }

  const admin = {
    state,
    faults,
    requestCounts: () => Object.fromEntries(counts),
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    apiUrl: `${url}${API_PREFIX}`,
    sonarVersion,
    state,
    faults,
    requestCounts: admin.requestCounts,
    resetRequestCounts: () => {
      counts.clear();
      answers.answered = 0;
      answers.totalMs = 0;
    },
    answerTimes: () => ({
      answered: answers.answered,
      meanMs: answers.answered === 0 ? 0 : answers.totalMs / answers.answered,
    }),
    connectionsAccepted: () => connectionsAccepted,
    setPassword: (password) => {
      expected = basicCredentials(options.username ?? 'admin', password);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function unauthorised(): SimResponse {
  return sonarError(401, 'Invalid credentials.', { 'www-authenticate': 'Basic realm="Sonar"' });
}

function failure(f: NonNullable<FaultDecision['failWith']>, raw: string | typeof TOO_LARGE): SimResponse {
  const headers: Record<string, string> = {};
  if (f.retryAfterSeconds !== undefined) headers['retry-after'] = String(f.retryAfterSeconds);
  const message = f.message.includes('{body.') ? fillFaultMessage(f.message, parseJson(raw)) : f.message;
  return sonarError(f.status, message, headers);
}

function send(res: ServerResponse, response: SimResponse): void {
  if (res.destroyed) return;
  const text = response.status === 204 || response.body === undefined ? '' : JSON.stringify(response.body);
  const headers: Record<string, string | number> = { ...response.headers };
  if (text) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(text);
  }
  res.writeHead(response.status, headers);
  res.end(text);
}

const BAD_JSON = Symbol('bad json');
const TOO_LARGE = Symbol('too large');

function parseJson(raw: string | typeof TOO_LARGE): unknown {
  if (raw === TOO_LARGE) return undefined;
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return BAD_JSON;
  }
}

function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  // Listeners rather than `for await`: an async iterator per request cost more than the handler.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep reading (and discarding) so the socket stays usable for keep-alive.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (size > MAX_BODY_BYTES) resolve(TOO_LARGE);
      else if (chunks.length === 1) resolve((chunks[0] as Buffer).toString('utf8'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
    // A client gone mid-body: the for-await loop this replaces ended with an error too.
    req.on('close', () => {
      if (!ended) reject(new Error('the client closed the connection before the body ended'));
    });
  });
}

function basicCredentials(username: string, password: string): Buffer {
  return Buffer.from(`${username}:${password}`);
}

function isAuthorised(header: string | undefined, expected: Buffer): boolean {
  const token = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')?.[1];
  if (!token) return false;
  const given = Buffer.from(token, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
