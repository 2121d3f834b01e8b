import { describe, expect, it } from 'vitest';
import { parseDid } from '../../../src/mappers/transforms/dids.js';

describe('parseDid', () => {
  it.each(['+14155550123', '1-415-555-0123', '(415) 555-0123', '415.555.0123', '4155550123'])(
    'reads %j as 10 digits',
    (value) => {
      expect(parseDid(value)).toEqual({ ok: true, value: '4155550123' });
    },
  );

  it.each(['800', '833', '844', '855', '866', '877', '888'])('rejects toll-free %s numbers', (areaCode) => {
    const result = parseDid(`${areaCode}-555-0123`);
    expect(result.ok === false && result.message).toMatch(/toll-free/);
  });

  it('accepts an 8XX area code that is not toll-free', () => {
    expect(parseDid('808-555-0123')).toEqual({ ok: true, value: '8085550123' });
  });

  it('rejects N11 service codes as area code or exchange', () => {
    const area = parseDid('411-555-0123');
    expect(area.ok === false && area.message).toMatch(/N11/);
    const exchange = parseDid('415-911-0123');
    expect(exchange.ok === false && exchange.message).toMatch(/N11/);
  });

  it('rejects non-NANP numbers and wrong lengths with the reason', () => {
    const foreign = parseDid('+442079460958');
    expect(foreign.ok === false && foreign.message).toMatch(/North American/);
    const short = parseDid('415-5550');
    expect(short.ok === false && short.message).toMatch(/7 digits/);
  });

  it('returns null for a blank cell', () => {
    expect(parseDid(' ')).toEqual({ ok: true, value: null });
  });
});
