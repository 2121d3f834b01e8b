import { describe, expect, it } from 'vitest';
import { refuseValue } from '../../../src/mappers/transforms/refuse.js';
import { transforms } from '../../../src/mappers/transforms/registry.js';

describe('refuse', () => {
  it('refuses a cell with the stated reason, quoting the cell', () => {
    expect(refuseValue('One Time', { reason: 'not a recurring cycle' })).toEqual({
      ok: false,
      message: '"One Time": not a recurring cycle',
    });
    expect(refuseValue('  ', { reason: 'is required here' })).toEqual({
      ok: false,
      message: 'a blank cell: is required here',
    });
  });

  it('gives no value for the listed values, in any case, "" standing for a blank cell', () => {
    expect(refuseValue('0000-00-00', { reason: 'x', unless: ['', '0000-00-00'] })).toEqual({
      ok: true,
      value: null,
    });
    expect(refuseValue('', { reason: 'x', unless: ['', '0000-00-00'] })).toEqual({ ok: true, value: null });
    expect(refuseValue('monthly', { reason: 'x', unless: ['Monthly'] })).toEqual({ ok: true, value: null });
  });

  it('keeps the cell out of the message when told to (a column that may hold a secret)', () => {
    const result = refuseValue('4111111111111111', { reason: 'not tokenized', quoteCell: false });
    expect(result).toEqual({ ok: false, message: 'not tokenized' });
  });

  it('is a registered transform whose options a mapping file must give', () => {
    expect(transforms.refuse?.options.safeParse({ reason: 'why', unless: ['Y'] }).success).toBe(true);
    expect(transforms.refuse?.options.safeParse({}).success).toBe(false);
    expect(transforms.refuse?.apply('N', { reason: 'why', unless: ['Y'] })).toEqual({
      ok: false,
      message: '"N": why',
    });
  });
});
