import { stepKey } from '../ground/step-key.js';
import type { StagedRecord, StepName } from '../ground/types.js';
import { StagedPages } from '../store/staged-pages.js';
import type { StagedRecords } from '../store/staged-records.js';
import type { Step } from './types.js';

/** Records read from the state file per query: instance-wide records, and account keys. */
const PAGE_SIZE = 1000;

/** What a run is limited to. */
export interface LoadScope {
  /** Only these steps send anything (default all). */
  only?: readonly StepName[];
  /** Only these legacy account keys (default all). */
  accounts?: ReadonlySet<string>;
}

/**
 * What one load run works on: the staged records in scope, read from the state file as the run
 * reaches them (issue 16: a load's memory must not grow with the export). Only the records of the
 * accounts in progress are held (`open` … `close`); everything else is a page or a query away.
 */
export class LoadIndex {
  /** Records in scope per step (progress totals). */
  readonly totals = new Map<StepName, number>();
  /** The step whose records are the accounts (`Step.holdsAccounts`), when it is among the steps. */
  readonly accountStep?: StepName;
  /** That step itself, for its account hooks (childrenOf, planFold, foldedAlready). */
  readonly accountHooks?: Step;
  readonly #pages: StagedPages;
  readonly #steps: readonly Step[];
  readonly #scope: LoadScope;
  readonly #only?: ReadonlySet<StepName>;
  /** With `accounts`: `step\u0000legacyKey` of the instance-wide records those accounts need. */
  readonly #wantedGlobals?: Set<string>;
  /** The records of each account in progress, by step. */
  readonly #open = new Map<string, Map<StepName, StagedRecord[]>>();

