import type { MigrationConfig } from '../config/config.js';
import type { StepName } from '../ground/types.js';
import type { Journal } from '../journal/journal.js';
import { type AccountIds, accountIdsToLookUp } from '../loaders/existing-accounts.js';
import { type MigrationPlan, planMigration } from '../loaders/plan.js';
import { fetchReferenceData, type ReferenceData } from '../loaders/reference-data.js';
import type { Profile } from '../mappers/types.js';
import type { SonarClient } from '../sonar/client.js';
import type { StateDb } from '../store/database.js';
import type { StagedRecords } from '../store/staged-records.js';
import { registerStagedSecrets } from '../store/staged-secrets.js';
import {
  type CrossCheckOptions,
  type CrossCheckSummary,
  type MultiMonthServices,
  multiMonthOf,
  runCrossChecks,
  type VoiceServices,
} from '../validate/cross-checks.js';
import { type StageResult, stageInputs } from '../validate/stage-inputs.js';

/** The services of a reference data file (`validate --reference`), by kind. */
export interface ServiceKinds {
  voice: VoiceServices;
  data: VoiceServices;
  multiMonth: MultiMonthServices;
}

/**
 * Where the checks learn the target's services: Sonar itself (plan, load: read-only, and the
 * records already there), the kinds of a reference file (`validate --reference`), or nowhere.
 */
export type ReferenceSource =
  | { from: 'sonar'; client: SonarClient; onRead?(): void }
  | { from: 'file'; services: ServiceKinds | undefined };

/** What prepareMigration needs beyond the configuration. */
export interface PrepareOptions {
  profile: Profile;
  /** The staging tables to fill, in load's state file or a rehearsal's throw-away file. */
  staged: StagedRecords;
  /** Credentials of the sources (KAZOO_AUTH_TOKEN), the .env folded in. */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Today, YYYY-MM-DD (tests pin it); default the local date. */
  today?: string;
  onProgress?(input: StepName, rows: number): void;
  /** Called once staging ends (interrupted or not), before anything else: validate's last progress line. */
  onStaged?(): void;
  reference?: ReferenceSource;
  /** Plan against Sonar (needs `reference.from === 'sonar'`); the journal is opened only then. */
  plan?: { journal(): Journal };
  /** Stop before reading Sonar when an input could not be read (load); plan and validate go on. */
  stopOnSourceErrors?: boolean;
}

/** Staging stopped the pipeline: an input could not be read (load), or Ctrl-C. */
export interface StoppedMigration {
  status: 'stopped';
  reason: 'source-errors' | 'interrupted';
  stage: StageResult;
  staged: StagedRecords;
}

/** Staged and checked; reference data and plan when the options asked for them. */
export interface CheckedMigration {
  status: 'checked';
  stage: StageResult;
  staged: StagedRecords;
  checks: CrossCheckSummary;
  reference?: ReferenceData;
  plan?: MigrationPlan;
}

/** Checked against Sonar and planned (plan, load). */
export type PlannedMigration = CheckedMigration & { reference: ReferenceData; plan: MigrationPlan };

/** The options of an online run: read Sonar, then plan against it and the journal. */
export type PlanOptions = PrepareOptions & {
  reference: Extract<ReferenceSource, { from: 'sonar' }>;
  plan: NonNullable<PrepareOptions['plan']>;
};

/**
 * The pipeline up to the first write to Sonar, shared by validate, plan and load: stage every
 * input into the state file, register the staged secrets with the scrubber, read the target's
 * reference data (when online), run the cross-file checks, and plan against Sonar and the journal.
 * Each stage hands over through the state file (StagedRecords), never by calling the next.
 */
export async function prepareMigration(
  config: MigrationConfig,
  options: PlanOptions,
): Promise<StoppedMigration | PlannedMigration>;
export async function prepareMigration(
  config: MigrationConfig,
  options: PrepareOptions,
): Promise<StoppedMigration | CheckedMigration>;
export async function prepareMigration(
  config: MigrationConfig,
  options: PrepareOptions,
): Promise<StoppedMigration | CheckedMigration> {
  const { staged } = options;
  const stage = await stageInputs(config, options.profile, staged, {
    env: options.env,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  options.onStaged?.();
  if (options.stopOnSourceErrors && stage.sourceErrors.length > 0)
    return { status: 'stopped', reason: 'source-errors', stage, staged };
  const sonar = options.reference?.from === 'sonar' ? options.reference : undefined;
  // Before going online, a Ctrl-C that came after the last row stops the run too.
  if (stage.interrupted || (sonar && options.signal?.aborted))
    return { status: 'stopped', reason: 'interrupted', stage, staged };
  // Before the first request and the first report: a token or portal password is scrubbed.
  registerStagedSecrets(staged.db);
  const journal = sonar ? options.plan?.journal() : undefined;
  // Only the accounts plan and load may adopt: with a journal, the staged accounts with an id of
  // their own that it has not loaded yet (existing-accounts.ts says why not every account).
  const accountIds = journal
    ? accountIdsToLookUp(staged, (key) => journal.get('accounts', key)?.state === 'loaded')
    : undefined;
  const reference = sonar
    ? await readReference(config, sonar, { accountIds, didStore: staged.db, signal: options.signal })
    : undefined;
  const checks = runCrossChecks(staged, checkOptions(config, stage, options, reference));
  const plan = reference && journal ? planMigration(staged, reference, reference, journal) : undefined;
  return {
    status: 'checked',
    stage,
    staged,
    checks,
    ...(reference ? { reference } : {}),
    ...(plan ? { plan } : {}),
  };
}

async function readReference(
  config: MigrationConfig,
  source: Extract<ReferenceSource, { from: 'sonar' }>,
  read: { accountIds: AccountIds | undefined; didStore: StateDb; signal: AbortSignal | undefined },
): Promise<ReferenceData> {
  source.onRead?.();
  return fetchReferenceData(source.client, {
    ...(read.accountIds ? { accounts: read.accountIds } : {}),
    // The inventory may hold every DID of a million accounts: a temporary table of the state file.
    didStore: read.didStore,
    radiusGroups: config.inputs.radius_groups !== undefined,
    ipam: config.inputs.ip_assignments !== undefined,
    ...(read.signal ? { signal: read.signal } : {}),
  });
}

/** The cross-checks' view of the target: the services read from Sonar or from a reference file. */
function checkOptions(
  config: MigrationConfig,
  stage: StageResult,
  options: PrepareOptions,
  reference: ReferenceData | undefined,
): CrossCheckOptions {
  const kinds = options.reference?.from === 'file' ? options.reference.services : undefined;
  const voice = reference?.services.filter((s) => s.voiceService);
  return {
    inputs: new Set(stage.inputs.map((i) => i.input)),
    ...(voice ? { voiceServices: { ids: voice.map((s) => s.id), names: voice.map((s) => s.name) } } : {}),
    ...(kinds?.voice ? { voiceServices: kinds.voice } : {}),
    // Only `validate --reference` checks data services; plan and load never have (same outputs).
    ...(kinds?.data ? { dataServices: kinds.data } : {}),
    ...(kinds?.multiMonth ? { multiMonthServices: kinds.multiMonth } : {}),
    ...(reference
      ? {
          multiMonthServices: multiMonthOf(
            reference.services.map((s) => ({ id: s.id, months: s.billingFrequencyInMonths })),
          ),
        }
      : {}),
    ...(options.today ? { today: options.today } : {}),
    allowPastNextBillDates: config.allowPastNextBillDates,
  };
}
