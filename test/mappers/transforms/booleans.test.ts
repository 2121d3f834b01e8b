import { describe, expect, it } from 'vitest';
import { parseBoolean } from '../../../src/mappers/transforms/booleans.js';

describe('parseBoolean', () => {
  it.each(['1', 'Y', 'yes', 'TRUE', 'On', 't', ' T '])('reads %j as true', (value) => {
    expect(parseBoolean(value)).toEqual({ ok: true, value: true });
  });

  it.each(['0', 'n', 'NO', 'false', 'OFF', 'F'])('reads %j as false', (value) => {
    expect(parseBoolean(value)).toEqual({ ok: true, value: false });
  });

  it("inverts on request, so Freeside's tax='Y' reads as not taxable", () => {
    expect(parseBoolean('Y', { invert: true })).toEqual({ ok: true, value: false });
    expect(parseBoolean('', { invert: true })).toEqual({ ok: true, value: null });
  });

  it('returns null for a blank cell', () => {
    expect(parseBoolean('  ')).toEqual({ ok: true, value: null });
  });

  it('rejects other words and lists the accepted spellings', () => {
    const result = parseBoolean('maybe');
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.message).toContain('1/0, Y/N, yes/no, true/false, on/off or t/f');
    expect(parseBoolean('2').ok).toBe(false);
  });
});
