import type { StagedRecord } from '../ground/types.js';
import type { SonarRow } from './compare-account.js';
import type { Difference } from './differences.js';
import type { AccountTally, RecordNames } from './verify-progress.js';

/** A catalogue service as the totals need it (GET /system/services, doc ~50988). */
export interface PricedService {
  recurring: boolean;
  /** The catalogue price in cents. */
  amountCents: number;
  /** Months between bills (a yearly plan counts a twelfth a month). */
  months: number;
}

/** The legacy totals of all verified accounts, source against Sonar. */
export interface VerifyTotals {
  accounts: number;
  /** Account status id → accounts, staged and in Sonar. */
  statuses: Record<string, { expected: number; found: number }>;
  /** Service id → quantity on accounts, staged and in Sonar. */
  plans: Record<string, { expected: number; found: number }>;
  mrrExpectedCents: number;
  mrrFoundCents: number;
}

/** Dollars as text, e.g. "19.99", to cents; 0 when blank. */
export function toCents(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  return Math.round(Number(value) * 100);
}

/** One account's tally: its status, its plans and its monthly recurring revenue, staged and in Sonar. */
export function tallyAccount(
  staged: readonly StagedRecord[],
  account: SonarRow | undefined,
  sonarServices: readonly SonarRow[],
  catalogue: ReadonlyMap<number, PricedService>,
  /** Staged quantity by the Sonar relationship id the journal kept for the service. */
  stagedQuantities: ReadonlyMap<string, unknown> = new Map(),
): AccountTally {
  const accountRecord = staged.find((r) => r.step === 'accounts');
  const tally: AccountTally = {
    statusExpected: numberOr(accountRecord?.payload.account_status_id),
    statusFound: numberOr(account?.account_status_id),
    mrrExpectedCents: 0,
    mrrFoundCents: 0,
    plansExpected: {},
    plansFound: {},
  };
  for (const r of staged.filter((s) => s.step === 'services')) {
    const line = {
      serviceId: Number(r.payload.service_id),
      quantity: r.payload.quantity,
      price: r.payload.price_override,
    };
    tally.mrrExpectedCents += monthlyCents(line, catalogue);
    add(tally.plansExpected, line.serviceId, quantityOf(line.quantity));
  }
  for (const s of sonarServices) {
    // An older Sonar does not show quantities (doc ~11908): the staged one of the same record is
    // taken then, for want of a better witness.
    const quantity =
      'quantity' in s ? s.quantity : stagedQuantities.get(String(s.unique_service_relationship_id));
    const line = { serviceId: Number(s.id), quantity, price: s.price_override };
    tally.mrrFoundCents += monthlyCents(line, catalogue);
    add(tally.plansFound, line.serviceId, quantityOf(line.quantity));
  }
  return tally;
}

/** Adds up every account's tally. */
export function sumTallies(tallies: Iterable<AccountTally>): VerifyTotals {
  const totals: VerifyTotals = {
    accounts: 0,
    statuses: {},
    plans: {},
    mrrExpectedCents: 0,
    mrrFoundCents: 0,
  };
  const slot = (map: Record<string, { expected: number; found: number }>, key: string) =>
    (map[key] ??= { expected: 0, found: 0 });
  for (const t of tallies) {
    totals.accounts += 1;
    if (t.statusExpected !== null) slot(totals.statuses, String(t.statusExpected)).expected += 1;
    if (t.statusFound !== null) slot(totals.statuses, String(t.statusFound)).found += 1;
    for (const [id, n] of Object.entries(t.plansExpected)) slot(totals.plans, id).expected += n;
    for (const [id, n] of Object.entries(t.plansFound)) slot(totals.plans, id).found += n;
    totals.mrrExpectedCents += t.mrrExpectedCents;
    totals.mrrFoundCents += t.mrrFoundCents;
  }
  return totals;
}

/** The totals that differ, as verify.csv rows (legacy key `(all)`, step `totals`). */
export function totalDifferences(totals: VerifyTotals, names: RecordNames): Difference[] {
  const row = (field: string, expected: string, found: string): Difference => ({
    legacyKey: '(all)',
    sonarId: '',
    step: 'totals',
    field,
    expected,
    found,
  });
  const out: Difference[] = [];
  for (const [id, c] of Object.entries(totals.statuses))
    if (c.expected !== c.found)
      out.push(
        row(`accounts with status ${names.statuses[id] ?? `#${id}`}`, String(c.expected), String(c.found)),
      );
  for (const [id, c] of Object.entries(totals.plans))
    if (c.expected !== c.found)
      out.push(
        row(`quantity of service ${names.services[id] ?? `#${id}`}`, String(c.expected), String(c.found)),
      );
  if (totals.mrrExpectedCents !== totals.mrrFoundCents)
    out.push(
      row('monthly recurring revenue', dollars(totals.mrrExpectedCents), dollars(totals.mrrFoundCents)),
    );
  return out;
}

/** The account's monthly recurring revenue as a difference when Sonar's differs from the source's. */
export function revenueDifferences(accountKey: string, sonarId: string, tally: AccountTally): Difference[] {
  if (tally.mrrExpectedCents === tally.mrrFoundCents) return [];
  return [
    {
      legacyKey: accountKey,
      sonarId,
      step: 'accounts',
      field: 'monthly recurring revenue',
      expected: dollars(tally.mrrExpectedCents),
      found: dollars(tally.mrrFoundCents),
    },
  ];
}

/** Cents as dollars, e.g. 1999 → "19.99". */
export function dollars(cents: number): string {
  return (cents / 100).toFixed(2);
}

function monthlyCents(
  line: { serviceId: number; quantity: unknown; price: unknown },
  catalogue: ReadonlyMap<number, PricedService>,
): number {
  const service = catalogue.get(line.serviceId);
  if (!service?.recurring) return 0;
  // A price override replaces the catalogue price (doc ~10875, "price_override").
  const price =
    line.price === undefined || line.price === null || line.price === ''
      ? service.amountCents
      : toCents(line.price);
  return Math.round((price * quantityOf(line.quantity)) / Math.max(1, service.months));
}

function quantityOf(value: unknown): number {
  const n = Number(value ?? 1);
  return Number.isFinite(n) && value !== null && value !== '' ? n : 1;
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' ? value : value === undefined || value === null ? null : Number(value);
}

function add(map: Record<string, number>, key: number, n: number): void {
  map[String(key)] = (map[String(key)] ?? 0) + n;
}
