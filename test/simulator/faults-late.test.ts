import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SonarApiError } from '../../src/sonar/errors.js';
import { accountSchema, type ClientRig, startRig } from '../sonar/test-routes.js';

let rig: ClientRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('simulator: writes Sonar finishes after the client gave up', () => {
  it('commit-late leaves a POST unanswered and commits it when the next POST arrives, before that one', async () => {
    rig = await startRig({ timeoutMs: 100 });
    rig.sim.faults.commitLate({ method: 'POST', pattern: '/accounts' });
    const err = await rig.client.post('/accounts', { name: 'Ada' }, accountSchema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SonarApiError);
    expect((err as SonarApiError).code).toBe('SONAR_UNCERTAIN');
    // The client gave up and a lookup finds nothing: Sonar is still working on it.
    expect(await rig.client.get('/accounts', z.array(accountSchema))).toEqual([]);
    // Sent again: the first write lands first, then the second — two records.
    expect(await rig.client.post('/accounts', { name: 'Ada' }, accountSchema)).toEqual({
      id: 2,
      name: 'Ada',
    });
    expect(rig.store).toEqual([
      { id: 1, name: 'Ada' },
      { id: 2, name: 'Ada' },
    ]);
  });

  it('a delay before the handler still commits the write once the client has timed out', async () => {
    rig = await startRig({ timeoutMs: 50 });
    rig.sim.faults.delayNext({ method: 'POST', pattern: '/accounts', ms: 300 });
    const err = await rig.client.post('/accounts', { name: 'Ada' }, accountSchema).catch((e: unknown) => e);
    expect((err as SonarApiError).code).toBe('SONAR_UNCERTAIN');
    expect(rig.store).toEqual([]);
    // Wait for the simulator's own timer (no pass/fail on timing: the store is polled until it lands).
    while (rig.store.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rig.store).toEqual([{ id: 1, name: 'Ada' }]);
  });

  it('setPassword makes every later request fail with 401', async () => {
    rig = await startRig();
    expect(await rig.client.post('/accounts', { name: 'Ada' }, accountSchema)).toEqual({
      id: 1,
      name: 'Ada',
    });
    rig.sim.setPassword('changed');
    const err = await rig.client.post('/accounts', { name: 'Bo' }, accountSchema).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SONAR_AUTH', status: 401 });
    expect(rig.store).toEqual([{ id: 1, name: 'Ada' }]);
  });
});
