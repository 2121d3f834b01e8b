import { describe, expect, it } from 'vitest';
import {
  collapseWhitespace,
  defaultValue,
  joinValues,
  lowerText,
  splitName,
  titleCase,
  trimText,
  upperText,
} from '../../../src/mappers/transforms/text.js';

describe('text transforms', () => {
  it('trims, upper-cases and lower-cases', () => {
    expect(trimText('  Bob ')).toEqual({ ok: true, value: 'Bob' });
    expect(upperText(' bob ')).toEqual({ ok: true, value: 'BOB' });
    expect(lowerText(' BOB ')).toEqual({ ok: true, value: 'bob' });
  });

  it('title-cases names written in capitals, including after apostrophes and hyphens', () => {
    expect(titleCase("JOHN  o'brien-SMITH")).toEqual({ ok: true, value: "John O'Brien-Smith" });
  });

  it('collapses tabs, newlines and non-breaking spaces to one space', () => {
    expect(collapseWhitespace(' 12\t Main\u00a0\nSt ')).toEqual({ ok: true, value: '12 Main St' });
  });

  it('joins first and last name with a separator, skipping blank parts', () => {
    expect(joinValues([' Ada ', 'Lovelace'])).toEqual({ ok: true, value: 'Ada Lovelace' });
    expect(joinValues(['Ada', '', 'Lovelace'], ', ')).toEqual({ ok: true, value: 'Ada, Lovelace' });
  });

  it('splits "Last, First" as Freeside writes it', () => {
    expect(splitName('Lovelace,  Ada ')).toEqual({ ok: true, value: { first: 'Ada', last: 'Lovelace' } });
  });

  it('splits "First Middle Last" on the last space', () => {
    expect(splitName('Ada  King Lovelace')).toEqual({
      ok: true,
      value: { first: 'Ada King', last: 'Lovelace' },
    });
  });

  it('keeps a single word as the last name', () => {
    expect(splitName('Cher')).toEqual({ ok: true, value: { first: '', last: 'Cher' } });
  });

  it('rejects a blank name, a name with two commas and a comma with nothing before it', () => {
    for (const bad of ['  ', 'A, B, C', ', Ada']) {
      const result = splitName(bad);
      expect(result.ok).toBe(false);
    }
    const blank = splitName('');
    expect(blank.ok === false && blank.message).toMatch(/blank/);
  });

  it('uses the default only when the cell is blank', () => {
    expect(defaultValue('  ', 'Residential')).toEqual({ ok: true, value: 'Residential' });
    expect(defaultValue('Business', 'Residential')).toEqual({ ok: true, value: 'Business' });
  });
});
