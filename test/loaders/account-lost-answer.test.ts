import { describe, expect, it } from 'vitest';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { type LoadOptions, type LoadResult, runLoad } from '../../src/loaders/runner.js';
import type { ScriptedFault } from '../../src/simulator/faults.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { simAccount } from '../helpers/sim-account.js';
import { cloneSample, type StagedSample, stagedTemplate, startTestSimulator, testClient } from './harness.js';
import { recordingRoutes } from './recording-routes.js';

// Issue 16: the lookup after a lost account create reads the end of GET /accounts (the newest
// accounts), down to the highest id the run journaled before the send — not the whole list.

const template = stagedTemplate();

/** Sample accounts with no sub-accounts, loaded one at a time. */
const keys = ['10001', '10002', '10003'];
/** Accounts in Sonar before the migration: five pages of 100 with the three loaded (ids 451–453). */
const older = 450;
/** Older accounts that bear the names of the three sample accounts. */
const namesakes = [100, 200, 300];

/**
 * The sample as a migration that lets Sonar number the accounts (its mapping gives no `id`): only
 * then is a lost create looked up by listing; an account with an id of its own is read by that id.
 */
function sonarNumbered(): StagedSample {
  const sample = cloneSample(template());
  sample.db.prepare(`UPDATE staged SET payload = json_remove(payload, '$.id') WHERE step = 'accounts'`).run();
  return sample;
}

function nameOf(sample: StagedSample, legacyKey: string): string {
  const record = [...sample.staged.valid('accounts')].find((r) => r.legacyKey === legacyKey);
  return String(record?.payload.name);
}

/**
 * A simulator holding `older` accounts, the sample's three names among them, whose POST /accounts
 * tells `onCreate` how many creates it answered: a fault queued then hits exactly the next one.
 */
async function simulatorWithOlderAccounts(
  sample: StagedSample,
  onCreate: (sim: RunningSimulator, creates: number) => void = () => {},
): Promise<RunningSimulator> {
  let creates = 0;
  let running: RunningSimulator | undefined;
  const sim = await startTestSimulator({
    routes: recordingRoutes(new Map(), (key, response) => {
      if (key === 'POST /accounts' && running) {
        creates += 1;
        onCreate(running, creates);
      }
      return response;
    }),
  });
  running = sim;
  const names = new Map(namesakes.map((id, i) => [id, nameOf(sample, keys[i] ?? '')]));
  for (let id = 1; id <= older; id += 1) {
    sim.state.accounts.insert(simAccount(id, names.get(id) ?? `Older account ${id}`));
  }
  return sim;
}

/** Queues `kind` on POST /accounts once `after` creates were answered: it hits the next one. */
function faultAfter(after: number, kind: 'commit-then-drop' | 'reset') {
  return (sim: RunningSimulator, creates: number) => {
    if (creates === after) sim.faults.add({ kind, method: 'POST', pattern: '/accounts' } as ScriptedFault);
  };
}

/**
 * Loads the accounts step of `accounts`, one request at a time, and counts the GET /accounts the
 * run sent (the reference data's full read at the start is not counted: it is made before).
 */
async function loadAccounts(
  sample: StagedSample,
  sim: RunningSimulator,
  accounts: string[],
  options: Partial<LoadOptions> = {},
): Promise<{ result: LoadResult; listGets: number }> {
  const limiter = new AimdLimiter({ max: 1 });
  const client = testClient(sim, limiter);
  try {
    const reference = await fetchReferenceData(client);
    const before = sim.requestCounts()['GET /accounts'] ?? 0;
    const result = await runLoad({
      client,
      journal: sample.journal,
      staged: sample.staged,
      reference,
      concurrency: 1,
      inProgressPerSlot: 1,
      limiter,
      only: ['accounts'],
      accounts: new Set(accounts),
      quietMs: 0,
      heartbeatMs: 50,
      ...options,
    });
    return { result, listGets: (sim.requestCounts()['GET /accounts'] ?? 0) - before };
  } finally {
    await client.close();
  }
}

function tallyOf(result: LoadResult) {
  return result.steps.find((s) => s.step === 'accounts');
}

/** The journaled Sonar id of each account, sorted; every account must be loaded. */
function journaledIds(sample: StagedSample, accounts: string[]): Array<string | null | undefined> {
  return accounts
    .map((key) => {
      const entry = sample.journal.get('accounts', key);
      expect(entry?.state).toBe('loaded');
      return entry?.sonarId;
    })
    .sort();
}

