import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  accountGroupSchema,
  accountSchema,
  accountServiceCreatedSchema,
  accountServiceSchema,
  accountStatusSchema,
  accountTypeSchema,
  addressSchema,
  addressTypeSchema,
  billingParametersSchema,
  contactSchema,
  countiesResponseSchema,
  countriesResponseSchema,
  dataEnvelope,
  didInventoryCreatedSchema,
  didSchema,
  emailCategoriesResponseSchema,
  ipAssignmentSchema,
  listEnvelope,
  paymentMethodSchema,
  radiusAttributeSchema,
  radiusGroupSchema,
  rateCenterSchema,
  serviceSchema,
  sonarErrorBodySchema,
  subdivisionsResponseSchema,
  versionResponseSchema,
} from '../../../src/sonar/schemas/index.js';

// The JSON answers printed in /work/shared/sonar-api, copied verbatim except where the doc's JSON
// is invalid: countries (a `//etc etc` comment and a trailing comma), account-types and
// services-list (trailing commas), account-statuses (a missing comma after `"active": true`),
// error-422-fields (a trailing comma). The "Get individual IP assignment" example is not valid
// JSON in any reading (an object without a key), so it is not kept.

const fixtureDir = join(import.meta.dirname, '../../fixtures/sonar-docs');

function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(fixtureDir, `${name}.json`), 'utf8'));
}

const cases: Array<[string, z.ZodType]> = [
  ['accounts-create', dataEnvelope(accountSchema)],
  ['accounts-get', dataEnvelope(accountSchema)],
  ['accounts-list', listEnvelope(accountSchema)],
  ['contacts-create', dataEnvelope(contactSchema)],
  ['addresses-create', dataEnvelope(addressSchema)],
  ['payment-methods-tokenized', dataEnvelope(paymentMethodSchema)],
  ['payment-methods-tokenized-older', dataEnvelope(paymentMethodSchema)],
  ['account-services-created', dataEnvelope(accountServiceCreatedSchema)],
  ['account-services-created-success', dataEnvelope(accountServiceCreatedSchema)],
  ['account-services-get', dataEnvelope(accountServiceSchema)],
  ['billing-parameters-get', dataEnvelope(billingParametersSchema)],
  ['billing-parameters-update', dataEnvelope(billingParametersSchema)],
  ['dids-assign', dataEnvelope(didSchema)],
  ['dids-account-list', listEnvelope(didSchema)],
  ['dids-list', listEnvelope(didSchema)],
  ['dids-get', dataEnvelope(didSchema)],
  ['did-inventory-mass-add', dataEnvelope(didInventoryCreatedSchema)],
  ['ip-assignments-create', dataEnvelope(ipAssignmentSchema)],
  ['ip-assignments-list', listEnvelope(ipAssignmentSchema)],
  ['radius-groups-create', dataEnvelope(radiusGroupSchema)],
  ['radius-attributes-create', dataEnvelope(radiusAttributeSchema)],
  ['email-categories', emailCategoriesResponseSchema],
  ['version', versionResponseSchema],
  ['counties', countiesResponseSchema],
  ['countries', countriesResponseSchema],
  ['subdivisions', subdivisionsResponseSchema],
  ['account-groups', listEnvelope(accountGroupSchema)],
  ['account-statuses', listEnvelope(accountStatusSchema)],
  ['account-types', listEnvelope(accountTypeSchema)],
  ['address-types', listEnvelope(addressTypeSchema)],
  ['rate-centers', listEnvelope(rateCenterSchema)],
  ['services-list', listEnvelope(serviceSchema)],
  ['error-422-fields', sonarErrorBodySchema],
  ['error-404', sonarErrorBodySchema],
];

describe('the JSON examples of the Sonar docs', () => {
  test.each(cases)('%s parses with its response schema', (name, schema) => {
    const result = schema.safeParse(readFixture(name));
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  test('a response schema keeps fields Sonar adds that it does not know', () => {
    const parsed = dataEnvelope(accountSchema).parse({
      data: { ...(readFixture('accounts-get') as { data: object }).data, brand_new_field: 7 },
    });
    expect(parsed.data).toHaveProperty('brand_new_field', 7);
  });

  test('a list answer without its paginator is rejected', () => {
    const result = listEnvelope(accountSchema).safeParse({ data: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['paginator']);
  });
});
