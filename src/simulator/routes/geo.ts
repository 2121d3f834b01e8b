import type { SimState } from '../state.js';
import { invalidField, sonarSentence } from './respond.js';

/** The address fields checked against the reference geography. */
export interface AddressPlace {
  state?: string;
  county?: string | null;
  country?: string;
}

/**
 * Checks country, subdivision and US county against /_data (doc line 16149: state from
 * /_data/subdivisions/:country, county from /_data/counties for US addresses only).
 * A country or US state the reference holds no list for is accepted as given: the seed carries
 * counties for a handful of states only, and rejecting the rest would fail real migrations.
 */
export function checkPlace(state: SimState, place: AddressPlace): void {
  const { countries, subdivisions, counties } = state.reference;
  if (place.country !== undefined && !Object.hasOwn(countries, place.country)) {
    invalidField('country', `${sonarSentence('country')} ${place.country} is not in /_data/countries.`);
  }
  const names = place.country === undefined ? undefined : subdivisions[place.country];
  if (place.state !== undefined && names && !names.includes(place.state)) {
    const hint = names.find((name) => name.toLowerCase() === place.state?.toLowerCase());
    invalidField(
      'state',
      `${sonarSentence('state')} "${place.state}" is not in /_data/subdivisions/${place.country}${
        hint ? ` (did you mean "${hint}"?)` : ': use the full name, e.g. "Wisconsin"'
      }.`,
    );
  }
  if (place.country === 'US' && place.county && place.state !== undefined) {
    const list = counties[place.state];
    if (list && !list.includes(place.county)) {
      invalidField(
        'county',
        `${sonarSentence('county')} "${place.county}" is not in /_data/counties/${place.state} (names look like "${list[0]}").`,
      );
    }
  }
}
