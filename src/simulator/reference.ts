import { z } from 'zod';

// The catalogue of a Sonar instance that the simulator validates against. A user mirrors their own
// instance with `sim --reference FILE` (JSON with these snake_case keys, as Sonar's endpoints name
// them); every key left out comes from the seed (seed.ts). This is reference data, not a request
// payload: the request schemas stay in src/sonar/schemas.

const named = z.looseObject({ id: z.number().int().positive(), name: z.string().min(1) });

/** A catalogue service as /system/services answers it (doc line 50988); unknown fields are kept. */
export const serviceSchema = z.looseObject({
  id: z.number().int().positive(),
  name: z.string().min(1),
  active: z.boolean().default(true),
  type: z.enum(['recurring', 'expiring', 'one time', 'adjustment', 'overage']),
  application: z.enum(['debit', 'credit']).default('debit'),
  amount: z.number(),
  billing_frequency_in_months: z.number().int().positive().nullable().default(1),
  times_to_run: z.number().int().nullable().default(null),
  data_service: z.boolean().default(false),
  download_in_kilobits: z.number().int().nullable().default(null),
  upload_in_kilobits: z.number().int().nullable().default(null),
  technology_code: z.number().int().default(0),
  voice_service: z.boolean().default(false),
  taxes: z.array(z.number().int()).default([]),
  account_groups: z.array(z.number().int()).default([]),
});

/** A catalogue service. */
export type SimService = z.infer<typeof serviceSchema>;

/** The JSON a user may pass with `sim --reference FILE`; every key is optional. */
export const referenceDataSchema = z.strictObject({
  version: z.string().optional(),
  account_types: z
    .array(z.looseObject({ ...named.shape, type: z.enum(['residential', 'commercial']) }))
    .optional(),
  account_statuses: z
    .array(
      z.looseObject({
        ...named.shape,
        active: z.boolean(),
        color: z.string().default('#3498db'),
        account_super_user_only: z.boolean().default(false),
      }),
    )
    .optional(),
  account_groups: z.array(named).optional(),
  address_types: z.array(named).optional(),
  email_categories: z.array(named).optional(),
  rate_centers: z.array(named).optional(),
  services: z.array(serviceSchema).optional(),
  /** Country code → name. */
  countries: z.record(z.string().regex(/^[A-Z]{2}$/), z.string()).optional(),
  /** Country code → list of subdivision names. */
  subdivisions: z.record(z.string(), z.array(z.string().min(1))).optional(),
  /** US subdivision name → county names. */
  counties: z.record(z.string(), z.array(z.string().min(1))).optional(),
  /** IPAM supernets (doc "IPAM - Get all supernets", line 24263). */
  supernets: z.array(z.looseObject({ ...named.shape, subnet: z.string().min(1) })).optional(),
  /** IPAM subnets (doc "IPAM - Get all subnets", line 24104); IP assignments must fit a customer/mixed one. */
  subnets: z
    .array(
      z.looseObject({
        ...named.shape,
        subnet: z.string().min(1),
        type: z.enum(['customer', 'infrastructure', 'reserved', 'mixed']),
        supernet_id: z.number().int().positive(),
        network_site_id: z.number().int().positive().default(1),
        inline_devices: z.array(z.number().int()).default([]),
        poller_id: z.number().int().nullable().default(null),
      }),
    )
    .optional(),
  /** IPAM IP pools (doc "IPAM - Get all IP pools", line 23959), each inside a subnet. */
  ip_pools: z
    .array(
      z.looseObject({
        ...named.shape,
        subnet_id: z.number().int().positive(),
        start: z.string().min(1),
        end: z.string().min(1),
        dhcp_servers: z.array(z.number().int()).default([]),
        dhcp_server_identifier_id: z.number().int().nullable().default(null),
      }),
    )
    .optional(),
});

/** Reference data as a user writes it (before seed defaults fill the gaps). */
export type ReferenceData = z.input<typeof referenceDataSchema>;

/** Reference data with every key present, as SimState uses it. */
export type ResolvedReference = Required<z.output<typeof referenceDataSchema>>;

/** An entry of a simple id/name catalogue. */
export type NamedEntry = z.infer<typeof named>;

/** Checks a parsed --reference JSON; returns messages (`path: problem`) instead of throwing. */
export function parseReferenceData(
  value: unknown,
): { ok: true; reference: ReferenceData } | { ok: false; problems: string[] } {
  const parsed = referenceDataSchema.safeParse(value);
  if (parsed.success) return { ok: true, reference: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`),
  };
}
