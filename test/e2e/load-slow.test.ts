import { describe, expect, it } from 'vitest';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import type { QuietWait } from '../../src/loaders/quiet-period.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { runLoad } from '../../src/loaders/runner.js';
import { steps as loadSteps } from '../../src/loaders/steps.js';
import type { Step } from '../../src/loaders/types.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { SonarClient } from '../../src/sonar/client.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  reopen,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
} from '../loaders/harness.js';

// Times here are only margins between the simulator's own timers and the loader's: pass or fail
// never depends on how long something took.
const contacts = '/accounts/:account_id/contacts';
const addresses = '/accounts/:account_id/addresses';

const template = stagedTemplate();

function shortTimeoutClient(sim: RunningSimulator, timeoutMs: number): SonarClient {
  return new SonarClient({
    target: { apiUrl: sim.apiUrl, username: 'admin', password: 'sonar' },
    sleep: async () => {},
    timeoutMs,
  });
}

describe('a slow Sonar: writes that finish after the client gave up', () => {
  it('looks a timed-out write up only after the quiet period, so it is found and not sent again', async () => {
    const sim = await startTestSimulator();
    // Sonar takes 1 s on the first contact; the client gives up after 300 ms.
    sim.faults.delayNext({ method: 'POST', pattern: contacts, ms: 1_000 });
    const client = shortTimeoutClient(sim, 300);
    try {
      const sample = cloneSample(template());
      const result = await runLoad({
        client,
        journal: sample.journal,
        staged: sample.staged,
        reference: await fetchReferenceData(client),
        accounts: smallAccounts,
        concurrency: 4,
        quietMs: 2_500,
      });
      expect(exactlyOnceProblems(sample, sim, smallAccounts)).toEqual([]);
      expect(result.steps.find((s) => s.step === 'contacts')).toMatchObject({ duplicates: 0, failed: 0 });
      // Found by the lookup after the quiet period: never sent again.
      expect(sim.requestCounts()[`POST ${contacts}`]).toBe(6);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('looks a timed-out DID inventory batch up only after the quiet period, and sends none of it again', async () => {
    const sim = await startTestSimulator();
    sim.faults.delayNext({ method: 'POST', pattern: '/system/voice/dids', ms: 1_000 });
    const client = shortTimeoutClient(sim, 300);
    try {
      const sample = cloneSample(template());
      await runLoad({
        client,
        journal: sample.journal,
        staged: sample.staged,
        reference: await fetchReferenceData(client),
        accounts: smallAccounts,
        concurrency: 4,
        quietMs: 2_500,
      });
      expect(exactlyOnceProblems(sample, sim, smallAccounts)).toEqual([]);
      // Two batches (two rate centers), as without the fault: the slow one was found, not sent again.
      expect(sim.requestCounts()['POST /system/voice/dids']).toBe(2);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('on resume straight after a crash, waits out the quiet period (counting down), then finds the write', async () => {
    const sim = await startTestSimulator();
    sim.faults.delayNext({ method: 'POST', pattern: contacts, ms: 400 });
    const sample = cloneSample(template());
    const first = shortTimeoutClient(sim, 10_000);
    // The first contact's request leaves, then the process "dies": nothing awaits its answer.
    let late: Promise<unknown> = Promise.resolve();
    let strike!: () => void;
    const crashed = new Promise<void>((resolve) => {
      strike = resolve;
    });
    const steps = loadSteps.map(
      (step): Step =>
        step.name !== 'contacts'
          ? step
          : {
              ...step,
              create: (client, record, ctx) => {
                late = step.create(client, record, ctx).catch(() => undefined);
                strike();
                return new Promise(() => {});
              },
            },
    );
    const resumedClient = shortTimeoutClient(sim, 10_000);
    try {
      void runLoad({
        client: first,
        journal: sample.journal,
        staged: sample.staged,
        reference: await fetchReferenceData(first),
        steps,
        accounts: smallAccounts,
        concurrency: 1,
        inProgressPerSlot: 1,
        limiter: new AimdLimiter({ max: 1 }),
        heartbeatMs: 50,
      });
      await crashed;
      expect(sample.journal.inFlight().map((e) => e.step)).toEqual(['contacts']);
      const resumed = reopen(sample);
      const waits: QuietWait[] = [];
      const result = await runLoad({
        client: resumedClient,
        journal: resumed.journal,
        staged: resumed.staged,
        reference: await fetchReferenceData(resumedClient),
        accounts: smallAccounts,
        concurrency: 4,
        quietMs: 1_500,
        heartbeatMs: 50,
        onQuietWait: (wait) => waits.push(wait),
      });
      await late;
      expect(waits[0]?.records).toBe(1);
      expect(result.settled).toEqual({ found: 1, absent: 0, unsettled: 0 });
      expect(exactlyOnceProblems(resumed, sim, smallAccounts)).toEqual([]);
    } finally {
      await first.close();
      await resumedClient.close();
      await sim.close();
    }
  });

  it('reports a record Sonar commits only after the quiet period as a duplicate, not as created', async () => {
    const sim = await startTestSimulator();
    // The first address gets no answer and lands only when it is sent again: Sonar took longer
    // than the quiet period.
    sim.faults.commitLate({ method: 'POST', pattern: addresses });
    const client = shortTimeoutClient(sim, 100);
    try {
      const sample = cloneSample(template());
      const accounts = new Set(['10072']);
      const result = await runLoad({
        client,
        journal: sample.journal,
        staged: sample.staged,
        reference: await fetchReferenceData(client),
        accounts,
        concurrency: 1,
        quietMs: 50,
      });
      expect(result.steps.find((s) => s.step === 'addresses')).toMatchObject({
        total: 1,
        created: 0,
        duplicates: 1,
      });
      const [entry] = [...sample.journal.entries('addresses')];
      expect(entry?.state).toBe('loaded');
      expect(entry?.lastError?.code).toBe('SONAR_DUPLICATE');
      expect(entry?.lastError?.message).toMatch(
        /Sonar holds this addresses record twice \(ids \d+ and \d+\)/,
      );
      // The account's physical address plus the record, twice.
      expect(sim.state.addresses.rows.size).toBe(3);
    } finally {
      await client.close();
      await sim.close();
    }
  });
});

describe('authentication lost mid-run', () => {
  it('stops the run, fails no record, and a plain re-run with the right password loads everything once', async () => {
    const sim = await startTestSimulator();
    try {
      const sample = cloneSample(template());
      let changed = false;
      const result = await loadOnce(sample, sim, {
        accounts: smallAccounts,
        onProgress: ({ step, tally }) => {
          // The password changes while other records are in flight.
          if (step === 'contacts' && tally.created === 1 && !changed) {
            changed = true;
            sim.setPassword('changed');
          }
        },
      });
      expect(result.fatal?.code).toBe('SONAR_AUTH');
      expect(result.fatal?.message).toContain('check SONAR_USERNAME / SONAR_PASSWORD');
      const states = new Set([...sample.journal.entries()].map((e) => e.state));
      expect([...states].sort()).toEqual(['loaded']);
      sim.setPassword('sonar');
      const again = await loadOnce(reopen(sample), sim, { accounts: smallAccounts });
      expect(again.fatal).toBeUndefined();
      expect(exactlyOnceProblems(reopen(sample), sim, smallAccounts)).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
