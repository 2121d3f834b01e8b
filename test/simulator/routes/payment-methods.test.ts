import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { dataEnvelope } from '../../../src/sonar/schemas/common.js';
import { paymentMethodSchema } from '../../../src/sonar/schemas/payment-methods.js';
import { call, createAccount, startTestSim } from './sim-http.js';

let sim: RunningSimulator;
let accountId: number;
beforeEach(async () => {
  sim = await startTestSim();
  accountId = await createAccount(sim);
});
afterEach(async () => {
  await sim.close();
});

const card = {
  type: 'credit card',
  token: 'tok_live_5f9a8b7c6d5e4f3a2b1c9999',
  name_on_account: 'Steve Martin',
  identifier: '1111',
  expiration_year: 2027,
  expiration_month: '09', // two digits (doc line 9259)
  card_type: 'visa',
  auto: true,
  line1: '4546 N Avenue',
  city: 'Somewhere',
  state: 'WI',
  zip: '51234',
  country: 'US',
};
const echeck = {
  type: 'echeck',
  token: 'bank_tok_0000abcd',
  name_on_account: 'Steve Martin',
  identifier: '6789',
  auto: true,
};

describe('/accounts/:account_id/tokenized_payment_method', () => {
  it('answers the documented 201 shape without the token', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/tokenized_payment_method`, card);
    expect(answer.status).toBe(201);
    expect(dataEnvelope(paymentMethodSchema).safeParse(answer.body).success).toBe(true);
    expect(answer.body.data).toMatchObject({ id: 1, type: 'credit card', identifier: '1111', auto: true });
    expect(JSON.stringify(answer.body)).not.toContain('tok_live');
  });

  it('masks the token in the state snapshot to its last 4 characters', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/tokenized_payment_method`, card);
    const snap = sim.state.snapshot();
    expect(snap.payment_methods[0]?.token).toBe('…9999');
    expect(JSON.stringify(snap)).not.toContain('tok_live');
  });

  it('keeps one auto-pay method per account: a new auto method demotes the old one', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/tokenized_payment_method`, card);
    await call(sim, 'POST', `/accounts/${accountId}/tokenized_payment_method`, echeck);
    const list = await call(sim, 'GET', `/accounts/${accountId}/payment_methods`);
    expect(list.body.data.map((m: { id: number; auto: boolean }) => [m.id, m.auto])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('refuses a type that is neither credit card nor echeck', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/tokenized_payment_method`, {
      ...card,
      type: 'cash',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toEqual({ type: 'The selected type is not valid.' });
  });

  it('deletes a payment method and answers 404 the second time', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/tokenized_payment_method`, echeck);
    expect((await call(sim, 'DELETE', `/accounts/${accountId}/payment_methods/1`)).body).toEqual({
      data: { success: true },
    });
    const again = await call(sim, 'GET', `/accounts/${accountId}/payment_methods/1`);
    expect(again.status).toBe(404);
  });
});

describe('PATCH /accounts/:account_id/payment_methods/:payment_method_id (doc line 10643)', () => {
  it('changes auto alone and demotes the other auto method (line 10662)', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/tokenized_payment_method`, card);
    await call(sim, 'POST', `/accounts/${accountId}/tokenized_payment_method`, echeck);
    const answer = await call(sim, 'PATCH', `/accounts/${accountId}/payment_methods/1`, { auto: true });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({
      id: 1,
      type: 'credit card',
      identifier: '1111',
      expiration_month: '09',
      expiration_year: 2027,
      auto: true,
    });
    const list = await call(sim, 'GET', `/accounts/${accountId}/payment_methods`);
    expect(list.body.data.map((m: { auto: boolean }) => m.auto)).toEqual([true, false]);
  });

  it('refuses any other field: a new expiry or token is a delete and a create', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/tokenized_payment_method`, card);
    const answer = await call(sim, 'PATCH', `/accounts/${accountId}/payment_methods/1`, {
      auto: true,
      expiration_year: 2030,
    });
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body.error.message)).toContain('expiration_year');
    const missing = await call(sim, 'PATCH', `/accounts/${accountId}/payment_methods/1`, {});
    expect(missing.body.error.message).toEqual({ auto: 'The auto field is required.' });
  });
});
