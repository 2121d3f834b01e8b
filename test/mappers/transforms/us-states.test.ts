import { describe, expect, it } from 'vitest';
import { parseUsState, usStates } from '../../../src/mappers/transforms/us-states.js';
import subdivisions from '../../fixtures/sonar-docs/subdivisions.json' with { type: 'json' };

describe('parseUsState', () => {
  it.each([
    ['wisconsin', 'Wisconsin'],
    ['WI', 'Wisconsin'],
    ['wi', 'Wisconsin'],
    ['  New   York ', 'New York'],
    ['DC', 'District of Columbia'],
    ['Washington, D.C.', 'District of Columbia'],
    ['PR', 'Puerto Rico'],
    ['US Virgin Islands', 'Virgin Islands, U.S.'],
    ['VI', 'Virgin Islands, U.S.'],
    ['GU', 'Guam'],
  ])('reads %j as %j', (value, name) => {
    expect(parseUsState(value)).toEqual({ ok: true, value: name });
  });

  it("returns only names that Sonar's /_data/subdivisions/US lists", () => {
    const sonarNames = new Set(Object.keys(subdivisions.data));
    for (const name of Object.values(usStates)) expect(sonarNames.has(name), name).toBe(true);
    expect(Object.keys(usStates)).toHaveLength(57);
  });

  it('rejects unknown states and military codes', () => {
    for (const bad of ['Ontario', 'XX', 'AE', 'Wisc']) {
      const result = parseUsState(bad);
      expect(result.ok === false && result.message, bad).toMatch(/not a US state/);
    }
  });

  it('returns null for a blank cell', () => {
    expect(parseUsState('')).toEqual({ ok: true, value: null });
  });
});
