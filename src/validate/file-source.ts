import { existsSync } from 'node:fs';
import { inputSpecOf, type MigrationConfig, type ResolvedInput } from '../config/config.js';
import { ConfigError, SourceError } from '../errors/index.js';
import { type RowRejection, type StagedRecord, type StepName, stepNames } from '../ground/types.js';
import type { InputMapper, Profile } from '../mappers/types.js';
import { applyHeaderToBatches, readRawRowBatches, type SourceRow } from '../sources/index.js';
import type { StagedRecords } from '../store/staged-records.js';
import type { InputStageResult, StagedRecordSource, StageOptions } from '../store/staged-source.js';
import { findCardNumbers, rejectCardNumbers } from './card-numbers.js';
import { replaceEarlierRows } from './refeed.js';

/** Rows mapped per SQLite transaction: bounds memory (and the write batch) on a huge export. */
export const STAGE_BATCH_ROWS = 5_000;

/**
 * The configured input files, read through the profile: each row is named as the profile says,
 * mapped to staged records or rejections and written in batched transactions, so a
 * 1,000,000-row export never sits in memory. Every cell is checked for a raw card number (the row
 * is then rejected, and the number is never stored nor echoed). No mapper for an input, or a
 * missing file, is a ConfigError before anything is staged; an input that cannot be read to its
 * end is reported and the others still run.
 */
export const fileRowsSource: StagedRecordSource = {
  listOrder: 1,
  prepare(config, profile) {
    const plan = planInputs(config, profile);
    return async (staged, opts) => {
      const inputs: InputStageResult[] = [];
      const sourceErrors: SourceError[] = [];
      const stageOpts = { ...opts, allowNumericTokens: config.allowNumericTokens === true };
      for (const { step, input, mapper } of plan) {
        // The checks after staging name a letter-named column by the profile's name for it.
        if (typeof mapper.header === 'object') staged.columnNames.set(step, mapper.header.detect);
        const done = await stageInput(step, input, mapper, staged, stageOpts);
        inputs.push(done.result);
        if (done.error) sourceErrors.push(done.error);
        // Fixed rejected CSVs fed back: each replaces the earlier rows it repeats (refeed.ts).
        for (const extra of input.more ?? []) {
          if (opts.signal?.aborted) break;
          // A rejected CSV keeps the cells as written: it has the export's decimal mark unless it says otherwise.
          const decimal = extra.decimal ?? input.decimal;
          const file = decimal === undefined ? extra : { ...extra, decimal };
          const more = await stageInput(step, file, mapper, staged, stageOpts);
          const replaced = replaceEarlierRows(staged, step, extra.displayName);
          done.result.read += more.result.read - replaced;
          done.result.file += ` + ${more.result.file}`;
          if (more.error) sourceErrors.push(more.error);
        }
        if (opts.signal?.aborted) break;
      }
      return { inputs, sourceErrors };
    };
  },
};

interface PlannedInput {
  step: StepName;
  input: ResolvedInput;
  mapper: InputMapper;
}

/** Checks every configured input before anything runs: the profile must read it and its file must exist. */
function planInputs(config: MigrationConfig, profile: Profile): PlannedInput[] {
  const plan: PlannedInput[] = [];
  const problems: string[] = [];
  for (const step of stepNames) {
    const input = config.inputs[step];
    if (!input) continue;
    const mapper = profile.inputs[step];
    // RADIUS groups are read by stage-radius.ts (two inputs grouped by name), whatever the profile.
    if (step === 'radius_groups') continue;
    if (!mapper) {
      const readable = Object.keys(profile.inputs).join(', ') || 'none';
      problems.push(
        `inputs.${step}: the profile "${profile.name}" cannot read this input (it reads: ${readable}) — remove the input or use a profile that maps it.`,
      );
      continue;
    }
    if (!existsSync(input.path)) {
      problems.push(
        `inputs.${step}: the file "${input.displayName}" (${input.path}) does not exist — fix the path (it is relative to the configuration file's folder).`,
      );
      continue;
    }
    plan.push({ step, input, mapper });
  }
  if (problems.length > 0) {
    const code = problems.every((p) => p.includes('does not exist'))
      ? 'CONFIG_FILE_MISSING'
      : 'CONFIG_INVALID';
    throw new ConfigError(code, problems.map((p) => `${config.configPath}: ${p}`).join('\n'));
  }
  return plan;
}

