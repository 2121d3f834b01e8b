import { describe, expect, it } from 'vitest';
import { transformNames, transforms } from '../../../src/mappers/transforms/registry.js';

describe('transforms registry', () => {
  it('names every transform a mapping file can use, each with a description', () => {
    expect(transformNames).toEqual(
      expect.arrayContaining(['trim', 'upper', 'lower', 'title', 'collapse', 'join', 'split', 'default']),
    );
    expect(transformNames).toEqual(
      expect.arrayContaining([
        'date',
        'boolean',
        'money',
        'phone',
        'did',
        'us_state',
        'country',
        'card_brand',
      ]),
    );
    for (const name of transformNames) expect(transforms[name]?.description).not.toBe('');
  });

  it('applies a transform with its options', () => {
    expect(transforms.date?.apply('01/31/2023', { format: 'MM/DD/YYYY' })).toEqual({
      ok: true,
      value: '2023-01-31',
    });
    expect(transforms.boolean?.apply('Y', { invert: true })).toEqual({ ok: true, value: false });
    expect(transforms.crosswalk?.apply('res', { map: { RES: 3 } })).toEqual({ ok: true, value: 3 });
    expect(transforms.join?.apply(['Ada', 'Lovelace'], {})).toEqual({ ok: true, value: 'Ada Lovelace' });
    expect(transforms.phone?.apply('415-555-0123', undefined)).toEqual({
      ok: true,
      value: { number: '4155550123', extension: null },
    });
  });

  it('lets the mapping loader validate options with each schema', () => {
    expect(transforms.date?.options.safeParse({ format: 'MM/DD/YYYY' }).success).toBe(true);
    expect(transforms.date?.options.safeParse({ format: 'MM-DD-YY' }).success).toBe(false);
    expect(transforms.trim?.options.safeParse({ extra: 1 }).success).toBe(false);
    expect(transforms.date?.options.safeParse({ format: 'epoch', timeZone: 'Mars/Base' }).success).toBe(
      false,
    );
  });

  it('rejects bad options and a list of values given to a one-column transform instead of throwing', () => {
    const bad = transforms.date?.apply('01/31/2023', { format: 'nope' });
    expect(bad?.ok === false && bad.message).toMatch(/bad transform options/);
    const many = transforms.trim?.apply(['a', 'b']);
    expect(many?.ok === false && many.message).toMatch(/one column/);
  });
});
