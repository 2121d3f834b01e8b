import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, fieldValue } from './fields.js';
import { identityKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one contacts row (a contact besides the primary one, which comes with the account).
 * Key: `contacts:<account>:<name>` (numbered when
 * the account has several of one name), so a new email is an edit. Blank email categories are none ([]); a blank
 * `primary` is false.
 */
export function mapContact(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const keys = identityKey('contacts', row, accountKey, fieldValue(row.fields.name));
  const draft = draftPayload(row, keys.legacyKey);
  if (
    draft.payload.email_message_categories === undefined &&
    row.fields.email_message_categories?.problem === undefined
  ) {
    draft.payload.email_message_categories = [];
  }
  if (draft.payload.primary === undefined && row.fields.primary?.problem === undefined) {
    draft.payload.primary = false;
  }
  return finishRecord('contacts', row, draft, keys);
}
