import { z } from 'zod';

// The field rules every request check shares, written from the Sonar v1 docs on their own: the
// simulator is a witness of the loader, so nothing here comes from src/sonar. Messages follow
// Sonar's own 422 sentences ("The selected type is not valid.", doc line 9380).

/** Sonar's sentence for a missing or mistyped field. */
function fieldMessage(field: string, expected: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined || issue.input === null
      ? `The ${field} field is required.`
      : `The ${field} must be ${expected}.`;
}

/** A request body that refuses any field the doc does not list for the endpoint. */
export function documentedBody<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Not a documented parameter of this endpoint: ${issue.keys.join(', ')}.`
        : undefined,
  });
}

/** Required text with at least one non-blank character. */
export function text(field: string) {
  return z
    .string({ error: fieldMessage(field, 'a string') })
    .refine((value) => value.trim() !== '', { message: `The ${field} field is required.` });
}

/** Optional free text (blank allowed). */
export function optionalText(field: string) {
  return z.string({ error: fieldMessage(field, 'a string') }).optional();
}

/** A positive whole number naming a Sonar record. */
export function recordId(field: string) {
  return z
    .number({ error: fieldMessage(field, 'an integer') })
    .int({ message: `The ${field} must be an integer.` })
    .positive({ message: `The ${field} must be at least 1.` });
}

/** A whole number from `min` up. */
export function wholeNumber(field: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .number({ error: fieldMessage(field, 'an integer') })
    .int({ message: `The ${field} must be an integer.` })
    .min(min, { message: `The ${field} must be at least ${min}.` })
    .max(max, { message: `The ${field} may not be greater than ${max}.` });
}

/** true or false, never "true"/"false" or 0/1 (the docs type these Boolean). */
export function bool(field: string) {
  return z.boolean({ error: fieldMessage(field, 'true or false') });
}

/** One of the doc's "Allowed values". */
export function oneOf<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined ? `The ${field} field is required.` : `The selected ${field} is not valid.`,
  });
}

/** A YYYY-MM-DD date that exists ("does not match the format Y-m-d", doc line 1228). */
export function ymdDate(field: string) {
  return z
    .string({ error: fieldMessage(field, 'a date') })
    .refine(isRealDate, { message: `The ${field} does not match the format Y-m-d.` });
}

/** A billing date: Y-m-d whose day is 28 or less (doc line 16699: "Sonar only allows 28 day billing"). */
export function billingDate(field: string) {
  return ymdDate(field).refine((value) => Number(value.slice(8, 10)) <= 28, {
    message: `The day of the ${field} cannot be higher than 28.`,
  });
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1000 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A two-capital-letter ISO country code (doc line 21331: "A 2 character ISO country code"). */
export function countryCode(field = 'country') {
  return z
    .string({ error: fieldMessage(field, 'a string') })
    .regex(/^[A-Z]{2}$/, { message: `The ${field} must be a 2 character ISO country code, e.g. US.` });
}

/** A coordinate in decimal degrees within `limit`. */
export function coordinate(field: string, limit: number) {
  return z
    .number({ error: fieldMessage(field, 'a number') })
    .min(-limit, { message: `The ${field} must be between -${limit} and ${limit}.` })
    .max(limit, { message: `The ${field} must be between -${limit} and ${limit}.` });
}

/** A list of positive ids. */
export function idList(field: string) {
  return z.array(recordId(field), { error: fieldMessage(field, 'an array') });
}

/** Phone numbers keyed by work, home, mobile or fax (doc line 2508); a number is digits only. */
export const phoneNumbers = documentedBody({
  work: phone('work').optional(),
  home: phone('home').optional(),
  mobile: phone('mobile').optional(),
  fax: phone('fax').optional(),
});

function phone(kind: string) {
  return documentedBody({
    // The doc's examples are digits only ("1231231234", doc line 2572).
    number: z
      .string({ error: fieldMessage(`${kind} number`, 'a string') })
      .regex(/^\d+$/, { message: `The ${kind} number must contain digits only.` }),
    extension: z
      .number({ error: fieldMessage(`${kind} extension`, 'an integer') })
      .int()
      .nonnegative()
      .nullable()
      .optional(),
  });
}

/** An email address. */
export function email(field: string) {
  return z.email({ message: `The ${field} must be a valid email address.` });
}
