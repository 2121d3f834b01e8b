import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { call, startTestSim } from './sim-http.js';

let sim: RunningSimulator;
beforeEach(async () => {
  sim = await startTestSim();
});
afterEach(async () => {
  await sim.close();
});

const BASE = '/network/provisioning/radius_groups';

describe('/network/provisioning/radius_groups', () => {
  it('creates a group with the documented defaults and answer (201)', async () => {
    const answer = await call(sim, 'POST', BASE, {
      name: 'Commercial 500',
      priority: 15,
      account_types: [2],
      services: [4],
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toEqual({
      id: 1,
      name: 'Commercial 500',
      priority: 15,
      delinquent: 3,
      active: 3,
      fall_through: false,
      account_groups: [],
      account_types: [2],
      services: [4],
      account_statuses: [],
    });
  });

  it('refuses a name already taken, in the doc’s words', async () => {
    await call(sim, 'POST', BASE, { name: 'Delinquent', priority: 1 });
    const answer = await call(sim, 'POST', BASE, { name: 'Delinquent', priority: 2 });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.name).toMatch(/^The RADIUS group name has already been taken\./);
  });

  it('refuses an account type the reference data does not hold', async () => {
    const answer = await call(sim, 'POST', BASE, { name: 'X', priority: 1, account_types: [42] });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.account_types).toMatch(/42/);
  });

  it('adds reply attributes once each per group', async () => {
    await call(sim, 'POST', BASE, { name: 'Rate limited', priority: 1 });
    const attr = { attribute: 'Mikrotik-Rate-Limit', operator: ':=', reply: '25M/5M' };
    const first = await call(sim, 'POST', `${BASE}/1/attributes`, attr);
    expect(first.status).toBe(201);
    expect(first.body.data).toEqual({ id: 1, ...attr });
    const again = await call(sim, 'POST', `${BASE}/1/attributes`, attr);
    expect(again.status).toBe(422);
    expect(again.body.error.message.attribute).toMatch(/is duplicated/);
    const list = await call(sim, 'GET', `${BASE}/1/attributes`);
    expect(list.body.paginator.total_count).toBe(1);
  });

  it('deletes a group with its attributes and answers the doc’s nested 404 after', async () => {
    await call(sim, 'POST', BASE, { name: 'Gone', priority: 1 });
    await call(sim, 'POST', `${BASE}/1/attributes`, {
      attribute: 'Framed-Pool',
      operator: '=',
      reply: 'pool1',
    });
    expect((await call(sim, 'DELETE', `${BASE}/1`)).body).toEqual({ data: { success: true } });
    expect(sim.state.snapshot().radius_attributes).toEqual([]);
    const again = await call(sim, 'DELETE', `${BASE}/1`);
    expect(again.status).toBe(404);
    expect(again.body.error.message.message).toMatch(/^RADIUS group does not exist\./);
  });
});
