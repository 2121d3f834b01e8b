import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { exactlyOnceProblems, loadOnce, stageSample, startTestSimulator, writeCount } from './harness.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('runLoad on the sonar-importer sample', () => {
  it('loads every staged record exactly once, then a re-run sends no writes', async () => {
    sim = await startTestSimulator();
    const sample = await stageSample();
    const first = await loadOnce(sample, sim, { concurrency: 8 });
    expect(first.interrupted).toBe(false);
    expect(exactlyOnceProblems(sample, sim)).toEqual([]);
    const accounts = sim.state.accounts.rows.size;
    const counts = sim.requestCounts();
    // The next bill date rides on the account create call: one request per account, no PATCH.
    expect(counts['POST /accounts']).toBe(accounts);
    expect(counts['PATCH /accounts/:id'] ?? 0).toBe(0);
    expect(first.steps.find((s) => s.step === 'next_bill_dates')).toMatchObject({
      total: accounts,
      created: accounts,
    });

    sim.resetRequestCounts();
    const second = await loadOnce(sample, sim, { concurrency: 8 });
    expect(writeCount(sim)).toBe(0);
    expect(second.steps.every((s) => s.alreadyLoaded === s.total && s.created === 0)).toBe(true);
    expect(exactlyOnceProblems(sample, sim)).toEqual([]);
  }, 90_000);
});
