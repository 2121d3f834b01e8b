// Doc: every "Get all …" list answers `{ data: [...], paginator: { total_count, total_pages,
// current_page, limit } }` (e.g. "Accounts - Get all accounts", line 16489), `page` and `limit`
// as query parameters.

/** One page of a paginated Sonar list: its items and what the paginator said of the whole list. */
export interface SonarPage<T> {
  items: T[];
  /** What Sonar said of the list; undefined when the answer had no usable paginator. */
  paging: Paging | undefined;
}

/** A list's paginator as read: `totalPages` always (derived from the count when left out). */
export interface Paging {
  totalPages: number;
  totalCount?: number;
  currentPage?: number;
  limit?: number;
}

/**
 * The paginator of an answer, read tolerantly: numbers or numeric strings, fields left out or
 * malformed are absent. Undefined when the total pages are neither given nor derivable from
 * `total_count` and `limit`: a caller then cannot tell where the list ends.
 */
export function pagingOf(raw: unknown): Paging | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const p = raw as Record<string, unknown>;
  const totalCount = count(p.total_count);
  const limit = count(p.limit);
  const currentPage = count(p.current_page);
  const derived =
    totalCount !== undefined && limit !== undefined && limit > 0 ? Math.ceil(totalCount / limit) : undefined;
  const totalPages = count(p.total_pages) ?? derived;
  if (totalPages === undefined) return undefined;
  return {
    totalPages,
    ...(totalCount !== undefined ? { totalCount } : {}),
    ...(currentPage !== undefined ? { currentPage } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

/** A whole number ≥ 0 from a number or numeric string; undefined otherwise. */
function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}