  constructor(staged: StagedRecords, steps: readonly Step[], scope: LoadScope = {}) {
    this.#pages = new StagedPages(staged);
    this.#steps = steps;
    this.#scope = scope;
    if (scope.only) this.#only = new Set(scope.only);
    const accountStep = steps.find((s) => s.holdsAccounts);
    if (accountStep) {
      this.accountStep = accountStep.name;
      this.accountHooks = accountStep;
    }
    const accountSteps = steps.filter((s) => s.scope === 'account' && this.#runs(s.name)).map((s) => s.name);
    this.#pages.writeLoadOrder(this.accountStep, accountSteps);
    if (scope.accounts) {
      this.#wantedGlobals = this.#countScoped(scope.accounts);
      this.#countScopedGlobals();
    } else this.#countAll();
  }

  /** The legacy keys of an account's sub-accounts, from its record (`Step.childrenOf`). */
  childrenOf(account: StagedRecord): string[] {
    return this.accountHooks?.childrenOf?.(account) ?? [];
  }

  /** The instance-wide records in scope of a step, a page at a time, in input order. */
  *globalPages(step: StepName): IterableIterator<StagedRecord[]> {
    if (!this.#runs(step)) return;
    for (const page of this.#pages.globalPages(step, PAGE_SIZE)) {
      const wanted = this.#wantedGlobals;
      const kept = wanted ? page.filter((r) => wanted.has(stepKey(step, r.legacyKey))) : page;
      if (kept.length > 0) yield kept;
    }
  }

  /** Keys of the accounts in scope that name no sub-account, in load order, a page at a time. */
  *leafAccountPages(): IterableIterator<string[]> {
    for (const page of this.#pages.accountKeyPages(false, PAGE_SIZE)) {
      const kept = this.#inScope(page);
      if (kept.length > 0) yield kept;
    }
  }

  /**
   * Keys of the accounts in scope that name sub-accounts, each after every sub-account of it that
   * is itself a parent (the others are loaded before any parent: `leafAccountPages`). Few, so
   * ordered in memory.
   */
  parentAccounts(): string[] {
    const parents = new Set<string>();
    for (const page of this.#pages.accountKeyPages(true, PAGE_SIZE))
      for (const key of this.#inScope(page)) parents.add(key);
    const order: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (key: string) => {
      // A cycle (cross-checks reject them) is broken where it is found; the parent then fails to resolve.
      if (state.has(key)) return;
      state.set(key, 'visiting');
      const account = this.#accountRecord(key);
      for (const child of account ? this.childrenOf(account) : []) if (parents.has(child)) visit(child);
      state.set(key, 'done');
      order.push(key);
    };
    for (const key of parents) visit(key);
    return order;
  }

  /** Reads an account's records in scope and holds them until `close`. */
  open(accountKey: string): void {
    this.#open.set(accountKey, this.#readAccount(accountKey));
  }

  /** Lets go of an account's records. */
  close(accountKey: string): void {
    this.#open.delete(accountKey);
  }

  /** The records in scope of a step for one account (empty when none), in input order. */
  recordsOf(accountKey: string, step: StepName): StagedRecord[] {
    const records = this.#open.get(accountKey) ?? this.#readAccount(accountKey);
    return records.get(step) ?? [];
  }

  /** Whether a step has a valid staged record under the key, in scope or not. */
  hasStaged(step: StepName, legacyKey: string): boolean {
    return this.#pages.hasValid(step, legacyKey);
  }

  /** Whether a step's records are sent by this run (`only`). */
  #runs(step: StepName): boolean {
    return !this.#only || this.#only.has(step);
  }

  #inScope(keys: string[]): string[] {
    const accounts = this.#scope.accounts;
    return accounts ? keys.filter((k) => accounts.has(k)) : keys;
  }

  #accountRecord(accountKey: string): StagedRecord | undefined {
    return this.accountStep === undefined ? undefined : this.#pages.validOf(this.accountStep, accountKey);
  }

  /** An account's records in scope, by step (steps of this run only). */
  #readAccount(accountKey: string): Map<StepName, StagedRecord[]> {
    const byStep = new Map<StepName, StagedRecord[]>();
    for (const record of this.#pages.accountRecords(accountKey, this.accountStep)) {
      if (!this.#isAccountStep(record.step) || !this.#runs(record.step)) continue;
      const list = byStep.get(record.step);
      if (list) list.push(record);
      else byStep.set(record.step, [record]);
    }
    return byStep;
  }

  #isAccountStep(step: StepName): boolean {
    return this.#steps.some((s) => s.name === step && s.scope === 'account');
  }

  /** Totals of a run over every account: one count per step. */
  #countAll(): void {
    const counts = this.#pages.validCounts();
    for (const step of this.#steps)
      if (this.#runs(step.name)) this.totals.set(step.name, counts.get(step.name) ?? 0);
  }

  /**
   * Totals of a run limited to some accounts, read account by account; returns the instance-wide
   * records those accounts need (their DIDs' inventory), whether or not the accounts' steps run.
   * RADIUS groups are left to a run without `--accounts`.
   */
  #countScoped(accounts: ReadonlySet<string>): Set<string> {
    const wanted = new Set<string>();
    for (const key of accounts) {
      for (const record of this.#pages.accountRecords(key, this.accountStep)) {
        const step = this.#steps.find((s) => s.name === record.step);
        if (step?.scope !== 'account') continue;
        for (const want of step.globalsWanted?.(record) ?? []) wanted.add(stepKey(want.step, want.legacyKey));
        if (this.#runs(step.name)) this.totals.set(step.name, (this.totals.get(step.name) ?? 0) + 1);
      }
    }
    return wanted;
  }

  /** Totals of the instance-wide steps of a run limited to some accounts (once `#wantedGlobals` is set). */
  #countScopedGlobals(): void {
    for (const step of this.#steps.filter((s) => s.scope === 'global' && this.#runs(s.name))) {
      let n = 0;
      for (const page of this.globalPages(step.name)) n += page.length;
      this.totals.set(step.name, n);
    }
  }
}
