import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import {
  accountServiceCreatedSchema,
  accountServiceSchema,
} from '../../../src/sonar/schemas/account-services.js';
import { dataEnvelope, listEnvelope } from '../../../src/sonar/schemas/common.js';
import { call, createAccount, startTestSim } from './sim-http.js';

let sim: RunningSimulator;
let accountId: number;
beforeEach(async () => {
  sim = await startTestSim();
  accountId = await createAccount(sim, { account_status_id: 2 });
});
afterEach(async () => {
  await sim.close();
});

describe('/accounts/:account_id/services', () => {
  it('adds a recurring service and answers its unique_service_relationship_id (201)', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 2, quantity: 1 });
    expect(answer.status).toBe(201);
    expect(dataEnvelope(accountServiceCreatedSchema).safeParse(answer.body).success).toBe(true);
    expect(answer.body).toEqual({ data: { unique_service_relationship_id: 1 } });
  });

  it('lists services as the doc shows: id is the service id', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/services`, {
      service_id: 2,
      name_override: 'Home internet',
    });
    const list = await call(sim, 'GET', `/accounts/${accountId}/services`);
    expect(listEnvelope(accountServiceSchema).safeParse(list.body).success).toBe(true);
    expect(list.body.data[0]).toMatchObject({
      id: 2,
      unique_service_relationship_id: 1,
      name_override: 'Home internet',
      quantity: 1,
      package_id: null,
      metadata: {},
    });
  });

  it('turns a one-time service into a transaction and answers success', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/services`, {
      service_id: 30,
      quantity: 2,
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ data: { success: true } });
    expect((await call(sim, 'GET', `/accounts/${accountId}/services`)).body.data).toEqual([]);
    expect(sim.state.snapshot().transactions).toEqual([
      expect.objectContaining({
        account_id: accountId,
        service_id: 30,
        amount: 198,
        description: 'Installation Fee',
      }),
    ]);
  });

  it('requires an amount for an adjustment service', async () => {
    const missing = await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 40 });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message.amount).toMatch(/amount field is required/);
    const ok = await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 40, amount: 12.5 });
    expect(ok.body).toEqual({ data: { success: true } });
  });

  it('refuses a service that is not in the catalogue, or inactive', async () => {
    const unknown = await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 999 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message.service_id).toMatch(/^The selected service id is not valid\./);
    const inactive = await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 60 });
    expect(inactive.body.error.message.service_id).toMatch(/inactive/);
  });

  it('accepts next_bill_date only for a multi-month service', async () => {
    const monthly = await call(sim, 'POST', `/accounts/${accountId}/services`, {
      service_id: 2,
      next_bill_date: '2024-06-01',
    });
    expect(monthly.status).toBe(422);
    expect(monthly.body.error.message.next_bill_date).toMatch(/multi-month/);
    const sixMonthly = await call(sim, 'POST', `/accounts/${accountId}/services`, {
      service_id: 20,
      next_bill_date: '2024-06-01',
    });
    expect(sixMonthly.status).toBe(201);
    const row = await call(
      sim,
      'GET',
      `/accounts/${accountId}/services/${sixMonthly.body.data.unique_service_relationship_id}`,
    );
    expect(row.body.data.next_bill_date).toBe('2024-06-01');
  });

  it('deletes a service by its relationship id and answers 404 after', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 2 });
    expect((await call(sim, 'DELETE', `/accounts/${accountId}/services/1`)).body).toEqual({
      data: { success: true },
    });
    const again = await call(sim, 'DELETE', `/accounts/${accountId}/services/1`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/^No item with that ID found\./);
  });
});

describe('PATCH /accounts/:account_id/services/:unique_service_relationship_id (doc line 12560)', () => {
  it('changes the price override and quantity, and removes the override with null', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 2, price_override: 10 });
    const answer = await call(sim, 'PATCH', `/accounts/${accountId}/services/1`, {
      price_override: 12.5,
      price_override_reason: 'loyalty',
      quantity: 2,
      prorate: false,
    });
    expect(answer.status).toBe(200);
    expect(dataEnvelope(accountServiceSchema).safeParse(answer.body).success).toBe(true);
    expect(answer.body.data).toMatchObject({
      id: 2,
      unique_service_relationship_id: 1,
      price_override: 12.5,
      price_override_reason: 'loyalty',
      quantity: 2,
    });
    await call(sim, 'PATCH', `/accounts/${accountId}/services/1`, { price_override: null });
    const row = (await call(sim, 'GET', `/accounts/${accountId}/services/1`)).body.data;
    expect(row).toMatchObject({ price_override: null, price_override_reason: null, quantity: 2 });
  });

  it('refuses a new service id, a quantity under 1 and prorate without a quantity (line 12595)', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 2 });
    const patch = (body: unknown) => call(sim, 'PATCH', `/accounts/${accountId}/services/1`, body);
    expect((await patch({ service_id: 3 })).status).toBe(422);
    expect((await patch({ quantity: 0 })).body.error.message).toEqual({
      quantity: 'The quantity must be at least 1.',
    });
    expect((await patch({ prorate: true })).body.error.message).toEqual({
      prorate: 'The prorate field is only valid when changing the quantity.',
    });
    expect((await patch({ quantity: 1 })).status).toBe(200);
    expect((await call(sim, 'PATCH', `/accounts/${accountId}/services/99`, { quantity: 1 })).status).toBe(
      404,
    );
  });
});
