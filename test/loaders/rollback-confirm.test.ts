import { describe, expect, it } from 'vitest';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { rollbackJournal } from '../../src/loaders/rollback.js';
import { runLoad } from '../../src/loaders/runner.js';
import { settleForRollback } from '../../src/loaders/settle-for-rollback.js';
import { steps } from '../../src/loaders/steps.js';
import { allRoutes } from '../../src/simulator/routes/index.js';
import { startSimulator } from '../../src/simulator/server.js';
import { stepsCrashingAt } from './crash-steps.js';
import {
  cloneSample,
  loadOnce,
  reopen,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
  testClient,
} from './harness.js';

const template = stagedTemplate();

describe('rollback confirms what it removes', () => {
  it('counts a 404 as gone only when a lookup agrees: against a Sonar without DELETE routes nothing passes for deleted', async () => {
    const sim = await startTestSimulator();
    // The same data behind a server whose DELETE routes are missing and answer 404, as the
    // issue's server did (the simulator's own answer to an unknown method is 405).
    const noDeletes = await startSimulator({
      state: sim.state,
      routes: allRoutes.map((r) =>
        r.method !== 'DELETE'
          ? r
          : {
              ...r,
              handler: () => ({ status: 404, body: { error: { message: 'Not found.', status_code: 404 } } }),
            },
      ),
    });
    const client = testClient(noDeletes);
    try {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: smallAccounts });
      const accountsBefore = sim.state.accounts.rows.size;
      const ipsBefore = sim.state.ipAssignments.rows.size;
      const result = await rollbackJournal(client, sample.journal, steps);
      expect(result.steps.reduce((n, s) => n + s.removed + s.alreadyGone, 0)).toBe(0);
      expect(new Set(result.failures.map((f) => f.code))).toEqual(new Set(['SONAR_DELETE_UNCONFIRMED']));
      expect(result.failures.map((f) => f.step)).toContain('ip_assignments');
      expect(result.failures[0]?.message).toContain('is still there');
      expect(sim.state.accounts.rows.size).toBe(accountsBefore);
      expect(sim.state.ipAssignments.rows.size).toBe(ipsBefore);
      expect([...sample.journal.entries('accounts', 'rolled_back')]).toEqual([]);
      // An account's own fields go with it only once it is gone: nothing is marked rolled back.
      expect([...sample.journal.entries(undefined, 'rolled_back')]).toEqual([]);
    } finally {
      await client.close();
      await noDeletes.close();
      await sim.close();
    }
  });

  it('sends a delete again when its answer was lost, and counts it gone once a lookup confirms it', async () => {
    const sim = await startTestSimulator();
    const client = testClient(sim);
    try {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: smallAccounts });
      const contacts = [...sample.journal.entries('contacts', 'loaded')].length;
      sim.faults.commitThenDrop({ method: 'DELETE', pattern: '/accounts/:account_id/contacts/:contact_id' });
      const result = await rollbackJournal(client, sample.journal, steps);
      expect(result.failures).toEqual([]);
      expect(result.steps.find((s) => s.step === 'contacts')).toMatchObject({
        removed: contacts - 1,
        alreadyGone: 1,
      });
      expect(sim.state.accounts.rows.size).toBe(0);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('settles a record a load left in flight, then deletes it: nothing is left for a load to send', async () => {
    const sim = await startTestSimulator();
    const client = testClient(sim);
    const sample = cloneSample(template());
    const crash = stepsCrashingAt('contacts', 'after-commit');
    try {
      void runLoad({
        client,
        journal: sample.journal,
        staged: sample.staged,
        reference: await fetchReferenceData(client),
        steps: crash.steps,
        accounts: smallAccounts,
        concurrency: 1,
        inProgressPerSlot: 1,
        limiter: new AimdLimiter({ max: 1 }),
        heartbeatMs: 50,
      });
      await crash.crashed;
      const resumed = reopen(sample);
      const [inFlight] = resumed.journal.inFlight();
      expect(inFlight?.step).toBe('contacts');
      const settled = await settleForRollback({
        client,
        journal: resumed.journal,
        staged: resumed.staged,
        reference: await fetchReferenceData(client),
        quietMs: 0,
        heartbeatMs: 50,
      });
      expect(settled).toEqual({ found: 1, absent: 0, unsettled: 0 });
      const result = await rollbackJournal(client, resumed.journal, steps);
      expect(result.failures).toEqual([]);
      expect(resumed.journal.get('contacts', inFlight?.legacyKey ?? '')?.state).toBe('rolled_back');
      expect(sim.state.contacts.rows.size).toBe(0);
    } finally {
      await client.close();
      await sim.close();
    }
  });
});
