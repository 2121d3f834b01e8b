import { describe, expect, test } from 'vitest';
import {
  didCreateSchema,
  didInventoryCreateSchema,
  maxDidsPerRequest,
} from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

/** `count` distinct 10-digit DIDs. */
function didRange(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(7155500000 + i));
}

describe('didInventoryCreateSchema', () => {
  test('accepts up to 5,000 distinct 10-digit DIDs and a rate center', () => {
    expect(
      issuesOf(didInventoryCreateSchema, { dids: didRange(maxDidsPerRequest), rate_center_id: 1 }),
    ).toEqual([]);
  });

  test('rejects 5,001 DIDs in one request', () => {
    expect(issuesOf(didInventoryCreateSchema, { dids: didRange(5001), rate_center_id: 1 })).toEqual([
      {
        path: 'dids',
        message: 'dids lists more than 5000 DIDs: Sonar takes at most 5000 per request, split the batch',
      },
    ]);
  });

  test('rejects an empty list', () => {
    expect(issuesOf(didInventoryCreateSchema, { dids: [], rate_center_id: 1 })).toEqual([
      { path: 'dids', message: 'dids must list at least one DID' },
    ]);
  });

  test('rejects a DID that is not exactly 10 digits', () => {
    expect(
      issuesOf(didInventoryCreateSchema, { dids: ['17155550100', '715-555-0100'], rate_center_id: 1 }),
    ).toEqual(
      [0, 1].map((index) => ({
        path: `dids.${index}`,
        message:
          'DID must be exactly 10 digits (no spaces, dashes or leading 1/+1): Sonar only supports 10-digit DIDs',
      })),
    );
  });

  test('rejects a duplicate DID in the batch', () => {
    expect(
      issuesOf(didInventoryCreateSchema, { dids: ['7155550100', '7155550100'], rate_center_id: 1 }),
    ).toEqual([
      {
        path: 'dids.1',
        message: 'DID 7155550100 appears twice in the batch: Sonar rejects a batch with duplicate DIDs',
      },
    ]);
  });

  test('requires a rate center', () => {
    expect(issuesOf(didInventoryCreateSchema, { dids: ['7155550100'] })).toEqual([
      { path: 'rate_center_id', message: 'rate_center_id is required' },
    ]);
  });
});

describe('didCreateSchema', () => {
  test('accepts a DID and a voice service', () => {
    expect(issuesOf(didCreateSchema, { did: '1234567892', service_id: 30 })).toEqual([]);
  });

  test('rejects a DID with a country code and a missing service', () => {
    expect(issuesOf(didCreateSchema, { did: '+11234567892' })).toEqual([
      {
        path: 'did',
        message:
          'DID must be exactly 10 digits (no spaces, dashes or leading 1/+1): Sonar only supports 10-digit DIDs',
      },
      { path: 'service_id', message: 'service_id is required' },
    ]);
  });
});
