import { MigrateError } from '../errors/index.js';
import type { StagedRecord } from '../ground/types.js';
import type { SonarApiError } from '../sonar/errors.js';
import type { RunState } from './run-state.js';

/**
 * A failure that must stop the whole run (Sonar refuses our credentials): nothing else can load.
 * The runner catches it and ends the run as interrupted; the records in flight stay in flight and
 * the next run settles them. `cause` is Sonar's answer, whose code and message the result reports.
 */
export class FatalLoadError extends MigrateError {
  readonly exitCode = 1 as const;
  constructor(override readonly cause: SonarApiError) {
    super('LOAD_STOPPED', cause.message, { cause });
  }
}

/**
 * Sonar refused a part `Step.complete` sent (a terminal answer) for a record found in Sonar: the
 * record fails, with Sonar's answer (`cause`) as its reason, rather than staying in flight.
 */
export class IncompleteRecordError extends MigrateError {
  readonly exitCode = 1 as const;
  constructor(override readonly cause: SonarApiError) {
    super('LOAD_RECORD_INCOMPLETE', cause.message, { cause });
  }
}

/** Journals a Sonar failure; lost credentials stop the run instead (nothing else can load). */
export function failOn(run: RunState, record: StagedRecord, err: SonarApiError): void {
  if (err.code === 'SONAR_AUTH') throw new FatalLoadError(err);
  run.fail(record, err.code, err.message);
}
