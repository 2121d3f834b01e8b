import { describe, expect, it } from 'vitest';
import type { PendingRef, StagedRecord, StepName } from '../../src/ground/types.js';
import { fingerprintOf } from '../../src/loaders/fingerprint.js';
import { planMigration } from '../../src/loaders/plan.js';
import type { InventoryDid, ReferenceData } from '../../src/loaders/reference-data.js';
import { makeState } from '../reports/load-report-fixture.js';

/** Reference data whose DID inventory a test fills (a Map). */
function reference(): ReferenceData & { didInventory: Map<string, InventoryDid> } {
  return {
    accountTypes: [{ id: 1, name: 'Residential' }],
    accountStatuses: [{ id: 2, name: 'Active', active: true }],
    accountGroups: [],
    addressTypes: [{ id: 1, name: 'Physical' }],
    services: [
      {
        id: 1,
        name: 'Fiber 100',
        type: 'recurring',
        active: true,
        dataService: true,
        voiceService: false,
        billingFrequencyInMonths: 1,
      },
      {
        id: 10,
        name: 'Home Phone',
        type: 'recurring',
        active: true,
        dataService: false,
        voiceService: true,
        billingFrequencyInMonths: 1,
      },
    ],
    rateCenters: [{ id: 1, name: 'Green Bay, WI' }],
    accounts: new Map(),
    didInventory: new Map(),
  };
}

function record(
  step: StepName,
  legacyKey: string,
  payload: Record<string, unknown>,
  options: { accountKey?: string; refs?: PendingRef[]; row?: number } = {},
): StagedRecord {
  return {
    step,
    legacyKey,
    ...(options.accountKey ? { accountKey: options.accountKey } : {}),
    payload,
    refs: options.refs ?? [],
    source: {
      input: step,
      provenance: { file: `${step}.csv`, row: options.row ?? 2 },
      columns: [],
      values: [],
    },
  };
}

const account = (id: number, name = `Account ${id}`, refs: PendingRef[] = []) =>
  record('accounts', String(id), { id, name, account_type_id: 1, account_status_id: 2 }, { refs });

function plan(
  records: StagedRecord[],
  ref = reference(),
  prepare?: (s: ReturnType<typeof makeState>) => void,
) {
  const s = makeState();
  for (const r of records) s.staged.addRecord(r);
  prepare?.(s);
  return planMigration(s.staged, ref, ref, s.journal);
}

const stepOf = (p: ReturnType<typeof plan>, step: StepName) => p.steps.find((s) => s.step === step);

