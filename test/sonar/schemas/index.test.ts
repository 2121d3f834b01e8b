import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { stepNames } from '../../../src/ground/types.js';
import { fieldDescription, payloadSchemas } from '../../../src/sonar/schemas/index.js';

describe('the payload schema registry', () => {
  test('has a request schema for every step of the load order and nothing else', () => {
    expect(Object.keys(payloadSchemas).sort()).toEqual([...stepNames].sort());
  });

  test.each(Object.entries(payloadSchemas))(
    'every field of the %s payload has a description',
    (_name, schema) => {
      const undescribed = Object.entries(schema.shape)
        .filter(([, field]) => !fieldDescription(field as z.ZodType))
        .map(([key]) => key);
      expect(undescribed).toEqual([]);
    },
  );

  test.each(Object.entries(payloadSchemas))(
    'the %s payload rejects a field Sonar does not know',
    (_name, schema) => {
      const result = schema.safeParse({ not_a_sonar_field: 1 });
      const issue = result.error?.issues.find((i) => i.code === 'unrecognized_keys');
      expect(issue?.message).toBe(
        'unknown field "not_a_sonar_field": Sonar does not accept it here — remove it from the mapping or fix its spelling',
      );
    },
  );
});

describe('fieldDescription', () => {
  test('finds a description set before optional() and nullable()', () => {
    expect(fieldDescription(z.string().describe('Inner.').nullable().optional())).toBe('Inner.');
  });

  test('returns undefined for a field without one', () => {
    expect(fieldDescription(z.string().optional())).toBeUndefined();
  });
});
