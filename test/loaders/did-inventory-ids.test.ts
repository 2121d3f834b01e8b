import { describe, expect, it } from 'vitest';
import { cloneSample, loadOnce, stagedTemplate, startTestSimulator } from './harness.js';

const template = stagedTemplate();

describe('the DID inventory step', () => {
  it('reads back the id of every DID it mass-added from one pass over the inventory listing', async () => {
    const sim = await startTestSimulator();
    try {
      const sample = cloneSample(template());
      const staged = [...sample.staged.valid('did_inventory')];
      await loadOnce(sample, sim, { only: ['did_inventory'] });

      const entries = [...sample.journal.entries('did_inventory')];
      expect(entries.length).toBe(staged.length);
      const wrong = entries.flatMap((entry) => {
        const did = String(entry.sonarRef?.did);
        const held = sim.state.dids.where('did', did)[0];
        return entry.state === 'loaded' && held && entry.sonarId === String(held.id)
          ? []
          : [`${entry.legacyKey}: ${entry.state} ${entry.sonarId} (Sonar: ${held?.id})`];
      });
      expect(wrong).toEqual([]);
      // The reference read at start (an empty inventory: one page), then the listing read once.
      const pages = Math.ceil(sim.state.dids.rows.size / 100);
      expect(sim.requestCounts()['GET /system/voice/dids']).toBe(1 + pages);
    } finally {
      await sim.close();
    }
  });
});
