import { z } from 'zod';
import { countryCode, dataEnvelope, requestObjectOptions, requiredText } from './common.js';

// Doc: the /_data lookups, sonar-v1-api.txt lines 20994–21283; each appears once.

/** GET /_data/countries: two-letter code → country name. */
export const countriesResponseSchema = dataEnvelope(
  z.record(z.string(), z.string()).describe('Country names keyed by two-letter ISO code.'),
);

/** GET /_data/subdivisions/:country: subdivision value → display name (PHP may answer [] when empty). */
export const subdivisionsResponseSchema = dataEnvelope(
  z
    .union([z.record(z.string(), z.string()), z.array(z.never())])
    .describe('Subdivision names keyed by the value to send as state.'),
);

/** GET /_data/counties/:subdivision: the counties of a US state. */
export const countiesResponseSchema = dataEnvelope(
  z.array(z.string()).describe('County names, e.g. "Dane Co.".'),
);

/** One email category. */
export const emailCategorySchema = z.looseObject({
  id: z.number().int().describe('The id of the email category.'),
  name: z.string().describe('Its name, in the system language.'),
});

/** An email category. */
export type EmailCategory = z.infer<typeof emailCategorySchema>;

/** GET /_data/email_categories (not paginated). */
export const emailCategoriesResponseSchema = dataEnvelope(z.array(emailCategorySchema));

/** GET /_data/version. */
export const versionResponseSchema = dataEnvelope(
  z.looseObject({ version: z.string().describe('The Sonar software version, e.g. 1.2.38.') }),
);

/** Body of POST /_data/validate_address (doc line 21314): the address to check and geocode. */
export const validateAddressRequestSchema = z.strictObject(
  {
    line1: requiredText('line1').describe('The first address line, e.g. 123 Main St.'),
    line2: z.string().nullable().optional().describe('The second address line.'),
    city: requiredText('city').describe('The city.'),
    state: requiredText('state').describe('The state, province or subdivision, e.g. Texas.'),
    county: z.string().nullable().optional().describe('The county, for US addresses.'),
    zip: z.string().nullable().optional().describe('The ZIP or postal code.'),
    country: countryCode,
  },
  requestObjectOptions,
);

/** Body of POST /_data/validate_address. */
export type ValidateAddressRequest = z.infer<typeof validateAddressRequestSchema>;

/** The validated address Sonar answers, with its county (US) and coordinates (null when unknown). */
// Only the coordinates and the county are read: the address lines may be missing.
export const validatedAddressSchema = z.looseObject({
  line1: z.string().optional(),
  line2: z.string().nullable().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  county: z.string().nullable().optional(),
  zip: z.string().nullable().optional(),
  country: z.string().optional(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});

/** A validated address. */
export type ValidatedAddress = z.infer<typeof validatedAddressSchema>;
