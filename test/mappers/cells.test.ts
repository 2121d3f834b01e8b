import { describe, expect, it } from 'vitest';
import {
  type CellOptions,
  phonePaths,
  readCell,
  readCellAt,
  readPhone,
  readPhoneInto,
} from '../../src/mappers/cells.js';
import type { FieldValue } from '../../src/mappers/fields.js';
import type { ColumnKind } from '../../src/mappers/template-layouts.js';

const kinds: ColumnKind[] = [
  'key',
  'text',
  'integer',
  'number',
  'boolean',
  'date',
  'enum',
  'id',
  'id_list',
  'key_list',
  'phone',
  'did',
  'subnet',
  'country',
  'card_type',
];
const cells = [
  '',
  '   ',
  ' 42 ',
  '7.0',
  '$1,234.50',
  '(12.00)',
  'Yes',
  '2024-02-29',
  '45658',
  '1/13/2027',
  'Fiber 100',
  '3, 4;5',
  '10.0.0.1',
  'usa',
  'VISA card',
  '(608) 555-0142 x12',
  'abc',
];

describe('readCellAt', () => {
  it('reads every kind of cell exactly as readCell does, names allowed or not', () => {
    const optionSets: CellOptions[] = [
      { names: false },
      { names: true },
      { names: false, excelDates: true, monthFirstDates: true },
    ];
    let compared = 0;
    for (const options of optionSets) {
      for (const kind of kinds) {
        for (const cell of cells) {
          const viaRef = readCell(kind, { cell, column: 'C', label: 'Label' }, options);
          expect(readCellAt(kind, cell, 'C', 'Label', options)).toEqual(viaRef);
          expect(Object.keys(readCellAt(kind, cell, 'C', 'Label', options))).toEqual(Object.keys(viaRef));
          compared++;
        }
      }
    }
    expect(compared).toBe(3 * kinds.length * cells.length);
    expect(readCellAt('integer', ' 42 ', undefined, undefined, { names: false })).toEqual({
      cell: ' 42 ',
      value: 42,
    });
  });
});

describe('readPhoneInto', () => {
  it('writes the fields readPhone returns, in the same order', () => {
    const numbers = ['', '608-555-0142', '(608) 555-0142 x12', '+44 20 7946 0958', '12345', 'call me'];
    const extensions = [undefined, '', '7', 'x'];
    for (const cell of numbers) {
      for (const extension of extensions) {
        const extensionRef = extension === undefined ? undefined : { cell: extension, column: 'F' };
        const expected = readPhone('phone_numbers.work', { cell, column: 'E' }, extensionRef);
        const fields: Record<string, FieldValue> = {};
        readPhoneInto(fields, phonePaths('phone_numbers.work'), { cell, column: 'E' }, extensionRef);
        expect(fields).toEqual(expected);
        expect(Object.keys(fields)).toEqual(Object.keys(expected));
      }
    }
    const fields: Record<string, FieldValue> = {};
    readPhoneInto(fields, phonePaths('phone_numbers.work'), { cell: '608.555.0142 ext. 3', column: 'E' });
    expect(fields['phone_numbers.work.number']?.value).toBe('6085550142');
    expect(fields['phone_numbers.work.extension']?.value).toBe(3);
  });
});

describe('numbers with a decimal comma (decimal: ",")', () => {
  const comma: CellOptions = { names: false, decimalComma: true };
  const read = (kind: ColumnKind, cell: string) => {
    const { value, problem } = readCellAt(kind, cell, 'Price', undefined, comma);
    return problem === undefined ? value : { problem };
  };

  it('reads the comma as the decimal mark, in numbers, whole numbers and amounts', () => {
    expect(read('number', '-87,988')).toBe(-87.988);
    expect(read('number', '+42,5')).toBe(42.5);
    expect(read('number', ',5')).toBe(0.5);
    expect(read('number', '12')).toBe(12);
    expect(read('number', '1,234')).toBe(1.234);
    expect(read('number', '€12,50')).toBe(12.5);
    expect(read('integer', '12,0')).toBe(12);
    expect(read('integer', '3')).toBe(3);
  });

  it('refuses a "." or a space inside a number, which may group thousands, rather than guess', () => {
    for (const cell of ['1.234', '1.234,50', '1 234,50', '-87.988', '€1.234,50']) {
      expect(read('number', cell)).toEqual({
        problem: `"${cell}" is ambiguous with decimal "," — its "." or space may group thousands or mark decimals; write it without grouping, with a comma for decimals (e.g. 1234,5)`,
      });
    }
  });

  it('leaves what is not a number as written, for the schema to refuse, and other kinds alone', () => {
    expect(read('number', 'abc')).toBe('abc');
    expect(read('integer', '2,5')).toBe('2,5');
    expect(read('id_list', '3,4')).toEqual([3, 4]);
    expect(read('text', '1.234,5')).toBe('1.234,5');
  });
});
