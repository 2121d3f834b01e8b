import { draftPayload, finishRecord } from './build-record.js';
import type { EntityRow } from './fields.js';
import { identityKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one tokenized credit card row (`type` is always "credit card"). Key:
 * `credit_cards:<account>`, numbered by first appearance when the account has several, so a new
 * token or expiry is a change to the same card — never the token itself, a secret.
 */
export function mapCreditCard(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const keys = identityKey('credit_cards', row, accountKey);
  const draft = draftPayload(row, keys.legacyKey);
  draft.payload.type = 'credit card';
  return finishRecord('credit_cards', row, draft, keys);
}
