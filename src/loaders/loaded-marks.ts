import { fingerprintOf } from './fingerprint.js';
import { loadedFieldsText } from './loaded-fields.js';
import type { RunState } from './run-state.js';
import type { ResolvedRecord, Step, StepResult } from './types.js';

/** Journals loaded (and a next bill date that rode along with its account) in one transaction. */
export function markLoaded(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  result: StepResult,
  adopted: boolean,
): void {
  const write = loadedWrite(run, step, record, result, adopted);
  run.journal.transaction(write.run);
  write.after();
}

/**
 * `markLoaded` through the group commit: the record's loaded mark (and its folded next bill date)
 * are written now, all in one savepoint of the open group transaction, and commit with it; the
 * record is counted as `outcome` once that commit lands (the run waits for it before it ends).
 * Returns without waiting for the commit: the next record's in-flight mark rides in the same
 * transaction, so each request waits for one fsync instead of two.
 *
 * Why this keeps exactly-once: until the group commits, the record is durably `in_flight` (its
 * mark committed before the request left). A crash before the commit leaves it in flight, and the
 * next run settles it by looking it up in Sonar (found: loaded) before sending anything — the same
 * outcome as a crash between the 2xx and an unbatched commit. The only thing that can depend on the
 * loaded mark durably is another request, which needs the Sonar id (the account's next records, a
 * parent account naming this sub-account) or follows it in this account's load order. Every such
 * request reads the mark on this same connection (it sees the uncommitted write), then awaits its
 * OWN in-flight mark before it is sent; that mark is written after this one in the same single
 * SQLite transaction or a later one, so its commit carries this mark too: nothing is sent on the
 * strength of a loaded mark that is not yet on disk (requests that write nothing — lookups,
 * geocoding — create nothing a crash could duplicate). Counts (memory only) wait for the commit, and
 * `runLoad` waits for every pending commit before it finishes the run and writes reports. Every
 * write outside the group (failed, skipped, runs) commits the open group first, so it never
 * becomes a savepoint of it.
 */
export function commitLoaded(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  result: StepResult,
  adopted: boolean,
  outcome: 'created' | 'found',
): void {
  const write = loadedWrite(run, step, record, result, adopted);
  // A record alone is one loaded mark, one statement that changes the file (markLoaded's UPDATE,
  // or its upsert when the UPDATE matched nothing): atomic without a savepoint.
  const committed = run.journal.commitBatched(write.run, write.marks === 1);
  // In memory, like the mark itself on this connection: the folded next bill date is counted
  // created when its record comes up later in this account's chain.
  write.after();
  run.countOnCommit(step.name, outcome, committed);
}

/** The journal writes of a loaded record, and what to note in memory once they are committed. */
function loadedWrite(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  result: StepResult,
  adopted: boolean,
): { run: () => void; after: () => void; marks: number } {
  const meta = {
    accountKey: record.accountKey ?? null,
    fingerprint: record.fingerprint,
    loadedFields: loadedFieldsText(record),
  };
  const also = step.alsoLoaded?.(record, result, run.folds) ?? [];
  return {
    marks: 1 + also.length,
    run: () => {
      run.journal.markLoaded(step.name, record.legacyKey, { ...result, adopted }, meta);
      for (const other of also) {
        run.journal.markLoaded(other.record.step, other.record.legacyKey, other.result, {
          accountKey: other.record.accountKey ?? null,
          fingerprint: fingerprintOf(other.record),
          loadedFields: loadedFieldsText(other.record),
        });
      }
    },
    after: () => {
      for (const other of also)
        run.noteFolded(other.record.step, other.record.legacyKey, other.result.sonarRef ?? null);
    },
  };
}
