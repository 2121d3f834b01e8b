import type { StagedRecord } from '../ground/types.js';
import type { LoadIndex } from './load-index.js';
import type { Step } from './types.js';

/** What the runner's loops use of the run: whether to stop taking work, and how a record loads. */
export interface RecordLoader {
  readonly aborted: boolean;
  load(step: Step, record: StagedRecord): Promise<void>;
  /** Resolves once every loaded mark made so far is on disk (a record's load returns before it). */
  commitsLanded(): Promise<void>;
}

/**
 * Runs `work` on each item of `items`, `concurrency` at a time, taking the next item only when a
 * worker is free: the items are read as they are reached, so a million of them are never all in
 * memory (nor a million queued promises). Stops taking items once `stopped` says so; the first
 * error thrown stops the others from taking more and is rethrown once they are done.
 */
async function eachConcurrently<T>(
  items: Iterable<T>,
  concurrency: number,
  stopped: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && !stopped()) {
      const next = iterator.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure) throw failure.error;
}

/** The items of consecutive pages, one at a time. */
export function* flatten<T>(pages: Iterable<T[]>): IterableIterator<T> {
  for (const page of pages) yield* page;
}

/** Loads instance-wide records of one step, `concurrency` at a time. */
export async function loadAll(
  loader: RecordLoader,
  step: Step,
  records: Iterable<StagedRecord>,
  concurrency: number,
): Promise<void> {
  await eachConcurrently(
    records,
    concurrency,
    () => loader.aborted,
    (record) => loader.load(step, record),
  );
}

/**
 * One task per account, `concurrency` accounts at a time, sub-accounts before their parents: first
 * every account that names no sub-account, then the parents, each after its sub-accounts that are
 * parents too. A parent waits only for its sub-accounts' account records — the task of each is
 * running or done by then, never waiting for a free worker (no deadlock at any concurrency).
 */
export async function loadAccounts(
  loader: RecordLoader,
  index: LoadIndex,
  steps: readonly Step[],
  concurrency: number,
): Promise<void> {
  let fatal = false;
  const stopped = () => loader.aborted || fatal;
  const run = async (key: string, gates?: AccountGates) => {
    index.open(key);
    try {
      await loadAccountChain(loader, { index, key, steps, gates, stopped });
    } catch (err) {
      fatal = true;
      throw err;
    } finally {
      index.close(key);
      gates?.open(key);
    }
  };
  await eachConcurrently(flatten(index.leafAccountPages()), concurrency, stopped, (key) => run(key));
  if (stopped()) return;
  // A parent reads its sub-accounts' journal entries: their loaded marks must have landed.
  await loader.commitsLanded();
  const parents = index.parentAccounts();
  const gates = accountGates(parents);
  await eachConcurrently(parents, concurrency, stopped, (key) => run(key, gates));
}

/** One promise per parent account, resolved once its account record is loaded or its task has ended. */
interface AccountGates {
  done(key: string): Promise<void> | undefined;
  open(key: string): void;
}

function accountGates(order: readonly string[]): AccountGates {
  const done = new Map<string, Promise<void>>();
  const signals = new Map<string, () => void>();
  for (const key of order) {
    done.set(key, new Promise<void>((resolve) => signals.set(key, resolve)));
  }
  return { done: (key) => done.get(key), open: (key) => signals.get(key)?.() };
}

/**
 * One account's records, step by step in load order; a parent's account record waits for its
 * sub-accounts that are parents too (their gates), and opens its own gate once loaded.
 */
async function loadAccountChain(
  loader: RecordLoader,
  chain: {
    index: LoadIndex;
    key: string;
    steps: readonly Step[];
    gates: AccountGates | undefined;
    stopped: () => boolean;
  },
): Promise<void> {
  const { index, key, gates } = chain;
  for (const step of chain.steps) {
    const records = index.recordsOf(key, step.name);
    if (step.holdsAccounts && gates) {
      const account = records[0];
      const children = account ? index.childrenOf(account) : [];
      await Promise.all(children.map((child) => gates.done(child)));
    }
    for (const record of records) {
      if (chain.stopped()) return;
      await loader.load(step, record);
    }
    if (step.holdsAccounts) gates?.open(key);
  }
}
