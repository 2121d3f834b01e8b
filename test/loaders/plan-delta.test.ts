import { describe, expect, it } from 'vitest';
import type { StagedRecord } from '../../src/ground/types.js';
import { unknownFields } from '../../src/loaders/delta.js';
import { fingerprintOf } from '../../src/loaders/fingerprint.js';
import { loadedFieldsText } from '../../src/loaders/loaded-fields.js';
import { planMigration } from '../../src/loaders/plan.js';
import type { ReferenceData } from '../../src/loaders/reference-data.js';
import { formatDelta, formatPlanTable } from '../../src/reports/plan-report.js';
import { makeState } from '../reports/load-report-fixture.js';

const reference: ReferenceData = {
  accountTypes: [{ id: 1, name: 'Residential' }],
  accountStatuses: [{ id: 2, name: 'Active', active: true }],
  accountGroups: [],
  addressTypes: [],
  services: [],
  rateCenters: [],
  accounts: new Map(),
  didInventory: new Map(),
};

function staged(
  step: StagedRecord['step'],
  legacyKey: string,
  payload: Record<string, unknown>,
): StagedRecord {
  return {
    step,
    legacyKey,
    ...(step === 'accounts' ? { accountKey: legacyKey } : { accountKey: '1' }),
    payload,
    refs: [],
    source: { input: step, provenance: { file: `${step}.csv`, row: 2 }, columns: [], values: [] },
  };
}

const account = staged('accounts', '1', { name: 'Acme', account_type_id: 1, account_status_id: 2 });
const bob = (email: string, phone = '9205550100') =>
  staged('contacts', 'contacts:1:bob', {
    name: 'Bob',
    email_address: email,
    phone_numbers: { work: { number: phone } },
  });

/** Plans `now` against a journal that loaded `before` (each with the fields it then had). */
function planAfter(before: StagedRecord[], now: StagedRecord[], keepFields = true) {
  const s = makeState();
  for (const r of now) s.staged.addRecord(r);
  before.forEach((r, i) => {
    s.journal.markLoaded(
      r.step,
      r.legacyKey,
      { sonarId: String(100 + i) },
      {
        accountKey: r.accountKey ?? null,
        fingerprint: fingerprintOf(r),
        ...(keepFields ? { loadedFields: loadedFieldsText(r) } : {}),
      },
    );
  });
  return planMigration(s.staged, reference, reference, s.journal);
}

describe('a plan after a load (delta)', () => {
  it('counts an edited record as to update and names the fields it changed', () => {
    const p = planAfter(
      [account, bob('bob@example.com')],
      [account, bob('bob@new.example.com', '9205550199')],
    );
    expect(p.steps.find((s) => s.step === 'contacts')).toMatchObject({
      create: 0,
      done: 0,
      update: 1,
      removed: 0,
    });
    expect(p.steps.find((s) => s.step === 'accounts')).toMatchObject({ done: 1, update: 0 });
    expect(p.updatedFields).toEqual({ contacts: { email_address: 1, 'phone_numbers.work.number': 1 } });
    expect(formatDelta(p)).toBe(
      '\nChanged in the source since loaded:\n  contacts: 1 to update — email_address (1), phone_numbers.work.number (1)\n',
    );
  });

  it('reports a loaded record the source no longer has as removed in source, with its Sonar id', () => {
    const ann = staged('contacts', 'contacts:1:ann', { name: 'Ann', email_address: 'ann@example.com' });
    const p = planAfter([account, bob('bob@example.com'), ann], [account, bob('bob@example.com')]);
    expect(p.steps.find((s) => s.step === 'contacts')).toMatchObject({ done: 1, update: 0, removed: 1 });
    expect(p.removals).toEqual([
      { step: 'contacts', legacyKey: 'contacts:1:ann', accountKey: '1', sonarId: '102' },
    ]);
    expect(formatPlanTable(p)).toContain('removed in source');
    expect(formatPlanTable(p)).not.toContain('to update');
  });

  it('says the fields are not known for a record loaded before the journal kept them', () => {
    const p = planAfter([account, bob('bob@example.com')], [account, bob('bob@new.example.com')], false);
    expect(p.updatedFields).toEqual({ contacts: { [unknownFields]: 1 } });
  });

  it('leaves the delta columns out of the table when nothing changed', () => {
    const p = planAfter([account], [account]);
    expect(formatPlanTable(p)).not.toMatch(/to update|removed in source/);
    expect(formatDelta(p)).toBe('');
  });
});
