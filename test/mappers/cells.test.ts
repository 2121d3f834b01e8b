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
