import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { addressSchema } from '../../../src/sonar/schemas/addresses.js';
import { dataEnvelope } from '../../../src/sonar/schemas/common.js';
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

/** The doc's example (line 3), with a county the seed knows for Wisconsin. */
const docAddress = {
  line1: '555 Packers Ln',
  line2: 'Suite 1337',
  city: 'Green Bay',
  state: 'Wisconsin',
  county: 'Brown Co.',
  zip: '54332',
  country: 'US',
  latitude: null,
  longitude: null,
  address_type_id: 2,
};

describe('/accounts/:account_id/addresses', () => {
  it('answers the documented 201 shape', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/addresses`, docAddress);
    expect(answer.status).toBe(201);
    expect(dataEnvelope(addressSchema).safeParse(answer.body).success).toBe(true);
    expect(answer.body.data).toEqual({ id: 2, ...docAddress });
  });

  it('refuses an address type that is not in /system/address_types, in the doc’s words', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/addresses`, {
      ...docAddress,
      address_type_id: 9,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.address_type_id).toMatch(/^The selected address type id is not valid\./);
  });

  it('refuses a county outside the US and a country not in /_data/countries', async () => {
    const county = await call(sim, 'POST', `/accounts/${accountId}/addresses`, {
      ...docAddress,
      country: 'CA',
      state: 'Ontario',
    });
    expect(county.status).toBe(422);
    expect(county.body.error.message.county).toMatch(/blank outside the US/);
    const country = await call(sim, 'POST', `/accounts/${accountId}/addresses`, {
      ...docAddress,
      country: 'ZZ',
      county: null,
    });
    expect(country.body.error.message.country).toMatch(/ZZ is not in \/_data\/countries/);
  });

  it('suggests the listed spelling of a state written in other case', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/addresses`, {
      ...docAddress,
      state: 'wisconsin',
    });
    expect(answer.body.error.message.state).toMatch(/did you mean "Wisconsin"/);
  });

  it('lists, updates and deletes addresses with the documented answers', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/addresses`, docAddress);
    const list = await call(sim, 'GET', `/accounts/${accountId}/addresses`);
    expect(list.body.paginator.total_count).toBe(2);
    const patched = await call(sim, 'PATCH', `/accounts/${accountId}/addresses/2`, { line2: null });
    expect(patched.body.data.line2).toBeNull();
    const deleted = await call(sim, 'DELETE', `/accounts/${accountId}/addresses/2`);
    expect(deleted.body).toEqual({ data: { success: true } });
    const missing = await call(sim, 'GET', `/accounts/${accountId}/addresses/2`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/^No item with that ID found\./);
  });
});
