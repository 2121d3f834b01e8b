import { describe, expect, it } from 'vitest';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { runLoad } from '../../src/loaders/runner.js';
import { SonarClient } from '../../src/sonar/client.js';
import { cloneSample, exactlyOnceProblems, stagedTemplate, startTestSimulator } from '../loaders/harness.js';

const template = stagedTemplate();

describe('a load at concurrency 32 with faults and an abort signal', () => {
  it('emits no MaxListenersExceededWarning: retry waits share one abort listener per signal', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    // 429 and 503 storms: many requests sleep before a retry at the same time, each with the run's signal.
    const sim = await startTestSimulator({ faults: { rates: { error429: 0.3, error500: 0.1 }, seed: 7 } });
    const limiter = new AimdLimiter({ max: 32 });
    const client = new SonarClient({
      target: { apiUrl: sim.apiUrl, username: 'admin', password: 'sonar' },
      // Real sleeps (the default), kept short: the waits must overlap on the one signal.
      retry: { attempts: 8, baseMs: 20, maxMs: 40 },
      timeoutMs: 10_000,
      connections: 64,
    });
    const controller = new AbortController();
    try {
      const sample = cloneSample(template());
      const reference = await fetchReferenceData(client);
      await runLoad({
        client,
        journal: sample.journal,
        staged: sample.staged,
        reference,
        concurrency: 32,
        limiter,
        signal: controller.signal,
        // 500s after writes are uncertain: each waits a (short) quiet period on the same signal.
        quietMs: 50,
        heartbeatMs: 50,
      });
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.includes('MaxListenersExceeded'))).toEqual([]);
      // Records whose sends all met a 500 failed (retryable): a plain re-run without faults ends the job.
      sim.faults.reset();
      await runLoad({
        client,
        journal: sample.journal,
        staged: sample.staged,
        reference: await fetchReferenceData(client),
        concurrency: 32,
        quietMs: 0,
      });
      expect(exactlyOnceProblems(sample, sim)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await client.close();
      await sim.close();
    }
  }, 240_000);
});
