import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { accountSchema } from '../../../src/sonar/schemas/accounts.js';
import { dataEnvelope, listEnvelope } from '../../../src/sonar/schemas/common.js';
import { accountBody, call, createAccount, startTestSim } from './sim-http.js';

let sim: RunningSimulator;
beforeEach(async () => {
  sim = await startTestSim();
});
afterEach(async () => {
  await sim.close();
});

describe('POST /accounts', () => {
  it('answers the documented 201 shape with the new account', async () => {
    const answer = await call(sim, 'POST', '/accounts', accountBody());
    expect(answer.status).toBe(201);
    expect(dataEnvelope(accountSchema).safeParse(answer.body).success).toBe(true);
    expect(answer.body.data).toEqual({
      id: 1,
      name: 'Simon Westlake',
      account_status_id: 1,
      account_type_id: 1,
      account_groups: [],
      balance_due: 0,
      balance_total: 0,
      sub_accounts: [],
      next_bill_date: null,
      delinquent: false,
    });
  });

  it('creates the physical address and the primary contact the request carries', async () => {
    const id = await createAccount(sim);
    const addresses = await call(sim, 'GET', `/accounts/${id}/addresses`);
    expect(addresses.body.data).toEqual([
      expect.objectContaining({
        line1: '555 Packers Ln',
        state: 'Wisconsin',
        county: 'Brown Co.',
        address_type_id: 1,
      }),
    ]);
    const contacts = await call(sim, 'GET', `/accounts/${id}/contacts`);
    expect(contacts.body.data).toEqual([
      expect.objectContaining({
        name: 'Simon Westlake',
        role: 'Owner',
        primary: true,
        email_message_categories: [2, 3],
      }),
    ]);
  });

  it('honours an explicit id and continues numbering after it', async () => {
    expect(await createAccount(sim, { id: 4711 })).toBe(4711);
    expect(await createAccount(sim)).toBe(4712);
  });

  it('refuses an id that is already taken with a 422 on the id field', async () => {
    await createAccount(sim, { id: 7 });
    const answer = await call(sim, 'POST', '/accounts', accountBody({ id: 7 }));
    expect(answer.status).toBe(422);
    expect(answer.body.error.status_code).toBe(422);
    expect(answer.body.error.message.id).toMatch(/^The id has already been taken\./);
  });

  it('refuses an account status that is not in /system/account_statuses, in the doc’s words', async () => {
    const answer = await call(sim, 'POST', '/accounts', accountBody({ account_status_id: 99 }));
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.account_status_id).toMatch(
      /^The selected account status id is not valid\./,
    );
  });

  it('refuses an unknown account type and an unknown account group', async () => {
    const type = await call(sim, 'POST', '/accounts', accountBody({ account_type_id: 9 }));
    expect(type.body.error.message.account_type_id).toMatch(/not valid/);
    const group = await call(sim, 'POST', '/accounts', accountBody({ account_groups: [1, 77] }));
    expect(group.status).toBe(422);
    expect(group.body.error.message.account_groups).toMatch(/77/);
    expect(await createAccount(sim, { account_groups: [1, 2] })).toBe(1);
  });

  it('attaches existing sub accounts and refuses ones that do not exist', async () => {
    const child = await createAccount(sim);
    const missing = await call(sim, 'POST', '/accounts', accountBody({ sub_accounts: [child, 999] }));
    expect(missing.status).toBe(422);
    expect(missing.body.error.message.sub_accounts).toMatch(/999 does not exist/);
    const parent = await call(sim, 'POST', '/accounts', accountBody({ sub_accounts: [child] }));
    expect(parent.status).toBe(201);
    expect(parent.body.data.sub_accounts).toEqual([child]);
  });

  it('leaves next_bill_date null for a lead and schedules an active account on its bill day', async () => {
    const lead = await call(sim, 'POST', '/accounts', accountBody());
    expect(lead.body.data.next_bill_date).toBeNull();
    const active = await call(sim, 'POST', '/accounts', accountBody({ account_status_id: 2 }));
    expect(active.body.data.next_bill_date).toBe('2024-04-10');
    const params = await call(sim, 'GET', `/accounts/${active.body.data.id}/billing_parameters`);
    expect(params.body.data.bill_day).toBe(10);
  });

  it('keeps an explicit next_bill_date and bills on its day from then on', async () => {
    const answer = await call(sim, 'POST', '/accounts', accountBody({ next_bill_date: '2024-09-05' }));
    expect(answer.body.data.next_bill_date).toBe('2024-09-05');
    const params = await call(sim, 'GET', `/accounts/${answer.body.data.id}/billing_parameters`);
    expect(params.body.data.bill_day).toBe(5);
  });

  it('refuses a next_bill_date past the 28th through the request schema', async () => {
    const answer = await call(sim, 'POST', '/accounts', accountBody({ next_bill_date: '2024-09-29' }));
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.next_bill_date).toBe(
      'The day of the next_bill_date cannot be higher than 28.',
    );
  });

  it('refuses a body the request schema rejects, naming each field', async () => {
    const answer = await call(sim, 'POST', '/accounts', accountBody({ name: '', colour: 'red' }));
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.name).toMatch(/required/);
    expect(answer.body.error.message.colour).toBe(
      'The colour field is not a documented parameter of this endpoint.',
    );
  });

  it('refuses a state name that is not in /_data/subdivisions and a county outside the state', async () => {
    const state = await call(sim, 'POST', '/accounts', accountBody({ state: 'WI' }));
    expect(state.status).toBe(422);
    expect(state.body.error.message.state).toMatch(/"WI" is not in \/_data\/subdivisions\/US/);
    const county = await call(sim, 'POST', '/accounts', accountBody({ county: 'Harris Co.' }));
    expect(county.body.error.message.county).toMatch(/not in \/_data\/counties\/Wisconsin/);
  });

  it('accepts a Canadian address without a county', async () => {
    const answer = await call(
      sim,
      'POST',
      '/accounts',
      accountBody({ state: 'Ontario', county: null, country: 'CA', zip: 'K1A 0B1', city: 'Ottawa' }),
    );
    expect(answer.status).toBe(201);
  });
});

