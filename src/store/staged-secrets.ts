import { registerSecret, registerToken } from '../sonar/redact.js';
import type { StateDb } from './database.js';

/**
 * Registers the secrets the staged payloads hold (payment tokens, portal passwords) with the
 * scrubber, so a Sonar message that repeats one ("The token tok_… was declined") never reaches an
 * error, the journal or a report whole. Run by every command that sends staged records or writes
 * reports; returns how many values were seen. Only `token` and `password` fields hold secrets
 * (mappers/fields.ts `secretPaths`); only the payment and contact steps carry them.
 */
export function registerStagedSecrets(db: StateDb): number {
  const hasStaged = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'staged'").get();
  if (!hasStaged) return 0;
  const rows = db
    .prepare(
      `SELECT json_extract(payload, '$.token') AS token, json_extract(payload, '$.password') AS password
       FROM staged WHERE step IN ('credit_cards', 'bank_accounts', 'contacts')`,
    )
    .iterate() as IterableIterator<{ token: unknown; password: unknown }>;
  let seen = 0;
  for (const row of rows) {
    if (typeof row.token === 'string') {
      registerToken(row.token);
      seen += 1;
    }
    if (typeof row.password === 'string') {
      registerSecret(row.password);
      seen += 1;
    }
  }
  return seen;
}
