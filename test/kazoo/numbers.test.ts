import { describe, expect, it } from 'vitest';
import { readKazooNumber } from '../../src/kazoo/numbers.js';

describe('readKazooNumber', () => {
  it.each([
    ['+14155555555', '4155555555'],
    ['4155550199', '4155550199'],
    ['14155550199', '4155550199'],
    ['+17875550100', '7875550100'],
  ])('reads %s as the 10-digit DID %s', (key, did) => {
    expect(readKazooNumber(key)).toEqual({ ok: true, did });
  });

  it.each([
    ['+442071838750', 'non_us', /not a US number \(country code \+44\)/],
    ['+41234567', 'non_us', /country code \+41/],
    ['41234567', 'non_us', /country code \+41/],
    ['011442071838750', 'non_us', /international dialling string/],
    ['33669', 'short_code', /short code \(5 digits\)/],
    ['+1911', 'short_code', /short code/],
    ['+18765550100', 'caribbean', /Caribbean number \(area code 876\)/],
    ['+18005550199', 'toll_free', /toll-free/],
    ['+18335550199', 'toll_free', /toll-free/],
    ['+19005550100', 'premium', /premium-rate 900/],
    ['+14115551234', 'not_nanp', /N11 service code 411/],
    ['+10005550100', 'not_nanp', /area code starting with 0/],
    ['+1415555', 'not_nanp', /has 6 digits after \+1, not 10/],
    ['sip:alice', 'not_a_number', /is not a phone number/],
  ])('refuses %s as %s, saying why', (key, reason, message) => {
    const read = readKazooNumber(key);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.reason).toBe(reason);
    expect(read.message).toMatch(message);
    expect(read.message).toContain(key);
  });
});
