import { describe, expect, test } from 'vitest';
import { isCalendarDate, roundTripsThroughDate } from '../../../src/sonar/schemas/common.js';
import {
  billDate,
  countryCode,
  emailMessageCategories,
  isoDate,
  phoneNumbersSchema,
  sonarErrorBodySchema,
} from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

describe('isCalendarDate', () => {
  test('agrees with the Date.UTC round trip that defines the rule, including years 0000–0099 and leap days', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    let checked = 0;
    for (const y of [0, 50, 99, 100, 1600, 1900, 2000, 2023, 2024, 2100, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const value = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect(isCalendarDate(value), value).toBe(roundTripsThroughDate(value));
          checked++;
        }
      }
    }
    expect(checked).toBe(11 * 14 * 33);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('0050-01-01')).toBe(false);
  });

  test('falls back to the round trip for text not written YYYY-MM-DD', () => {
    for (const value of ['2024-2-29', '+2024-02-29', '2024-02-29 ', '20240229', '']) {
      expect(isCalendarDate(value), value).toBe(roundTripsThroughDate(value));
    }
  });
});

describe('isoDate', () => {
  test('accepts a real YYYY-MM-DD date, including 29 February of a leap year', () => {
    expect(issuesOf(isoDate, '2024-02-29')).toEqual([]);
  });

  test('rejects a date not written YYYY-MM-DD', () => {
    expect(issuesOf(isoDate, '03/01/2024')).toEqual([
      { path: '', message: 'date must be written YYYY-MM-DD, e.g. 2024-03-01' },
    ]);
  });

  test('rejects a date that does not exist in the calendar', () => {
    expect(issuesOf(isoDate, '2023-02-29')).toEqual([
      { path: '', message: 'date does not exist in the calendar (check the month and day)' },
    ]);
    expect(issuesOf(isoDate, '2024-13-01')).toHaveLength(1);
  });

  test('says a date is required when it is missing', () => {
    expect(issuesOf(isoDate, undefined)).toEqual([{ path: '', message: 'date is required' }]);
  });
});

describe('billDate', () => {
  test('accepts day 28', () => {
    expect(issuesOf(billDate, '2024-03-28')).toEqual([]);
  });

  test('rejects a day above 28 because Sonar bills on days 1–28', () => {
    expect(issuesOf(billDate, '2024-03-29')).toEqual([
      { path: '', message: 'day must be 28 or less: Sonar bills on days 1–28' },
    ]);
  });

  test('reports an impossible date once, not also as a day above 28', () => {
    expect(issuesOf(billDate, '2023-02-30')).toEqual([
      { path: '', message: 'date does not exist in the calendar (check the month and day)' },
    ]);
  });
});

describe('countryCode', () => {
  test('accepts two capital letters', () => {
    expect(issuesOf(countryCode, 'CA')).toEqual([]);
  });

  test('rejects a lower-case code or a country name', () => {
    const message = 'country must be a two-letter ISO code in capitals, e.g. US';
    expect(issuesOf(countryCode, 'us')).toEqual([{ path: '', message }]);
    expect(issuesOf(countryCode, 'USA')).toEqual([{ path: '', message }]);
  });
});

describe('phoneNumbersSchema', () => {
  test('accepts work, home, mobile and fax numbers with optional extensions', () => {
    const phones = {
      work: { number: '1231231234', extension: 123 },
      home: { number: '1235550809' },
      mobile: { number: '1235550809', extension: null },
      fax: { number: '4415550100' },
    };
    expect(issuesOf(phoneNumbersSchema, phones)).toEqual([]);
  });

  test('rejects a kind of phone other than work, home, mobile or fax', () => {
    expect(issuesOf(phoneNumbersSchema, { pager: { number: '1231231234' } })).toEqual([
      {
        path: '',
        message:
          'unknown field "pager": Sonar does not accept it here — remove it from the mapping or fix its spelling',
      },
    ]);
  });

  test('rejects a number with punctuation', () => {
    expect(issuesOf(phoneNumbersSchema, { work: { number: '(123) 123-1234' } })).toEqual([
      {
        path: 'work.number',
        message: 'phone number must be digits only (no spaces, dashes or +), at most 15, e.g. 5551234567',
      },
    ]);
  });

  test('rejects an extension that is not a whole number', () => {
    expect(issuesOf(phoneNumbersSchema, { work: { number: '1231231234', extension: 'x12' } })).toEqual([
      { path: 'work.extension', message: 'extension must be a whole number' },
    ]);
  });
});

describe('emailMessageCategories', () => {
  test('accepts the documented category ids and an empty list', () => {
    expect(issuesOf(emailMessageCategories, [2, 3, 4, 5])).toEqual([]);
    expect(issuesOf(emailMessageCategories, [])).toEqual([]);
  });

  test('rejects an id that /_data/email_categories does not document', () => {
    expect(issuesOf(emailMessageCategories, [2, 9])).toEqual([
      {
        path: '1',
        message:
          'email category must be one of 2 (Financial), 3 (General), 4 (Service Related), 5 (Outage Notifications)',
      },
    ]);
  });
});

describe('sonarErrorBodySchema', () => {
  test('accepts a message string and a message per field', () => {
    expect(issuesOf(sonarErrorBodySchema, { error: { message: 'Nope', status_code: 404 } })).toEqual([]);
    expect(
      issuesOf(sonarErrorBodySchema, {
        error: { message: { name: ['Required.', 'Too long.'] }, status_code: 422 },
      }),
    ).toEqual([]);
  });

  test('rejects a body without a status code', () => {
    expect(issuesOf(sonarErrorBodySchema, { error: { message: 'Nope' } }).map((i) => i.path)).toEqual([
      'error.status_code',
    ]);
  });
});
