import type { z } from 'zod';
import type { SonarClient } from './client.js';

/**
 * The items of a paginated list whose id is above `floor`, read from the last page backwards:
 * Sonar lists records in ascending id order, so the records created after `floor` are at the end
 * and a lookup of one reads one or two pages however long the list (`listAll` reads every page).
 * Undefined when the list cannot be read that way — no paginator saying where it ends, ids not
 * ascending, a page come back empty (records deleted meanwhile) — and the caller reads it all.
 * The items come in list order.
 */
export async function listAboveFloor<T extends { id: number }>(
  client: SonarClient,
  path: string,
  schema: z.ZodType<T>,
  floor: number,
  signal?: AbortSignal,
): Promise<T[] | undefined> {
  const options = signal ? { signal } : {};
  // The first page says how many there are; a list of one page is read whole by it.
  const first = await client.page(path, schema, 1, options);
  if (!first.paging || !ascending(first.items)) return undefined;
  if (first.paging.totalPages <= 1) return first.items.filter((item) => item.id > floor);
  const pages: T[][] = [];
  // Page 1 is read again when the walk gets there: what it held then may have moved.
  for (let page = first.paging.totalPages; page >= 1; page -= 1) {
    const { items } = await client.page(path, schema, page, options);
    const lowest = items[0];
    if (lowest === undefined || !ascending(items)) return undefined;
    pages.push(items.filter((item) => item.id > floor));
    // Every earlier page holds lower ids still: records older than the floor.
    if (lowest.id <= floor) break;
  }
  // In list order, as `listAll` gives them.
  return pages.reverse().flat();
}

function ascending(items: ReadonlyArray<{ id: number }>): boolean {
  return items.every((item, i) => i === 0 || (items[i - 1]?.id ?? -Infinity) < item.id);
}
