import { type StepName, stepNames } from '../ground/types.js';
import type { Journal } from '../journal/journal.js';
import type { SonarClient } from '../sonar/client.js';
import type { StagedRecords } from '../store/staged-records.js';
import type { AimdLimiter } from './concurrency.js';
import { removedInSource } from './delta.js';
import { partsOfAccount, removeOne } from './rollback.js';
import { stepOf } from './steps.js';

/**
 * The pending-update mark of a record being removed (`load --apply-removals`, issue 16): journaled
 * before the DELETE, so a run that stops after it knows the record was on its way out and only
 * confirms its absence.
 */
export const removingMark = '<removing>';

/** What `applyRemovals` did. */
export interface RemovalResult {
  /** Deleted from Sonar now (or found gone after an earlier run's delete), per step. */
  removed: Partial<Record<StepName, number>>;
  /** Left in Sonar: a record the API cannot delete, one that was there before (adopted), a failure. */
  kept: Array<{ step: StepName; legacyKey: string; reason: string }>;
}

export interface RemovalOptions {
  client: SonarClient;
  journal: Journal;
  staged: StagedRecords;
  limiter: AimdLimiter;
  only?: readonly StepName[];
  accounts?: ReadonlySet<string>;
  /** Sends of one DELETE whose answer is lost (as for rollback). */
  maxSends?: number;
}

/**
 * Deletes from Sonar the records this journal loaded that the source no longer has, in reverse
 * dependency order (a DID before its service, every child before its account), each exactly once:
 * the removal is journaled before the DELETE, the absence confirmed by reading the record back
 * (as rollback does), then the record is marked rolled back. Only `load --apply-removals` calls it.
 */
export async function applyRemovals(options: RemovalOptions): Promise<RemovalResult> {
  const result: RemovalResult = { removed: {}, kept: [] };
  const { client, journal } = options;
  const partsOfRemoved: Array<{ step: StepName; legacyKey: string; accountKey: string | null }> = [];
  for (const name of [...stepNames].reverse()) {
    if (options.only && !options.only.includes(name)) continue;
    const step = stepOf(name);
    for (const removal of removedInSource(options.staged, journal, name)) {
      if (options.accounts && !options.accounts.has(removal.accountKey ?? removal.legacyKey)) continue;
      const entry = journal.get(name, removal.legacyKey);
      if (!entry) continue;
      const keep = (reason: string) => {
        journal.noteError(name, entry.legacyKey, { code: 'LOAD_NOT_UPDATED', message: reason });
        result.kept.push({ step: name, legacyKey: entry.legacyKey, reason });
      };
      if (entry.adopted) {
        keep(
          'removed in the source, but it was in Sonar before the migration: sonar-migrate never deletes it',
        );
        continue;
      }
      if (!step.present || entry.sonarId === null || partsOfAccount.has(name)) {
        // A part of an account (its billing parameters) goes with the account, when that goes too.
        partsOfRemoved.push({ step: name, legacyKey: entry.legacyKey, accountKey: entry.accountKey });
        continue;
      }
      const present = step.present;
      const outcome = await options.limiter.run(async () => {
        // An earlier run journaled this removal: its DELETE may have landed; read before sending.
        if (entry.pendingUpdate?.includes(removingMark) && !(await present(client, entry))) return 'gone';
        journal.markUpdatePending(name, entry.legacyKey, [removingMark]);
        return removeOne(client, step, entry, options.maxSends ?? 3);
      });
      if (typeof outcome === 'object') {
        keep(`removed in the source; its delete failed (${outcome.code}): ${outcome.message}`);
        continue;
      }
      journal.transaction(() => {
        // The mark goes with the removal: a record the source brings back later starts clean.
        journal.markUpdated(name, entry.legacyKey, {
          fingerprint: entry.fingerprint,
          loadedFields: entry.loadedFields ?? '{}',
        });
        journal.markRolledBack(name, entry.legacyKey);
      });
      result.removed[name] = (result.removed[name] ?? 0) + 1;
    }
  }
  for (const part of partsOfRemoved) {
    if (part.accountKey !== null && journal.get('accounts', part.accountKey)?.state === 'rolled_back') {
      journal.markRolledBack(part.step, part.legacyKey);
      result.removed[part.step] = (result.removed[part.step] ?? 0) + 1;
      continue;
    }
    const reason =
      'removed in the source, but the API cannot delete it on its own: change it in Sonar by hand';
    journal.noteError(part.step, part.legacyKey, { code: 'LOAD_NOT_UPDATED', message: reason });
    result.kept.push({ step: part.step, legacyKey: part.legacyKey, reason });
  }
  return result;
}
