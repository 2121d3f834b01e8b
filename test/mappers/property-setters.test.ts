import { describe, expect, it } from 'vitest';
import { setProperty, setterOf } from '../../src/ground/property-setters.js';

describe('setterOf', () => {
  it('sets the key it was made for, dotted paths and quotes included, as a plain assignment would', () => {
    const keys = [
      'name',
      'phone_numbers.work.number',
      'say "hi"',
      "it's",
      'back\\slash',
      'line\nbreak',
      '0',
      'ünïcode',
    ];
    const viaSetters: Record<string, unknown> = {};
    const plain: Record<string, unknown> = {};
    keys.forEach((key, i) => {
      setterOf(key)(viaSetters, i);
      plain[key] = i;
    });
    expect(viaSetters).toEqual(plain);
    expect(Object.keys(viaSetters)).toEqual(Object.keys(plain));
  });

  it('gives the same setter for the same key and overwrites an existing value in place', () => {
    expect(setterOf('city')).toBe(setterOf('city'));
    const target: Record<string, unknown> = { city: 'Madison', zip: '53703' };
    setProperty(target, 'city', 'Verona');
    expect(target).toEqual({ city: 'Verona', zip: '53703' });
    expect(Object.keys(target)).toEqual(['city', 'zip']);
  });

  it('keeps the insertion order of a wide row (40 fields), as plain assignments do', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `field_${i}.number`);
    const target: Record<string, unknown> = {};
    for (const key of [...keys].reverse()) setProperty(target, key, key.length);
    expect(Object.keys(target)).toEqual([...keys].reverse());
  });
});
