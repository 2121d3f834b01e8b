import { describe, expect, it } from 'vitest';
import { radiusGroupsStep } from '../../src/loaders/radius-groups.js';
import { rollbackJournal } from '../../src/loaders/rollback.js';
import { radiusAttributeSchema, radiusGroupSchema } from '../../src/sonar/schemas/index.js';
import { startTestSimulator, testClient } from './harness.js';
import {
  clientCrashingAfter,
  expectedGroups,
  loadRadius,
  remoteGroups,
  reopenRadius,
  stageRadius,
} from './radius-harness.js';

const BASE = '/network/provisioning/radius_groups';

describe('the radius_groups step against the simulator', () => {
  it('creates each group and its reply attributes exactly once, and a second load sends nothing', async () => {
    const sim = await startTestSimulator();
    try {
      const sample = await stageRadius();
      const first = await loadRadius(sample, sim);
      expect(first.steps[0]).toMatchObject({ step: 'radius_groups', created: 2 });
      expect(remoteGroups(sim)).toEqual(expectedGroups);
      expect(sim.state.radiusGroups.list()[0]).toMatchObject({
        priority: 10,
        fall_through: true,
        account_types: [1],
      });
      const writes = sim.requestCounts()['POST /network/provisioning/radius_groups/:id/attributes'];
      expect(writes).toBe(4);
      const second = await loadRadius(sample, sim);
      expect(second.steps[0]).toMatchObject({ alreadyLoaded: 2, created: 0 });
      expect(sim.requestCounts()['POST /network/provisioning/radius_groups/:id/attributes']).toBe(4);
    } finally {
      await sim.close();
    }
  });

  it('resolves group settings given by name against the reference data', async () => {
    const sim = await startTestSimulator();
    try {
      const reply = 'groupname,attribute,op,value\nActive Only,Framed-Pool,=,active\n';
      const settings = 'groupname,priority,account_statuses,account_types\nActive Only,1,Active,Commercial\n';
      const sample = await stageRadius(reply, settings);
      await loadRadius(sample, sim);
      expect(sim.state.radiusGroups.list()[0]).toMatchObject({ account_statuses: [2], account_types: [2] });
    } finally {
      await sim.close();
    }
  });

  it('adopts a group that exists by name, adds only its missing attributes, and rollback keeps it', async () => {
    const sim = await startTestSimulator();
    const client = testClient(sim);
    try {
      const group = await client.post(BASE, { name: 'Business 100M', priority: 20 }, radiusGroupSchema);
      await client.post(
        `${BASE}/${group.id}/attributes`,
        { attribute: 'Mikrotik-Rate-Limit', operator: ':=', reply: '100M/100M' },
        radiusAttributeSchema,
      );
      const sample = await stageRadius();
      const result = await loadRadius(sample, sim);
      expect(result.steps[0]).toMatchObject({ created: 1, found: 1 });
      expect(remoteGroups(sim)).toEqual([expectedGroups[1], expectedGroups[0]]);
      expect(sample.journal.get('radius_groups', 'Business 100M')).toMatchObject({
        state: 'loaded',
        adopted: true,
        sonarId: String(group.id),
      });
      const rolled = await rollbackJournal(client, sample.journal, [radiusGroupsStep]);
      expect(rolled.steps[0]).toMatchObject({ removed: 1, keptAdopted: 1 });
      expect(remoteGroups(sim)).toEqual([expectedGroups[1]]);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('fails an adopted group whose attribute Sonar holds with another value, naming both values', async () => {
    const sim = await startTestSimulator();
    const client = testClient(sim);
    try {
      const group = await client.post(BASE, { name: 'Business 100M', priority: 20 }, radiusGroupSchema);
      await client.post(
        `${BASE}/${group.id}/attributes`,
        { attribute: 'Mikrotik-Rate-Limit', operator: ':=', reply: '50M/50M' },
        radiusAttributeSchema,
      );
      const sample = await stageRadius();
      await loadRadius(sample, sim);
      const entry = sample.journal.get('radius_groups', 'Business 100M');
      expect(entry?.state).toBe('failed');
      expect(entry?.lastError?.code).toBe('SONAR_TERMINAL');
      expect(entry?.lastError?.message).toContain('"50M/50M" where the export has := "100M/100M"');
    } finally {
      await client.close();
      await sim.close();
    }
  });

  for (const [what, pattern] of [
    ['the group POST', BASE],
    ['an attribute POST', `${BASE}/:id/attributes`],
  ] as const) {
    it(`settles a commit-then-drop on ${what} by looking, leaving one group with each attribute once`, async () => {
      const sim = await startTestSimulator({
        faults: { scripted: [{ kind: 'commit-then-drop', method: 'POST', pattern }] },
      });
      try {
        const sample = await stageRadius();
        const result = await loadRadius(sample, sim);
        expect(result.steps[0]).toMatchObject({ created: 1, found: 1 });
        expect(remoteGroups(sim)).toEqual(expectedGroups);
        expect(sample.journal.get('radius_groups', 'Residential 25M')?.adopted).toBe(false);
      } finally {
        await sim.close();
      }
    });
  }

  for (const [what, target] of [
    ['the group POST', /radius_groups$/],
    ['an attribute POST', /attributes$/],
  ] as const) {
    it(`resumes after the process died once Sonar committed ${what}, ending with exactly one remote record per key`, async () => {
      const sim = await startTestSimulator();
      const base = testClient(sim);
      try {
        const sample = await stageRadius();
        const { client, crashed } = clientCrashingAfter(base, target);
        void loadRadius(sample, sim, { client });
        await crashed;
        // The crashed record, and any marked while it held the only slot (two in progress per slot).
        const inFlight = sample.journal.inFlight().map((e) => e.legacyKey);
        expect(inFlight).toContain('Residential 25M');
        const resumed = reopenRadius(sample);
        const result = await loadRadius(resumed, sim);
        // Sonar has the crashed one; the others were never sent, so they are absent and sent now.
        expect(result.settled).toEqual({ found: 1, absent: inFlight.length - 1, unsettled: 0 });
        expect(remoteGroups(sim)).toEqual(expectedGroups);
        expect(resumed.journal.get('radius_groups', 'Residential 25M')).toMatchObject({
          state: 'loaded',
          adopted: false,
        });
        const rolled = await rollbackJournal(base, resumed.journal, [radiusGroupsStep]);
        expect(rolled.steps[0]).toMatchObject({ removed: 2, keptAdopted: 0 });
        expect(sim.state.radiusGroups.list()).toEqual([]);
      } finally {
        await base.close();
        await sim.close();
      }
    }, 15_000);
  }
});
