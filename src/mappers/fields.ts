import type { SourceRef } from '../ground/types.js';

/**
 * A Sonar thing named by name rather than id (a crosswalk to a name, or a name typed where an id
 * goes): it becomes a PendingRef resolved against the target's reference data at plan/load time.
 */
export interface SonarName {
  sonarName: string;
}

/** Wraps a Sonar name so the entity mappers turn it into a PendingRef. */
export function sonarName(name: string): SonarName {
  return { sonarName: name };
}

/** True when a value is a Sonar name awaiting resolution. */
export function isSonarName(value: unknown): value is SonarName {
  return typeof value === 'object' && value !== null && typeof (value as SonarName).sonarName === 'string';
}

/** One payload field as a profile read it from a row. */
export interface FieldValue {
  /** The converted value; `undefined` means blank (the field is left out, or defaulted). */
  value?: unknown;
  /** The column the value came from (header name or letter), for messages and provenance. */
  column?: string;
  /** A human label for the column when `column` is only a letter (the layout's header name). */
  label?: string;
  /** The cell text as the user wrote it; left out for secrets so it never reaches a message. */
  cell?: string;
  /** Why the cell could not be converted (a transform failed): becomes a MAP_INVALID_VALUE rejection. */
  problem?: string;
  /** The code of that rejection when it is not MAP_INVALID_VALUE: a refusal of the whole row. */
  problemCode?: 'MAP_NOT_MIGRATABLE';
}

/**
 * What a profile hands an entity mapper for one row: payload fields by dotted path
 * (`phone_numbers.work.number`), the legacy account number, and optionally an explicit legacy key.
 */
export interface EntityRow {
  source: SourceRef;
  fields: Record<string, FieldValue | undefined>;
  /** The legacy account number the row belongs to (for accounts: the account's own number). */
  accountKey?: FieldValue;
  /** An explicit legacy key (mapping files may name key columns); otherwise derived from content. */
  legacyKey?: FieldValue;
}

/** Payload paths whose cells are secrets: never echoed in a message or a legacy key. */
export const secretPaths: ReadonlySet<string> = new Set(['token', 'password']);

/** True when a value counts as blank: undefined, null, or text that is empty after trimming. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The value of a field, or undefined when the field is absent, blank or unconvertible. */
export function fieldValue(field: FieldValue | undefined): unknown {
  if (!field || field.problem !== undefined || isBlank(field.value)) return undefined;
  return field.value;
}

/** The text of a key field (trimmed), or undefined when blank. */
export function keyText(field: FieldValue | undefined): string | undefined {
  const value = fieldValue(field);
  if (value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}
