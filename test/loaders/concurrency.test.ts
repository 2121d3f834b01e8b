import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { startTestSimulator, testClient } from './harness.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('AimdLimiter', () => {
  it('never runs more tasks at once than its limit', async () => {
    const limiter = new AimdLimiter({ max: 3 });
    let running = 0;
    let most = 0;
    const gates = Array.from({ length: 8 }, deferred);
    const tasks = gates.map((gate) =>
      limiter.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await gate.promise;
        running -= 1;
      }),
    );
    await Promise.resolve();
    expect(limiter.active).toBe(3);
    for (const gate of gates) gate.resolve();
    await Promise.all(tasks);
    expect(most).toBe(3);
    expect(limiter.active).toBe(0);
  });

  it('counts the tasks it ran and how busy its slots were', async () => {
    const limiter = new AimdLimiter({ max: 2 });
    expect(limiter.traffic()).toEqual({ requests: 0, meanMs: 0, busySlots: 0 });
    const gates = Array.from({ length: 4 }, deferred);
    const tasks = gates.map((gate) => limiter.run(() => gate.promise));
    for (const gate of gates) gate.resolve();
    await Promise.all(tasks);
    const traffic = limiter.traffic();
    expect(traffic.requests).toBe(4);
    expect(traffic.meanMs).toBeGreaterThanOrEqual(0);
    // Never more busy than the limit allows.
    expect(traffic.busySlots).toBeLessThanOrEqual(2);
  });

  it('halves its limit on a 429, once per window, and never below the minimum', () => {
    let clock = 0;
    const limiter = new AimdLimiter({ max: 16, min: 2, now: () => clock, decreaseWindowMs: 1_000 });
    limiter.onRateLimit();
    expect(limiter.limit).toBe(8);
    limiter.onRateLimit();
    expect(limiter.limit).toBe(8);
    clock = 1_000;
    limiter.onRateLimit();
    expect(limiter.limit).toBe(4);
    for (const t of [2_000, 3_000, 4_000]) {
      clock = t;
      limiter.onRateLimit();
    }
    expect(limiter.limit).toBe(2);
  });

  it('raises its limit by one after a full window of successes, up to the maximum', () => {
    const clock = 0;
    const limiter = new AimdLimiter({ max: 4, now: () => clock });
    limiter.onRateLimit();
    expect(limiter.limit).toBe(2);
    limiter.onSuccess();
    expect(limiter.limit).toBe(2);
    limiter.onSuccess();
    expect(limiter.limit).toBe(3);
    for (let i = 0; i < 3; i += 1) limiter.onSuccess();
    expect(limiter.limit).toBe(4);
    for (let i = 0; i < 10; i += 1) limiter.onSuccess();
    expect(limiter.limit).toBe(4);
  });

  it('is lowered by the client when Sonar answers 429', async () => {
    const sim = await startTestSimulator({
      faults: {
        scripted: [
          {
            kind: 'fail',
            method: 'GET',
            pattern: '/system/account_types',
            status: 429,
            retryAfterSeconds: 0,
          },
        ],
      },
    });
    const limiter = new AimdLimiter({ max: 8 });
    const client = testClient(sim, limiter);
    try {
      await limiter.run(() => client.paginate('/system/account_types', z.unknown()).next());
      expect(limiter.limit).toBe(4);
      expect(sim.requestCounts()['GET /system/account_types']).toBe(2);
    } finally {
      await client.close();
      await sim.close();
    }
  });
});