async function stageInput(
  step: StepName,
  input: ResolvedInput,
  mapper: InputMapper,
  staged: StagedRecords,
  opts: StageOptions & { allowNumericTokens: boolean },
): Promise<{ result: InputStageResult; error?: SourceError }> {
  const batchRows = opts.batchRows ?? STAGE_BATCH_ROWS;
  const file = input.sheet === undefined ? input.displayName : `${input.displayName}[${input.sheet}]`;
  const result: InputStageResult = { input: step, file, read: 0 };
  // Each row is written as soon as it is mapped, inside a transaction committed every `batchRows`
  // rows: nothing waits in memory for the commit, so a row's objects die young (cheap to collect)
  // instead of surviving, as a held batch did, into the old generation.
  const db = staged.db;
  let open = false;
  let inBatch = 0;
  const write = (mapped: { records: StagedRecord[]; rejections: RowRejection[] }) => {
    if (!open) {
      db.exec('BEGIN');
      open = true;
    }
    for (const record of mapped.records) staged.addRecord(record);
    for (const rejection of mapped.rejections) staged.addRejection(rejection);
  };
  const flush = () => {
    if (open) {
      db.exec('COMMIT');
      open = false;
    }
    inBatch = 0;
    opts.onProgress?.(step, result.read);
  };
  // JSON answers whose records sit in named lists (WHMCS GetPayMethods `paymethods`): the profile says.
  const spec = { ...inputSpecOf(input), ...(mapper.recordsIn ? { recordsIn: mapper.recordsIn } : {}) };
  try {
    // Rows arrive in batches (one async hop per batch, not per row); each is handled as before.
    reading: for await (const rows of applyHeaderToBatches(readRawRowBatches(spec), mapper.header)) {
      for (const row of rows) {
        result.read += 1;
        if (input.decimal === ',') row.decimal = ',';
        write(mapOneRow(step, row, mapper, opts.allowNumericTokens));
        inBatch += 1;
        if (inBatch >= batchRows) {
          flush();
          if (opts.signal?.aborted) break reading;
        }
      }
    }
    flush();
    return { result };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    flush();
    result.error = { code: error.code, message: error.message };
    return { result, error };
  } finally {
    // Only an unexpected error leaves the transaction open: its rows are dropped, as before.
    if (open) db.exec('ROLLBACK');
  }
}

/**
 * Maps one row. A row holding a raw card number in any cell is rejected whole: its records are
 * dropped, the mapper sees the row with those cells masked (so no message can echo the number),
 * and the mapper's complaints about the masked cells themselves are left out as noise.
 */
function mapOneRow(
  step: StepName,
  row: SourceRow,
  mapper: InputMapper,
  allowNumericTokens: boolean,
): { records: StagedRecord[]; rejections: RowRejection[] } {
  // Token cells the profile vouches for (a source flag, or allowNumericTokens) are not scanned.
  const tokens = mapper.tokenCells?.(row, { allowNumericTokens });
  const cards = findCardNumbers(row.values, tokens);
  if (cards.length === 0) return mapper.mapRow(row);
  // A row this input does not read (another input of the same file does: Freeside's cust_payby
  // cards and echecks) is not this input's to reject; nothing of it is stored.
  const probe = mapper.mapRow(row);
  if (probe.records.length === 0 && probe.rejections.length === 0) return probe;
  const masked: SourceRow = {
    ...row,
    values: row.values.map((v, i) => cards.find((c) => c.index === i)?.masked ?? v),
  };
  const mapped = mapper.mapRow(masked);
  const cardColumns = new Set(cards.map((c) => masked.columns[c.index]));
  const legacyKey =
    mapped.records[0]?.legacyKey ??
    mapped.rejections.find((r) => r.source.provenance.legacyKey)?.source.provenance.legacyKey;
  const others = mapped.rejections.filter((r) => !cardColumns.has(r.source.provenance.column ?? ''));
  const names = typeof mapper.header === 'object' ? mapper.header.detect : undefined;
  return {
    records: [],
    rejections: [...rejectCardNumbers(step, masked, cards, legacyKey, names), ...others],
  };
}