describe('planMigration', () => {
  it('counts records this journal already loaded as done, without checking them again', () => {
    const p = plan([account(1), account(2)], reference(), (s) =>
      s.journal.markLoaded(
        'accounts',
        '1',
        { sonarId: '1' },
        { accountKey: '1', fingerprint: fingerprintOf(account(1)) },
      ),
    );
    expect(stepOf(p, 'accounts')).toMatchObject({ done: 1, create: 1 });
  });

  it('resolves crosswalk names and rejects an unknown one with the reason and the row', () => {
    const services = [
      record(
        'services',
        's1',
        { service_id: null },
        { accountKey: '1', refs: [{ path: 'service_id', lookup: 'services', name: 'fiber  100' }] },
      ),
      record(
        'services',
        's2',
        { service_id: null },
        { accountKey: '1', row: 3, refs: [{ path: 'service_id', lookup: 'services', name: 'Gold Plan' }] },
      ),
    ];
    const p = plan([account(1), ...services]);
    expect(stepOf(p, 'services')).toMatchObject({ create: 1, rejected: 1 });
    expect(p.rejections).toEqual([
      {
        step: 'services',
        legacyKey: 's2',
        code: 'JOURNAL_UNRESOLVED_REF',
        message: expect.stringMatching(
          /^services\.csv:3 \(legacy s2\): service_id: service "Gold Plan" is not in this Sonar's services/,
        ),
      },
    ]);
  });

  it('rejects a Sonar id the target does not have, and blocks the rows of that account', () => {
    const bad = record('accounts', '7', { id: 7, name: 'Seven', account_type_id: 9, account_status_id: 2 });
    const contact = record('contacts', 'c7', { name: 'Sev' }, { accountKey: '7' });
    const p = plan([bad, contact]);
    expect(stepOf(p, 'accounts')?.rejected).toBe(1);
    expect(p.rejections[0]?.message).toContain(
      'account_type_id: id 9 is not in this Sonar\'s account types (it has 1 "Residential")',
    );
    expect(stepOf(p, 'contacts')).toMatchObject({ blocked: 1, create: 0 });
  });

  it('accepts a sub-account that is staged, and rejects one that is neither staged nor loaded', () => {
    const parent = account(1, 'Parent', [{ path: 'sub_accounts.0', lookup: 'accounts', name: '2' }]);
    const orphanParent = account(3, 'Other', [{ path: 'sub_accounts.0', lookup: 'accounts', name: '99' }]);
    const p = plan([parent, account(2), orphanParent]);
    expect(stepOf(p, 'accounts')).toMatchObject({ create: 2, rejected: 1 });
    expect(p.rejections[0]?.message).toContain(
      'sub-account 99 is neither staged for loading nor in this journal',
    );
  });

  it('rejects a DID assignment to a service that is not a voice service, or to a DID nobody inventories', () => {
    const ref = reference();
    ref.didInventory.set('9205550001', {
      id: 1,
      did: '9205550001',
      accountId: null,
      serviceId: null,
      rateCenterId: 1,
    });
    const p = plan(
      [
        account(1),
        record('dids', 'd1', { did: '9205550001', service_id: 10 }, { accountKey: '1' }),
        record('dids', 'd2', { did: '9205550001', service_id: 1 }, { accountKey: '1' }),
        record('dids', 'd3', { did: '9205559999', service_id: 10 }, { accountKey: '1' }),
      ],
      ref,
    );
    expect(stepOf(p, 'dids')).toMatchObject({ create: 1, rejected: 2 });
    expect(p.rejections.map((r) => r.message.split(': ').slice(1).join(': '))).toEqual([
      expect.stringContaining('service 1 "Fiber 100" is not a voice service'),
      expect.stringContaining(
        "DID 9205559999 is neither in Sonar's DID inventory nor in the did_inventory input",
      ),
    ]);
  });

  it('takes a DID the did_inventory input adds, but not one whose inventory row it rejects', () => {
    const p = plan([
      record('did_inventory', 'i1', { dids: ['9205550001', 9205550002], rate_center_id: 1 }),
      record(
        'did_inventory',
        'i2',
        { dids: ['9205550003'] },
        {
          refs: [{ path: 'rate_center_id', lookup: 'rate_centers', name: 'Nowhere, WI' }],
        },
      ),
      account(1),
      record('dids', 'd1', { did: '9205550001', service_id: 10 }, { accountKey: '1' }),
      record('dids', 'd2', { did: '9205550002', service_id: 10 }, { accountKey: '1' }),
      record('dids', 'd3', { did: '9205550003', service_id: 10 }, { accountKey: '1' }),
    ]);
    expect(stepOf(p, 'did_inventory')).toMatchObject({ create: 1, rejected: 1 });
    expect(stepOf(p, 'dids')).toMatchObject({ create: 2, rejected: 1 });
    expect(p.rejections.map((r) => r.legacyKey)).toEqual(['i2', 'd3']);
    expect(p.rejections[1]?.message).toContain(
      "DID 9205550003 is neither in Sonar's DID inventory nor in the did_inventory input",
    );
  });

  it('adopts a DID already assigned to the same account, and an inventory DID in the same rate center', () => {
    const ref = reference();
    ref.accounts.set(1, { id: 1, name: 'Account 1' });
    ref.didInventory.set('9205550001', {
      id: 1,
      did: '9205550001',
      accountId: 1,
      serviceId: 10,
      rateCenterId: 1,
    });
    const p = plan(
      [
        record('did_inventory', 'i1', { dids: ['9205550001'], rate_center_id: 1 }),
        account(1),
        record('dids', 'd1', { did: '9205550001', service_id: 10 }, { accountKey: '1' }),
      ],
      ref,
    );
    expect(stepOf(p, 'did_inventory')).toMatchObject({ adopt: 1 });
    expect(stepOf(p, 'accounts')).toMatchObject({ adopt: 1 });
    expect(stepOf(p, 'dids')).toMatchObject({ adopt: 1 });
    expect(p.conflicts).toEqual([]);
  });

  it('reports an inventory DID under another rate center as a conflict', () => {
    const ref = reference();
    ref.didInventory.set('9205550001', {
      id: 1,
      did: '9205550001',
      accountId: null,
      serviceId: null,
      rateCenterId: 4,
    });
    const p = plan([record('did_inventory', 'i1', { dids: ['9205550001'], rate_center_id: 1 })], ref);
    expect(p.conflicts.map((c) => [c.code, c.legacyKey])).toEqual([['PLAN_CONFLICT', 'i1']]);
    expect(p.conflicts[0]?.message).toContain('under rate center 4, not 1');
  });
});
