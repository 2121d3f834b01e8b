import { afterEach, describe, expect, it } from 'vitest';
import type { Route } from '../../src/simulator/router.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';

const auth = `Basic ${Buffer.from('admin:sonar').toString('base64')}`;

/** Small routes so these tests do not depend on the real Sonar routes. */
function testRoutes(store: unknown[]): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/_data/version',
      handler: () => ({ status: 200, body: { data: { version: '2.0.0' } } }),
    },
    {
      method: 'GET',
      pattern: '/accounts/:account_id',
      handler: (req) => ({
        status: 200,
        body: { data: { id: Number(req.params.account_id), q: req.query.get('q') } },
      }),
    },
    {
      method: 'GET',
      pattern: '/accounts/search',
      handler: () => ({ status: 200, body: { data: 'search' } }),
    },
    {
      method: 'POST',
      pattern: '/accounts',
      handler: (req) => {
        store.push(req.body);
        return { status: 201, body: { data: { id: store.length } } };
      },
    },
  ];
}

/** The two shapes Sonar answers with. */
type SonarBody = { data?: unknown; error?: { message: unknown; status_code: number } } | undefined;

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function call(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: SonarBody; headers: Headers }> {
  const res = await fetch(`${sim!.url}${path}`, {
    ...init,
    headers: { authorization: auth, 'content-type': 'application/json', ...init.headers },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

describe('the simulator server', () => {
  it('answers 401 in Sonar error shape without valid Basic credentials', async () => {
    sim = await startSimulator({ routes: testRoutes([]) });
    const res = await fetch(`${sim.apiUrl}/_data/version`, {
      headers: { authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { message: 'Invalid credentials.', status_code: 401 } });
  });

  it('accepts custom credentials', async () => {
    sim = await startSimulator({ routes: testRoutes([]), username: 'u', password: 'p4ss' });
    const res = await fetch(`${sim.apiUrl}/_data/version`, {
      headers: { authorization: `basic ${Buffer.from('u:p4ss').toString('base64')}` },
    });
    expect(res.status).toBe(200);
  });

  it('routes by pattern, passes params and query, and prefers literal segments', async () => {
    sim = await startSimulator({ routes: testRoutes([]) });
    expect((await call('/api/v1/accounts/12?q=x')).body).toEqual({ data: { id: 12, q: 'x' } });
    expect((await call('/api/v1/accounts/search')).body).toEqual({ data: 'search' });
  });

  it('answers 404 for an unknown endpoint and 405 for a wrong method, in Sonar error shape', async () => {
    sim = await startSimulator({ routes: testRoutes([]) });
    const missing = await call('/api/v1/nothing/here');
    expect(missing.status).toBe(404);
    expect(missing.body?.error?.status_code).toBe(404);
    const wrong = await call('/api/v1/_data/version', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('answers 400 for a body that is not JSON and does not run the handler', async () => {
    const store: unknown[] = [];
    sim = await startSimulator({ routes: testRoutes(store) });
    const res = await call('/api/v1/accounts', { method: 'POST', body: '{"name":' });
    expect(res.status).toBe(400);
    expect(res.body?.error?.message).toContain('not valid JSON');
    expect(store).toHaveLength(0);
  });

  it('reads a body sent in several chunks as one JSON document', async () => {
    const store: unknown[] = [];
    sim = await startSimulator({ routes: testRoutes(store) });
    const text = JSON.stringify({ name: 'Ann', note: 'x'.repeat(70_000) });
    const chunks = [text.slice(0, 10), text.slice(10, 40_000), text.slice(40_000)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const res = await fetch(`${sim.apiUrl}/accounts`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(201);
    expect(store).toEqual([{ name: 'Ann', note: 'x'.repeat(70_000) }]);
  });

  it('keeps answering after a client leaves in the middle of a body', async () => {
    const store: unknown[] = [];
    sim = await startSimulator({ routes: testRoutes(store) });
    const { request } = await import('node:http');
    const url = new URL(`${sim.apiUrl}/accounts`);
    await new Promise<void>((resolve) => {
      const req = request(url, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json', 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"name":', () => {
        req.destroy();
        resolve();
      });
    });
    const res = await call('/api/v1/_data/version');
    expect(res.status).toBe(200);
    expect(store).toHaveLength(0);
  });

  it('counts requests per method and route pattern', async () => {
    sim = await startSimulator({ routes: testRoutes([]) });
    await call('/api/v1/accounts/1');
    await call('/api/v1/accounts/2');
    await call('/api/v1/_data/version');
    expect(sim.requestCounts()).toEqual({ 'GET /accounts/:account_id': 2, 'GET /_data/version': 1 });
  });

  it('fails the next N scripted calls with a status and Retry-After, then answers normally', async () => {
    sim = await startSimulator({ routes: testRoutes([]) });
    sim.faults.failNext({
      method: 'GET',
      pattern: '/_data/version',
      status: 429,
      count: 2,
      retryAfterSeconds: 3,
    });
    const first = await call('/api/v1/_data/version');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await call('/api/v1/_data/version')).status).toBe(429);
    expect((await call('/api/v1/_data/version')).status).toBe(200);
  });

  it('commits a write then drops the connection without answering', async () => {
    const store: unknown[] = [];
    sim = await startSimulator({ routes: testRoutes(store) });
    sim.faults.commitThenDrop({ method: 'POST', pattern: '/accounts' });
    await expect(call('/api/v1/accounts', { method: 'POST', body: '{"name":"a"}' })).rejects.toThrow();
    expect(store).toEqual([{ name: 'a' }]);
  });

  it('commits a write then answers 500', async () => {
    const store: unknown[] = [];
    sim = await startSimulator({ routes: testRoutes(store) });
    sim.faults.commitThen500({ method: 'POST', pattern: '/accounts' });
    const res = await call('/api/v1/accounts', { method: 'POST', body: '{"name":"a"}' });
    expect(res.status).toBe(500);
    expect(store).toHaveLength(1);
  });

  it('resets the connection before handling, committing nothing', async () => {
    const store: unknown[] = [];
    sim = await startSimulator({ routes: testRoutes(store) });
    sim.faults.resetNext({ method: '*', pattern: '*' });
    await expect(call('/api/v1/accounts', { method: 'POST', body: '{"name":"a"}' })).rejects.toThrow();
    expect(store).toHaveLength(0);
  });

  it('draws random faults from a seed so the same seed fails the same requests', async () => {
    const statuses = async (seed: number): Promise<number[]> => {
      sim = await startSimulator({ routes: testRoutes([]), faults: { seed, rates: { error500: 0.5 } } });
      const out: number[] = [];
      for (let i = 0; i < 12; i += 1) out.push((await call('/api/v1/_data/version')).status);
      await sim.close();
      sim = undefined;
      return out;
    };
    const a = await statuses(42);
    expect(await statuses(42)).toEqual(a);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });

  it('sets faults and latency and shows counts and state through the admin endpoints', async () => {
    sim = await startSimulator({ routes: testRoutes([]) });
    const set = await call('/__admin/faults', {
      method: 'POST',
      body: JSON.stringify({
        scripted: [{ kind: 'fail', method: 'GET', pattern: '/_data/version', status: 503 }],
      }),
    });
    expect(set.status).toBe(200);
    expect((await call('/api/v1/_data/version')).status).toBe(503);
    expect((await call('/__admin/requests')).body).toEqual({ data: { 'GET /_data/version': 1 } });
    expect((await call('/__admin/latency', { method: 'POST', body: '{"fixedMs":1}' })).status).toBe(200);
    expect(sim.faults.describe().latency).toEqual({ fixedMs: 1, jitterMs: 0 });
    expect((await call('/__admin/reset-faults', { method: 'POST' })).status).toBe(200);
    expect(sim.faults.describe().latency).toEqual({ fixedMs: 0, jitterMs: 0 });
    expect((await call('/__admin/state')).status).toBe(200);
    const bad = await call('/__admin/faults', { method: 'POST', body: '{"rates":{"error500":2}}' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body?.error?.message as object)).toEqual(['rates.error500']);
  });

  it('requires Basic auth on the admin endpoints too', async () => {
    sim = await startSimulator({ routes: testRoutes([]) });
    const res = await fetch(`${sim.url}/__admin/state`);
    expect(res.status).toBe(401);
  });
});
