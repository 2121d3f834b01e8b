import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { billingParametersSchema } from '../../../src/sonar/schemas/billing-parameters.js';
import { dataEnvelope } from '../../../src/sonar/schemas/common.js';
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

describe('/accounts/:id/billing_parameters', () => {
  it('answers the documented shape with Sonar’s defaults', async () => {
    const answer = await call(sim, 'GET', `/accounts/${accountId}/billing_parameters`);
    expect(answer.status).toBe(200);
    expect(dataEnvelope(billingParametersSchema).safeParse(answer.body).success).toBe(true);
    expect(answer.body.data).toMatchObject({
      bill_day: 10,
      due_days: 10,
      bill_mode: 'invoice',
      tax_exempt: false,
    });
  });

  it('updates the parameters given, keeping zero and false, and moves the next bill date to a new bill day', async () => {
    const answer = await call(sim, 'PATCH', `/accounts/${accountId}/billing_parameters`, {
      bill_day: 15,
      grace_days: 0,
      tax_exempt: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ bill_day: 15, grace_days: 0, tax_exempt: true, due_days: 10 });
    expect((await call(sim, 'GET', `/accounts/${accountId}`)).body.data.next_bill_date).toBe('2024-03-15');
  });

  it('refuses a delinquency status that is active, as the doc requires an inactive one', async () => {
    const active = await call(sim, 'PATCH', `/accounts/${accountId}/billing_parameters`, {
      delinquency_account_status_id: 2,
    });
    expect(active.status).toBe(422);
    expect(active.body.error.message.delinquency_account_status_id).toMatch(/must be an inactive status/);
    const inactive = await call(sim, 'PATCH', `/accounts/${accountId}/billing_parameters`, {
      delinquency_account_status_id: 3,
    });
    expect(inactive.status).toBe(200);
  });

  it('refuses a bill day past the 28th through the request schema', async () => {
    const answer = await call(sim, 'PATCH', `/accounts/${accountId}/billing_parameters`, { bill_day: 31 });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.bill_day).toBe('The bill_day may not be greater than 28.');
  });

  it('answers 404 for an account that does not exist', async () => {
    expect((await call(sim, 'GET', '/accounts/999/billing_parameters')).status).toBe(404);
  });
});
