import { z } from 'zod';
import type { SonarClient } from '../sonar/client.js';

import { getOrNull } from '../sonar/get-or-null.js';
import { listAll } from '../sonar/list-all.js';

export { getOrNull, listAll };

import type { ResolvedRecord } from './types.js';

/** The first record matching `same` whose id is not claimed by another journal entry. */
export function firstUnclaimed<T extends { id: number }>(
  records: T[],
  claimed: Set<string>,
  same: (record: T) => boolean,
): T | undefined {
  return records.find((r) => !claimed.has(String(r.id)) && same(r));
}

/** The Sonar id of the record's account; a bug if the runner let a record through without it. */
export function accountIdOf(record: ResolvedRecord): number {
  if (record.accountId === undefined) {
    throw new Error(`${record.step} ${record.legacyKey}: its account has no Sonar id (runner bug)`);
  }
  return record.accountId;
}

/** Text compared the way Sonar users see it: trimmed, spaces collapsed, case folded; blank is ''. */
export function sameText(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    v === undefined || v === null ? '' : String(v).trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/** Numbers compared across Sonar's number-or-string answers (`"09"` equals 9); blank equals blank. */
export function sameNumber(a: unknown, b: unknown): boolean {
  const blank = (v: unknown) => v === undefined || v === null || v === '';
  if (blank(a) || blank(b)) return blank(a) && blank(b);
  return Number(a) === Number(b);
}

const withId = z.looseObject({ id: z.coerce.number() });
const anyItem = z.looseObject({});

/**
 * Whether the record a DELETE of `path` removes is still in Sonar: `/accounts/:id` by reading it
 * (404: gone), anything deeper by listing its collection (the path without its last segment) and
 * looking for the id in `idField` — a 404 from a route Sonar lacks must not pass for "gone".
 */
export async function stillListed(client: SonarClient, path: string, idField = 'id'): Promise<boolean> {
  const cut = path.lastIndexOf('/');
  const id = Number(path.slice(cut + 1));
  const collection = path.slice(0, cut);
  if (collection === '/accounts') {
    return (await getOrNull(() => client.get(path, withId))) !== null;
  }
  return (await listAll(client, collection, anyItem)).some((r) => Number(r[idField]) === id);
}

/** The numeric value of a journal reference field, or a clear error. */
export function refNumber(ref: Record<string, string | number> | null, key: string, what: string): number {
  const value = ref?.[key];
  if (value === undefined || value === null || Number.isNaN(Number(value))) {
    throw new Error(`${what}: the journal has no ${key} for it, so it cannot be deleted`);
  }
  return Number(value);
}
