import { countryCode, documentedBody, text } from './fields.js';

// Doc: "Data - Validate an address" (line 21314) lists exactly four parameters (lines 21323–21335):
// line1, city, state, country. line2, county and zip are answers, not parameters: the strict
// reading refuses them (Sonar's own importer strips county before validating).

/** POST /_data/validate_address (doc line 21314). */
export const validateAddressCheck = documentedBody({
  line1: text('line1'),
  city: text('city'),
  state: text('state'),
  country: countryCode(),
});
