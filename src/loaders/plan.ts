import { type ErrorCode, formatProvenance } from '../errors/index.js';
import { type StagedRecord, type StepName, stepNames } from '../ground/types.js';
import type { JournalEntry, LoadJournal } from '../journal/journal.js';
import { StagedPages } from '../store/staged-pages.js';
import type { StagedRecords } from '../store/staged-records.js';
import { changeOf, type RemovedRecord, removedInSource } from './delta.js';
import { ipamProblem } from './ipam.js';
import { countRejectedRows, resolveForPlan, serviceOf } from './plan-checks.js';
import { nameKey, type ReferenceData } from './reference-data.js';
import { isReplacing, movedAccount, needsReplace } from './replace-record.js';
import { stepOf } from './steps.js';

/** What `plan` expects of a record: created, adopted, looked up first, already done, or stopped. */
export type PlanOutcome =
  | 'create'
  | 'adopt'
  | 'lookup'
  | 'done'
  | 'update'
  | 'replace'
  | 'conflict'
  | 'rejected'
  | 'blocked';

/** Per-step counts of a plan. */
export interface StepPlan {
  step: StepName;
  /** New in Sonar. */
  create: number;
  /** Already in Sonar with the same identity: journaled as loaded (adopted), never sent, never rolled back. */
  adopt: number;
  /** Belongs to an account already in Sonar (or was in flight): `load` looks it up by content first. */
  lookup: number;
  /** Already loaded by this journal, unchanged since: nothing to send. */
  done: number;
  /** Loaded by this journal and changed in the source since (the fields: `MigrationPlan.updatedFields`). */
  update: number;
  /** Loaded and changed as no update endpoint carries (a new card, a moved DID): delete + create. */
  replace: number;
  /** Loaded by this journal and no longer in the source: reported, never deleted (`removals`). */
  removed: number;
  /** Clashes with a different record in Sonar: `load` stops until it is resolved. */
  conflict: number;
  /** Rows rejected by validation plus records whose names or ids do not resolve in this Sonar. */
  rejected: number;
  /** Waits on an account that is rejected or in conflict. */
  blocked: number;
}

/** A record that cannot be loaded as it stands: what, where and what to do. */
export interface PlanProblem {
  step: StepName;
  legacyKey: string;
  code: ErrorCode;
  /** Starts with the row's provenance (`file:row (legacy KEY)`). */
  message: string;
}

/** The outcome of planMigration. */
export interface MigrationPlan {
  steps: StepPlan[];
  /** Clashes with Sonar: `load` refuses to start while there is one. */
  conflicts: PlanProblem[];
  /** Records whose names or ids do not resolve against this Sonar (not the validation rejections). */
  rejections: PlanProblem[];
  /** Per step, the fields the changed records changed and how many records changed each. */
  updatedFields: Partial<Record<StepName, Record<string, number>>>;
  /** Records loaded by this journal that the source no longer has, in step order. */
  removals: PlanRemoval[];
}

/** A loaded record the source no longer has. */
export type PlanRemoval = RemovedRecord;

/** What plan reads of the journal: one entry, and the loaded entries of a step. */
export type PlanJournal = LoadJournal & { entries(step: StepName, state: 'loaded'): Iterable<JournalEntry> };

/** The records already in the target: a ReferenceData from fetchReferenceData fits. */
export type ExistingRecords = Pick<ReferenceData, 'accounts' | 'didInventory' | 'radiusGroups' | 'ipam'>;

interface AccountPlan {
  outcome: PlanOutcome;
  /** The Sonar id the account has or will have, when known before loading. */
  sonarId?: number;
}

/**
 * Plans a migration without sending anything: for every staged record, whether `load` will create
 * it, adopt it (already in Sonar), look it up first, skip it (already loaded by this journal), or
 * cannot load it (a conflict with Sonar, a name or id this Sonar does not have, a blocked account).
 * `load` runs it first and stops when `conflicts` is not empty.
 */
