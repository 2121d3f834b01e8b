import { describe, expect, it } from 'vitest';
import { parsePhone } from '../../../src/mappers/transforms/phone.js';

describe('parsePhone', () => {
  it.each([
    '+1 415 555 0123',
    '1-415-555-0123',
    '415-555-0123',
    '415.555.0123',
    '(415) 555-0123',
    '4155550123',
    '+1.4155550123',
  ])('reads %j as 10 digits', (value) => {
    expect(parsePhone(value)).toEqual({ ok: true, value: { number: '4155550123', extension: null } });
  });

  it.each([
    ['415-555-0123 x123', '123'],
    ['(415) 555-0123 ext. 45', '45'],
    ['415.555.0123 Ext 6', '6'],
    ['4155550123#789', '789'],
    ['415-555-0123 extension 12', '12'],
  ])('splits the extension off %j', (value, extension) => {
    expect(parsePhone(value)).toEqual({ ok: true, value: { number: '4155550123', extension } });
  });

  it('rejects a non-NANP number', () => {
    const result = parsePhone('+44 20 7946 0958');
    expect(result.ok === false && result.message).toMatch(/North American/);
  });

  it('rejects the wrong number of digits and says how many there were', () => {
    const result = parsePhone('555-0123');
    expect(result.ok === false && result.message).toMatch(/has 7 digits, not 10/);
    expect(parsePhone('1-415-555-01234').ok).toBe(false);
  });

  it('rejects area codes and exchanges that start with 0 or 1', () => {
    expect(parsePhone('115-555-0123').ok).toBe(false);
    expect(parsePhone('415-155-0123').ok).toBe(false);
  });

  it('rejects letters', () => {
    expect(parsePhone('call me').ok).toBe(false);
    expect(parsePhone('1-800-FLOWERS').ok).toBe(false);
  });

  it('returns null for a blank cell', () => {
    expect(parsePhone('')).toEqual({ ok: true, value: null });
  });
});
