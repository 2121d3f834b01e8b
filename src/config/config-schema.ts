import iconv from 'iconv-lite';
import { z } from 'zod';
import { kazooConfigSchema } from './kazoo-settings-schema.js';

/** Every input a migration file may name, in load-dependency order. */
export const inputNames = [
  'accounts',
  'contacts',
  'addresses',
  'credit_cards',
  'bank_accounts',
  'services',
  'billing_parameters',
  'next_bill_dates',
  'did_inventory',
  'dids',
  'ip_assignments',
  'radius_groups',
  'radius_group_settings',
] as const;

/** One of inputNames. */
export type InputName = (typeof inputNames)[number];

/** Profiles shipped with sonar-migrate; any other `profile` value is a mapping file's path. */
export const builtInProfiles: readonly string[] = [
  'sonar-importer',
  'templates',
  // Shipped mapping files (profiles/<name>.yaml): src/mappers/profiles/builtin-files.ts.
  'splynx',
  'uisp-crm',
  'freeside',
  'whmcs',
  'splynx-import',
];

/**
 * Keys that would put the Sonar target or its credentials in a file that is usually committed or
 * shared: refused with advice to use the environment or .env instead.
 */
export const targetKeys: readonly string[] = [
  'sonar_url',
  'url',
  'sonar_username',
  'username',
  'sonar_password',
  'password',
  'token',
  'api_token',
  'sonar',
  'target',
];

const nonBlank = z.string().trim().min(1, 'must not be blank');

const inputShape = {
  file: nonBlank,
  sheet: nonBlank.optional(),
  encoding: nonBlank
    .refine((e) => iconv.encodingExists(e), {
      message: 'is not an encoding sonar-migrate knows (try "utf-8" or "windows-1252")',
    })
    .optional(),
  delimiter: z
    .string()
    .refine((d) => d.length === 1 || d === '\\t', { message: 'must be one character, e.g. ";" or "\\t"' })
    .optional(),
  // The decimal mark of the file's numbers: "," for a European export (-87,988). README: Decimal commas.
  decimal: z
    .enum(['.', ','], { error: 'must be "." (the default) or "," (numbers written like -87,988)' })
    .optional(),
};

/** The keys an input object may have, for "did you mean" hints. */
export const inputKeys: readonly string[] = Object.keys(inputShape);

/**
 * An input as written: a path, or a path with reading options. A bare path is read as `{ file }`
 * so both forms report precise errors (a union would only say "invalid input").
 */
const oneInputSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { file: value } : value),
  z.strictObject(inputShape, {
    error: 'must be a file path or an object { file, sheet, encoding, delimiter, decimal }',
  }),
);

/** One file of an input as written, its path still relative. */
export type RawInput = z.output<typeof oneInputSchema>;

/**
 * An input: one file as above, or a list of them — the export first, then fixed `*.rejected.csv`
 * files fed back; a later file's row replaces the earlier rows of the same legacy key.
 */
export const inputSchema = z.unknown().transform((value, ctx): RawInput[] => {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must name at least one file' });
    return z.NEVER;
  }
  const files: RawInput[] = [];
  for (const [index, item] of list.entries()) {
    const parsed = oneInputSchema.safeParse(item);
    if (parsed.success) files.push(parsed.data);
    // A single file keeps the paths it always had (inputs.accounts.encoding); a list adds the index.
    else
      for (const issue of parsed.error.issues)
        ctx.addIssue({ ...issue, path: Array.isArray(value) ? [index, ...issue.path] : issue.path } as never);
  }
  return files;
});
const concurrencyMessage = 'must be a whole number from 1 to 64';

/** The migration file as written (before paths are resolved). */
export const rawConfigSchema = z.strictObject({
  profile: nonBlank.optional(),
  inputs: z.strictObject(Object.fromEntries(inputNames.map((n) => [n, inputSchema.optional()]))).default({}),
  state: nonBlank.default('state.db'),
  reports: nonBlank.default('reports'),
  concurrency: z
    .int({ error: concurrencyMessage })
    .min(1, concurrencyMessage)
    .max(64, concurrencyMessage)
    .default(8),
  /**
   * Seconds an unanswered write is left alone before it is looked up (see the README's
   * reliability section): longer than Sonar may take to finish a request.
   */
  quietPeriodSeconds: z
    .number({ error: 'must be a number of seconds, e.g. 120' })
    .min(0, 'must be 0 or more seconds')
    .max(3600, 'must be at most 3600 seconds')
    .default(120),
  crosswalks: z.record(nonBlank, z.record(z.string(), z.union([z.string(), z.number()]))).default({}),
  /**
   * Sent as `prorate` with every added service and bill-day change. Default false: the old system
   * already billed these customers (doc ~10867, ~1078). Needs the API user's account super user
   * permission to take effect.
   */
  prorate: z.boolean({ error: 'must be true or false' }).default(false),
  /** Accept next bill dates before today (default false: Sonar would bill them at its next run). */
  allowPastNextBillDates: z.boolean({ error: 'must be true or false' }).default(false),
  /**
   * Accept a bare 13–19-digit Luhn-valid number in a payment token column: for processors whose
   * tokens are such numbers. Free-text cells are still scanned for card numbers.
   */
  allowNumericTokens: z.boolean({ error: 'must be true or false' }).default(false),
  /**
   * Extra export files a profile joins rows against (Freeside cust_location, part_pkg): lookup
   * name → a file path or `{ file, sheet, encoding, delimiter }`. docs/mapping-files.md.
   */
  lookups: z.record(nonBlank, inputSchema).default({}),
  /** A Kazoo account's phone numbers (and services summary) as a DID source: see docs/kazoo.md. */
  kazoo: kazooConfigSchema.optional(),
});

/** The migration file as parsed and defaulted, paths still as written. */
export type RawConfig = z.output<typeof rawConfigSchema>;