export function planMigration(
  staged: StagedRecords,
  reference: ReferenceData,
  existing: ExistingRecords,
  journal: PlanJournal,
): MigrationPlan {
  const rejectedRows = countRejectedRows(staged);
  const ctx = planContext(staged, reference, existing, journal);
  const records = plannedRecords(staged);
  const plan: MigrationPlan = { steps: [], conflicts: [], rejections: [], updatedFields: {}, removals: [] };
  for (const step of stepNames) {
    const counts = emptyStepPlan(step, rejectedRows.get(step) ?? 0);
    plan.steps.push(counts);
    for (const record of records.pages(step)) {
      const decided = decide(ctx, record);
      counts[decided.outcome] += 1;
      if (decided.changed) countFields(plan, step, decided.changed);
      if (decided.outcome === 'conflict')
        plan.conflicts.push(problemOf(step, record, 'PLAN_CONFLICT', decided.reason));
      if (decided.outcome === 'rejected')
        plan.rejections.push(problemOf(step, record, 'JOURNAL_UNRESOLVED_REF', decided.reason));
      if (step === 'accounts') ctx.noteAccount(record.legacyKey, decided);
      if (step === 'did_inventory' && decided.outcome === 'rejected')
        for (const did of didsOf(record.payload)) ctx.refusedInventoryDids.add(did);
    }
    // The plan lists every removal (plan.csv): as many as the source dropped, not as it holds.
    for (const removal of removedInSource(staged, journal, step)) {
      counts.removed += 1;
      plan.removals.push(removal);
    }
  }
  return plan;
}

/** Records per page read from the staging file. */
const PLAN_PAGE = 2_000;

/**
 * The valid staged records of a step, a page at a time and without their copy of the source row
 * (plan names a record by its provenance alone): reading and parsing the row's cells was most of
 * the plan's time at a million accounts.
 */
function plannedRecords(staged: StagedRecords): { pages(step: StepName): Iterable<StagedRecord> } {
  const pages = new StagedPages(staged);
  return {
    *pages(step) {
      for (const page of pages.globalPages(step, PLAN_PAGE)) yield* page;
    },
  };
}

function countFields(plan: MigrationPlan, step: StepName, fields: string[]): void {
  const counts = plan.updatedFields[step] ?? {};
  plan.updatedFields[step] = counts;
  for (const field of fields) counts[field] = (counts[field] ?? 0) + 1;
}

/** What deciding a record reads: the target's records, the journal, and the plan so far. */
interface PlanContext {
  reference: ReferenceData;
  existing: ExistingRecords;
  journal: LoadJournal;
  /** The accounts decided so far (accounts are planned first), by legacy key. */
  /**
   * The accounts decided otherwise than their staged record or journal entry says on its own (see
   * noteAccount): few, so the plan holds nothing per account however large the export.
   */
  unusualAccounts: Map<string, AccountPlan>;
  /** Notes an account's decision, for its records to read through `accountOf`. */
  noteAccount(key: string, decided: AccountPlan): void;
  /** The valid staged account of a key: whether there is one, and the Sonar id it carries if any. */
  stagedAccount(key: string): { id: number | undefined } | undefined;
  /** Whether a DID is in a valid record of the did_inventory input that plan did not reject. */
  stagedDid(did: string): boolean;
  /**
   * DIDs of the did_inventory records plan rejects (a rate center this Sonar lacks): few, noted as
   * the inventory is decided, before the DIDs.
   */
  refusedInventoryDids: Set<string>;
  /** The account's entry when this journal has it loaded. */
  loadedAccount(key: string): JournalEntry | undefined;
  /** Whether an account is staged, or loaded by this journal. */
  accountKnown(key: string): boolean;
}

/** A decision on one record, with the reason when it cannot load, and the fields an update changes. */
type Decision = AccountPlan & { reason: string; changed?: string[] };

function planContext(
  staged: StagedRecords,
  reference: ReferenceData,
  existing: ExistingRecords,
  journal: PlanJournal,
): PlanContext {
  const stagedAccountRow = staged.db.prepare(
    `SELECT json_extract(payload, '$.id') AS id FROM staged
     WHERE step = 'accounts' AND legacy_key = ? AND rejected = 0 LIMIT 1`,
  );
  const stagedAccount = (key: string) => {
    const row = stagedAccountRow.get(key) as { id: unknown } | undefined;
    return row ? { id: typeof row.id === 'number' ? row.id : undefined } : undefined;
  };
  const loadedAccount = (key: string) => {
    const entry = journal.get('accounts', key);
    return entry?.state === 'loaded' ? entry : undefined;
  };
  const unusualAccounts = new Map<string, AccountPlan>();
  // The inventory's DIDs in a temporary table of the staging file, not a Set: 220,000 at a million
  // accounts.
  staged.db.exec(
    'DROP TABLE IF EXISTS temp.plan_inventory_dids; CREATE TEMP TABLE plan_inventory_dids (did TEXT PRIMARY KEY) WITHOUT ROWID',
  );
  staged.db
    .prepare(
      `INSERT OR IGNORE INTO temp.plan_inventory_dids
       SELECT CAST(d.value AS TEXT) FROM staged s, json_each(s.payload, '$.dids') d
       WHERE s.step = 'did_inventory' AND s.rejected = 0`,
    )
    .run();
  const inventoryDid = staged.db.prepare('SELECT 1 FROM temp.plan_inventory_dids WHERE did = ?').pluck();
  const refusedInventoryDids = new Set<string>();
  return {
    reference,
    existing,
    journal,
    unusualAccounts,
    // A create, or an account this journal loaded, is what accountOf works out again from the
    // staged record or the journal entry: only the other outcomes are kept.
    noteAccount: (key, decided) => {
      const usual = ['create', 'done', 'update'].includes(decided.outcome);
      if (!usual)
        unusualAccounts.set(key, {
          outcome: decided.outcome,
          ...(decided.sonarId !== undefined ? { sonarId: decided.sonarId } : {}),
        });
    },
    stagedAccount,
    stagedDid: (did) => !refusedInventoryDids.has(did) && inventoryDid.get(did) !== undefined,
    refusedInventoryDids,
    loadedAccount,
    accountKnown: (key) => stagedAccount(key) !== undefined || loadedAccount(key) !== undefined,
  };
}

