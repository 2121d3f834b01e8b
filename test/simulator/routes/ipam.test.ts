import { afterEach, describe, expect, it } from 'vitest';
import type { ReferenceData } from '../../../src/simulator/reference.js';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { call, createAccount, startTestSim } from './sim-http.js';

// A small instance: one supernet, a customer subnet, an infrastructure subnet holding an IP pool.
const ipam: ReferenceData = {
  supernets: [{ id: 4, name: 'Core', subnet: '10.20.0.0/16' }],
  subnets: [
    { id: 1, name: 'Customers', subnet: '10.20.1.0/24', type: 'customer', supernet_id: 4 },
    { id: 2, name: 'Backbone', subnet: '10.20.9.0/24', type: 'infrastructure', supernet_id: 4 },
  ],
  ip_pools: [{ id: 7, name: 'DHCP', subnet_id: 2, start: '10.20.9.10', end: '10.20.9.20' }],
};

let sim: RunningSimulator;
afterEach(async () => {
  await sim.close();
});

describe('IPAM', () => {
  it('lists supernets, their subnets and IP pools as the doc shows them, paginated', async () => {
    sim = await startTestSim(ipam);
    const supernets = await call(sim, 'GET', '/network/ipam/supernets');
    expect(supernets.body).toEqual({
      data: [{ id: 4, name: 'Core', subnet: '10.20.0.0/16' }],
      paginator: { total_count: 1, total_pages: 1, current_page: 1, limit: 100 },
    });
    const subnets = await call(sim, 'GET', '/network/ipam/supernets/4/subnets?limit=1&page=2');
    expect(subnets.body).toEqual({
      data: [
        {
          id: 2,
          name: 'Backbone',
          subnet: '10.20.9.0/24',
          type: 'infrastructure',
          network_site_id: 1,
          supernet_id: 4,
          inline_devices: [],
          poller_id: null,
        },
      ],
      paginator: { total_count: 2, total_pages: 2, current_page: 2, limit: 1 },
    });
    const pools = await call(sim, 'GET', '/network/ipam/supernets/4/subnets/2/ip_pools');
    expect(pools.body.data).toEqual([
      {
        id: 7,
        name: 'DHCP',
        start: '10.20.9.10',
        end: '10.20.9.20',
        dhcp_servers: [],
        dhcp_server_identifier_id: null,
      },
    ]);
    expect((await call(sim, 'GET', '/network/ipam/supernets/5/subnets')).status).toBe(404);
  });

  it('assigns an IP inside a customer subnet or an IP pool, and refuses one that fits neither', async () => {
    sim = await startTestSim(ipam);
    const accountId = await createAccount(sim);
    const assign = (subnet: string) =>
      call(sim, 'POST', `/accounts/${accountId}/ip_assignments`, { subnet, assigned_entity: 'accounts' });
    const inSubnet = await assign('10.20.1.5/32');
    expect([inSubnet.status, inSubnet.body.data.subnet_id, inSubnet.body.data.ip_pool_id]).toEqual([
      200,
      1,
      null,
    ]);
    const inPool = await assign('10.20.9.15/32');
    expect([inPool.status, inPool.body.data.subnet_id, inPool.body.data.ip_pool_id]).toEqual([200, 2, 7]);
    // Infrastructure, outside the pool: refused, in the doc's error shape (ip-addresses doc line 117).
    expect(await assign('10.20.9.30/32')).toEqual({
      status: 422,
      body: {
        error: {
          message:
            'The requested subnet 10.20.9.30/32 does not fit within a customer or mixed subnet, or an IP pool.',
          status_code: 422,
        },
      },
    });
    // A pool takes only an IPv4 /32; a subnet no IPAM holds at all is refused too.
    expect((await assign('10.20.9.12/31')).status).toBe(422);
    expect((await assign('172.31.0.1/32')).status).toBe(422);
    expect(sim.state.ipAssignments.rows.size).toBe(2);
  });

  it('seeds subnets covering the sample IPs, so a fresh simulator takes the demo', async () => {
    sim = await startTestSim();
    const accountId = await createAccount(sim);
    const answer = await call(sim, 'POST', `/accounts/${accountId}/ip_assignments`, {
      subnet: '100.64.1.24/32',
      assigned_entity: 'accounts',
    });
    expect([answer.status, answer.body.data.subnet_id]).toEqual([200, 1]);
  });
});
