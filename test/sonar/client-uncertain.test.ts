import { afterEach, describe, expect, it } from 'vitest';
import { SonarApiError } from '../../src/sonar/errors.js';
import { accountSchema, type ClientRig, startRig } from './test-routes.js';

let rig: ClientRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function postFailure(r: ClientRig): Promise<SonarApiError> {
  const err = await r.client.post('/accounts', { name: 'Ada' }, accountSchema).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SonarApiError);
  return err as SonarApiError;
}

describe('SonarClient uncertain writes', () => {
  it('classes a POST whose connection dropped after the commit as uncertain and sends it once', async () => {
    rig = await startRig();
    rig.sim.faults.commitThenDrop({ method: 'POST', pattern: '/accounts' });
    const err = await postFailure(rig);
    expect(err).toMatchObject({
      code: 'SONAR_UNCERTAIN',
      kind: 'uncertain',
      method: 'POST',
      endpoint: '/accounts',
    });
    expect(err.message).toContain('look the record up in Sonar before sending it again');
    expect(rig.sim.requestCounts()).toEqual({ 'POST /accounts': 1 });
    expect(rig.store).toEqual([{ id: 1, name: 'Ada' }]);
    expect(rig.sleeps).toEqual([]);
  });

  it('classes a POST that timed out after the commit as uncertain and sends it once', async () => {
    rig = await startRig({ timeoutMs: 150 });
    rig.sim.faults.delayNext({ method: 'POST', pattern: '/accounts', ms: 2_000, afterCommit: true });
    const err = await postFailure(rig);
    expect(err).toMatchObject({ code: 'SONAR_UNCERTAIN', kind: 'uncertain' });
    expect(err.message).toContain('no answer within 150 ms');
    expect(rig.sim.requestCounts()).toEqual({ 'POST /accounts': 1 });
    expect(rig.store).toHaveLength(1);
  });

  it('classes a 500 answer to a POST as uncertain and does not re-send it', async () => {
    rig = await startRig();
    rig.sim.faults.commitThen500({ method: 'POST', pattern: '/accounts' });
    const err = await postFailure(rig);
    expect(err).toMatchObject({ code: 'SONAR_UNCERTAIN', kind: 'uncertain', status: 500 });
    expect(rig.sim.requestCounts()).toEqual({ 'POST /accounts': 1 });
    expect(rig.store).toHaveLength(1);
  });

  it('classes a POST reset before it was handled as uncertain too, since the client cannot tell', async () => {
    rig = await startRig();
    rig.sim.faults.resetNext({ method: 'POST', pattern: '/accounts' });
    const err = await postFailure(rig);
    expect(err.kind).toBe('uncertain');
    expect(rig.sim.requestCounts()).toEqual({ 'POST /accounts': 1 });
    expect(rig.store).toHaveLength(0);
  });
});
