import { describe, expect, it } from 'vitest';
import { makeState, stagedRecord } from '../reports/load-report-fixture.js';

describe('StagedRecords.validOfKeys', () => {
  it('reads the valid records of the keys asked for, in input order, past one page of 500', () => {
    const { staged } = makeState();
    staged.transaction(() => {
      for (let i = 0; i < 1_500; i += 1)
        staged.addRecord(
          stagedRecord('contacts', `C${i}`, { name: `n${i}` }, { accountKey: 'A', line: i + 2 }),
        );
      staged.addRecord(stagedRecord('accounts', 'C7', { name: 'another step, same key' }));
    });
    // Asked for out of order, with a key nobody staged.
    const wanted = ['C1499', 'C7', 'NOPE', ...Array.from({ length: 700 }, (_, i) => `C${i * 2}`)];
    const found = [...staged.validOfKeys('contacts', wanted)];
    const expected = [...new Set([7, 1499, ...Array.from({ length: 700 }, (_, i) => i * 2)])].sort(
      (a, b) => a - b,
    );
    expect(found.map((r) => r.legacyKey)).toEqual(expected.map((i) => `C${i}`));
    expect(found.every((r) => r.step === 'contacts')).toBe(true);
    // The whole record, with the row's cells (a failed CSV writes them back).
    expect(found[0]?.source).toMatchObject({ provenance: { row: 2 }, columns: ['name'], values: ['n0'] });
    expect([...staged.validOfKeys('contacts', [])]).toEqual([]);
  });
});
