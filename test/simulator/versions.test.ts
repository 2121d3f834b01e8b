import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { type SonarVersion, sonarVersions } from '../../src/simulator/versions.js';
import { accountBody, call } from './routes/sim-http.js';

// The simulator answers in each documented version (issue 12); each test names the doc lines.

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simWithAccount(version: SonarVersion): Promise<{ sim: RunningSimulator; accountId: number }> {
  sim = await startSimulator({ sonarVersion: version });
  const created = await call(sim, 'POST', '/accounts', accountBody());
  return { sim, accountId: created.body.data.id };
}

describe('the Sonar version the simulator answers in', () => {
  it('lists its versions oldest first, newest the default', async () => {
    expect(sonarVersions).toEqual(['oldest', 'older', 'newer', 'newest']);
    sim = await startSimulator();
    expect(sim.sonarVersion).toBe('newest');
  });

  it('answers billing parameters with the fields of each version (doc lines 984, 838, 659, 551)', async () => {
    const fields: Record<SonarVersion, number> = { oldest: 7, older: 11, newer: 13, newest: 16 };
    for (const version of sonarVersions) {
      const { sim: s, accountId } = await simWithAccount(version);
      const got = await call(s, 'GET', `/accounts/${accountId}/billing_parameters`);
      expect([version, Object.keys(got.body.data).length]).toEqual([version, fields[version]]);
      const patched = await call(s, 'PATCH', `/accounts/${accountId}/billing_parameters`, { grace_days: 5 });
      expect([version, Object.keys(patched.body.data).length]).toEqual([version, fields[version]]);
      await s.close();
      sim = undefined;
    }
  });

  it('answers the oldest add-service with success only (doc line 11270) and lists services without quantity (11996)', async () => {
    const { sim: s, accountId } = await simWithAccount('oldest');
    const added = await call(s, 'POST', `/accounts/${accountId}/services`, { service_id: 2 });
    expect(added).toEqual({ status: 201, body: { data: { success: true } } });
    const list = await call(s, 'GET', `/accounts/${accountId}/services`);
    expect(Object.keys(list.body.data[0]).sort()).toEqual(
      [
        'id',
        'number_of_times_billed',
        'package_id',
        'price_override',
        'price_override_reason',
        'unique_service_relationship_id',
      ].sort(),
    );
    expect(list.body.paginator).toEqual({ total_count: 1, total_pages: 1, current_page: 1, limit: 100 });
  });

  it('answers an echeck as "ach" without the name in the oldest version (doc lines 10103, 10167)', async () => {
    const { sim: s, accountId } = await simWithAccount('oldest');
    await call(s, 'POST', `/accounts/${accountId}/tokenized_payment_method`, {
      type: 'echeck',
      token: 'tok_bank_0001',
      name_on_account: 'Pat',
      identifier: '0001',
      auto: false,
    });
    const list = await call(s, 'GET', `/accounts/${accountId}/payment_methods`);
    expect(list.body.data).toEqual([
      { id: 1, type: 'ach', identifier: '0001', expiration_month: null, expiration_year: null, auto: false },
    ]);
  });

  it('answers account statuses without account_super_user_only before the newer versions (doc lines 56283, 56203)', async () => {
    sim = await startSimulator({ sonarVersion: 'older' });
    const older = await call(sim, 'GET', '/system/account_statuses');
    expect(Object.keys(older.body.data[0]).sort()).toEqual(['active', 'color', 'id', 'name']);
    await sim.close();
    sim = await startSimulator({ sonarVersion: 'newer' });
    const newer = await call(sim, 'GET', '/system/account_statuses');
    expect(Object.keys(newer.body.data[0]).sort()).toEqual([
      'account_super_user_only',
      'active',
      'color',
      'id',
      'name',
    ]);
  });

  it("leaves refusals in Sonar's error shape, whatever the version", async () => {
    const { sim: s, accountId } = await simWithAccount('oldest');
    const refused = await call(s, 'PATCH', `/accounts/${accountId}/billing_parameters`, { bill_day: 31 });
    expect(refused).toEqual({
      status: 422,
      body: {
        error: { message: { bill_day: 'The bill_day may not be greater than 28.' }, status_code: 422 },
      },
    });
  });
});
