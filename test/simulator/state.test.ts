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

  it('finds rows by index, in id order, and re-files a row whose indexed field changes', () => {
    const table = new SimTable<{ id: number; owner: number | null; tags: number[] }, 'owner' | 'tag'>({
      owner: (r) => r.owner,
      tag: (r) => r.tags,
    });
    table.insert({ id: 3, owner: 7, tags: [1] });
    table.insert({ id: 1, owner: 7, tags: [1, 2] });
    table.insert({ id: 2, owner: null, tags: [] });
    expect(table.where('owner', 7).map((r) => r.id)).toEqual([1, 3]);
    expect(table.where('tag', 2).map((r) => r.id)).toEqual([1]);
    expect(table.where('owner', 7, (r) => r.id !== 1).map((r) => r.id)).toEqual([3]);

    const row = table.get(3);
    if (!row) throw new Error('row 3 missing');
    table.update(row, { owner: 8, tags: [2] });
    expect(table.where('owner', 7).map((r) => r.id)).toEqual([1]);
    expect(table.where('owner', 8).map((r) => r.id)).toEqual([3]);
    expect(table.where('tag', 2).map((r) => r.id)).toEqual([1, 3]);
    expect(table.where('tag', 1).map((r) => r.id)).toEqual([1]);

    table.insert({ id: 1, owner: 9, tags: [] });
    table.delete(3);
    expect(table.where('owner', 7)).toEqual([]);
    expect(table.where('owner', 8)).toEqual([]);
    expect(table.where('tag', 2)).toEqual([]);
    expect(table.where('owner', 9).map((r) => r.id)).toEqual([1]);
  });

  it('refuses an index it was not given', () => {
    const table = new SimTable<{ id: number }, 'owner'>({ owner: () => 1 });
    expect(() => table.where('nope' as 'owner', 1)).toThrow(/no index named nope/);
  });
});
