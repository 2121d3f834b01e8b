import { describe, expect, test } from 'vitest';
import {
  radiusAttributeCreateSchema,
  radiusGroupCreateSchema,
  radiusGroupUpdateSchema,
} from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

describe('radiusGroupCreateSchema', () => {
  test('accepts a name and priority alone, and every documented option', () => {
    expect(issuesOf(radiusGroupCreateSchema, { name: 'Residential 100M', priority: 1 })).toEqual([]);
    const group = {
      name: 'Delinquent',
      priority: 15,
      delinquent: 1,
      active: 3,
      fall_through: true,
      account_groups: [],
      account_types: [1],
      services: [2, 1],
      account_statuses: [],
    };
    expect(issuesOf(radiusGroupCreateSchema, group)).toEqual([]);
  });

  test('requires name and priority', () => {
    expect(issuesOf(radiusGroupCreateSchema, {})).toEqual([
      { path: 'name', message: 'name is required' },
      { path: 'priority', message: 'priority is required' },
    ]);
  });

  test('rejects delinquent and active values other than 1, 2 or 3', () => {
    expect(issuesOf(radiusGroupCreateSchema, { name: 'G', priority: 1, delinquent: 0, active: 4 })).toEqual([
      {
        path: 'delinquent',
        message:
          'delinquent must be 1 (only delinquent accounts), 2 (only accounts not delinquent) or 3 (not checked)',
      },
      {
        path: 'active',
        message:
          'active must be 1 (only accounts with an active status), 2 (only accounts with an inactive status) or 3 (not checked)',
      },
    ]);
  });
});

describe('radiusGroupUpdateSchema', () => {
  test('accepts a partial update', () => {
    expect(issuesOf(radiusGroupUpdateSchema, { fall_through: false })).toEqual([]);
  });
});

describe('radiusAttributeCreateSchema', () => {
  test.each(['=', ':=', '+='])('accepts the operator %s', (operator) => {
    expect(
      issuesOf(radiusAttributeCreateSchema, { attribute: 'Mikrotik-Rate-Limit', operator, reply: '10M/10M' }),
    ).toEqual([]);
  });

  test('rejects any other operator', () => {
    expect(
      issuesOf(radiusAttributeCreateSchema, { attribute: 'Framed-Pool', operator: '==', reply: 'pool1' }),
    ).toEqual([{ path: 'operator', message: 'operator must be one of =, := or +=' }]);
  });

  test('requires attribute and reply', () => {
    expect(issuesOf(radiusAttributeCreateSchema, { operator: '=' }).map((i) => i.message)).toEqual([
      'attribute is required',
      'reply is required',
    ]);
  });
});
