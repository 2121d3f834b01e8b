import type { Route, SimRequest } from '../router.js';
import type { SimState, SimTable } from '../state.js';
import { mustGetAccount, notFound, ok, paginate, route } from './respond.js';

// Every account sub-resource (contacts, addresses, payment methods, services, IP assignments,
// DIDs) reads the same way in the docs: the account must exist (doc line 16443), "Get all" pages
// the account's own rows, "Get individual" answers one of them or 404.

/** A row that belongs to an account (DIDs in the inventory belong to none). */
type AccountRow = { id: number; account_id: number | null };

/** How one account sub-resource is stored, named and shown. */
export interface AccountRows<T extends AccountRow> {
  /** The collection path, e.g. `/accounts/:account_id/contacts`; the row's path adds `/:rowParam`. */
  path: string;
  /** The path parameter naming the account (`account_id`, or `id` for IP assignments). */
  accountParam: string;
  /** The path parameter naming one row. */
  rowParam: string;
  table: (state: SimState) => SimTable<T, 'account'>;
  /** What Sonar shows of a row; the row itself when omitted. */
  present?: (row: T) => unknown;
  /** The 404 for a row that is not this account's; `notFound` naming `what` when omitted. */
  missing?: (raw: string | undefined, accountId: number) => never;
  /** What a row is called in the default 404, e.g. `address`. */
  what: string;
}

/** An account sub-resource named by the path of one row, e.g. `/accounts/:account_id/contacts/:contact_id`. */
export function accountRows<T extends AccountRow>(
  rowPath: string,
  table: (state: SimState) => SimTable<T, 'account'>,
  shown: Pick<AccountRows<T>, 'what' | 'present' | 'missing'>,
): AccountRows<T> {
  const [, path = '', accountParam = '', rowParam = ''] =
    /^(\/accounts\/:(\w+)\/\w+)\/:(\w+)$/.exec(rowPath) ?? [];
  if (!rowParam) throw new Error(`Not an account sub-resource path: ${rowPath}`);
  return { path, accountParam, rowParam, table, ...shown };
}

/** The row `raw` names, when it belongs to `accountId`; 404 otherwise. */
export function accountRowOf<T extends AccountRow>(
  rows: AccountRows<T>,
  state: SimState,
  accountId: number,
  raw: string | undefined,
): T {
  const row = rows.table(state).get(Number(raw));
  if (row && row.account_id === accountId) return row;
  if (rows.missing) return rows.missing(raw, accountId);
  return notFound(`${rows.what} ${raw} on account ${accountId}`);
}

/** The row a request's path names, on the account its path names (both must exist). */
export function requestedAccountRow<T extends AccountRow>(
  rows: AccountRows<T>,
  req: SimRequest,
  state: SimState,
): T {
  const account = mustGetAccount(state, req, rows.accountParam);
  return accountRowOf(rows, state, account.id, req.params[rows.rowParam]);
}

/** "Get all" and "Get individual" for an account sub-resource. */
export function accountRowReads<T extends AccountRow>(rows: AccountRows<T>): Route[] {
  const present = rows.present ?? ((row: T) => row);
  return [
    {
      method: 'GET',
      pattern: rows.path,
      handler: route((req, state) => {
        const account = mustGetAccount(state, req, rows.accountParam);
        return paginate(req, rows.table(state).where('account', account.id), present);
      }),
    },
    {
      method: 'GET',
      pattern: `${rows.path}/:${rows.rowParam}`,
      handler: route((req, state) => ok(present(requestedAccountRow(rows, req, state)))),
    },
  ];
}

/** "Delete" of an account's row: removes it and answers `answer` (each resource's doc words it). */
export function accountRowDelete<T extends AccountRow>(rows: AccountRows<T>, answer: unknown): Route {
  return {
    method: 'DELETE',
    pattern: `${rows.path}/:${rows.rowParam}`,
    handler: route((req, state) => {
      const row = requestedAccountRow(rows, req, state);
      rows.table(state).delete(row.id);
      return ok(answer);
    }),
  };
}
