import type { StepName } from '../ground/types.js';

/** One field where Sonar does not hold what the source says: a row of verify.csv. */
export interface Difference {
  /** The staged record's legacy key (`(all)` for an instance-wide total). */
  legacyKey: string;
  /** The Sonar id the journal holds for it, or '' when none. */
  sonarId: string;
  /** The step the record belongs to, or `totals`. */
  step: StepName | 'totals';
  /** The staged field (or `(record)` when the whole record is missing, or a total's name). */
  field: string;
  expected: string;
  found: string;
}

/** The `field` of a difference that is a whole record: present in the journal, absent from Sonar. */
export const wholeRecord = '(record)';
