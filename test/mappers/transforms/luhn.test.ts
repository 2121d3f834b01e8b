import { describe, expect, it } from 'vitest';
import { containsCardNumber, looksLikeCardNumber } from '../../../src/mappers/transforms/luhn.js';

describe('looksLikeCardNumber', () => {
  it.each([
    '4111111111111111',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '378282246310005',
    '4222222222222',
    '6011000990139424',
  ])('flags the test card %j', (value) => {
    expect(looksLikeCardNumber(value)).toBe(true);
  });

  it('ignores digit strings that fail Luhn, are too short or too long, or hold letters', () => {
    expect(looksLikeCardNumber('4111111111111112')).toBe(false);
    expect(looksLikeCardNumber('411111111111')).toBe(false);
    expect(looksLikeCardNumber('41111111111111111111')).toBe(false);
    expect(looksLikeCardNumber('4111x1111-1111-1111')).toBe(false);
    expect(looksLikeCardNumber('')).toBe(false);
  });

  it('finds a card number inside a note', () => {
    expect(containsCardNumber('paid with 4111 1111 1111 1111 exp 12/27')).toBe(true);
    expect(containsCardNumber('call 415-555-0123 after 5')).toBe(false);
  });
});
