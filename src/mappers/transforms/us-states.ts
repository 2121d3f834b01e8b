import { accept, isBlank, quote, reject, type TransformResult } from './result.js';

/**
 * USPS code → the subdivision name Sonar lists. Sonar wants NAMES, not codes: GET
 * /_data/subdivisions/US (sonar-v1-api.txt, "_data/subdivisions/:country") returns an object keyed
 * and valued by full names ("Wisconsin": "Wisconsin"), and every `state`/`subdivision` field says
 * "obtain a valid list from _data/subdivisions". Territory spellings follow that list exactly
 * ("Virgin Islands, U.S.", "United States Minor Outlying Islands").
 */
export const usStates: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  AS: 'American Samoa',
  GU: 'Guam',
  MP: 'Northern Mariana Islands',
  PR: 'Puerto Rico',
  VI: 'Virgin Islands, U.S.',
  UM: 'United States Minor Outlying Islands',
};

// Other ways people write the names in the list (DC and the territories mostly).
const ALIASES: Readonly<Record<string, string>> = {
  'washington dc': 'DC',
  'washington d c': 'DC',
  'd c': 'DC',
  'dist of columbia': 'DC',
  'district of columbia': 'DC',
  'virgin islands': 'VI',
  'us virgin islands': 'VI',
  'u s virgin islands': 'VI',
  'virgin islands u s': 'VI',
  'virgin islands of the united states': 'VI',
  'northern mariana islands': 'MP',
  'northern marianas': 'MP',
  'commonwealth of puerto rico': 'PR',
  'us minor outlying islands': 'UM',
  'united states minor outlying islands': 'UM',
};

function normalize(text: string): string {
  return text.toLowerCase().replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
}

const BY_KEY = new Map<string, string>();
for (const [code, name] of Object.entries(usStates)) {
  BY_KEY.set(code.toLowerCase(), name);
  BY_KEY.set(normalize(name), name);
}
for (const [alias, code] of Object.entries(ALIASES)) BY_KEY.set(alias, usStates[code] as string);

/** Reads a US state, DC or territory as a name or USPS code, any case → the name Sonar lists; blank is null. */
export function parseUsState(value: string): TransformResult<string | null> {
  if (isBlank(value)) return accept(null);
  const name = BY_KEY.get(normalize(value));
  if (name === undefined) {
    return reject(
      `${quote(value)} is not a US state, DC or territory — use the full name ("Wisconsin") or the USPS code ("WI")`,
    );
  }
  return accept(name);
}
