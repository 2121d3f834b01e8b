import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSimulator } from '../../src/simulator/server.js';
import { SonarClient } from '../../src/sonar/client.js';
import { SonarApiError } from '../../src/sonar/errors.js';
import type { RetryEvent } from '../../src/sonar/retry.js';
import { accountSchema, type ClientRig, startRig } from './test-routes.js';

let rig: ClientRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const version = z.object({ version: z.string() });

describe('SonarClient retries', () => {
  it('retries a 503 and then succeeds', async () => {
    rig = await startRig();
    rig.sim.faults.failNext({ method: 'GET', pattern: '/_data/version', status: 503 });
    expect(await rig.client.get('/_data/version', version)).toEqual({ version: '2.0.0' });
    expect(rig.sim.requestCounts()).toEqual({ 'GET /_data/version': 2 });
    expect(rig.sleeps).toHaveLength(1);
  });

  it('retries a POST refused with 503, since Sonar did not process it', async () => {
    rig = await startRig();
    rig.sim.faults.failNext({ method: 'POST', pattern: '/accounts', status: 503 });
    expect(await rig.client.post('/accounts', { name: 'Ada' }, accountSchema)).toEqual({
      id: 1,
      name: 'Ada',
    });
    expect(rig.sim.requestCounts()).toEqual({ 'POST /accounts': 2 });
    expect(rig.store).toHaveLength(1);
  });

  it('honours Retry-After on a 429 and tells onRateLimit', async () => {
    const limited: RetryEvent[] = [];
    rig = await startRig({ onRateLimit: (e) => limited.push(e) });
    rig.sim.faults.failNext({ method: 'POST', pattern: '/accounts', status: 429, retryAfterSeconds: 7 });
    await rig.client.post('/accounts', { name: 'Ada' }, accountSchema);
    expect(rig.sleeps).toEqual([7_000]);
    expect(limited).toHaveLength(1);
    expect(limited[0]?.error).toMatchObject({ status: 429, retryAfterMs: 7_000, kind: 'transient' });
    expect(rig.sim.requestCounts()).toEqual({ 'POST /accounts': 2 });
  });

  it('reads Retry-After given as an HTTP date against the injected clock', async () => {
    rig = await startRig({ now: () => Date.parse('2026-01-01T00:00:00Z') });
    expect(await rig.client.get('/_test/busy', z.object({ calls: z.number() }))).toEqual({ calls: 2 });
    expect(rig.sleeps).toEqual([30_000]);
  });

  it('backs off exponentially with full jitter and gives up after the capped attempts', async () => {
    const retries: number[] = [];
    rig = await startRig({
      retry: { attempts: 4, baseMs: 100, maxMs: 300 },
      onRetry: (e) => retries.push(e.retry),
    });
    rig.sim.faults.failNext({ method: 'GET', pattern: '/_data/version', status: 502, count: 10 });
    const err = await rig.client.get('/_data/version', version).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SonarApiError);
    expect(err).toMatchObject({ code: 'SONAR_TRANSIENT', kind: 'transient', status: 502 });
    expect(rig.sim.requestCounts()).toEqual({ 'GET /_data/version': 4 });
    expect(retries).toEqual([1, 2, 3]);
    // random() is 0.5: half of 100, 200, then the 300 cap.
    expect(rig.sleeps).toEqual([50, 100, 150]);
  });

  it('classes connection refused as transient and retries it, even for a POST', async () => {
    const sim = await startSimulator({ routes: [] });
    const apiUrl = sim.apiUrl;
    await sim.close();
    const sleeps: number[] = [];
    const client = new SonarClient({
      target: { apiUrl, username: 'admin', password: 'sonar' },
      retry: { attempts: 3 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    try {
      const err = await client.post('/accounts', { name: 'Ada' }, accountSchema).catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'SONAR_TRANSIENT',
        kind: 'transient',
        method: 'POST',
        endpoint: '/accounts',
      });
      expect((err as Error).message).toContain('ECONNREFUSED');
      expect(sleeps).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('retries a GET that timed out', async () => {
    rig = await startRig({ timeoutMs: 150 });
    rig.sim.faults.delayNext({ method: 'GET', pattern: '/_data/version', ms: 2_000 });
    expect(await rig.client.get('/_data/version', version)).toEqual({ version: '2.0.0' });
    expect(rig.sim.requestCounts()).toEqual({ 'GET /_data/version': 2 });
  });

  it('retries a GET whose connection dropped', async () => {
    rig = await startRig();
    rig.sim.faults.commitThenDrop({ method: 'GET', pattern: '/_data/version' });
    expect(await rig.client.get('/_data/version', version)).toEqual({ version: '2.0.0' });
    expect(rig.sim.requestCounts()).toEqual({ 'GET /_data/version': 2 });
  });
});
