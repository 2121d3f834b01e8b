import { createHash } from 'node:crypto';
import type { StagedRecord } from '../staging/types.js';

// Secrets are left out of the fingerprint: a hash is not the secret, but nothing derived from a
// token or a password needs to sit in the journal.
const secretKeys = new Set(['token', 'password']);

/**
 * The fingerprint of a staged record: a hash of its payload and pending references, with keys in a
 * stable order. Equal fingerprints mean the record has not changed since it was loaded, so a re-run
 * sends nothing for it.
 */
export function fingerprintOf(record: Pick<StagedRecord, 'payload' | 'refs'>): string {
  const text = stableJson({ payload: record.payload, refs: record.refs });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => v !== undefined && !secretKeys.has(key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
