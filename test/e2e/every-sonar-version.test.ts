import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { rollbackJournal } from '../../src/loaders/rollback.js';
import { runLoad } from '../../src/loaders/runner.js';
import { steps } from '../../src/loaders/steps.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { type SonarVersion, sonarVersions } from '../../src/simulator/versions.js';
import { stepsCrashingAt } from '../loaders/crash-steps.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  reopen,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
  testClient,
} from '../loaders/harness.js';

// Issue 12: a load of the samples, a resume after an interruption and a rollback end with every
// record in Sonar exactly once (then none), whichever documented Sonar version answers.

const template = stagedTemplate();

/** What the simulator holds, by kind: the exact counts the sonar-importer sample loads. */
function heldCounts(sim: RunningSimulator) {
  const s = sim.state;
  return {
    accounts: s.accounts.rows.size,
    contacts: s.contacts.rows.size,
    addresses: s.addresses.rows.size,
    paymentMethods: s.paymentMethods.rows.size,
    accountServices: s.accountServices.rows.size + s.transactions.rows.size,
    dids: s.dids.rows.size,
    ipAssignments: s.ipAssignments.rows.size,
  };
}

/** The sample staged, as the load must leave the simulator: one record per staged record. */
const sampleCounts = {
  accounts: 200,
  contacts: 282,
  addresses: 262,
  paymentMethods: 126,
  accountServices: 277,
  dids: 33,
  ipAssignments: 24,
};

/** Loads until the planted crash strikes after Sonar committed `step`, abandons that run, resumes. */
async function crashAfterCommitThenResume(version: SonarVersion, step: StepName) {
  const sim = await startTestSimulator({ sonarVersion: version });
  const sample = cloneSample(template());
  const { steps: crashing, crashed } = stepsCrashingAt(step, 'after-commit');
  const client = testClient(sim);
  try {
    const reference = await fetchReferenceData(client);
    // One account at a time, so nothing else moves once the crash strikes.
    void runLoad({
      client,
      journal: sample.journal,
      staged: sample.staged,
      reference,
      steps: crashing,
      concurrency: 1,
      accounts: smallAccounts,
      limiter: new AimdLimiter({ max: 1 }),
    });
    await crashed;
    const inFlight = sample.journal.inFlight().map((e) => e.step);
    const resumed = reopen(sample);
    const result = await loadOnce(resumed, sim, { accounts: smallAccounts });
    return {
      inFlight,
      settled: result.settled,
      stillInFlight: resumed.journal.inFlight().length,
      problems: exactlyOnceProblems(resumed, sim, smallAccounts),
    };
  } finally {
    await client.close();
    await sim.close();
  }
}

for (const version of sonarVersions) {
  describe(`against a Sonar answering as version "${version}"`, () => {
    it('loads the whole sample exactly once, leaves nothing in flight, and rolls it all back', async () => {
      const sim = await startTestSimulator({ sonarVersion: version });
      const sample = cloneSample(template());
      const client = testClient(sim);
      try {
        const result = await loadOnce(sample, sim, { concurrency: 4 });
        expect(result.settled).toEqual({ found: 0, absent: 0, unsettled: 0 });
        expect(sample.journal.inFlight()).toEqual([]);
        expect(exactlyOnceProblems(sample, sim)).toEqual([]);
        expect(heldCounts(sim)).toEqual(sampleCounts);

        const rolledBack = await rollbackJournal(client, sample.journal, steps);
        expect(rolledBack.failures).toEqual([]);
        expect(rolledBack.interrupted).toBe(false);
        expect(heldCounts(sim)).toEqual({
          accounts: 0,
          contacts: 0,
          addresses: 0,
          paymentMethods: 0,
          // One-time charges make transactions, which the API cannot delete (rollback says so).
          accountServices: sim.state.transactions.rows.size,
          dids: 0,
          ipAssignments: 0,
        });
        expect(sample.journal.inFlight()).toEqual([]);
      } finally {
        await client.close();
        await sim.close();
      }
    }, 90_000);

    for (const step of ['billing_parameters', 'services', 'bank_accounts'] as const) {
      it(`resumes after a crash once Sonar committed a ${step} write: found, nothing left in flight`, async () => {
        const { inFlight, settled, stillInFlight, problems } = await crashAfterCommitThenResume(
          version,
          step,
        );
        // The crashed write is in flight; another step's record may be too (steps overlap).
        expect(inFlight).toContain(step);
        expect(settled.unsettled).toBe(0);
        expect(stillInFlight).toBe(0);
        expect(problems).toEqual([]);
      }, 60_000);
    }
  });
}
