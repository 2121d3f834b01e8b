import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import { runCrossChecks } from '../../src/validate/cross-checks.js';
import { subnetRange } from '../../src/validate/ip-checks.js';
import { account, makeStaged, record, rejectionsWith, stage, validKeys } from '../store/staged-fixtures.js';

const inputs = new Set<StepName>(['accounts', 'services', 'ip_assignments']);
const columns = ['Account ID', 'IP Address', 'Description', 'Service ID', 'MAC Address'];
const ip = (accountKey: string, subnet: string, row: number, extra: Record<string, unknown> = {}) =>
  record(
    'ip_assignments',
    `ip_assignments:${subnet}`,
    row,
    { subnet, assigned_entity: 'accounts', ...extra },
    {
      accountKey,
      values: [accountKey, subnet.replace(/\/32$/, ''), '', String(extra.service_id ?? ''), ''],
      columns,
    },
  );
const service = (accountKey: string, serviceId: number, row: number) =>
  record(
    'services',
    `services:${accountKey}:${serviceId}:${row}`,
    row,
    { service_id: serviceId },
    { accountKey },
  );
const data = { ids: [1, 2], names: ['Fiber 100'] };

describe('subnetRange', () => {
  it('gives the first and last address of IPv4 and IPv6 subnets as ordered hex', () => {
    expect(subnetRange('192.0.2.17/29')).toEqual({ family: 'ipv4', lo: 'c0000210', hi: 'c0000217' });
    expect(subnetRange('2001:db8::/127')).toMatchObject({
      family: 'ipv6',
      hi: '20010db8000000000000000000000001',
    });
    expect(subnetRange('not an ip')).toBeNull();
  });
});

describe('overlapping IP assignments', () => {
  it('passes subnets that do not overlap, in either family', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '1', 2, account()),
      ip('1', '192.0.2.0/30', 2),
      ip('1', '192.0.2.4/32', 3),
      ip('1', '2001:db8::/64', 4),
      ip('1', '2001:db8:0:1::/64', 5),
    ]);
    runCrossChecks(staged, { inputs });
    expect(rejectionsWith(staged, 'MAP_IP_OVERLAP')).toEqual([]);
    expect(validKeys(staged, 'ip_assignments')).toHaveLength(4);
  });

  it('rejects the later of two overlapping rows, naming both, across accounts and families', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '1', 2, account()),
      record('accounts', '2', 3, account()),
      ip('1', '192.0.2.8/32', 2),
      ip('2', '192.0.2.8/29', 3),
      ip('1', '2001:db8::/48', 4),
      ip('2', '2001:db8:0:5::/64', 5),
    ]);
    runCrossChecks(staged, { inputs });
    const found = rejectionsWith(staged, 'MAP_IP_OVERLAP');
    expect(found.map((f) => [f.row, f.legacyKey])).toEqual([
      [3, 'ip_assignments:192.0.2.8/29'],
      [5, 'ip_assignments:2001:db8:0:5::/64'],
    ]);
    const [first] = [...staged.rejections()];
    expect(first?.message).toBe(
      'ip_assignments.csv:3 column "IP Address" (legacy ip_assignments:192.0.2.8/29): subnet 192.0.2.8/29 overlaps 192.0.2.8/32 of ip_assignments.csv:2 (legacy ip_assignments:192.0.2.8/32) — Sonar assigns an address once: fix one of the subnets or remove one row',
    );
    expect(validKeys(staged, 'ip_assignments')).toEqual([
      'ip_assignments:192.0.2.8/32',
      'ip_assignments:2001:db8::/48',
    ]);
  });
});

describe('service_id on accounts with several data services', () => {
  it('passes an IP without service_id when the account has one data service, and one with it when several', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '1', 2, account()),
      record('accounts', '2', 3, account()),
      service('1', 1, 2),
      service('1', 50, 3),
      service('2', 1, 4),
      service('2', 2, 5),
      ip('1', '192.0.2.1/32', 2),
      ip('2', '192.0.2.2/32', 3, { service_id: 2 }),
    ]);
    const summary = runCrossChecks(staged, { inputs, dataServices: data });
    expect(rejectionsWith(staged, 'MAP_IP_SERVICE_REQUIRED')).toEqual([]);
    expect(summary.notes.join('\n')).not.toContain('service_id');
  });

  it('rejects an IP without service_id when the account has several data services', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '2', 3, account()),
      service('2', 1, 4),
      service('2', 2, 5),
      ip('2', '192.0.2.2/32', 3),
    ]);
    runCrossChecks(staged, { inputs, dataServices: data });
    const found = rejectionsWith(staged, 'MAP_IP_SERVICE_REQUIRED');
    expect(found.map((f) => [f.row, f.legacyKey])).toEqual([[3, 'ip_assignments:192.0.2.2/32']]);
    expect([...staged.rejections()][0]?.source.provenance.column).toBe('Service ID');
  });

  it('skips the check without reference data and says so', () => {
    const { staged } = makeStaged();
    stage(staged, [
      record('accounts', '2', 3, account()),
      service('2', 1, 4),
      service('2', 2, 5),
      ip('2', '192.0.2.2/32', 3),
    ]);
    const summary = runCrossChecks(staged, { inputs });
    expect(rejectionsWith(staged, 'MAP_IP_SERVICE_REQUIRED')).toEqual([]);
    expect(summary.notes.join('\n')).toContain('not checked for a missing service_id');
  });
});
