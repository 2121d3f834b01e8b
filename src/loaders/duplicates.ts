import { formatProvenance } from '../errors/index.js';
import type { RunState } from './run-state.js';
import type { StepResult } from './types.js';

/**
 * Looks up once more, at the end of the run, each record created by a send that followed an
 * unanswered one. The quiet period makes a late landing unlikely, but Sonar may take longer than
 * it: a second match (another Sonar id for the same content) means Sonar holds the record twice.
 * Such a record is counted and journaled as a duplicate (SONAR_DUPLICATE, with both ids), never as
 * simply created. Returns how many were found.
 */
export async function reportDuplicates(run: RunState): Promise<number> {
  let duplicates = 0;
  for (const { step, record } of run.resent) {
    const entry = run.journal.get(step.name, record.legacyKey);
    if (entry?.state !== 'loaded' || entry.sonarId === null) continue;
    let other: StepResult | null;
    try {
      // The record's own id is journaled (claimed) now: a match is another record.
      other = await run.limiter.run(() => step.find(run.client, record, run.context()));
    } catch {
      continue;
    }
    if (!other || other.sonarId === null || other.sonarId === entry.sonarId) continue;
    const where = formatProvenance(record.source.provenance);
    run.journal.noteError(step.name, record.legacyKey, {
      code: 'SONAR_DUPLICATE',
      message: `${where}: Sonar holds this ${step.name} record twice (ids ${entry.sonarId} and ${other.sonarId}): a send that got no answer landed after the quiet period — delete ${other.sonarId} in Sonar and raise the quiet period.`,
    });
    const tally = run.tally(step.name);
    tally.created -= 1;
    tally.duplicates += 1;
    duplicates += 1;
  }
  return duplicates;
}
