import { hash } from 'node:crypto';
import type { StagedRecord } from '../ground/types.js';

// Secrets are left out of the fingerprint: a hash is not the secret, but nothing derived from a
// token or a password needs to sit in the journal.
const secretKeys = new Set(['token', 'password']);

/**
 * The fingerprint of a staged record: a hash of its payload and pending references, with keys in a
 * stable order. Equal fingerprints mean the record has not changed since it was loaded, so a re-run
 * sends nothing for it.
 */
export function fingerprintOf(record: Pick<StagedRecord, 'payload' | 'refs'>): string {
  // A record's payload and refs are not changed once staged: the hash is computed once per pair.
  const known = memo.get(record.payload)?.get(record.refs);
  if (known !== undefined) return known;
  const text = stableJson({ payload: record.payload, refs: record.refs });
  // One-shot `hash`: the same digest as createHash, without a Hash object per record.
  const fingerprint = hash('sha256', text, 'hex').slice(0, 32);
  let byRefs = memo.get(record.payload);
  if (!byRefs) {
    byRefs = new WeakMap();
    memo.set(record.payload, byRefs);
  }
  byRefs.set(record.refs, fingerprint);
  return fingerprint;
}

// Keyed by the payload and refs objects themselves (a spread copy of a record shares them), so an
// entry lives as long as the record does.
const memo = new WeakMap<object, WeakMap<object, string>>();

/**
 * JSON with object keys in code-unit order and undefined values and secret keys left out. Written
 * as plain loops (no entry arrays or closures per object): it runs once per record sent.
 */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      out += stableJson(value[i]);
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the order fingerprints were always made in.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const v = object[key];
    if (v === undefined || secretKeys.has(key)) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${stableJson(v)}`;
  }
  return `${out}}`;
}
