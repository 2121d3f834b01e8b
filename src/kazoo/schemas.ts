import { z } from 'zod';

// The shapes of Kazoo's crossbar answers, as documented (legacy-formats.md §4, after
// 2600hz/kazoo applications/crossbar/doc/phone_numbers.md and services.md, several versions).
// Objects are loose: Kazoo adds fields between versions and we read only these.

/** One number of a `phone_numbers` listing (the value under its E.164 key). */
export const kazooNumberSchema = z.looseObject({
  assigned_to: z.string().optional(),
  state: z.string().optional(),
  used_by: z.string().optional(),
  // `{}` in some versions of the doc, `["local"]` in others.
  features: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]).optional(),
  // Erlang Gregorian seconds (Unix = value − 62167219200).
  created: z.number().optional(),
  updated: z.number().optional(),
});

/** One number's document. */
export type KazooNumber = z.infer<typeof kazooNumberSchema>;

/** The `data` of GET /v2/accounts/{ACCOUNT_ID}/phone_numbers: numbers keyed by E.164 (a map, not a list). */
export const phoneNumbersDataSchema = z.looseObject({
  cascade_quantity: z.number().optional(),
  // Older docs misspell it.
  casquade_quantity: z.number().optional(),
  numbers: z.record(z.string(), kazooNumberSchema),
});

/** A crossbar pagination key: text, a number, or a compound (array) key. */
export const startKeySchema = z.union([z.string(), z.number(), z.array(z.unknown())]);

/** The crossbar envelope of a listing page: `data` plus the pagination fields. */
export const phoneNumbersEnvelopeSchema = z.looseObject({
  data: phoneNumbersDataSchema,
  page_size: z.number().optional(),
  start_key: startKeySchema.optional(),
  // Present while more pages follow (crossbar's pagination); absent on the last page.
  next_start_key: startKeySchema.optional(),
  status: z.string().optional(),
});

/** A listing page as Kazoo sends it. */
export type PhoneNumbersEnvelope = z.infer<typeof phoneNumbersEnvelopeSchema>;

/** `{category: {item: count}}`, e.g. `phone_numbers: {did_us: 4}`. */
export const quantitiesSchema = z.record(z.string(), z.record(z.string(), z.number()));

/** Category → item → count. */
export type KazooQuantities = z.infer<typeof quantitiesSchema>;

/**
 * The `data` of GET /v2/accounts/{ACCOUNT_ID}/services. 4.x nests `quantities` as
 * `{account, cascade, manual}`; the legacy 3.x doc has the categories directly.
 */
export const servicesDataSchema = z.looseObject({
  billing_id: z.string().optional(),
  quantities: z.record(z.string(), z.unknown()).optional(),
  plans: z.record(z.string(), z.unknown()).optional(),
});

/** The crossbar envelope of the services summary. */
export const servicesEnvelopeSchema = z.looseObject({ data: servicesDataSchema });

/** A services summary as Kazoo sends it. */
export type ServicesEnvelope = z.infer<typeof servicesEnvelopeSchema>;

const v4Sections = new Set(['account', 'cascade', 'manual']);

/**
 * The account's own quantities and the JSON path they sit at: 4.x `quantities.account` (cascade
 * counts sub-accounts, which are billed on their own Sonar accounts), else the 3.x flat map.
 */
export function accountQuantities(data: z.infer<typeof servicesDataSchema>): {
  quantities: unknown;
  path: string;
} {
  const q = data.quantities ?? {};
  const keys = Object.keys(q);
  if (keys.length > 0 && keys.every((k) => v4Sections.has(k))) {
    return { quantities: q.account ?? {}, path: 'data.quantities.account' };
  }
  return { quantities: q, path: 'data.quantities' };
}
