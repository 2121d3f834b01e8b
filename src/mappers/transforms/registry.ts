import { z } from 'zod';
import { formatZodIssues } from '../../ground/zod-issues.js';
import { parseBoolean } from './booleans.js';
import { parseCardBrand } from './card-brands.js';
import { parseCountry } from './countries.js';
import { applyCrosswalk } from './crosswalk.js';
import { dateFormats, parseDate } from './dates.js';
import { parseDid } from './dids.js';
import { parseMoney } from './money.js';
import { parsePhone } from './phone.js';
import { rateCenterOf } from './rate-centers.js';
import { refuseValue } from './refuse.js';
import { readRemoteToken } from './remote-tokens.js';
import { accept, reject, type TransformResult } from './result.js';
import {
  collapseWhitespace,
  defaultValue,
  joinValues,
  lowerText,
  splitName,
  titleCase,
  trimText,
  upperText,
} from './text.js';
import { parseUsState } from './us-states.js';

/**
 * A transform a mapping file can name, e.g. `{ "transform": "date", "format": "MM/DD/YYYY" }`.
 * `input: 'many'` transforms (join) take the values of several columns; the others take one cell.
 */
export interface TransformDefinition {
  description: string;
  input: 'one' | 'many';
  /** The options a mapping file may give (the keys beside "transform"); strict. */
  options: z.ZodType;
  /** Validates `options` with the schema above, then applies; never throws. */
  apply(value: string | readonly string[], options?: unknown): TransformResult<unknown>;
}

const noOptions = z.strictObject({});

function define<S extends z.ZodType>(
  description: string,
  options: S,
  run: (value: string, options: z.output<S>) => TransformResult<unknown>,
): TransformDefinition {
  return {
    description,
    input: 'one',
    options,
    apply(value, raw) {
      if (typeof value !== 'string') return reject('this transform takes one column, not several');
      const parsed = options.safeParse(raw ?? {});
      if (!parsed.success) return reject(`bad transform options: ${formatZodIssues(parsed.error)}`);
      return run(value, parsed.data);
    },
  };
}

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA time zone such as "America/Chicago"' },
);
const joinOptions = z.strictObject({ separator: z.string().default(' ') });

/** Every transform by the name a mapping file uses. */
export const transforms: Readonly<Record<string, TransformDefinition>> = {
  trim: define('Remove leading and trailing spaces.', noOptions, (v) => trimText(v)),
  upper: define('Trim and upper-case.', noOptions, (v) => upperText(v)),
  lower: define('Trim and lower-case.', noOptions, (v) => lowerText(v)),
  title: define('Trim and title-case ("JOHN SMITH" → "John Smith").', noOptions, (v) => titleCase(v)),
  collapse: define('Collapse runs of whitespace to one space.', noOptions, (v) => collapseWhitespace(v)),
  join: {
    description: 'Join several columns (e.g. first and last name), skipping blanks, with a separator.',
    input: 'many',
    options: joinOptions,
    apply(value, raw) {
      const parsed = joinOptions.safeParse(raw ?? {});
      if (!parsed.success) return reject(`bad transform options: ${formatZodIssues(parsed.error)}`);
      return joinValues(typeof value === 'string' ? [value] : value, parsed.data.separator);
    },
  },
  split: define(
    'Split one full-name column ("Last, First" or "First Last") into { first, last }.',
    noOptions,
    (v) => splitName(v),
  ),
  default: define(
    'Use a fixed value when the cell is blank.',
    z.strictObject({ value: z.string() }),
    (v, o) => defaultValue(v, o.value),
  ),
  date: define(
    `Read a date (${dateFormats.join(', ')}) → YYYY-MM-DD; blank and 0000-00-00 → null.`,
    z.strictObject({ format: z.enum(dateFormats), timeZone: timeZone.optional() }),
    (v, o) => parseDate(v, o),
  ),
  boolean: define(
    'Read 1/0, Y/N, yes/no, true/false, on/off, t/f; "invert" flips it.',
    z.strictObject({ invert: z.boolean().default(false) }),
    (v, o) => parseBoolean(v, o),
  ),
  money: define(
    'Read an amount ("$1,234.50", "(12.00)") → a number rounded to cents.',
    z.strictObject({ decimalComma: z.boolean().default(false) }),
    (v, o) => parseMoney(v, o),
  ),
  phone: define('Read a NANP phone number → { number: 10 digits, extension }.', noOptions, (v) =>
    parsePhone(v),
  ),
  did: define('Read a DID → 10 digits; toll-free and N11 refused.', noOptions, (v) => parseDid(v)),
  us_state: define('Read a US state name or USPS code → the name Sonar lists.', noOptions, (v) =>
    parseUsState(v),
  ),
  country: define('Read a country name or ISO code → ISO alpha-2.', noOptions, (v) => parseCountry(v)),
  card_brand: define("Read a card brand → Sonar's card_type.", noOptions, (v) => parseCardBrand(v)),
  crosswalk: define(
    'Look a legacy value up in a table → Sonar id or name (exact, then case-insensitive).',
    z.strictObject({
      map: z.record(z.string(), z.union([z.string(), z.number()])),
      name: z.string().optional(),
      // A joined export need not hold every key (a customer without an invoice email).
      optional: z.boolean().default(false),
      // A second table the first one's value is looked up in: a two-step join (custnum →
      // bill_locationnum → address1).
      then_crosswalk: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      thenName: z.string().optional(),
    }),
    (v, o) => {
      const first = o.optional && !hasKey(o.map, v) ? accept('') : applyCrosswalk(v, o.map, o.name);
      const second = o.then_crosswalk;
      if (!first.ok || second === undefined || first.value === '') return first;
      const key = String(first.value);
      return o.optional && !hasKey(second, key) ? accept('') : applyCrosswalk(key, second, o.thenName);
    },
  ),
  rate_center: define(
    'Read a DID and look its area code up in a crosswalk ("*" = any) → its Sonar rate center id or name.',
    z.strictObject({
      map: z.record(z.string(), z.union([z.string(), z.number()])),
      name: z.string().optional(),
    }),
    (v, o) => rateCenterOf(v, o.map, o.name),
  ),
  remote_token: define(
    'Read a stored gateway token: WHMCS Stripe JSON {"customer","method"} → the method ("part": "customer" → the customer); other text → itself.',
    z.strictObject({ part: z.enum(['token', 'customer']).default('token') }),
    (v, o) => readRemoteToken(v, o.part),
  ),
  refuse: define(
    'Refuse the row with a stated reason, unless the cell is one of "unless" ("" for blank): then no value.',
    z.strictObject({
      reason: z.string().min(1),
      unless: z.array(z.string()).default([]),
      quoteCell: z.boolean().default(true),
      code: z.enum(['MAP_INVALID_VALUE', 'MAP_NOT_MIGRATABLE']).default('MAP_INVALID_VALUE'),
    }),
    (v, o) => refuseValue(v, o),
  ),
};

/** The names of every transform, for messages ("known transforms: …"). */
export const transformNames: readonly string[] = Object.keys(transforms);

/** True when the table has the value as a key, exactly or in another case (as applyCrosswalk reads it). */
function hasKey(table: Readonly<Record<string, unknown>>, value: string): boolean {
  if (Object.hasOwn(table, value)) return true;
  const wanted = value.trim().toLowerCase();
  return Object.keys(table).some((k) => k.trim().toLowerCase() === wanted);
}
