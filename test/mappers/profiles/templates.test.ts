import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors/index.js';
import { templatesProfile } from '../../../src/mappers/profiles/templates.js';
import { makeTempDir } from '../../helpers/io.js';
import { mapInput } from '../map-input.js';

function csvFile(name: string, lines: string[]): string {
  const path = join(makeTempDir(), name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('templates profile', () => {
  it('finds columns by header name in any order, and accepts Sonar names for ids', async () => {
    const path = csvFile('accounts.csv', [
      'Name,account_number,country,state,city,line1,zip,account_type_id,account_status_id,phone_numbers.work.number,phone_numbers.work.extension',
      'Jane Doe,A-1,USA,wi,Green Bay,1 Main St,54301,Residential,2,920.555.0137,7',
    ]);
    const { records, rejections } = await mapInput(templatesProfile, 'accounts', { path });
    expect(rejections).toEqual([]);
    expect(records[0]).toMatchObject({
      legacyKey: 'A-1',
      payload: {
        name: 'Jane Doe',
        country: 'US',
        state: 'Wisconsin',
        account_type_id: null,
        account_status_id: 2,
        phone_numbers: { work: { number: '9205550137', extension: 7 } },
      },
    });
    expect(records[0]?.refs).toContainEqual({
      path: 'account_type_id',
      lookup: 'account_types',
      name: 'Residential',
    });
  });

  it('ignores columns starting with "_" so a fixed rejected-rows CSV can be fed back', async () => {
    const path = csvFile('next_bill_dates.csv', [
      'account_number,next_bill_date,_file,_row,_column,_code,_error',
      '1001,2027-01-05,next_bill_dates.csv,2,next_bill_date,MAP_INVALID_VALUE,day must be 28 or less',
    ]);
    const { records, rejections } = await mapInput(templatesProfile, 'next_bill_dates', { path });
    expect(rejections).toEqual([]);
    expect(records[0]?.payload).toEqual({ next_bill_date: '2027-01-05' });
  });

  it('stops with a ConfigError on a misspelt column or a missing required column', async () => {
    const misspelt = csvFile('dids.csv', ['account_number,dd,service_id', '1001,9205550100,10']);
    const error = await mapInput(templatesProfile, 'dids', { path: misspelt }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    expect((error as ConfigError).message).toContain('column "dd" is not in the dids template');
    const missing = csvFile('dids.csv', ['account_number,service_id', '1001,10']);
    const error2 = await mapInput(templatesProfile, 'dids', { path: missing }).catch((e: unknown) => e);
    expect((error2 as ConfigError).message).toContain('required column "did" is missing');
  });

  it('reads a sheet of a workbook, with booleans, enums and dates as Excel stores them', async () => {
    const path = join(makeTempDir(), 'templates.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('billing_parameters');
    sheet.addRow(['account_number', 'bill_day', 'tax_exempt', 'bill_mode', 'grace_until', 'due_days']);
    sheet.addRow(['1001', 3, true, 'Statement', new Date(Date.UTC(2027, 4, 1)), 0]);
    await workbook.xlsx.writeFile(path);
    const { records, rejections } = await mapInput(templatesProfile, 'billing_parameters', {
      path,
      sheet: 'billing_parameters',
    });
    expect(rejections).toEqual([]);
    expect(records[0]?.payload).toEqual({
      bill_day: 3,
      tax_exempt: true,
      bill_mode: 'statement',
      grace_until: '2027-05-01',
      due_days: 0,
    });
  });

  it('names the column of a bad cell as the header says', async () => {
    const path = csvFile('services.csv', ['account_number,service_id,quantity', '1001,10,two']);
    const { rejections } = await mapInput(templatesProfile, 'services', { path });
    expect(rejections[0]?.message).toBe(
      'services.csv:2 column "quantity" (legacy services:1001:10): "two" — quantity must be a whole number of 1 or more',
    );
  });
});
