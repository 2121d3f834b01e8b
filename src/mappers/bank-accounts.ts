import { draftPayload, finishRecord } from './build-record.js';
import type { EntityRow } from './fields.js';
import { identityKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one tokenized bank account row (`type` is always "echeck"). Key:
 * `bank_accounts:<account>`, numbered by first appearance when the account has several, so a new
 * token is a change to the same bank account — never the token itself, a secret.
 */
export function mapBankAccount(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const keys = identityKey('bank_accounts', row, accountKey);
  const draft = draftPayload(row, keys.legacyKey);
  draft.payload.type = 'echeck';
  return finishRecord('bank_accounts', row, draft, keys);
}
