import type { RowRejection } from '../ground/types.js';
import { type MappedStep, rejectField } from './build-record.js';
import { type EntityRow, keyText } from './fields.js';

// Legacy keys. An account's key is its legacy account number. A child row's key is derived from
// its content, never from its row number, so re-ordering or re-exporting the file keeps every key:
// `<step>:<account>:<part>:<part>…`, each part trimmed, spaces collapsed and lower-cased. The parts
// are what tells two rows of the same account apart (see each entity); two rows with the same
// parts are the same record twice, which the duplicate check reports. DIDs and IP assignments are
// keyed by the number itself (`dids:<did>`, `ip_assignments:<subnet>`), since each can be assigned
// only once across all accounts. Secrets (tokens, passwords) never take part in a key.

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
