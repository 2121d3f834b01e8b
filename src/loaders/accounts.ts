import { listAboveFloor } from '../sonar/list-from-end.js';
import { accountSchema, accountUpdateSchema, payloadSchemas } from '../sonar/schemas/index.js';
import { getOrNull, listAll, sameText, stillListed } from './lookups.js';
import { foldedNextBillDate, plannedNextBillDate } from './next-bill-dates.js';
import type { Step, StepResult } from './types.js';

// Doc: "Accounts - Create account" (line 16101, the newest of two: explicit id, role and
// email_message_categories required) and "Delete account" (line 16443).

function resultOf(account: { id: number; next_bill_date: string | null }): StepResult {
  return {
    sonarId: String(account.id),
    // nextBillDate tells the runner whether a folded next bill date landed with the account.
    sonarRef: {
      accountId: account.id,
      ...(account.next_bill_date ? { nextBillDate: account.next_bill_date } : {}),
    },
  };
}

/** Accounts: children (sub-accounts) load before their parents, so `sub_accounts` can name them. */
export const accountsStep: Step = {
  name: 'accounts',
  dependsOn: [],
  scope: 'account',
  holdsAccounts: true,
  schema: payloadSchemas.accounts,
  childrenOf: (record) => record.refs.filter((ref) => ref.lookup === 'accounts').map((ref) => ref.name),
  // The staged next bill date goes with the create call (next-bill-dates.ts says when), and is
  // loaded too when Sonar's answer shows it.
  planFold: plannedNextBillDate,
  foldedAlready: foldedNextBillDate,
  alsoLoaded(record, result, folds) {
    const fold = folds.plannedFold(record.accountKey);
    if (!fold || result.sonarRef.nextBillDate !== fold.date) return [];
    const sonarRef = { accountId: Number(result.sonarId), folded: 1, nextBillDate: fold.date };
    return [{ record: fold.record, result: { sonarId: result.sonarId, sonarRef } }];
  },
  requires(record) {
    return record.refs
      .filter((ref) => ref.lookup === 'accounts')
      .map((ref) => ({ step: 'accounts' as const, anyOf: [ref.name], what: `sub-account ${ref.name}` }));
  },
  known(record, ctx) {
    // An explicit id already in Sonar under the same name: the account was there before this load.
    const id = record.payload.id;
    const existing = typeof id === 'number' ? ctx.reference.accounts.get(id) : undefined;
    return existing && sameText(existing.name, record.payload.name)
      ? { sonarId: String(existing.id), sonarRef: { accountId: existing.id } }
      : null;
  },
  async create(client, record, ctx) {
    const body = { ...record.payload };
    // One request fewer per account: the next bill date rides on the create call when nothing
    // later changes the bill day (the runner decides; see plannedFold).
    const folded = ctx.nextBillDateToFold(record.accountKey);
    if (folded !== undefined && body.next_bill_date === undefined) body.next_bill_date = folded;
    const account = await client.post('/accounts', body, accountSchema, { signal: ctx.signal });
    return resultOf(account);
  },
  async find(client, record, ctx) {
    const name = record.payload.name;
    const explicitId = record.payload.id;
    if (typeof explicitId === 'number') {
      // The id is ours to choose: the account is there under that id and name, or it is not ours.
      const account = await getOrNull(() =>
        client.get(`/accounts/${explicitId}`, accountSchema, { signal: ctx.signal }),
      );
      return account && sameText(account.name, name) ? resultOf(account) : null;
    }
    // Accounts Sonar numbered before our send are older than it: only those above are read (the
    // list's last pages), unless the journal cannot date the send; then every account is.
    const floor = ctx.idFloor('accounts', record.legacyKey);
    const newer =
      floor === undefined
        ? undefined
        : await listAboveFloor(client, '/accounts', accountSchema, floor, ctx.signal);
    const accounts = newer ?? (await listAll(client, '/accounts', accountSchema, ctx.signal));
    const named = accounts.filter((a) => sameText(a.name, name));
    // Read only when a name matches: at a million accounts the claimed ids are a million strings.
    const claimed = named.length > 0 ? ctx.claimed('accounts', undefined) : new Set<string>();
    // Newest first: an account created by our lost request is the latest of that name.
    const match = named.filter((a) => !claimed.has(String(a.id))).sort((a, b) => b.id - a.id)[0];
    return match ? resultOf(match) : null;
  },
  // Doc: "Accounts - Update account" (line 16657): name, type, status, groups, sub-accounts. A
  // change to the primary contact or address the create carried is no valid update: not sent.
  updateSchema: accountUpdateSchema,
  async update(client, entry, body, ctx) {
    // doc ~16690: a status change is prorated by the system default unless `prorate` says.
    const sent = body.account_status_id === undefined ? body : { ...body, prorate: ctx.prorate };
    await client.patch(`/accounts/${entry.sonarId}`, sent, accountSchema, { signal: ctx.signal });
  },
  async remove(client, entry) {
    await client.delete(`/accounts/${entry.sonarId}`);
  },
  present(client, entry) {
    // The delete's own path, read back (see stillListed).
    return stillListed(client, `/accounts/${entry.sonarId}`);
  },
};
