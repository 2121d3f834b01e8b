import { z } from 'zod';

// Shared building blocks of the Sonar v1 payload schemas. Request objects are strict (an unknown
// key is a mapping bug we want to see), response objects are loose (real Sonar adds fields).

/** The paginator Sonar adds to every "get all" answer (doc: Accounts - Get all accounts, line 16489). */
export const paginatorSchema = z
  .looseObject({
    total_count: z.number().int().nonnegative().describe('Number of records across all pages.'),
    total_pages: z.number().int().nonnegative().describe('Number of pages at the current limit.'),
    current_page: z.number().int().positive().describe('The page this answer holds, from 1.'),
    limit: z.number().int().positive().describe('Records per page.'),
  })
  .describe('Pagination of a list answer.');

/**
 * The `error` option of every request object: names unknown fields in words an ISP engineer can
 * act on. Other issues of the object itself fall back to zod's message.
 */
export const requestObjectOptions = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === 'unrecognized_keys'
      ? `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}: Sonar does not accept it here — remove it from the mapping or fix its spelling`
      : undefined,
};

/** A Sonar paginator. */
export type Paginator = z.infer<typeof paginatorSchema>;

/** Wraps a record schema as Sonar answers a single record: `{ data: T }`. */
export function dataEnvelope<T extends z.ZodType>(schema: T) {
  return z.looseObject({ data: schema });
}

/** Wraps a record schema as Sonar answers a paginated list: `{ data: T[], paginator }`. */
export function listEnvelope<T extends z.ZodType>(schema: T) {
  return z.looseObject({ data: z.array(schema), paginator: paginatorSchema });
}

/** Sonar's error body: a message string, or field → message(s) for a 422 validation failure. */
export const sonarErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z
      .union([z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())]))])
      .describe('What went wrong, or a message per invalid field.'),
    status_code: z.number().int().describe('The HTTP status code, repeated in the body.'),
  }),
});

/** A Sonar error body. */
export type SonarErrorBody = z.infer<typeof sonarErrorBodySchema>;

/** A message for a missing value, or for a value of the wrong type. */
export function missingOr(what: string, expected: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `${what} is required` : `${what} must be ${expected}`;
}

/**
 * True when y-m-d names a day that exists in the Gregorian calendar (2023-02-29 does not). Years
 * 0000–0099 never do: the rule is "Date.UTC gives the same day back", and Date.UTC reads those
 * years as 1900–1999.
 */
