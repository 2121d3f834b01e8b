import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, fieldValue } from './fields.js';
import { childKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one tokenized bank account row (`type` is always "echeck"). Key:
 * `bank_accounts:<account>:<identifier>:<name on account>` — never the token, a secret.
 */
export function mapBankAccount(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const f = row.fields;
  const legacyKey = childKey(
    'bank_accounts',
    row,
    accountKey,
    fieldValue(f.identifier),
    fieldValue(f.name_on_account),
  );
  const draft = draftPayload(row, legacyKey);
  draft.payload.type = 'echeck';
  return finishRecord('bank_accounts', row, draft, { legacyKey, accountKey });
}
