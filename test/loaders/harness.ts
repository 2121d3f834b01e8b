import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type MigrationConfig } from '../../src/config/config.js';
import { stepNames } from '../../src/ground/types.js';
import { Journal } from '../../src/journal/journal.js';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { type LoadOptions, type LoadResult, runLoad } from '../../src/loaders/runner.js';
import { resolveProfile } from '../../src/mappers/profiles/index.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/server.js';
import { SonarClient } from '../../src/sonar/client.js';
import { openStateDb, type StateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { runCrossChecks } from '../../src/validate/cross-checks.js';
import { stageInputs } from '../../src/validate/stage-inputs.js';
import { makeTempDir, testToday } from '../helpers/io.js';

/** The repository root (samples live there). */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** A staged sample in its own temp dir: the config (state and reports moved there), db, tables. */
export interface StagedSample {
  dir: string;
  config: MigrationConfig;
  db: StateDb;
  staged: StagedRecords;
  journal: Journal;
}

/** Stages samples/<name> into a fresh state file in a temp dir (the sample folder is only read). */
export async function stageSample(
  name = 'sonar-importer',
  dir = makeTempDir('sonar-migrate-load-'),
): Promise<StagedSample> {
  const loaded = await loadConfig(join(repoRoot, 'samples', name, 'migration.json'));
  const config = { ...loaded, state: join(dir, 'state.db'), reports: join(dir, 'reports') };
  const db = openStateDb(config.state);
  const staged = new StagedRecords(db);
  const stage = await stageInputs(config, await resolveProfile(config), staged);
  runCrossChecks(staged, { inputs: new Set(stage.inputs.map((i) => i.input)), today: testToday });
  return { dir, config, db, staged, journal: new Journal(db) };
}

/**
 * The sonar-importer sample staged once for the calling test file (staging is slow) and closed
 * after it. Call the returned function inside a test to get the template to clone.
 */
export function stagedTemplate(): () => StagedSample {
  let template: StagedSample | undefined;
  beforeAll(async () => {
    template = await stageSample();
  }, 60_000);
  afterAll(() => template?.db.close());
  return () => {
    if (!template) throw new Error('the staged template is read inside a test, after beforeAll ran');
    return template;
  };
}

/**
 * A simulator whose retry waits are instant for the client (Retry-After of 0); `sonarVersion`
 * picks the documented Sonar version it answers in (default newest).
 */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ ...options, faults: { retryAfterSeconds: 0, ...options.faults } });
}

/** A client of the simulator that never sleeps between retries. */
export function testClient(sim: RunningSimulator, limiter?: AimdLimiter): SonarClient {
  return new SonarClient({
    target: { apiUrl: sim.apiUrl, username: 'admin', password: 'sonar' },
    sleep: async () => {},
    timeoutMs: 10_000,
    ...(limiter ? { onRateLimit: () => limiter.onRateLimit() } : {}),
  });
}

/** Runs one load against the simulator with fresh reference data. */
export async function loadOnce(
  sample: StagedSample,
  sim: RunningSimulator,
  options: Partial<LoadOptions> = {},
): Promise<LoadResult> {
  const limiter = new AimdLimiter({ max: options.concurrency ?? 4 });
  const client = testClient(sim, limiter);
  try {
    const reference = await fetchReferenceData(client);
    return await runLoad({
      client,
      journal: sample.journal,
      staged: sample.staged,
      reference,
      concurrency: 4,
      limiter,
      // The simulator finishes every write before it answers (unless a test slows it down).
      quietMs: 0,
      heartbeatMs: 50,
      ...options,
    });
  } finally {
    await client.close();
  }
}

/** Every staged record of every step, as `step legacyKey`. */
export function stagedKeys(sample: StagedSample): string[] {
  const out: string[] = [];
  for (const step of stepNames) for (const r of sample.staged.valid(step)) out.push(`${step} ${r.legacyKey}`);
  return out;
}

/** Writes (anything but GET) the simulator counted. */
export function writeCount(sim: RunningSimulator): number {
  return Object.entries(sim.requestCounts())
    .filter(([key]) => !key.startsWith('GET ') && key !== 'POST /_data/validate_address')
    .reduce((n, [, c]) => n + c, 0);
}

