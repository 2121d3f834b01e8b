import { z } from 'zod';
import { countryCode, latitude, longitude, missingOr, requiredText } from './common.js';

// The physical address fields POST /accounts (doc line 16101) and POST
// /accounts/:account_id/addresses (doc line 3) both take, defined once.
// County outside the US: the addresses doc says "should be null" (line 34), the accounts doc
// "should be blank" (line 16156). Both are accepted (null or ""), a named county is not; the
// operator-facing text says "blank", what a spreadsheet cell holds.

/** The address fields shared by account creation and account addresses. */
export const addressFields = {
  line1: requiredText('line1').describe('The first line of the address.'),
  line2: z
    .string({ message: 'line2 must be text' })
    .nullable()
    .optional()
    .describe('The second line of the address, e.g. a suite or apartment number.'),
  city: requiredText('city').describe('The city.'),
  state: requiredText('state').describe(
    'The state, province or other subdivision, as /_data/subdivisions/:country lists it.',
  ),
  county: z
    .string({ error: missingOr('county', 'text (blank outside the US)') })
    .nullable()
    .describe('The county from /_data/counties, for US addresses only (geo taxes); null or blank elsewhere.'),
  zip: requiredText('zip').describe('The ZIP or postal code.'),
  country: countryCode,
  latitude,
  longitude,
};

/** A county is only for US addresses (doc lines 34, 16156): a named county elsewhere is refused. */
export function checkCountyCountry(
  value: { country?: string | undefined; county?: string | null | undefined },
  ctx: z.RefinementCtx,
): void {
  // An update that leaves the country out is not checked here: the stored country is Sonar's.
  if (value.country !== undefined && value.country !== 'US' && value.county) {
    ctx.addIssue({
      code: 'custom',
      path: ['county'],
      message: `county must be blank outside the US (country is ${value.country}): Sonar uses counties only for US geo taxes`,
    });
  }
}
