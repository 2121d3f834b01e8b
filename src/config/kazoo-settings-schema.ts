import { z } from 'zod';

// The `kazoo` section of the migration file. It lives here (not in config-schema.ts) so the
// Kazoo source is one folder; config-schema.ts only plugs it in as an optional key.

const nonBlank = z.string().trim().min(1, 'must not be blank');

/** A Sonar id (a number) or a Sonar name (text, resolved against the target at plan/load). */
const sonarRef = z.union([z.number().int().positive(), nonBlank], {
  error: 'must be a Sonar id (a whole number) or a Sonar name (text)',
});

/** A crosswalk written inline ({ legacy: sonar }) or the name of one under `crosswalks`. */
const crosswalkRef = z.union(
  [nonBlank, z.record(nonBlank, z.union([nonBlank, z.number().transform(String)]))],
  { error: 'must be an object { "kazoo account id": "legacy account number" } or a crosswalk name' },
);

const rateCenterSchema = z.union(
  [
    sonarRef,
    z.strictObject({
      default: sonarRef.optional(),
      by_npa: z
        .record(z.string().regex(/^[2-9]\d\d$/, 'an NPA key must be 3 digits, e.g. "415"'), sonarRef)
        .optional(),
    }),
  ],
  { error: 'must be a rate center (id or name) or { "default": …, "by_npa": { "415": … } }' },
);

const shape = {
  /** A saved export of GET /v2/accounts/{ACCOUNT_ID}/phone_numbers. */
  file: nonBlank.optional(),
  /** The Kazoo API base, ending in /v2, for live reading. */
  url: nonBlank.optional(),
  account_id: nonBlank.optional(),
  /** Live only: the Kazoo accounts whose phone_numbers are read, one listing each (account_id: services). */
  account_ids: z.array(nonBlank).min(1, 'must list at least one Kazoo account id').optional(),
  /** A saved export of GET /v2/accounts/{ACCOUNT_ID}/services (file mode). */
  services_file: nonBlank.optional(),
  account_crosswalk: crosswalkRef.optional(),
  rate_center: rateCenterSchema.optional(),
  voice_service: sonarRef.optional(),
  /** "category.item" or "category" → Sonar service; false = not billed in Sonar, ignore. */
  services_crosswalk: z.record(nonBlank, z.union([sonarRef, z.literal(false)])).optional(),
  page_size: z.int().min(1).max(1000).optional(),
  /** Allow http:// to a host other than this machine (the token would travel in clear). */
  insecure: z.boolean().optional(),
};

/** The keys the `kazoo` section may have, for "did you mean" hints. */
export const kazooKeys: readonly string[] = Object.keys(shape);

/** The `kazoo` section as written. */
export const kazooConfigSchema = z.strictObject(shape).superRefine((value, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if ((value.file === undefined) === (value.url === undefined)) {
    issue('file', 'needs exactly one of "file" (a saved phone_numbers export) or "url" (live)');
  }
  if (value.url !== undefined && value.account_id === undefined && value.account_ids === undefined) {
    issue(
      'account_id',
      'is required with "url": the Kazoo account whose phone_numbers are read (or "account_ids" for several)',
    );
  }
  if (value.account_ids !== undefined && value.url === undefined) {
    issue('account_ids', 'applies only with "url": a saved file names its accounts by their keys');
  }
  if (value.url !== undefined && value.services_file !== undefined) {
    issue('services_file', 'applies only with "file": live reading fetches the services summary');
  }
  if (value.services_crosswalk !== undefined) {
    // A saved services file may be keyed by account id; live, the summary read is account_id's.
    if (value.account_id === undefined && value.url !== undefined) {
      issue('account_id', 'is required with "services_crosswalk": the account the services summary is of');
    }
    if (value.file !== undefined && value.services_file === undefined) {
      issue('services_file', 'is required with "services_crosswalk" and "file": a saved services export');
    }
  }
  if (value.account_crosswalk !== undefined && value.voice_service === undefined) {
    issue('voice_service', 'is required with "account_crosswalk": the Sonar voice service DIDs attach to');
  }
  if (value.rate_center === undefined) {
    issue('rate_center', 'is required: the Sonar rate center of the DIDs (an id, a name, or by NPA)');
  }
});

/** The `kazoo` section as parsed. */
export type RawKazooConfig = z.output<typeof kazooConfigSchema>;

/** A Sonar id or a Sonar name. */
export type SonarRef = number | string;
