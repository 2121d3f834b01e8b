import type { MigrationConfig } from '../config/config.js';
import type { SourceError } from '../errors/index.js';
import type { Profile } from '../mappers/types.js';
import type { StagedRecords } from '../store/staged-records.js';
import type { InputStageResult, StagedRecordSource, StageOptions } from '../store/staged-source.js';
import { stagedRecordSources } from './source-registry.js';

export type { InputStageResult, StageOptions } from '../store/staged-source.js';
export { STAGE_BATCH_ROWS } from './file-source.js';

/** What a staging pass did, per input in step order. */
export interface StageResult {
  inputs: InputStageResult[];
  /** The inputs that could not be read to their end; the other inputs were still staged. */
  sourceErrors: SourceError[];
  /** The signal was aborted (Ctrl-C): staging stopped early and the tables are incomplete. */
  interrupted: boolean;
}

/**
 * The staging pass: every registered source of staged records (source-registry.ts) checks its
 * configuration first, so bad configuration throws a ConfigError before anything is staged; then
 * the staging tables are emptied and each source writes its records and rejections in turn.
 * Run `runCrossChecks` afterwards.
 */
export async function stageInputs(
  config: MigrationConfig,
  profile: Profile,
  staged: StagedRecords,
  opts: StageOptions = {},
  sources: readonly StagedRecordSource[] = stagedRecordSources,
): Promise<StageResult> {
  const prepared = sources.map((source) => ({ source, run: source.prepare(config, profile, opts) }));
  staged.clear();
  const result: StageResult = { inputs: [], sourceErrors: [], interrupted: false };
  const listed: Array<{ order: number; inputs: InputStageResult[] }> = [];
  for (const { source, run } of prepared) {
    if (!run) continue;
    const done = await run(staged, opts);
    listed.push({ order: source.listOrder, inputs: done.inputs });
    result.sourceErrors.push(...done.sourceErrors);
    if (opts.signal?.aborted) {
      result.interrupted = true;
      break;
    }
  }
  // A stable sort: each source's inputs keep their own order.
  result.inputs = listed.sort((a, b) => a.order - b.order).flatMap((l) => l.inputs);
  return result;
}
