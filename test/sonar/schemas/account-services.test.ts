import { describe, expect, test } from 'vitest';
import { accountServiceCreateSchema } from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

describe('accountServiceCreateSchema', () => {
  test('accepts a service id alone', () => {
    expect(issuesOf(accountServiceCreateSchema, { service_id: 5 })).toEqual([]);
  });

  test('accepts every documented option', () => {
    const service = {
      service_id: 5,
      description: 'Install fee',
      quantity: 3,
      prorate: false,
      amount: -10,
      price_override: 0,
      price_override_reason: 'Legacy price',
      name_override: 'Fibre 100',
      next_bill_date: '2025-06-30',
      service_metadata: [{ id: 12, value: 'test' }],
    };
    expect(issuesOf(accountServiceCreateSchema, service)).toEqual([]);
  });

  test('requires service_id', () => {
    expect(issuesOf(accountServiceCreateSchema, {})).toEqual([
      { path: 'service_id', message: 'service_id is required' },
    ]);
  });

  test('rejects a quantity of 0 or a fraction', () => {
    for (const quantity of [0, 1.5]) {
      expect(issuesOf(accountServiceCreateSchema, { service_id: 5, quantity })).toEqual([
        { path: 'quantity', message: 'quantity must be a whole number of 1 or more' },
      ]);
    }
  });

  test('rejects a service next_bill_date that is not a real date', () => {
    expect(issuesOf(accountServiceCreateSchema, { service_id: 5, next_bill_date: '2025-06-31' })).toEqual([
      { path: 'next_bill_date', message: 'date does not exist in the calendar (check the month and day)' },
    ]);
  });

  test('rejects service metadata without an id', () => {
    expect(
      issuesOf(accountServiceCreateSchema, { service_id: 5, service_metadata: [{ value: 'x' }] }),
    ).toEqual([{ path: 'service_metadata.0.id', message: 'service_metadata id is required' }]);
  });
});
