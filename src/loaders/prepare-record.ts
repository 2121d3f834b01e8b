import { getPath } from '../ground/payload-paths.js';
import type { StagedRecord } from '../ground/types.js';
import { formatZodIssues } from '../ground/zod-issues.js';
import { SonarApiError } from '../sonar/errors.js';
import { payloadSchemas } from '../sonar/schemas/index.js';
import { fingerprintOf } from './fingerprint.js';
import { failOn } from './load-errors.js';
import { resolveRecord } from './reference-data.js';
import type { RunState } from './run-state.js';
import { needsAccount, type ResolvedRecord, type Step } from './types.js';

/** Checks dependencies and resolves references; journals a skip or failure and returns undefined otherwise. */
export async function prepare(
  run: RunState,
  step: Step,
  record: StagedRecord,
): Promise<ResolvedRecord | undefined> {
  const accountId = needsAccount(step) ? loadedAccountId(run, record) : undefined;
  if (accountId === null) return undefined;
  if (!requirementsLoaded(run, step, record)) return undefined;
  let resolved: Awaited<ReturnType<typeof resolveRecord>>;
  try {
    resolved = await resolveRecord(record, run.reference, run.helpers);
  } catch (err) {
    if (err instanceof SonarApiError) {
      failOn(run, record, err);
      return undefined;
    }
    throw err;
  }
  if ('unresolved' in resolved) {
    run.fail(record, resolved.unresolved.code, `${resolved.unresolved.message}.`);
    return undefined;
  }
  const payload = checkedPayload(run, step, resolved.record);
  if (!payload) return undefined;
  return { ...resolved.record, payload, accountId, fingerprint: fingerprintOf(record) };
}

/** The Sonar id of the record's account; null (journaled skipped) when the account is not loaded. */
function loadedAccountId(run: RunState, record: StagedRecord): number | null {
  const accountId = run.accountId(record.accountKey);
  if (accountId !== undefined) return accountId;
  const account = run.accountEntry(record.accountKey ?? '');
  const why = account
    ? `${account.state}${account.lastError ? `: ${account.lastError.message}` : ''}`
    : 'not loaded';
  run.skip(record, `account ${record.accountKey} is ${why}`);
  return null;
}

/** False (journaled skipped) when a staged record this one requires is not loaded. */
function requirementsLoaded(run: RunState, step: Step, record: StagedRecord): boolean {
  const siblings = (name: Step['name']) => run.index.recordsOf(record.accountKey ?? '', name);
  for (const need of step.requires?.(record, siblings) ?? []) {
    const keys = need.anyOf.filter((key) => run.index.hasStaged(need.step, key));
    if (keys.length === 0) continue;
    const entries = keys.map((key) => run.entryOf(need.step, key));
    if (entries.some((e) => e?.state === 'loaded')) continue;
    const state = entries.find((e) => e)?.state ?? 'not loaded';
    run.skip(record, `${need.what} is ${state.replace('_', ' ')}: load it first`);
    return false;
  }
  return true;
}

/** The resolved payload, parsed again unless it is known valid; undefined (journaled failed) when invalid. */
function checkedPayload(
  run: RunState,
  step: Step,
  record: StagedRecord,
): Record<string, unknown> | undefined {
  if (validAsStaged(step, record)) return record.payload;
  const checked = step.schema.safeParse(record.payload);
  if (checked.success) return checked.data as Record<string, unknown>;
  const issues = formatZodIssues(checked.error, { root: '(payload)' });
  run.fail(
    record,
    'MAP_INVALID_VALUE',
    `after resolving names the payload is not valid (${issues}) — fix the input row.`,
  );
  return undefined;
}

/**
 * Whether a resolved payload is known valid without parsing it again: staging parsed it with this
 * step's own schema and a placeholder id (1) at every reference — in this same process, as `load`
 * stages its inputs itself — and no rule of the schemas depends on an id's value. So when every
 * reference resolved to a positive whole number, the payload is as valid as it was staged. A
 * geocoded address gains coordinates and a county, and a step with a schema of its own was not
 * staged with it: those are parsed again.
 */
function validAsStaged(step: Step, record: StagedRecord): boolean {
  if (step.schema !== (payloadSchemas as Record<string, unknown>)[step.name]) return false;
  for (const ref of record.refs) {
    if (ref.lookup === 'geocode') return false;
    const id = getPath(record.payload, ref.path);
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return false;
  }
  return true;
}
