import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { cloneSample, exactlyOnceProblems, loadOnce, stagedTemplate, startTestSimulator } from './harness.js';

const template = stagedTemplate();

/** Requests the simulator counted that write (not reads, nor the address check geocoding posts). */
function writesOf(sim: RunningSimulator): number {
  return Object.entries(sim.requestCounts())
    .filter(([route]) => !route.startsWith('GET ') && route !== 'POST /_data/validate_address')
    .reduce((n, [, count]) => n + count, 0);
}

describe('a load with a new state file against a Sonar that already holds everything', () => {
  it('adopts every record through the group commit, not with an fsync of its own per record', async () => {
    const sim = await startTestSimulator();
    try {
      // No heartbeat during the runs: its writes are synced on the thread too.
      const first = await loadOnce(cloneSample(template()), sim, { heartbeatMs: 600_000 });
      const created = first.steps.reduce((n, s) => n + s.created, 0);
      const writes = writesOf(sim);

      // The state file is lost: the same export, a new journal.
      const again = cloneSample(template());
      const adopted = await loadOnce(again, sim, { heartbeatMs: 600_000 });
      const found = adopted.steps.reduce((n, s) => n + s.found, 0);
      expect(adopted.steps.reduce((n, s) => n + s.created + s.failed + s.skipped, 0)).toBe(0);
      expect(found).toBe(created);
      expect(writesOf(sim)).toBe(writes);
      expect(exactlyOnceProblems(again, sim)).toEqual([]);
      // Each adopted record's mark rode a group commit: what is synced on the thread is the run's
      // own bookkeeping (its start and end), not one fsync per record (`found` of them).
      expect(again.journal.syncsOnThread).toBeLessThanOrEqual(2);
    } finally {
      await sim.close();
    }
  });
});
