import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { runLoad } from '../../src/loaders/runner.js';
import { type CrashPoint, stepsCrashingAt } from './crash-steps.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  reopen,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
  testClient,
} from './harness.js';

const template = stagedTemplate();

const crashSteps: StepName[] = [
  'did_inventory',
  'accounts',
  'billing_parameters',
  'contacts',
  'addresses',
  'services',
  'credit_cards',
  'bank_accounts',
  'dids',
  'ip_assignments',
];

/** Loads until the planted crash strikes, abandons that run (the "dead process"), then resumes. */
async function crashThenResume(step: StepName, point: CrashPoint) {
  const sim = await startTestSimulator();
  const sample = cloneSample(template());
  const { steps, crashed } = stepsCrashingAt(step, point);
  const client = testClient(sim);
  try {
    const reference = await fetchReferenceData(client);
    // One account at a time, so nothing else moves once the crash strikes.
    void runLoad({
      client,
      journal: sample.journal,
      staged: sample.staged,
      reference,
      steps,
      concurrency: 1,
      accounts: smallAccounts,
      limiter: new AimdLimiter({ max: 1 }),
    });
    await crashed;
    const inFlight = sample.journal.inFlight().map((e) => e.step);
    const resumed = reopen(sample);
    const result = await loadOnce(resumed, sim, { accounts: smallAccounts });
    return { inFlight, result, problems: exactlyOnceProblems(resumed, sim, smallAccounts) };
  } finally {
    await client.close();
    await sim.close();
  }
}

describe('a crash at each step, then a resume', () => {
  for (const step of crashSteps) {
    it(`leaves exactly one record per legacy key after a crash before the ${step} request is sent`, async () => {
      const { inFlight, result, problems } = await crashThenResume(step, 'before-send');
      expect(inFlight).toContain(step);
      // Nothing was sent, so nothing is found. Every record in flight when the crash struck is found
      // absent. The snapshot is taken as it strikes, and the abandoned run can still mark records in
      // flight (never sent) after it, so the snapshot is only a lower bound.
      expect(result.settled).toMatchObject({ found: 0, unsettled: 0 });
      expect(result.settled.absent).toBeGreaterThanOrEqual(inFlight.length);
      expect(problems).toEqual([]);
    }, 30_000);

    it(`leaves exactly one record per legacy key after a crash once Sonar committed the ${step} request`, async () => {
      const { inFlight, result, problems } = await crashThenResume(step, 'after-commit');
      expect(inFlight).toContain(step);
      // The one committed request is found; any other in-flight record was never sent.
      expect(result.settled).toMatchObject({ found: 1, unsettled: 0 });
      expect(result.settled.absent).toBeGreaterThanOrEqual(inFlight.length - 1);
      expect(problems).toEqual([]);
    }, 30_000);
  }
});
