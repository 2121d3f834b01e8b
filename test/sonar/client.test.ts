import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SonarApiError } from '../../src/sonar/errors.js';
import { accountSchema, type ClientRig, startRig } from './test-routes.js';

let rig: ClientRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Runs `fn` and returns the SonarApiError it rejects with. */
async function failure(fn: () => Promise<unknown>): Promise<SonarApiError> {
  const err = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SonarApiError);
  return err as SonarApiError;
}

describe('SonarClient', () => {
  it('GETs with Basic auth and returns the data checked by the schema', async () => {
    rig = await startRig();
    const version = await rig.client.get('/_data/version', z.object({ version: z.string() }));
    expect(version).toEqual({ version: '2.0.0' });
  });

  it('POSTs JSON and returns the created record', async () => {
    rig = await startRig();
    const account = await rig.client.post('/accounts', { name: 'Ada' }, accountSchema);
    expect(account).toEqual({ id: 1, name: 'Ada' });
    expect(rig.store).toEqual([{ id: 1, name: 'Ada' }]);
  });

  it('classes 401 as terminal SONAR_AUTH and does not retry it', async () => {
    rig = await startRig({}, { password: 'other' });
    const err = await failure(() => rig!.client.get('/_data/version', z.unknown()));
    expect(err).toMatchObject({ code: 'SONAR_AUTH', kind: 'terminal', status: 401, method: 'GET' });
    expect(err.endpoint).toBe('/_data/version');
    expect(rig.sim.requestCounts()).toEqual({ 'GET /_data/version': 1 });
    expect(rig.sleeps).toEqual([]);
  });

  it('reads 422 field messages from the object form', async () => {
    rig = await startRig();
    const err = await failure(() => rig!.client.post('/accounts', { name: '' }, accountSchema));
    expect(err).toMatchObject({ code: 'SONAR_TERMINAL', kind: 'terminal', status: 422 });
    expect(err.fieldMessages).toEqual({ name: 'The name field is required.' });
    expect(err.message).toBe(
      'POST /accounts: Sonar answered 422: name: The name field is required. — fix what Sonar names; sending it again unchanged will fail again.',
    );
    expect(rig.sim.requestCounts()).toEqual({ 'POST /accounts': 1 });
  });

  it('reads a 422 string message into sonarMessage with no field messages', async () => {
    rig = await startRig();
    const err = await failure(() => rig!.client.patch('/accounts/1', { name: 'x' }, accountSchema));
    expect(err).toMatchObject({ kind: 'terminal', status: 422, fieldMessages: {} });
    expect(err.sonarMessage).toBe('The account cannot be changed while it is inactive.');
  });

  it('classes 404 as terminal and sends it once', async () => {
    rig = await startRig();
    const err = await failure(() => rig!.client.get('/accounts/99', accountSchema));
    expect(err).toMatchObject({ code: 'SONAR_TERMINAL', kind: 'terminal', status: 404 });
    expect(rig.sim.requestCounts()).toEqual({ 'GET /accounts/:account_id': 1 });
  });

  it('classes a body that does not match the schema as SONAR_BAD_RESPONSE', async () => {
    rig = await startRig();
    const err = await failure(() => rig!.client.get('/_data/version', z.object({ version: z.number() })));
    expect(err).toMatchObject({ code: 'SONAR_BAD_RESPONSE', kind: 'terminal', endpoint: '/_data/version' });
    expect(err.message).toContain('version: ');
  });

  it('pages through a list across 3 pages', async () => {
    rig = await startRig();
    for (let i = 1; i <= 7; i += 1) rig.store.push({ id: i, name: `a${i}` });
    const seen: number[] = [];
    for await (const account of rig.client.paginate('/accounts', accountSchema, { limit: 3 }))
      seen.push(account.id);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rig.sim.requestCounts()).toEqual({ 'GET /accounts': 3 });
  });

  it('never puts the password in an error message, answered or not', async () => {
    const password = 'S3cret-Pass-7781';
    rig = await startRig({ password, retry: { attempts: 2 } }, { password: 'not-it' });
    const refused = await failure(() => rig!.client.get('/_data/version', z.unknown()));
    await rig.sim.close();
    const unreachable = await failure(() => rig!.client.get('/_data/version', z.unknown()));
    expect(refused.code).toBe('SONAR_AUTH');
    expect(unreachable.kind).toBe('transient');
    for (const err of [refused, unreachable]) {
      const everything = `${err.message} ${err.stack} ${JSON.stringify(err)} ${String(err.cause ?? '')}`;
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(Buffer.from(`admin:${password}`).toString('base64'));
    }
  });
});
