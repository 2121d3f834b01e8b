import type { StepName } from './types.js';

/**
 * One string for a record's (step, legacy key): a legacy key is unique within its step only. The
 * separator is a character no key holds, so two pairs never give the same string.
 */
export function stepKey(step: StepName, legacyKey: string): string {
  return `${step}\u0000${legacyKey}`;
}