describe('GET, PATCH and DELETE /accounts', () => {
  it('lists accounts a page at a time with the documented paginator', async () => {
    for (let i = 0; i < 3; i += 1) await createAccount(sim);
    const answer = await call(sim, 'GET', '/accounts?limit=2&page=2');
    expect(listEnvelope(accountSchema).safeParse(answer.body).success).toBe(true);
    expect(answer.body.data.map((a: { id: number }) => a.id)).toEqual([3]);
    expect(answer.body.paginator).toEqual({ total_count: 3, total_pages: 2, current_page: 2, limit: 2 });
  });

  it('answers 404 in the doc’s words for an account that does not exist', async () => {
    const answer = await call(sim, 'GET', '/accounts/42');
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toMatch(/^That account does not exist/);
  });

  it('updates an account and checks the new status', async () => {
    const id = await createAccount(sim);
    const bad = await call(sim, 'PATCH', `/accounts/${id}`, { account_status_id: 50 });
    expect(bad.status).toBe(422);
    const good = await call(sim, 'PATCH', `/accounts/${id}`, { name: 'Renamed', account_status_id: 3 });
    expect(good.status).toBe(200);
    expect(good.body.data).toMatchObject({ name: 'Renamed', account_status_id: 3 });
  });

  it('deletes an account with its children records and returns its DIDs to the inventory', async () => {
    const id = await createAccount(sim);
    await call(sim, 'POST', `/accounts/${id}/services`, { service_id: 10 });
    await call(sim, 'POST', '/system/voice/dids', { dids: ['7155551234'], rate_center_id: 1 });
    await call(sim, 'POST', `/accounts/${id}/dids`, { did: '7155551234', service_id: 10 });
    const answer = await call(sim, 'DELETE', `/accounts/${id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { message: 'Account deleted' } });
    const snap = sim.state.snapshot();
    expect(snap.accounts).toEqual([]);
    expect(snap.contacts).toEqual([]);
    expect(snap.addresses).toEqual([]);
    expect(snap.account_services).toEqual([]);
    expect(snap.dids).toEqual([
      expect.objectContaining({ did: '7155551234', account_id: null, service_id: null }),
    ]);
    expect((await call(sim, 'DELETE', `/accounts/${id}`)).status).toBe(404);
  });
});
