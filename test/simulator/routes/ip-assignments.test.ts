import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { dataEnvelope } from '../../../src/sonar/schemas/common.js';
import { ipAssignmentSchema } from '../../../src/sonar/schemas/ip-assignments.js';
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

describe('/accounts/:id/ip_assignments', () => {
  it('assigns an IP to the account with the documented answer, tied to its only data service', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/services`, { service_id: 2 });
    const answer = await call(sim, 'POST', `/accounts/${accountId}/ip_assignments`, {
      subnet: '192.168.100.17/32',
      assigned_entity: 'accounts',
    });
    expect(answer.status).toBe(200);
    expect(dataEnvelope(ipAssignmentSchema).safeParse(answer.body).success).toBe(true);
    expect(answer.body.data).toEqual({
      id: 1,
      subnet_id: 4, // the seed's 192.168.0.0/16 customer subnet
      subnet: '192.168.100.17/32',
      assigned_entity: 'accounts',
      assigned_id: accountId,
      inventory_item_field_id: null,
      ip_pool_id: null,
      account_id: accountId,
      service_id: 2,
      non_inventoried_mac_address: null,
      description: null,
      soft: false,
    });
  });

  it('refuses a subnet that overlaps an existing assignment, in the doc’s words', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/ip_assignments`, {
      subnet: '192.168.100.17/32',
      assigned_entity: 'accounts',
    });
    const other = await createAccount(sim);
    const answer = await call(sim, 'POST', `/accounts/${other}/ip_assignments`, {
      subnet: '192.168.100.16/29',
      assigned_entity: 'accounts',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toBe(
      'The requested subnet overlaps the existing assignment of 192.168.100.17',
    );
    const ipv6 = await call(sim, 'POST', `/accounts/${other}/ip_assignments`, {
      subnet: '2001:db8::/64',
      assigned_entity: 'accounts',
    });
    expect(ipv6.status).toBe(200);
  });

  it('finds every overlap by index: wider, narrower, host bits set, and a subnet moved by PATCH', async () => {
    const assign = (account: number, subnet: string) =>
      call(sim, 'POST', `/accounts/${account}/ip_assignments`, { subnet, assigned_entity: 'accounts' });
    const other = await createAccount(sim);
    expect((await assign(accountId, '10.1.0.0/16')).status).toBe(200);
    expect((await assign(accountId, '10.2.3.200/32')).status).toBe(200);
    const moved = await assign(accountId, '10.3.0.1/32');
    expect(moved.status).toBe(200);

    // Inside the /16 (found through the containing networks), from a /32 up to a /17.
    for (const subnet of ['10.1.7.9/32', '10.1.7.0/24', '10.1.128.0/17']) {
      const clash = await assign(other, subnet);
      expect([subnet, clash.body.error?.message]).toEqual([
        subnet,
        'The requested subnet overlaps the existing assignment of 10.1.0.0/16',
      ]);
    }
    // Holding the /32: narrower than a block (its block), host bits set, and wider than a block (a scan).
    for (const subnet of ['10.2.3.192/26', '10.2.3.9/24', '10.2.0.0/20']) {
      const clash = await assign(other, subnet);
      expect([subnet, clash.body.error?.message]).toEqual([
        subnet,
        'The requested subnet overlaps the existing assignment of 10.2.3.200',
      ]);
    }
    expect((await assign(other, '10.2.4.0/24')).status).toBe(200);

    // PATCH moves 10.3.0.1 to 10.4.0.1: the old address is free, the new one taken.
    const id = moved.body.data.id as number;
    const patched = await call(sim, 'PATCH', `/accounts/${accountId}/ip_assignments/${id}`, {
      subnet: '10.4.0.1/32',
    });
    expect(patched.status).toBe(200);
    expect((await assign(other, '10.4.0.0/30')).body.error?.message).toBe(
      'The requested subnet overlaps the existing assignment of 10.4.0.1',
    );
    expect((await assign(other, '10.3.0.1/32')).status).toBe(200);
  });

  it('refuses a service that is not a data service on the account', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/ip_assignments`, {
      subnet: '10.0.0.1/32',
      assigned_entity: 'accounts',
      service_id: 3,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.service_id).toMatch(/not a data service on account/);
  });

  it('refuses a non-inventoried MAC assignment without its MAC, through the request schema', async () => {
    const answer = await call(sim, 'POST', `/accounts/${accountId}/ip_assignments`, {
      subnet: '10.0.0.1/32',
      assigned_entity: 'non_inventoried_mac_addresses',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.non_inventoried_mac_address).toMatch(/required/);
  });

  it('lists and deletes assignments, then answers 404', async () => {
    await call(sim, 'POST', `/accounts/${accountId}/ip_assignments`, {
      subnet: '10.0.0.1/32',
      assigned_entity: 'accounts',
    });
    const list = await call(sim, 'GET', `/accounts/${accountId}/ip_assignments`);
    expect(list.body.paginator.total_count).toBe(1);
    expect((await call(sim, 'DELETE', `/accounts/${accountId}/ip_assignments/1`)).body).toEqual({
      data: { success: true },
    });
    expect((await call(sim, 'DELETE', `/accounts/${accountId}/ip_assignments/1`)).status).toBe(404);
  });
});
