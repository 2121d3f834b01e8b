import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { mappedSteps } from '../../../src/mappers/entities.js';
import { sonarImporterProfile } from '../../../src/mappers/profiles/sonar-importer.js';
import { importerLayouts } from '../../../src/mappers/profiles/sonar-importer-layouts.js';
import { makeTempDir } from '../../helpers/io.js';
import { mapInput } from '../map-input.js';

const header = importerLayouts.accounts.map((c) => `"${c.header}"`).join(',');
// 25 positional cells: ID … Fax.
const account = (cells: Record<number, string>) =>
  Array.from({ length: 25 }, (_, i) => cells[i] ?? '')
    .map((v) => (v.includes(',') ? `"${v}"` : v))
    .join(',');
const base = {
  0: '1001',
  1: 'Jane Doe',
  2: '1',
  3: '2',
  7: '1 Main St',
  9: 'Green Bay',
  10: 'WI',
  12: '54301',
  13: 'US',
};

function csvFile(name: string, lines: string[]): string {
  const dir = makeTempDir();
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

describe('sonar-importer profile', () => {
  it('reads accounts with the template header row, detected', async () => {
    const path = csvFile('accounts.csv', [header, account(base)]);
    const { records, rejections, rows } = await mapInput(sonarImporterProfile, 'accounts', { path });
    expect(rows).toBe(1);
    expect(rejections).toEqual([]);
    expect(records[0]?.payload).toMatchObject({
      id: 1001,
      name: 'Jane Doe',
      state: 'Wisconsin',
      country: 'US',
    });
    expect(records[0]?.source.provenance).toMatchObject({ file: 'accounts.csv', row: 2, legacyKey: '1001' });
  });

  it('reads the same file without a header, naming columns by letter in messages', async () => {
    const path = csvFile('accounts.csv', [account(base), account({ ...base, 0: '1002', 13: 'Narnia' })]);
    const { records, rejections } = await mapInput(sonarImporterProfile, 'accounts', { path });
    expect(records.map((r) => r.legacyKey)).toEqual(['1001']);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]?.code).toBe('MAP_INVALID_VALUE');
    expect(rejections[0]?.source.provenance).toMatchObject({ row: 2, column: 'N', legacyKey: '1002' });
    expect(rejections[0]?.message).toMatch(
      /^accounts\.csv:2 column "N" \(Physical Country\) \(legacy 1002\): "Narnia" is not a country/,
    );
  });

  it('normalizes unambiguous spellings and keeps zero and false', async () => {
    const path = csvFile('accounts.csv', [
      account({
        ...base,
        4: '1, 3',
        5: '2001,2002',
        10: ' texas ',
        13: 'United States',
        16: '',
        19: '2,5',
        20: '(920) 555-0137 x12',
        23: '+1 512 555 0137',
        14: '0',
        15: '0',
      }),
    ]);
    const { records, rejections } = await mapInput(sonarImporterProfile, 'accounts', { path });
    expect(rejections).toEqual([]);
    expect(records[0]?.payload).toMatchObject({
      account_groups: [1, 3],
      sub_accounts: [null, null],
      state: 'Texas',
      country: 'US',
      contact_name: 'Jane Doe',
      latitude: 0,
      longitude: 0,
      email_message_categories: [2, 5],
      phone_numbers: { work: { number: '9205550137', extension: 12 }, mobile: { number: '5125550137' } },
    });
    expect(records[0]?.refs).toEqual([
      { path: 'sub_accounts.0', lookup: 'accounts', name: '2001' },
      { path: 'sub_accounts.1', lookup: 'accounts', name: '2002' },
      // The county column (16) is blank on a US address: load fills it from validate_address.
      { path: 'county', lookup: 'geocode', name: '' },
    ]);
  });

  it('is strict about ids: a name where an id goes is rejected', async () => {
    const path = csvFile('accounts.csv', [account({ ...base, 2: 'Residential' })]);
    const { rejections } = await mapInput(sonarImporterProfile, 'accounts', { path });
    expect(rejections.map((r) => [r.code, r.source.provenance.column])).toEqual([['MAP_INVALID_VALUE', 'C']]);
  });

  it('reads billing parameters as the importer does: the separate invoice day turns the option on', async () => {
    const path = csvFile('billing_parameters.csv', ['1001,5,0,0,,1,0,1,12,0,Statement']);
    const { records } = await mapInput(sonarImporterProfile, 'billing_parameters', { path });
    expect(records[0]?.payload).toEqual({
      bill_day: 5,
      due_days: 0,
      grace_days: 0,
      months_to_bill: 1,
      tax_exempt: false,
      print_invoice: true,
      separate_invoice_day_enabled: true,
      invoice_day: 12,
      auto_pay_days: 0,
      bill_mode: 'statement',
    });
  });

  it('reads services with quantity 1 by default, IPs as /32 and DIDs as 10 digits', async () => {
    const services = await mapInput(sonarImporterProfile, 'services', {
      path: csvFile('services.csv', ['1001,10,$24.99,Loyalty,,']),
    });
    expect(services.records[0]?.payload).toEqual({
      service_id: 10,
      price_override: 24.99,
      price_override_reason: 'Loyalty',
      quantity: 1,
    });
    const ips = await mapInput(sonarImporterProfile, 'ip_assignments', {
      path: csvFile('ip_assignments.csv', ['1001,192.0.2.17,Router,1']),
    });
    expect(ips.records[0]?.payload).toEqual({
      subnet: '192.0.2.17/32',
      description: 'Router',
      service_id: 1,
      assigned_entity: 'accounts',
    });
    const dids = await mapInput(sonarImporterProfile, 'did_inventory', {
      path: csvFile('did_inventory.csv', ['DID,Rate Center ID', '+1 (920) 555-0100,1']),
    });
    expect(dids.records[0]).toMatchObject({
      legacyKey: 'did_inventory:9205550100',
      payload: { dids: ['9205550100'] },
    });
  });

  it('reads an XLSX sheet built in the test', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'export.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Cards');
    sheet.addRow(importerLayouts.credit_cards.map((c) => c.header));
    sheet.addRow([
      '1001',
      'cus_1',
      'tok_1',
      '0042',
      2030,
      '07',
      1,
      'VISA card',
      'Jane',
      '1 Main',
      'Austin',
      'TX',
      '78701',
      'USA',
    ]);
    await workbook.xlsx.writeFile(path);
    const { records, rejections } = await mapInput(sonarImporterProfile, 'credit_cards', {
      path,
      sheet: 'Cards',
    });
    expect(rejections).toEqual([]);
    expect(records[0]?.payload).toMatchObject({
      identifier: '0042',
      expiration_month: 7,
      auto: true,
      card_type: 'visa',
      state: 'Texas',
      country: 'US',
    });
    expect(records[0]?.source.provenance).toMatchObject({ file: 'export.xlsx', sheet: 'Cards', row: 2 });
  });

  it('maps every row of samples/sonar-importer without a rejection', async () => {
    let total = 0;
    for (const step of mappedSteps) {
      const path = `samples/sonar-importer/${step}.csv`;
      if (!existsSync(path)) continue;
      const { records, rejections, rows } = await mapInput(sonarImporterProfile, step, { path });
      expect(rejections, step).toEqual([]);
      expect(records.length, step).toBe(rows);
      total += records.length;
    }
    expect(total).toBe(1230);
  });
});
