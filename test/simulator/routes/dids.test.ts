import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { listEnvelope } from '../../../src/sonar/schemas/common.js';
import { didSchema } from '../../../src/sonar/schemas/dids.js';
import { call, createAccount, startTestSim } from './sim-http.js';

let sim: RunningSimulator;
beforeEach(async () => {
  sim = await startTestSim();
});
afterEach(async () => {
  await sim.close();
});

describe('POST /system/voice/dids (mass add)', () => {
  it('adds the doc’s example DIDs and answers success with 201', async () => {
    const answer = await call(sim, 'POST', '/system/voice/dids', {
      dids: ['1234567890', '0987654321'],
      rate_center_id: 1,
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ data: { success: true } });
    const list = await call(sim, 'GET', '/system/voice/dids');
    expect(listEnvelope(didSchema).safeParse(list.body).success).toBe(true);
    expect(list.body.data).toEqual([
      { id: 1, did: '1234567890', account_id: null, service_id: null, rate_center_id: 1 },
      { id: 2, did: '0987654321', account_id: null, service_id: null, rate_center_id: 1 },
    ]);
  });

  it('refuses a rate center that does not exist', async () => {
    const answer = await call(sim, 'POST', '/system/voice/dids', {
      dids: ['7155550000'],
      rate_center_id: 99,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.rate_center_id).toMatch(/^The selected rate center id is not valid\./);
  });

  it('refuses a batch with a DID twice, and one whose DID is already inventoried, adding none', async () => {
    const twice = await call(sim, 'POST', '/system/voice/dids', {
      dids: ['7155550000', '7155550000'],
      rate_center_id: 1,
    });
    expect(twice.status).toBe(422);
    expect(JSON.stringify(twice.body.error.message)).toMatch(
      /Your submission contains duplicate DIDs\. All DIDs must be unique\./,
    );
    await call(sim, 'POST', '/system/voice/dids', { dids: ['7155550001'], rate_center_id: 1 });
    const again = await call(sim, 'POST', '/system/voice/dids', {
      dids: ['7155550002', '7155550001'],
      rate_center_id: 1,
    });
    expect(again.status).toBe(422);
    expect(again.body.error.message).toMatch(
      /^Your submission contains duplicate DIDs\. All DIDs must be unique\..*7155550001/,
    );
    expect(sim.state.snapshot().dids.map((d) => d.did)).toEqual(['7155550001']);
  });

  it('refuses more than 5,000 DIDs in one request', async () => {
    const dids = Array.from({ length: 5001 }, (_, i) => String(7150000000 + i));
    const answer = await call(sim, 'POST', '/system/voice/dids', { dids, rate_center_id: 1 });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.dids).toMatch(/at most 5000/);
  });

  it('gets and deletes an unassigned DID, then answers the doc’s 404', async () => {
    await call(sim, 'POST', '/system/voice/dids', { dids: ['7155550000'], rate_center_id: 2 });
    expect((await call(sim, 'GET', '/system/voice/dids/1')).body.data.rate_center_id).toBe(2);
    expect((await call(sim, 'DELETE', '/system/voice/dids/1')).body).toEqual({ data: { success: true } });
    const again = await call(sim, 'DELETE', '/system/voice/dids/1');
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/^DID does not exist\./);
  });
});

describe('/accounts/:account_id/dids (assignment)', () => {
  let accountId: number;
  beforeEach(async () => {
    accountId = await createAccount(sim);
    await call(sim, 'POST', '/system/voice/dids', { dids: ['7155551234', '7155555678'], rate_center_id: 1 });
  });

  it('assigns an inventoried DID to a voice service on the account (doc answer, 200)', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 10 });
    const answer = await call(sim, 'POST', `/accounts/${accountId}/dids`, {
      did: '7155551234',
      service_id: 10,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({
      id: 1,
      did: '7155551234',
      account_id: accountId,
      service_id: 10,
      rate_center_id: 1,
    });
    const list = await call(sim, 'GET', `/accounts/${accountId}/dids`);
    expect(list.body.data.map((d: { did: string }) => d.did)).toEqual(['7155551234']);
  });

  it('refuses a DID that is not inventoried', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 10 });
    const answer = await call(sim, 'POST', `/accounts/${accountId}/dids`, {
      did: '6085550000',
      service_id: 10,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.did).toMatch(/has not been inventoried/);
  });

  it('refuses a DID already assigned, in the doc’s words', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 10 });
    await call(sim, 'POST', `/accounts/${accountId}/dids`, { did: '7155551234', service_id: 10 });
    const answer = await call(sim, 'POST', `/accounts/${accountId}/dids`, {
      did: '7155551234',
      service_id: 10,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toBe(`DID is already assigned to account ${accountId}.`);
  });

  it('refuses a voice service that is not on the account, and a service that is not voice', async () => {
    const absent = await call(sim, 'POST', `/accounts/${accountId}/dids`, {
      did: '7155551234',
      service_id: 10,
    });
    expect(absent.status).toBe(422);
    expect(absent.body.error.message.service_id).toMatch(/is not on account/);
    await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 2 });
    const data = await call(sim, 'POST', `/accounts/${accountId}/dids`, { did: '7155551234', service_id: 2 });
    expect(data.body.error.message.service_id).toMatch(/not a voice service/);
  });

  it('unassigns a DID, which stays in the inventory', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 10 });
    await call(sim, 'POST', `/accounts/${accountId}/dids`, { did: '7155551234', service_id: 10 });
    const answer = await call(sim, 'DELETE', `/accounts/${accountId}/dids/1`);
    expect(answer.body.data).toEqual({
      id: 1,
      did: '7155551234',
      account_id: null,
      service_id: null,
      rate_center_id: 1,
    });
    expect((await call(sim, 'GET', `/accounts/${accountId}/dids/1`)).status).toBe(404);
    expect((await call(sim, 'GET', '/system/voice/dids/1')).status).toBe(200);
  });
});
