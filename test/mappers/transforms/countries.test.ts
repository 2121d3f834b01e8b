import { describe, expect, it } from 'vitest';
import { countries, parseCountry } from '../../../src/mappers/transforms/countries.js';

describe('parseCountry', () => {
  it.each([
    ['USA', 'US'],
    ['United States', 'US'],
    ['U.S.', 'US'],
    ['u.s.a.', 'US'],
    ['United States of America', 'US'],
    ['Canada', 'CA'],
    ['CA', 'CA'],
    ['can', 'CA'],
    ['Mexico', 'MX'],
    ['MEX', 'MX'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['GBR', 'GB'],
    ['Côte d’Ivoire', 'CI'],
    ["Cote d'Ivoire", 'CI'],
    ['Korea, Republic of', 'KR'],
    ['Republic of Korea', 'KR'],
    ['South Korea', 'KR'],
    ['Bosnia & Herzegovina', 'BA'],
    ['Åland Islands', 'AX'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
  ])('reads %j as %s', (value, code) => {
    expect(parseCountry(value)).toEqual({ ok: true, value: code });
  });

  it('holds the full ISO 3166-1 table with unique alpha-2 and alpha-3 codes', () => {
    expect(countries).toHaveLength(249);
    expect(new Set(countries.map((c) => c.alpha2)).size).toBe(249);
    expect(new Set(countries.map((c) => c.alpha3)).size).toBe(249);
    for (const c of countries) {
      expect(c.alpha2).toMatch(/^[A-Z]{2}$/);
      expect(c.alpha3).toMatch(/^[A-Z]{3}$/);
      expect(parseCountry(c.name)).toEqual({ ok: true, value: c.alpha2 });
      expect(parseCountry(c.alpha3.toLowerCase())).toEqual({ ok: true, value: c.alpha2 });
    }
  });

  it('rejects unknown countries', () => {
    const result = parseCountry('Atlantis');
    expect(result.ok === false && result.message).toMatch(/not a country/);
    expect(parseCountry('XX').ok).toBe(false);
  });

  it('returns null for a blank cell', () => {
    expect(parseCountry(' ')).toEqual({ ok: true, value: null });
  });
});
