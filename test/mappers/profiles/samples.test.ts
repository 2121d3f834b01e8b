import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import type { StagedRecord } from '../../../src/ground/types.js';
import type { MappedStep } from '../../../src/mappers/build-record.js';
import { mappedSteps } from '../../../src/mappers/entities.js';
import { resolveProfile } from '../../../src/mappers/profiles/index.js';
import { mapInput } from '../map-input.js';

async function mapSample(set: string) {
  const config = await loadConfig(`samples/${set}/migration.json`);
  const profile = await resolveProfile(config);
  const out = new Map<MappedStep, Awaited<ReturnType<typeof mapInput>>>();
  for (const step of mappedSteps) {
    const input = config.inputs[step];
    if (input) out.set(step, await mapInput(profile, step, input));
  }
  return out;
}

const atRow = (records: StagedRecord[] | undefined, row: number) =>
  records?.find((r) => r.source.provenance.row === row)?.payload;

describe('the sample sets map as their READMEs say', () => {
  it('samples/dirty: the mapper normalizes what is unambiguous and rejects the day-30 bill date', async () => {
    const mapped = await mapSample('dirty');
    const accounts = mapped.get('accounts')?.records;
    expect(atRow(accounts, 3)).toMatchObject({ phone_numbers: { mobile: { number: '9205550186' } } });
    expect(atRow(accounts, 4)).toMatchObject({
      state: 'New York',
      phone_numbers: { mobile: { number: '6075550111' } },
    });
    expect(atRow(accounts, 5)).toMatchObject({ phone_numbers: { mobile: { number: '5125550137' } } });
    expect(atRow(accounts, 6)).toMatchObject({
      state: 'Texas',
      phone_numbers: { mobile: { number: '7135550182' } },
    });
    expect(atRow(accounts, 7)).toMatchObject({
      phone_numbers: { work: { number: '9205550137', extension: 12 } },
    });
    expect(atRow(accounts, 8)).toMatchObject({
      phone_numbers: { mobile: { number: '7165550175', extension: 3 } },
    });
    const contacts = mapped.get('contacts')?.records.map((r) => r.payload.name);
    expect(contacts).toEqual(
      expect.arrayContaining(['José Muñoz', 'Zoë Brontë', 'François Côté', 'Renée Ångström']),
    );
    const cards = mapped.get('credit_cards')?.records ?? [];
    const brands = [1, 2, 4, 5, 6, 7, 8, 9].map((row) => atRow(cards, row)?.card_type);
    expect(brands).toEqual([
      'visa',
      'visa',
      'mastercard',
      'mastercard',
      'amex',
      'amex',
      'discover',
      'dinersclub',
    ]);
    const dates = mapped.get('next_bill_dates');
    expect(atRow(dates?.records, 5)).toEqual({ next_bill_date: '2030-02-12' });
    expect(atRow(dates?.records, 6)).toEqual({ next_bill_date: '2030-01-13' });
    expect(
      dates?.rejections.map((r) => [r.code, r.source.provenance.row, r.source.provenance.column]),
    ).toEqual([['MAP_INVALID_VALUE', 8, 'B']]);
    // Duplicates, orphans and raw card numbers are cross-file/staging checks: rows map one by one.
    for (const [step, result] of mapped)
      if (step !== 'next_bill_dates') expect(result.rejections, step).toEqual([]);
  });

  it('samples/legacy-billing: mapping.yaml maps every row cleanly, to as many records as the importer sample', async () => {
    const legacy = await mapSample('legacy-billing');
    const importer = await mapSample('sonar-importer');
    for (const step of mappedSteps) {
      expect(legacy.get(step)?.rejections, step).toEqual([]);
      expect(legacy.get(step)?.records.length, step).toBe(importer.get(step)?.records.length);
    }
    const account = legacy.get('accounts')?.records.find((r) => r.legacyKey === '40002');
    expect(account?.payload).toMatchObject({
      id: 40002,
      name: 'Loren Dietrich',
      state: 'Wisconsin',
      county: 'Brown Co.',
      email_message_categories: [3, 4, 5],
    });
    const dids = legacy
      .get('dids')
      ?.records.filter((r) => r.accountKey === '40074')
      .map((r) => r.payload.did);
    expect(dids).toEqual(['9202000013', '9202000014']);
  });
});
