import pLimit from 'p-limit';
import type { StagedRecord } from '../ground/types.js';
import { accountOrder, type LoadIndex, recordsOf } from './load-index.js';
import type { Step } from './types.js';

/** What the runner's loops use of the run: whether to stop taking work, and how a record loads. */
export interface RecordLoader {
  readonly aborted: boolean;
  load(step: Step, record: StagedRecord): Promise<void>;
}

/** Loads instance-wide records of one step, `concurrency` at a time. */
export async function loadAll(
  loader: RecordLoader,
  step: Step,
  records: StagedRecord[],
  concurrency: number,
): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(
    records.map((record) =>
      limit(async () => {
        if (!loader.aborted) await loader.load(step, record);
      }),
    ),
  );
}

/**
 * One task per account, queued children first: p-limit starts tasks in queue order, so when a
 * parent starts, each of its sub-accounts is running or done, and the parent waits only for their
 * account record — never for a queued task (no deadlock at any concurrency).
 */
export async function loadAccounts(
  loader: RecordLoader,
  index: LoadIndex,
  steps: readonly Step[],
  concurrency: number,
): Promise<void> {
  const limit = pLimit(concurrency);
  const order = accountOrder(index);
  const gates = accountGates(order);
  let fatal: unknown;
  const stopped = () => loader.aborted || Boolean(fatal);
  const tasks = order.map((key) =>
    limit(async () => {
      try {
        if (stopped()) return;
        await loadAccountChain(loader, { index, key, steps, gates, stopped });
      } catch (err) {
        fatal ??= err;
      } finally {
        gates.open(key);
      }
    }),
  );
  await Promise.all(tasks);
  if (fatal) throw fatal;
}

/** One promise per account, resolved once its account record is loaded or its task has ended. */
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
 * One account's records, step by step in load order; its account record waits for its
 * sub-accounts' (their gates), and opens its own gate once loaded.
 */
async function loadAccountChain(
  loader: RecordLoader,
  chain: {
    index: LoadIndex;
    key: string;
    steps: readonly Step[];
    gates: AccountGates;
    stopped: () => boolean;
  },
): Promise<void> {
  const { index, key, gates } = chain;
  for (const step of chain.steps) {
    const records = recordsOf(index, key, step.name);
    if (step.holdsAccounts) {
      const account = records[0];
      const children = account ? (step.childrenOf?.(account) ?? []) : [];
      await Promise.all(children.map((child) => gates.done(child)));
    }
    for (const record of records) {
      if (chain.stopped()) return;
      await loader.load(step, record);
    }
    if (step.holdsAccounts) gates.open(key);
  }
}
