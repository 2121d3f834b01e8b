import type { StagedRecord, StepName } from '../ground/types.js';
import type { StagedRecords } from '../store/staged-records.js';
import type { Step } from './types.js';

/** What one load run works on: the staged records in scope, by step and by account. */
export interface LoadIndex {
  /** Records of instance-wide steps (RADIUS groups, DID inventory), in input order. */
  global: Map<StepName, StagedRecord[]>;
  /** Records of each account, by step, in input order. */
  byAccount: Map<string, Map<StepName, StagedRecord[]>>;
  /** Every staged legacy key per step, in scope or not (to tell "not staged" from "not loaded"). */
  stagedKeys: Map<StepName, Set<string>>;
  /** Records in scope per step (progress totals). */
  totals: Map<StepName, number>;
  /** The step whose records are the accounts (`Step.holdsAccounts`), when it is among the steps. */
  accountStep?: StepName;
  /** That step itself, for its account hooks (childrenOf, planFold, foldedAlready). */
  accountHooks?: Step;
  /** The legacy keys of an account's sub-accounts, from its record (`Step.childrenOf`). */
  childrenOf(account: StagedRecord): string[];
}

/** What a run is limited to. */
export interface LoadScope {
  /** Only these steps send anything (default all). */
  only?: readonly StepName[];
  /** Only these legacy account keys (default all). */
  accounts?: ReadonlySet<string>;
}

/**
 * Reads the valid staged records of every step once and keeps those in scope. With `accounts`,
 * instance-wide steps keep only what those accounts need (their DIDs' inventory records);
 * RADIUS groups are left to a run without `--accounts`.
 */
export function buildLoadIndex(
  staged: StagedRecords,
  steps: readonly Step[],
  scope: LoadScope = {},
): LoadIndex {
  const accountStep = steps.find((s) => s.holdsAccounts);
  const index: LoadIndex = {
    global: new Map(),
    byAccount: new Map(),
    stagedKeys: new Map(),
    totals: new Map(),
    childrenOf: (account) => accountStep?.childrenOf?.(account) ?? [],
    ...(accountStep ? { accountStep: accountStep.name, accountHooks: accountStep } : {}),
  };
  const only = scope.only ? new Set(scope.only) : undefined;
  // `step\u0000legacyKey` of the instance-wide records the accounts in scope need.
  const wantedGlobals = new Set<string>();
  const globals: Array<[Step, StagedRecord[]]> = [];
  for (const step of steps) {
    const keys = new Set<string>();
    index.stagedKeys.set(step.name, keys);
    const kept: StagedRecord[] = [];
    for (const full of staged.valid(step.name)) {
      const record = withoutRowCopy(full);
      keys.add(record.legacyKey);
      if (step.scope === 'global') kept.push(record);
      else indexAccountRecord(index, step, record, { scope, only, wantedGlobals });
    }
    if (step.scope === 'global') globals.push([step, kept]);
  }
  for (const [step, records] of globals) {
    if (!only || only.has(step.name)) indexGlobalRecords(index, step, records, { scope, wantedGlobals });
  }
  return index;
}

/** Files an instance-wide step's records; with `accounts`, only those the accounts in scope need. */
function indexGlobalRecords(
  index: LoadIndex,
  step: Step,
  records: StagedRecord[],
  filter: { scope: LoadScope; wantedGlobals: ReadonlySet<string> },
): void {
  const inScope = filter.scope.accounts
    ? records.filter((r) => filter.wantedGlobals.has(`${step.name}\u0000${r.legacyKey}`))
    : records;
  index.global.set(step.name, inScope);
  index.totals.set(step.name, inScope.length);
}

/**
 * Files an account-scoped record under its account when the account is in scope, noting the
 * instance-wide records it needs (whether or not its own step runs).
 */
function indexAccountRecord(
  index: LoadIndex,
  step: Step,
  record: StagedRecord,
  filter: { scope: LoadScope; only: ReadonlySet<StepName> | undefined; wantedGlobals: Set<string> },
): void {
  const accountKey = record.accountKey ?? record.legacyKey;
  if (filter.scope.accounts && !filter.scope.accounts.has(accountKey)) return;
  for (const want of step.globalsWanted?.(record) ?? [])
    filter.wantedGlobals.add(`${want.step}\u0000${want.legacyKey}`);
  if (filter.only && !filter.only.has(step.name)) return;
  let perStep = index.byAccount.get(accountKey);
  if (!perStep) {
    perStep = new Map();
    index.byAccount.set(accountKey, perStep);
  }
  const list = perStep.get(step.name) ?? [];
  list.push(record);
  perStep.set(step.name, list);
  index.totals.set(step.name, (index.totals.get(step.name) ?? 0) + 1);
}

/**
 * The record without its copy of the source row: the runner only needs the provenance for its
 * messages (failed CSVs re-read the row from the staging tables), and the row's cells are most of a
 * staged record's size — dropping them keeps a large load's index several times smaller.
 */
function withoutRowCopy(record: StagedRecord): StagedRecord {
  return {
    ...record,
    source: { input: record.source.input, provenance: record.source.provenance, values: [], columns: [] },
  };
}

/** The records of a step for one account (empty when none). */
export function recordsOf(index: LoadIndex, accountKey: string, step: StepName): StagedRecord[] {
  return index.byAccount.get(accountKey)?.get(step) ?? [];
}

/**
 * Account keys with children first: an account is listed after every sub-account it names, so
 * queueing in this order lets each parent find its children created (or failed) before it.
 */
export function accountOrder(index: LoadIndex): string[] {
  const children = new Map<string, string[]>();
  for (const [key, perStep] of index.byAccount) {
    const account = index.accountStep === undefined ? undefined : perStep.get(index.accountStep)?.[0];
    children.set(key, account ? index.childrenOf(account) : []);
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string) => {
    // A cycle (cross-checks reject them) is broken where it is found; the parent then fails to resolve.
    if (state.has(key)) return;
    state.set(key, 'visiting');
    for (const child of children.get(key) ?? []) if (children.has(child)) visit(child);
    state.set(key, 'done');
    order.push(key);
  };
  for (const key of children.keys()) visit(key);
  return order;
}