function emptyStepPlan(step: StepName, rejected: number): StepPlan {
  return {
    step,
    create: 0,
    adopt: 0,
    lookup: 0,
    done: 0,
    update: 0,
    replace: 0,
    removed: 0,
    conflict: 0,
    rejected,
    blocked: 0,
  };
}

function problemOf(step: StepName, record: StagedRecord, code: ErrorCode, text: string): PlanProblem {
  return {
    step,
    legacyKey: record.legacyKey,
    code,
    message: `${formatProvenance({ ...record.source.provenance, legacyKey: record.legacyKey })}: ${text}`,
  };
}

function decide(ctx: PlanContext, record: StagedRecord): Decision {
  const account = record.step === 'accounts' ? undefined : accountOf(ctx, record);
  if (account && ['conflict', 'rejected', 'blocked'].includes(account.outcome)) {
    return { outcome: 'blocked', reason: `its account ${record.accountKey} cannot be loaded` };
  }
  const entry = ctx.journal.get(record.step, record.legacyKey);
  if (entry?.state === 'loaded') {
    const id = Number(entry.sonarId);
    const known = Number.isInteger(id) ? { sonarId: id } : {};
    const moved = movedAccount(entry, record) ? [`account ${entry.accountKey} → ${record.accountKey}`] : [];
    const changed = changeOf(entry, record) ?? (moved.length > 0 ? moved : undefined);
    if (isReplacing(entry) || (changed && needsReplace(stepOf(record.step), entry, record)))
      return { outcome: 'replace', reason: '', changed: changed ?? [], ...known };
    return changed
      ? { outcome: 'update', reason: '', changed, ...known }
      : { outcome: 'done', reason: '', ...known };
  }
  const resolved = resolveForPlan(record, ctx.reference, ctx.accountKnown);
  if ('problems' in resolved) return { outcome: 'rejected', reason: `${resolved.problems.join('; ')}.` };
  const payload = resolved.payload;
  const settle = entry?.state === 'in_flight' || account?.outcome === 'adopt' ? 'lookup' : 'create';
  switch (record.step) {
    case 'accounts':
      return decideAccount(ctx, payload);
    case 'did_inventory':
      return decideInventory(ctx, payload);
    case 'dids':
      return decideDid(ctx, payload, account, settle);
    case 'radius_groups':
      return decideRadiusGroup(ctx, payload, settle);
    case 'ip_assignments':
      return decideIpAssignment(ctx, payload, settle);
    case 'services':
      return decideService(ctx, payload, settle);
    default:
      return { outcome: settle, reason: '' };
  }
}

function accountOf(ctx: PlanContext, record: StagedRecord): AccountPlan | undefined {
  if (record.accountKey === undefined) return undefined;
  const unusual = ctx.unusualAccounts.get(record.accountKey);
  if (unusual) return unusual;
  const entry = ctx.loadedAccount(record.accountKey);
  if (entry) return { outcome: 'done', sonarId: Number(entry.sonarId) };
  const staged = ctx.stagedAccount(record.accountKey);
  if (staged) return { outcome: 'create', ...(staged.id !== undefined ? { sonarId: staged.id } : {}) };
  // Validation rejects rows of accounts missing from the input; this one's account was rejected.
  return { outcome: 'rejected' };
}

