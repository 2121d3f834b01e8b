import { describe, expect, it } from 'vitest';
import { rateCenterOf } from '../../../src/mappers/transforms/rate-centers.js';

describe('the rate_center transform', () => {
  const table = { '920': 'Green Bay, WI', '512': 3 };

  it("gives the rate center of the DID's area code, whatever the number's format", () => {
    expect(rateCenterOf('+1 (920) 555-0100', table)).toEqual({ ok: true, value: 'Green Bay, WI' });
    expect(rateCenterOf('5125550188', table)).toEqual({ ok: true, value: 3 });
    expect(rateCenterOf('', table)).toEqual({ ok: true, value: null });
  });

  it('falls back to the "*" entry, and refuses an area code without one, naming the line to add', () => {
    expect(rateCenterOf('414-555-0100', { ...table, '*': 4 })).toEqual({ ok: true, value: 4 });
    const refused = rateCenterOf('414-555-0100', table, 'crosswalk "rate_centers"');
    expect(refused).toEqual({
      ok: false,
      message:
        'DID "414-555-0100" has area code 414, which has no rate center in crosswalk "rate_centers" — add "414": <Sonar rate center id or name> to it (or "*" for a default)',
    });
  });

  it('refuses what is not a DID before looking anything up', () => {
    expect(rateCenterOf('800-555-0100', { '*': 1 })).toEqual({
      ok: false,
      message: 'DID "800-555-0100" is toll-free (800): only geographic numbers can be DIDs in Sonar',
    });
  });
});
