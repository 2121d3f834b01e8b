import type { MigrationConfig } from '../config/config.js';
import type { SourceError } from '../errors/index.js';
import type { StepName } from '../ground/types.js';
import type { Profile } from '../mappers/types.js';
import type { StagedRecords } from './staged-records.js';

/** What staging one input did. */
export interface InputStageResult {
  input: StepName;
  /** The file as the configuration names it (with `[sheet]` for a workbook sheet). */
  file: string;
  /** Source rows read (the header row not counted). */
  read: number;
  /** The input could not be read to its end: what went wrong (the rows before it were staged). */
  error?: { code: string; message: string };
}

/** What one source of staged records did in a staging pass. */
export interface SourceStageResult {
  inputs: InputStageResult[];
  /** The inputs that could not be read to their end; the other inputs were still staged. */
  sourceErrors: SourceError[];
}

/** Options of a staging pass, handed to every source. */
export interface StageOptions {
  /** Called after each batch and at the end of each input with the rows read so far. */
  onProgress?(input: StepName, rows: number): void;
  /** Rows per transaction (tests use a small one). */
  batchRows?: number;
  /** Aborted on Ctrl-C: staging stops after the current batch. */
  signal?: AbortSignal;
  /** Where a source reads its credentials (KAZOO_AUTH_TOKEN for a live Kazoo; default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A source's staging, its configuration checked: writes its records and rejections into the store. */
export type PreparedStaging = (staged: StagedRecords, opts: StageOptions) => Promise<SourceStageResult>;

/**
 * A source of staged records (files read through the profile, RADIUS groups, Kazoo). The validate
 * pipeline runs every registered source (validate/source-registry.ts) and knows none by name.
 */
export interface StagedRecordSource {
  /** Where its inputs are listed in a staging result, lowest first (RADIUS groups lead: they load first). */
  listOrder: number;
  /**
   * Checks this source's part of the configuration before anything is staged (throws a
   * ConfigError); undefined when the migration does not use this source.
   */
  prepare(config: MigrationConfig, profile: Profile, opts: StageOptions): PreparedStaging | undefined;
}
