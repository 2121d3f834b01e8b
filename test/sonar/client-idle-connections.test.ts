import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { accountSchema, type ClientRig, startRig } from './test-routes.js';

let rig: ClientRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

// A keep-alive socket left idle may have been closed by Sonar (or a proxy) meanwhile; a write sent
// on it fails as uncertain. After idleRefreshMs without an exchange the client opens new ones.
describe('SonarClient idle connections', () => {
  it('reuses its connection while requests follow each other', async () => {
    rig = await startRig({ connections: 1, idleRefreshMs: 60_000 });
    for (let i = 0; i < 5; i += 1) await rig.client.post('/accounts', { name: `A${i}` }, accountSchema);
    expect(rig.sim.connectionsAccepted()).toBe(1);
  });

  it('opens a fresh connection after a pause longer than idleRefreshMs', async () => {
    rig = await startRig({ connections: 1, idleRefreshMs: 50 });
    await rig.client.post('/accounts', { name: 'Before' }, accountSchema);
    await rig.client.post('/accounts', { name: 'Right after' }, accountSchema);
    expect(rig.sim.connectionsAccepted()).toBe(1);
    await delay(150);
    await rig.client.post('/accounts', { name: 'After the pause' }, accountSchema);
    expect(rig.sim.connectionsAccepted()).toBe(2);
    expect(rig.store.map((a) => a.name)).toEqual(['Before', 'Right after', 'After the pause']);
  });

  it('keeps the connection when the pause is shorter than idleRefreshMs', async () => {
    rig = await startRig({ connections: 1, idleRefreshMs: 5_000 });
    await rig.client.post('/accounts', { name: 'Before' }, accountSchema);
    await delay(150);
    await rig.client.post('/accounts', { name: 'After' }, accountSchema);
    expect(rig.sim.connectionsAccepted()).toBe(1);
  });
});
