import { join } from 'node:path';
import type { ErrorCode } from '../../src/errors/index.js';
import type { PendingRef, RowRejection, StagedRecord, StepName } from '../../src/ground/types.js';
import { openStateDb, type StateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { makeTempDir } from '../helpers/io.js';

/** A fresh staging store in its own temp dir. */
export function makeStaged(): { staged: StagedRecords; db: StateDb; dir: string } {
  const dir = makeTempDir('sonar-migrate-staging-');
  const db = openStateDb(join(dir, 'state.db'));
  return { staged: new StagedRecords(db), db, dir };
}

/** The file name each step's fixture rows come from. */
export const fileOf = (step: StepName) => `${step}.csv`;

/** A staged record as a mapper would make it, from row `row` of `<step>.csv`. */
export function record(
  step: StepName,
  legacyKey: string,
  row: number,
  payload: Record<string, unknown> = {},
  opts: { accountKey?: string; refs?: PendingRef[]; values?: string[]; columns?: string[] } = {},
): StagedRecord {
  const accountKey = opts.accountKey ?? (step === 'accounts' ? legacyKey : undefined);
  const values = opts.values ?? [accountKey ?? legacyKey, ...Object.values(payload).map((v) => String(v))];
  return {
    step,
    legacyKey,
    ...(accountKey === undefined ? {} : { accountKey }),
    payload,
    refs: opts.refs ?? [],
    source: {
      input: step,
      provenance: { file: fileOf(step), row, legacyKey },
      values,
      columns: opts.columns ?? values.map((_, i) => String.fromCharCode(65 + i)),
    },
  };
}

/** A rejection a mapper returned for row `row` of `<step>.csv`. */
export function mapperRejection(
  step: StepName,
  row: number,
  legacyKey: string,
  code: ErrorCode,
): RowRejection {
  return {
    code,
    message: `${fileOf(step)}:${row}: something is wrong`,
    source: {
      input: step,
      provenance: { file: fileOf(step), row, legacyKey },
      values: [legacyKey],
      columns: ['A'],
    },
  };
}

/** Adds records (and mapper rejections) to the store in one transaction. */
export function stage(staged: StagedRecords, records: StagedRecord[], rejections: RowRejection[] = []): void {
  staged.transaction(() => {
    for (const r of records) staged.addRecord(r);
    for (const r of rejections) staged.addRejection(r);
  });
}

/** Rejections with a given code, as plain fields for assertions. */
export function rejectionsWith(staged: StagedRecords, code: ErrorCode) {
  return [...staged.rejections()]
    .filter((r) => r.code === code)
    .map((r) => ({
      input: r.source.input,
      row: r.source.provenance.row,
      legacyKey: r.source.provenance.legacyKey,
      column: r.source.provenance.column,
      message: r.message,
    }));
}

/** The legacy keys of a step's valid records. */
export function validKeys(staged: StagedRecords, step: StepName): string[] {
  return [...staged.valid(step)].map((r) => r.legacyKey);
}

/** An account payload with what the checks look at. */
export function account(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Acme', ...extra };
}

/** An account record (legacy key, source row, payload fields over `account()`'s defaults). */
export function accountRecord(key: string, row = 2, extra: Record<string, unknown> = {}): StagedRecord {
  return record('accounts', key, row, account(extra));
}

/** A record of a step that hangs off an account. */
export function childRecord(
  step: StepName,
  key: string,
  accountKey: string,
  row: number,
  payload: Record<string, unknown>,
): StagedRecord {
  return record(step, key, row, payload, { accountKey });
}
