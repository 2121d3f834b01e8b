import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../../src/mappers/transforms/money.js';

describe('parseMoney', () => {
  it.each([
    ['$1,234.50', 1234.5],
    ['1234.5', 1234.5],
    ['(12.00)', -12],
    ['-$3', -3],
    ['$-3', -3],
    ['3.00-', -3],
    ['0.10', 0.1],
    ['1.005', 1.01],
    ['2.344', 2.34],
    ['12', 12],
    [' $ 1 000 ', 1000],
    ['USD 5.5', 5.5],
    ['(0.00)', 0],
  ])('reads %j as %d', (value, expected) => {
    expect(parseMoney(value)).toEqual({ ok: true, value: expected });
  });

  it('reads a decimal comma when told to', () => {
    expect(parseMoney('1.234,50', { decimalComma: true })).toEqual({ ok: true, value: 1234.5 });
    expect(parseMoney('-12,5', { decimalComma: true })).toEqual({ ok: true, value: -12.5 });
  });

  it('suggests decimalComma for a European amount read without it', () => {
    const result = parseMoney('1.234,50');
    expect(result.ok === false && result.message).toMatch(/decimalComma/);
  });

  it('rejects text, misplaced grouping and two decimal marks', () => {
    for (const bad of ['abc', '1,23,4', '1.2.3', '$', '12..5', '1,234.50', '--3']) {
      const options = bad === '1,234.50' ? { decimalComma: true } : {};
      expect(parseMoney(bad, options).ok, bad).toBe(false);
    }
  });

  it('returns null for a blank cell', () => {
    expect(parseMoney(' ')).toEqual({ ok: true, value: null });
  });
});