export function isCalendarDate(value: string): boolean {
  // Arithmetic for the YYYY-MM-DD the schema lets through (a Date per row costs ~1 µs); the Date
  // round trip, which defines the rule, for anything else.
  if (!YMD.test(value)) return roundTripsThroughDate(value);
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  return y >= 100 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const YMD = /^\d{4}-\d{2}-\d{2}$/;

/** The number of days of month `m` (1–12) of year `y` in the proleptic Gregorian calendar. */
function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The rule itself: y-m-d read through Date.UTC comes back as the same year, month and day. */
export function roundTripsThroughDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A YYYY-MM-DD date that exists in the calendar. */
export const isoDate = z
  .string({ error: missingOr('date', 'text written YYYY-MM-DD, e.g. 2024-03-01') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be written YYYY-MM-DD, e.g. 2024-03-01', abort: true })
  .refine(isCalendarDate, {
    message: 'date does not exist in the calendar (check the month and day)',
    abort: true,
  })
  .describe('A date written YYYY-MM-DD, e.g. 2024-03-01.');

/** A YYYY-MM-DD date whose day is 1–28: Sonar only bills on days 1–28 (doc line 16139). */
export const billDate = isoDate
  .refine((value) => Number(value.slice(8, 10)) <= 28, {
    message: 'day must be 28 or less: Sonar bills on days 1–28',
    abort: true,
  })
  .describe('A billing date written YYYY-MM-DD whose day is 1–28, e.g. 2024-03-01.');

/** A positive integer id of a Sonar record, named in messages as `what`. */
export function sonarIdOf(what: string) {
  const message = `${what} must be a Sonar id (a whole number above 0)`;
  return z
    .number({ error: missingOr(what, 'a Sonar id (a whole number above 0)') })
    .int({ message })
    .positive({ message });
}

/** A positive integer id of a Sonar record (for lists, where the field name is in the path). */
export const sonarId = sonarIdOf('id');

/** Two capital letters, as /_data/countries lists them (doc line 21151). */
export const countryCode = z
  .string({ error: missingOr('country', 'a two-letter ISO code, e.g. US') })
  .regex(/^[A-Z]{2}$/, { message: 'country must be a two-letter ISO code in capitals, e.g. US' })
  .describe('Two-letter ISO country code, e.g. US.');

/** A non-empty string with at least one non-blank character. */
export function requiredText(what: string) {
  return z
    .string({ error: missingOr(what, 'text') })
    .trim()
    .min(1, { message: `${what} is required and must not be blank` });
}

/** The kinds of phone number a contact may have (doc line 2505: one of work, home, mobile, fax). */
export const phoneNumberTypes = ['work', 'home', 'mobile', 'fax'] as const;

/** One phone number of a contact. */
export const phoneNumberSchema = z.strictObject(
  {
    // The docs state no length; their examples are 10-digit NANP numbers ("1231231234", line 2572).
    // We require digits only, at most 15 (the E.164 maximum), so non-NANP ISPs still load.
    number: z
      .string({ message: 'phone number must be text of digits, e.g. "5551234567"' })
      .regex(/^\d{1,15}$/, {
        message: 'phone number must be digits only (no spaces, dashes or +), at most 15, e.g. 5551234567',
      })
      .describe('The phone number, digits only, e.g. 5551234567.'),
    // The docs' examples show an integer or null (lines 2573, 2577).
    extension: z
      .number({ message: 'extension must be a whole number' })
      .int({ message: 'extension must be a whole number' })
      .nonnegative({ message: 'extension must be a whole number' })
      .nullable()
      .optional()
      .describe('The extension, a whole number, or empty.'),
  },
  requestObjectOptions,
);

/** A phone number of a contact. */
export type PhoneNumber = z.infer<typeof phoneNumberSchema>;

/** The phone numbers of a contact, keyed by work, home, mobile or fax. */
export const phoneNumbersSchema = z
  .strictObject(
    {
      work: phoneNumberSchema.optional().describe('Work phone number.'),
      home: phoneNumberSchema.optional().describe('Home phone number.'),
      mobile: phoneNumberSchema.optional().describe('Mobile phone number.'),
      fax: phoneNumberSchema.optional().describe('Fax number.'),
    },
    requestObjectOptions,
  )

  .describe('Phone numbers keyed by type: work, home, mobile or fax.');

/** A contact's phone numbers. */
export type PhoneNumbers = z.infer<typeof phoneNumbersSchema>;

/** Email category ids documented by /_data/email_categories (doc line 20994). */
export const emailCategoryIds = {
  2: 'Financial',
  3: 'General',
  4: 'Service Related',
  5: 'Outage Notifications',
} as const;

/** An email category id: 2 Financial, 3 General, 4 Service Related, 5 Outage Notifications. */
export const emailCategoryId = z
  .number({ message: 'email category must be a number: 2, 3, 4 or 5' })
  .refine((id) => Object.hasOwn(emailCategoryIds, id), {
    message:
      'email category must be one of 2 (Financial), 3 (General), 4 (Service Related), 5 (Outage Notifications)',
  });

/** The email categories a contact receives. */
export const emailMessageCategories = z
  .array(emailCategoryId, {
    error: missingOr('email_message_categories', 'a list of email category ids (it may be empty)'),
  })
  .describe('Email category ids: 2 Financial, 3 General, 4 Service Related, 5 Outage Notifications.');

/** An email address. */
export const emailAddress = z
  .email({ message: 'email_address is not an email address, e.g. jane@example.com' })
  .describe('The email address of the contact, e.g. jane@example.com.');

/** A latitude in decimal degrees. */
export const latitude = z
  .number({ error: missingOr('latitude', 'a number in decimal degrees') })
  .min(-90, { message: 'latitude must be between -90 and 90' })
  .max(90, { message: 'latitude must be between -90 and 90' })
  .describe('The latitude of the address, in decimal degrees.');

/** A longitude in decimal degrees. */
export const longitude = z
  .number({ error: missingOr('longitude', 'a number in decimal degrees') })
  .min(-180, { message: 'longitude must be between -180 and 180' })
  .max(180, { message: 'longitude must be between -180 and 180' })
  .describe('The longitude of the address, in decimal degrees.');

/** Sonar's `{ data: { message } }` answer to a delete. */
export const deletedSchema = dataEnvelope(z.looseObject({ message: z.string() }));

/**
 * The `.describe()` text of a field, looking through optional/nullable wrappers (a description set
 * before `.optional()` stays on the inner schema). Used to write CSV/XLSX template headers.
 */
export function fieldDescription(schema: z.ZodType): string | undefined {
  let current: z.ZodType | undefined = schema;
  while (current) {
    if (current.description) return current.description;
    const def = current.def as { innerType?: z.ZodType };
    current = def.innerType;
  }
  return undefined;
}