/** The accounts the small-scope tests load: every step is represented, with a parent of two sub-accounts. */
export const smallAccounts: ReadonlySet<string> = new Set([
  '10048',
  '10072',
  '10078',
  '10079',
  '10080',
  '10152',
]);

/**
 * Checks that every staged record in scope is loaded exactly once: journaled loaded, its Sonar id
 * unique within its step and present in the simulator, and the simulator holding exactly as many
 * records of each kind as were staged (plus the primary contact and physical address each account
 * creates). Returns the problems found (empty when exactly once).
 */
export function exactlyOnceProblems(
  sample: StagedSample,
  sim: RunningSimulator,
  accounts?: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const inScope = (accountKey: string | undefined) =>
    !accounts || (accountKey !== undefined && accounts.has(accountKey));
  const records = new Map<
    string,
    ReturnType<typeof sample.staged.valid> extends Iterable<infer R> ? R[] : never
  >();
  const wantedDids = new Set<string>();
  for (const step of stepNames) {
    const list = [...sample.staged.valid(step)].filter(
      (r) => step === 'did_inventory' || step === 'radius_groups' || inScope(r.accountKey),
    );
    if (step === 'dids') for (const r of list) wantedDids.add(`did_inventory:${String(r.payload.did)}`);
    records.set(step, list);
  }
  if (accounts)
    records.set(
      'did_inventory',
      (records.get('did_inventory') ?? []).filter((r) => wantedDids.has(r.legacyKey)),
    );
  for (const [step, list] of records) {
    const ids = new Set<string>();
    for (const r of list) {
      const entry = sample.journal.get(step as never, r.legacyKey);
      if (entry?.state !== 'loaded') {
        problems.push(
          `${step} ${r.legacyKey} is ${entry?.state ?? 'not journaled'}${entry?.lastError ? `: ${entry.lastError.message}` : ''}`,
        );
        continue;
      }
      if (entry.sonarId === null) continue;
      const id =
        step === 'billing_parameters' || step === 'next_bill_dates'
          ? `${entry.sonarId}:${r.legacyKey}`
          : entry.sonarId;
      if (ids.has(id)) problems.push(`${step} ${r.legacyKey}: Sonar id ${id} is journaled twice`);
      ids.add(id);
    }
  }
  const state = sim.state;
  const n = (step: string) => records.get(step)?.length ?? 0;
  const expect = (what: string, actual: number, wanted: number) => {
    if (actual !== wanted) problems.push(`${what}: the simulator holds ${actual}, expected ${wanted}`);
  };
  expect('accounts', state.accounts.rows.size, n('accounts'));
  expect('contacts', state.contacts.rows.size, n('accounts') + n('contacts'));
  expect('addresses', state.addresses.rows.size, n('accounts') + n('addresses'));
  expect('payment methods', state.paymentMethods.rows.size, n('credit_cards') + n('bank_accounts'));
  expect('account services', state.accountServices.rows.size + state.transactions.rows.size, n('services'));
  expect('DID inventory', state.dids.rows.size, n('did_inventory'));
  expect('assigned DIDs', state.dids.list((d) => d.account_id !== null).length, n('dids'));
  expect('IP assignments', state.ipAssignments.rows.size, n('ip_assignments'));
  for (const r of records.get('next_bill_dates') ?? []) {
    const id = Number(sample.journal.get('accounts', r.accountKey ?? '')?.sonarId);
    const actual = state.accounts.get(id)?.next_bill_date;
    if (actual !== r.payload.next_bill_date)
      problems.push(
        `account ${r.accountKey}: next bill date ${actual}, expected ${String(r.payload.next_bill_date)}`,
      );
  }
  return problems;
}

/** A copy of a staged sample's state file in a new temp dir, opened afresh (staging once is slow). */
export function cloneSample(template: StagedSample): StagedSample {
  template.db.pragma('wal_checkpoint(TRUNCATE)');
  const dir = makeTempDir('sonar-migrate-load-');
  const state = join(dir, 'state.db');
  copyFileSync(template.config.state, state);
  return reopen({ ...template, dir, config: { ...template.config, state, reports: join(dir, 'reports') } });
}

/** The same state file through a new connection, as a new process would open it after a crash. */
export function reopen(sample: StagedSample): StagedSample {
  const db = openStateDb(sample.config.state);
  return { ...sample, db, staged: new StagedRecords(db), journal: new Journal(db) };
}
