import type { StepName } from '../../src/ground/types.js';
import { steps } from '../../src/loaders/steps.js';
import type { Step } from '../../src/loaders/types.js';

/** Where a simulated crash strikes: before the request leaves, or after Sonar committed it. */
export type CrashPoint = 'before-send' | 'after-commit';

/**
 * The load steps with a crash planted in the first create (or batch send) of `target`: the call
 * never returns, as if the process died there. `crashed` resolves when it strikes.
 */
export function stepsCrashingAt(
  target: StepName,
  point: CrashPoint,
): { steps: Step[]; crashed: Promise<void> } {
  let strike!: () => void;
  const crashed = new Promise<void>((resolve) => {
    strike = resolve;
  });
  let armed = true;
  // The first call strikes; every later one (none, once the run hangs) goes through.
  const once = <T>(send: () => Promise<T>): Promise<T> => {
    if (!armed) return send();
    armed = false;
    const never = () => {
      strike();
      return new Promise<T>(() => {});
    };
    // After the commit, the crash strikes only once Sonar answered (the answer is then lost).
    return point === 'after-commit' ? send().then(never) : never();
  };
  const wrapped = steps.map((step): Step => {
    if (step.name !== target) return step;
    const batch = step.batch;
    if (batch) {
      return {
        ...step,
        batch: { ...batch, send: (client, records, ctx) => once(() => batch.send(client, records, ctx)) },
      };
    }
    return { ...step, create: (client, record, ctx) => once(() => step.create(client, record, ctx)) };
  });
  return { steps: wrapped, crashed };
}
