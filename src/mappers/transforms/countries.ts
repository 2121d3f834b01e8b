import { iso3166Table } from './iso-3166.js';
import { accept, isBlank, quote, reject, type TransformResult } from './result.js';

/** One ISO 3166-1 country. */
export interface Country {
  alpha2: string;
  alpha3: string;
  name: string;
}

/** Every ISO 3166-1 country, from the table in iso-3166.ts. */
export const countries: readonly Country[] = iso3166Table
  .trim()
  .split('\n')
  .map((line) => {
    const [alpha2 = '', alpha3 = '', ...name] = line.split(' ');
    return { alpha2, alpha3, name: name.join(' ') };
  });

// Names people type that differ from the ISO short names (normalized as in `normalize`).
const ALIASES: Readonly<Record<string, string>> = {
  us: 'US',
  usa: 'US',
  'united states': 'US',
  america: 'US',
  'united states of america': 'US',
  'u s': 'US',
  'u s a': 'US',
  uk: 'GB',
  'u k': 'GB',
  'united kingdom': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  russia: 'RU',
  'south korea': 'KR',
  korea: 'KR',
  'north korea': 'KP',
  vietnam: 'VN',
  iran: 'IR',
  syria: 'SY',
  laos: 'LA',
  bolivia: 'BO',
  venezuela: 'VE',
  tanzania: 'TZ',
  moldova: 'MD',
  'czech republic': 'CZ',
  macedonia: 'MK',
  holland: 'NL',
  'the netherlands': 'NL',
  'ivory coast': 'CI',
  'cote divoire': 'CI',
  taiwan: 'TW',
  brunei: 'BN',
  'cape verde': 'CV',
  swaziland: 'SZ',
  burma: 'MM',
  vatican: 'VA',
  'vatican city': 'VA',
  micronesia: 'FM',
  palestine: 'PS',
  turkey: 'TR',
  'democratic republic of the congo': 'CD',
  drc: 'CD',
  'republic of the congo': 'CG',
  'us virgin islands': 'VI',
  'british virgin islands': 'VG',
  'falkland islands': 'FK',
  'east timor': 'TL',
  'st lucia': 'LC',
  'st kitts and nevis': 'KN',
  'st vincent and the grenadines': 'VC',
  'the bahamas': 'BS',
  'the gambia': 'GM',
  'hong kong sar': 'HK',
  macau: 'MO',
  'sint maarten': 'SX',
  'saint martin': 'MF',
  curacao: 'CW',
  reunion: 'RE',
};

/** Lower-case, accents and punctuation removed, "&" read as "and", spaces collapsed. */
function normalize(text: string): string {
  // Most cells are a code or a plain name ("US", "United States"): lower-casing is all it takes.
  if (PLAIN.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Letters and digits, single spaces between words: text that normalize only lower-cases. */
const PLAIN = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

const BY_KEY = new Map<string, string>();
for (const c of countries) {
  BY_KEY.set(c.alpha2.toLowerCase(), c.alpha2);
  BY_KEY.set(c.alpha3.toLowerCase(), c.alpha2);
  BY_KEY.set(normalize(c.name), c.alpha2);
  // "Bolivia, Plurinational State of" and "Korea, Republic of" are also written in natural order.
  const [head, tail] = c.name.split(', ');
  if (tail !== undefined && head !== undefined) BY_KEY.set(normalize(`${tail} ${head}`), c.alpha2);
}
for (const [alias, code] of Object.entries(ALIASES)) BY_KEY.set(alias, code);

/** Reads a country as an ISO alpha-2 or alpha-3 code or an English name, any case → ISO alpha-2; blank is null. */
export function parseCountry(value: string): TransformResult<string | null> {
  if (isBlank(value)) return accept(null);
  const code = BY_KEY.get(normalize(value));
  if (code === undefined) {
    return reject(
      `${quote(value)} is not a country sonar-migrate knows — use the ISO code ("US", "USA") or the English name`,
    );
  }
  return accept(code);
}
