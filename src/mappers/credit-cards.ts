import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, fieldValue } from './fields.js';
import { childKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one tokenized credit card row (`type` is always "credit card"). Key:
 * `credit_cards:<account>:<card type>:<identifier>:<year>:<month>` — never the token, a secret.
 */
export function mapCreditCard(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const f = row.fields;
  const legacyKey = childKey(
    'credit_cards',
    row,
    accountKey,
    fieldValue(f.card_type),
    fieldValue(f.identifier),
    fieldValue(f.expiration_year),
    fieldValue(f.expiration_month),
  );
  const draft = draftPayload(row, legacyKey);
  draft.payload.type = 'credit card';
  return finishRecord('credit_cards', row, draft, { legacyKey, accountKey });
}