/** The account whose create was sent twice (its first send got no answer). */
function resentKey(sample: StagedSample): string | undefined {
  return keys.find((key) => (sample.journal.get('accounts', key)?.attempts ?? 0) > 1);
}

describe('an account create whose answer was lost', () => {
  it('is found on the last page: 2 GETs with 452 accounts before it, not all 5 pages', async () => {
    const sample = sonarNumbered();
    const sim = await simulatorWithOlderAccounts(sample, faultAfter(2, 'commit-then-drop'));
    try {
      const { result, listGets } = await loadAccounts(sample, sim, keys);
      // Page 1 (there are 5), then page 5 (ids 401–453), whose lowest id is at or below the floor:
      // 451 at least (the first account, journaled a group commit or more before the third's send).
      expect(listGets).toBe(2);
      expect(tallyOf(result)).toMatchObject({ created: 2, found: 1, duplicates: 0 });
      expect(journaledIds(sample, keys)).toEqual(['451', '452', '453']);
      expect(sim.state.accounts.rows.size).toBe(older + 3);
    } finally {
      await sim.close();
    }
  }, 30_000);

  it('never takes an older account of the same name for it when the send never landed', async () => {
    const sample = sonarNumbered();
    // The third create's connection is reset before Sonar handles it: no account, no answer.
    const sim = await simulatorWithOlderAccounts(sample, faultAfter(2, 'reset'));
    try {
      const { result, listGets } = await loadAccounts(sample, sim, keys);
      // Before issue 16 the lookup took the older namesake (id 100, 200 or 300) for the account.
      expect(journaledIds(sample, keys)).toEqual(['451', '452', '453']);
      const resent = resentKey(sample) ?? '';
      // An older account bears its name, is claimed by no journal entry, and is not taken for it.
      const namesake = namesakes[keys.indexOf(resent)] ?? 0;
      expect(sim.state.accounts.get(namesake)?.name).toBe(nameOf(sample, resent));
      expect(sample.journal.get('accounts', resent)?.sonarId).toBe('453');
      expect(tallyOf(result)).toMatchObject({ created: 3, found: 0, duplicates: 0 });
      // Two lookups of 2 GETs find nothing above the floor; it is sent again, and the end-of-run
      // check for a double of the re-sent account (duplicates.ts) reads the same two pages.
      expect(listGets).toBe(2 + 2 + 2);
      expect(sim.state.accounts.rows.size).toBe(older + 3);
    } finally {
      await sim.close();
    }
  }, 30_000);

  it('is settled by the next run from the end of the list, below the floor of the run that sent it', async () => {
    const sample = sonarNumbered();
    const stop = new AbortController();
    // The third create lands, its answer is lost, and the run is interrupted while it waits out
    // the quiet period: the account is left in flight for the next run to look up.
    const sim = await simulatorWithOlderAccounts(sample, (running, creates) => {
      faultAfter(2, 'commit-then-drop')(running, creates);
      if (creates === 3) stop.abort();
    });
    try {
      const interrupted = await loadAccounts(sample, sim, keys, { quietMs: 60_000, signal: stop.signal });
      expect(interrupted.listGets).toBe(0);
      expect(keys.filter((key) => sample.journal.get('accounts', key)?.state === 'in_flight')).toHaveLength(
        1,
      );
      const { result, listGets } = await loadAccounts(sample, sim, keys);
      expect(result.settled).toMatchObject({ found: 1, absent: 0, unsettled: 0 });
      expect(listGets).toBe(2);
      expect(journaledIds(sample, keys)).toEqual(['451', '452', '453']);
      expect(sim.state.accounts.rows.size).toBe(older + 3);
    } finally {
      await sim.close();
    }
  }, 30_000);

  it('reads every page when the run journaled no account before the send (no floor)', async () => {
    const sample = sonarNumbered();
    const sim = await simulatorWithOlderAccounts(sample);
    sim.faults.commitThenDrop({ method: 'POST', pattern: '/accounts' });
    try {
      const { result, listGets } = await loadAccounts(sample, sim, ['10002']);
      // 451 accounts: pages 1–5, as before issue 16; the newest of the name is still the one.
      expect(listGets).toBe(5);
      expect(tallyOf(result)).toMatchObject({ created: 0, found: 1 });
      expect(journaledIds(sample, ['10002'])).toEqual(['451']);
    } finally {
      await sim.close();
    }
  }, 30_000);
});