function decideAccount(ctx: PlanContext, payload: Record<string, unknown>): Decision {
  const id = payload.id;
  if (typeof id !== 'number') return { outcome: 'create', reason: '' };
  const present = ctx.existing.accounts.get(id);
  if (!present) return { outcome: 'create', sonarId: id, reason: '' };
  const name = String(payload.name ?? '');
  if (nameKey(present.name) === nameKey(name)) return { outcome: 'adopt', sonarId: id, reason: '' };
  return {
    outcome: 'conflict',
    reason: `account id ${id} is already in Sonar as "${present.name}", not "${name}" — another customer holds that id: resolve the clash in Sonar, or stop sending explicit ids so Sonar picks them`,
  };
}

/** A group Sonar has by name is adopted (load adds the attributes it lacks); unknown: not read. */
function decideRadiusGroup(
  ctx: PlanContext,
  payload: Record<string, unknown>,
  settle: 'create' | 'lookup',
): Decision {
  if (!ctx.existing.radiusGroups) return { outcome: settle, reason: '' };
  const present = ctx.existing.radiusGroups.has(String(payload.name ?? ''));
  return { outcome: present ? 'adopt' : settle, reason: '' };
}

/** doc ~10887: a service's next_bill_date is "Only valid for multi-month services". */
function decideService(
  ctx: PlanContext,
  payload: Record<string, unknown>,
  settle: 'create' | 'lookup',
): Decision {
  const service = serviceOf(ctx.reference, payload);
  if (payload.next_bill_date === undefined || !service || (service.billingFrequencyInMonths ?? 1) >= 2) {
    return { outcome: settle, reason: '' };
  }
  return {
    outcome: 'rejected',
    reason: `service ${service.id} "${service.name}" bills every month in this Sonar, and Sonar takes a next bill date only on multi-month services: leave the service's next bill date blank (put the account's in the next_bill_dates input), or map a multi-month service`,
  };
}

/** An IP that fits no customer/mixed subnet nor IP pool is refused by Sonar (ip-addresses doc line 30). */
function decideIpAssignment(
  ctx: PlanContext,
  payload: Record<string, unknown>,
  settle: 'create' | 'lookup',
): Decision {
  const problem = ctx.existing.ipam
    ? ipamProblem(ctx.existing.ipam, String(payload.subnet ?? ''))
    : undefined;
  return problem ? { outcome: 'conflict', reason: problem } : { outcome: settle, reason: '' };
}

function decideInventory(ctx: PlanContext, payload: Record<string, unknown>): Decision {
  const dids = didsOf(payload);
  const present = dids.map((did) => ctx.existing.didInventory.get(did));
  if (present.every((p) => p === undefined)) return { outcome: 'create', reason: '' };
  const elsewhere = present.find(
    (p) => p && p.rateCenterId !== null && p.rateCenterId !== payload.rate_center_id,
  );
  if (elsewhere) {
    return {
      outcome: 'conflict',
      reason: `DID ${elsewhere.did} is already in Sonar's inventory under rate center ${elsewhere.rateCenterId}, not ${String(payload.rate_center_id)} — fix the rate center in the input or in Sonar`,
    };
  }
  return { outcome: present.every((p) => p !== undefined) ? 'adopt' : 'create', reason: '' };
}

/** The DID numbers of a did_inventory payload. */
function didsOf(payload: Record<string, unknown>): string[] {
  return Array.isArray(payload.dids) ? payload.dids.map(String) : [];
}

function decideDid(
  ctx: PlanContext,
  payload: Record<string, unknown>,
  account: AccountPlan | undefined,
  settle: 'create' | 'lookup',
): Decision {
  const did = String(payload.did ?? '');
  const service = serviceOf(ctx.reference, payload);
  if (service && !service.voiceService) {
    return {
      outcome: 'rejected',
      reason: `service ${service.id} "${service.name}" is not a voice service in this Sonar: assign the DID to the account's voice service`,
    };
  }
  const present = ctx.existing.didInventory.get(did);
  if (!present && !ctx.stagedDid(did)) {
    return {
      outcome: 'rejected',
      reason: `DID ${did} is neither in Sonar's DID inventory nor in the did_inventory input: add it to the inventory input`,
    };
  }
  if (present?.accountId === null || present?.accountId === undefined) return { outcome: settle, reason: '' };
  if (account?.sonarId !== undefined && present.accountId === account.sonarId) {
    return { outcome: 'adopt', reason: '' };
  }
  const ours =
    account?.sonarId === undefined ? 'whose Sonar id is not known yet' : `Sonar id ${account.sonarId}`;
  return {
    outcome: 'conflict',
    reason: `DID ${did} is already assigned to Sonar account ${present.accountId}, not to this row's account (${ours}) — unassign it in Sonar or fix the row`,
  };
}
