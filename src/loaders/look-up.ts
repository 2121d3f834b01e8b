import { SonarApiError } from '../sonar/errors.js';
import { IncompleteRecordError } from './load-errors.js';
import type { RunState } from './run-state.js';
import type { ResolvedRecord, Step, StepContext, StepResult } from './types.js';

/**
 * Looks a record up, and once more when the first look finds nothing: the second look is what
 * allows a re-send, so a list read while Sonar was still committing is not the only witness.
 */
export async function lookUpTwice(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  ctx: StepContext,
): Promise<StepResult | null> {
  return (await lookUp(run, step, record, ctx)) ?? (await lookUp(run, step, record, ctx));
}

/**
 * Looks a record up and, when it is found and its step has parts to complete (a RADIUS group's
 * reply attributes), adds the missing parts before it counts as found: a record half-written
 * before a crash or a lost answer is finished, each part sent once because it is listed first.
 */
export async function lookUp(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  ctx: StepContext,
): Promise<StepResult | null> {
  const found = await run.limiter.run(() => step.find(run.client, record, ctx));
  if (!found || !step.complete) return found;
  try {
    await run.limiter.run(() => step.complete!(run.client, record, found, ctx));
  } catch (err) {
    if (err instanceof SonarApiError && err.kind === 'terminal') throw new IncompleteRecordError(err);
    throw err;
  }
  return found;
}
