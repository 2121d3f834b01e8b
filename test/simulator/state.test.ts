import { describe, expect, it } from 'vitest';
import { SimTable } from '../../src/simulator/state.js';

describe('SimTable', () => {
  it('lists rows in id order when they were inserted in id order', () => {
    const table = new SimTable<{ id: number; owner: number }>();
    for (const id of [1, 2, 3, 4]) table.insert({ id, owner: id % 2 });
    expect(table.list().map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(table.list((r) => r.owner === 0).map((r) => r.id)).toEqual([2, 4]);
  });

  it('lists rows in id order after an explicit id lower than the last one', () => {
    const table = new SimTable<{ id: number }>();
    for (const id of [10, 30, 20, 5]) table.insert({ id });
    table.delete(30);
    expect(table.list().map((r) => r.id)).toEqual([5, 10, 20]);
    expect(table.nextId()).toBe(31);
  });

  it('keeps the order when a row is stored again under its own id', () => {
    const table = new SimTable<{ id: number; name: string }>();
    table.insert({ id: 1, name: 'a' });
    table.insert({ id: 2, name: 'b' });
    table.insert({ id: 1, name: 'c' });
    expect(table.list()).toEqual([
      { id: 1, name: 'c' },
      { id: 2, name: 'b' },
    ]);
  });
});
