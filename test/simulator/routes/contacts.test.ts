import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { dataEnvelope, listEnvelope } from '../../../src/sonar/schemas/common.js';
import { contactSchema } from '../../../src/sonar/schemas/contacts.js';
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

/** The doc's example request (line 2483). */
const docContact = {
  name: 'Jacob Kailing',
  role: 'Chief Party Officer',
  email_address: 'jacob@sonar.software',
  phone_numbers: { work: { number: '1231231234', extension: 123 }, mobile: { number: '1235550809' } },
  email_message_categories: [2],
  primary: true,
  username: 'babymonkey',
  password: 'correct horse battery',
};

describe('/accounts/:account_id/contacts', () => {
  it('answers the documented 201 shape, without the password', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/contacts`, docContact);
    expect(answer.status).toBe(201);
    expect(dataEnvelope(contactSchema).safeParse(answer.body).success).toBe(true);
    expect(answer.body.data).toEqual({
      id: 2,
      name: 'Jacob Kailing',
      role: 'Chief Party Officer',
      email_address: 'jacob@sonar.software',
      phone_numbers: {
        work: { number: '1231231234', extension: 123 },
        mobile: { number: '1235550809', extension: null },
      },
      email_message_categories: [2],
      primary: true,
      username: 'babymonkey',
    });
    expect(JSON.stringify(sim.state.snapshot())).not.toContain('correct horse');
  });

  it('keeps one primary contact: a new primary demotes the old one', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/contacts`, docContact);
    const list = await call(sim, 'GET', `/accounts/${accountId}/contacts`);
    expect(listEnvelope(contactSchema).safeParse(list.body).success).toBe(true);
    expect(list.body.data.map((c: { id: number; primary: boolean }) => [c.id, c.primary])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('keeps the existing primary when a non-primary contact is added', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/contacts`, {
      ...docContact,
      primary: false,
      username: undefined,
      password: undefined,
    });
    const list = await call(sim, 'GET', `/accounts/${accountId}/contacts`);
    expect(
      list.body.data.filter((c: { primary: boolean }) => c.primary).map((c: { id: number }) => c.id),
    ).toEqual([1]);
  });

  it('refuses a portal username another contact already has', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/contacts`, docContact);
    const answer = await call(sim, 'POST', `/accounts/${accountId}/contacts`, {
      ...docContact,
      name: 'Other',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.username).toMatch(/^The username has already been taken\./);
  });

  it('refuses a contact without a name, as the doc’s 422 example shows', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/contacts`, {
      ...docContact,
      name: undefined,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.name).toBe('The name field is required.');
  });

  it('refuses a portal username without its password, and a password without its username', async () => {
    for (const [given, missing] of [
      ['username', 'password'],
      ['password', 'username'],
    ] as const) {
      const answer = await call(sim, 'POST', `/accounts/${accountId}/contacts`, {
        ...docContact,
        [missing]: undefined,
      });
      expect(answer.status).toBe(422);
      expect(answer.body.error.message[missing]).toBe(
        `The ${missing} field is required when ${given} is present.`,
      );
    }
  });

  it('answers 404 for a contact on an account that does not exist', async () => {
    const answer = await call(sim, 'POST', '/accounts/999/contacts', docContact);
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toMatch(/That account does not exist/);
  });

  it('promotes a contact through PATCH and demotes the others', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/contacts`, {
      ...docContact,
      primary: false,
      username: undefined,
      password: undefined,
    });
    const answer = await call(sim, 'PATCH', `/accounts/${accountId}/contacts/2`, { primary: true });
    expect(answer.status).toBe(200);
    expect((await call(sim, 'GET', `/accounts/${accountId}/contacts/1`)).body.data.primary).toBe(false);
  });

  it('deletes a contact and then answers 404 for it', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/contacts`, docContact);
    const answer = await call(sim, 'DELETE', `/accounts/${accountId}/contacts/2`);
    expect(answer.body).toEqual({ data: { message: 'Contact deleted' } });
    const again = await call(sim, 'DELETE', `/accounts/${accountId}/contacts/2`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/^That contact ID does not exist\./);
  });
});
