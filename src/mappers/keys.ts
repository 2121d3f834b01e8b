import type { RowRejection } from '../ground/types.js';
import { type MappedStep, rejectField } from './build-record.js';
import { type EntityRow, keyText } from './fields.js';

// Legacy keys. An account's key is its legacy account number. A child row's key never comes from
// its row number, so re-ordering or re-exporting the file keeps every key, and never from the
// fields an edit changes, so an edited record keeps its key and `load` sees a change, not a new
// record (issue 16). Contacts, addresses, services and payment methods are keyed by identity
// (`identityKey`): `<step>:<account>:<identity>` — the contact's name, the address type, the
// service; the account alone for payment methods — and staging numbers the records of an account
// that share one (`#2`, `#3`, by first appearance of each distinct content: StagedRecords), so two
// identical rows keep one key, which the duplicate check reports. Each part is trimmed, spaces
// collapsed and lower-cased. Billing parameters and next bill dates are one per account
// (`<step>:<account>`). DIDs and IP assignments are keyed by the number itself (`dids:<did>`,
// `ip_assignments:<subnet>`), since each can be assigned only once across all accounts. A key
// column the mapping names wins over all of these. Secrets (tokens, passwords) never take part.

/** Normalizes one part of a content-derived legacy key: trimmed, spaces collapsed, lower case. */
export function keyPart(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') {
    const name = (value as { sonarName?: unknown }).sonarName;
    return name === undefined ? keyPart(JSON.stringify(value)) : keyPart(name);
  }
  return String(value).trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The legacy key of a child row: `<step>:<explicit key>` when the mapping names key columns,
 * else content-derived: `<step>:<account>:<part>:<part>…`.
 */
export function childKey(step: MappedStep, row: EntityRow, accountKey: string, ...parts: unknown[]): string {
  const explicit = keyText(row.legacyKey);
  if (explicit !== undefined) return `${step}:${explicit}`;
  return [step, accountKey, ...parts.map(keyPart)].join(':');
}

/**
 * The legacy key of a child row keyed by identity: the explicit key when the mapping names key
 * columns, else `<step>:<account>:<identity>` marked for numbering (see the note at the top).
 */
export function identityKey(
  step: MappedStep,
  row: EntityRow,
  accountKey: string,
  ...identity: unknown[]
): { legacyKey: string; accountKey: string; numberedKey?: true } {
  const explicit = keyText(row.legacyKey);
  if (explicit !== undefined) return { legacyKey: `${step}:${explicit}`, accountKey };
  return { legacyKey: [step, accountKey, ...identity.map(keyPart)].join(':'), accountKey, numberedKey: true };
}

/** The legacy key of a row keyed by one value (a DID, a subnet): `<step>:<value>`, or the explicit key. */
export function valueKey(step: MappedStep, row: EntityRow, value: unknown): string {
  return `${step}:${keyText(row.legacyKey) ?? keyPart(value)}`;
}

/** The account number of a child row, or the rejection saying it is missing. */
export function requireAccountKey(row: EntityRow): { accountKey: string } | { rejection: RowRejection } {
  const accountKey = keyText(row.accountKey);
  if (accountKey !== undefined) return { accountKey };
  const message = 'the account number is required: it ties the row to its account';
  return { rejection: rejectField(row, 'MAP_MISSING_REQUIRED', 'account number', row.accountKey, message) };
}
