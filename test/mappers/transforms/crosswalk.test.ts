import { describe, expect, it } from 'vitest';
import { applyCrosswalk } from '../../../src/mappers/transforms/crosswalk.js';

const table = { RES: 1, Business: 'Commercial', res: 9 };

describe('applyCrosswalk', () => {
  it('prefers an exact match', () => {
    expect(applyCrosswalk('res', table)).toEqual({ ok: true, value: 9 });
    expect(applyCrosswalk('RES', table)).toEqual({ ok: true, value: 1 });
  });

  it('falls back to a case-insensitive, trimmed match', () => {
    expect(applyCrosswalk(' business ', table)).toEqual({ ok: true, value: 'Commercial' });
  });

  it('rejects an unknown value and lists the known legacy values', () => {
    expect(applyCrosswalk('Gov', table, 'account_types')).toEqual({
      ok: false,
      message: '"Gov" is not in account_types — add it there; known legacy values: "RES", "Business", "res"',
    });
  });

  it('does not match inherited object keys', () => {
    expect(applyCrosswalk('toString', {}).ok).toBe(false);
  });
});
