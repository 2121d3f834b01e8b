import { describe, expect, it } from 'vitest';
import { type DateFormat, parseDate } from '../../../src/mappers/transforms/dates.js';

const read = (value: string, format: DateFormat, timeZone?: string) =>
  parseDate(value, timeZone === undefined ? { format } : { format, timeZone });

describe('parseDate', () => {
  it.each([
    ['01/31/2023', 'MM/DD/YYYY', '2023-01-31'],
    ['1/5/2023', 'M/D/YYYY', '2023-01-05'],
    ['12/25/2023 0:00', 'M/D/YYYY', '2023-12-25'],
    ['31/01/2023', 'DD/MM/YYYY', '2023-01-31'],
    ['5/1/2023', 'D/M/YYYY', '2023-01-05'],
    ['2023-01-31', 'YYYY-MM-DD', '2023-01-31'],
    ['2023-01-31 13:45:00', 'YYYY-MM-DD', '2023-01-31'],
    ['2024-02-29', 'YYYY-MM-DD', '2024-02-29'],
  ] as const)('reads %s as %s', (value, format, expected) => {
    expect(read(value, format)).toEqual({ ok: true, value: expected });
  });

  it('takes the calendar date of an ISO 8601 time as written, whatever its offset', () => {
    expect(read('2023-01-31T23:30:00-07:00', 'ISO8601')).toEqual({ ok: true, value: '2023-01-31' });
    expect(read('2023-02-01T00:30:00+1400', 'ISO8601')).toEqual({ ok: true, value: '2023-02-01' });
    expect(read('2023-01-31T10:00:00Z', 'ISO8601')).toEqual({ ok: true, value: '2023-01-31' });
    expect(read('2023-01-31', 'ISO8601')).toEqual({ ok: true, value: '2023-01-31' });
  });

  it('reads Unix epoch seconds and milliseconds as UTC dates, or in a named zone', () => {
    expect(read('1675209600', 'epoch')).toEqual({ ok: true, value: '2023-02-01' });
    expect(read('1675209600000', 'epoch-ms')).toEqual({ ok: true, value: '2023-02-01' });
    expect(read('1675209600', 'epoch', 'America/Los_Angeles')).toEqual({ ok: true, value: '2023-01-31' });
  });

  it('reads Excel 1900 serials on both sides of the Lotus leap-year bug', () => {
    expect(read('1', 'excel')).toEqual({ ok: true, value: '1900-01-01' });
    expect(read('59', 'excel')).toEqual({ ok: true, value: '1900-02-28' });
    expect(read('61', 'excel')).toEqual({ ok: true, value: '1900-03-01' });
    expect(read('44927', 'excel')).toEqual({ ok: true, value: '2023-01-01' });
    expect(read('44927.75', 'excel')).toEqual({ ok: true, value: '2023-01-01' });
  });

  it('rejects Excel serial 60, the 1900-02-29 that never existed, and serial 0', () => {
    const sixty = read('60', 'excel');
    expect(sixty.ok === false && sixty.message).toMatch(/1900-02-29/);
    expect(read('0', 'excel').ok).toBe(false);
  });

  it('reads Excel 1904 serials', () => {
    expect(read('0', 'excel-1904')).toEqual({ ok: true, value: '1904-01-01' });
    expect(read('43465', 'excel-1904')).toEqual({ ok: true, value: '2023-01-01' });
  });

  it('returns null for a blank cell and for the MySQL zero date', () => {
    expect(read('  ', 'MM/DD/YYYY')).toEqual({ ok: true, value: null });
    expect(read('0000-00-00', 'YYYY-MM-DD')).toEqual({ ok: true, value: null });
    expect(read('0000-00-00 00:00:00', 'ISO8601')).toEqual({ ok: true, value: null });
  });

  it('rejects impossible calendar dates', () => {
    for (const [value, format] of [
      ['2023-02-30', 'YYYY-MM-DD'],
      ['2023-02-29', 'ISO8601'],
      ['13/01/2023', 'MM/DD/YYYY'],
      ['31/04/2023', 'DD/MM/YYYY'],
      ['00/10/2023', 'M/D/YYYY'],
    ] as const) {
      const result = read(value, format);
      expect(result.ok === false && result.message).toMatch(/not a real calendar date/);
    }
  });

  it('rejects a value in the wrong layout and names the expected format', () => {
    const result = read('2023-01-31', 'MM/DD/YYYY');
    expect(result).toEqual({
      ok: false,
      message: '"2023-01-31" is not a date in the format MM/DD/YYYY — fix the cell or set the format',
    });
    expect(read('1/5/2023', 'MM/DD/YYYY').ok).toBe(false);
    expect(read('yesterday', 'epoch').ok).toBe(false);
    expect(read('-3', 'excel').ok).toBe(false);
  });
});
