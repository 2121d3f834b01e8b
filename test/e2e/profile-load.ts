import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepName } from '../../src/ground/types.js';
import { Journal } from '../../src/journal/journal.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { openStateDb } from '../../src/store/database.js';
import { runIn, simEnv } from '../cli/load-helpers.js';
import { makeTempDir } from '../helpers/io.js';
import { startTestSimulator } from '../loaders/harness.js';

/** A built-in profile's fixture export, validated then loaded into a fresh simulator by the CLI. */
export interface LoadedFixture {
  sim: RunningSimulator;
  dir: string;
  validate: { code: number; out: string; err: string };
  load: { code: number; out: string; err: string };
  /** The journal entries still in flight after the load (must be none). */
  inFlight: string[];
  /** The Sonar id the journal holds for a loaded record (undefined when it has none). */
  sonarIdOf(step: StepName, legacyKey: string): number | undefined;
  /** The migration file's crosswalks, to compute what the export must become. */
  crosswalks: Record<string, Record<string, string | number>>;
  close(): Promise<void>;
}

/**
 * Copies test/fixtures/profiles/<name> (unchanged) to a temp dir, runs `validate` then `load --yes`.
 * `editConfig` may add to its migration.json (inputs, crosswalks); the export files stay as they are.
 */
export async function validateAndLoadFixture(
  name: string,
  editConfig: (config: Record<string, unknown>) => Record<string, unknown> = (c) => c,
): Promise<LoadedFixture> {
  const sim = await startTestSimulator();
  const dir = makeTempDir(`sonar-migrate-profile-${name.replace(/\//g, '-')}-`);
  cpSync(join('test/fixtures/profiles', name), dir, { recursive: true });
  const configPath = join(dir, 'migration.json');
  const config = editConfig(JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>);
  // Only the quiet period changes (it makes resumes quick); the export files are not touched.
  writeFileSync(configPath, JSON.stringify({ ...config, quietPeriodSeconds: 0.05 }));
  const env = simEnv(sim, { SONAR_MIGRATE_YES: '1' });
  const validate = await runIn(dir, sim, ['validate', '--config', 'migration.json'], { env });
  const load = await runIn(dir, sim, ['load', '--config', 'migration.json'], { env });
  const db = openStateDb(join(dir, 'state.db'));
  const journal = new Journal(db);
  const inFlight = journal.inFlight().map((e) => `${e.step} ${e.legacyKey}`);
  const ids = new Map<string, number | undefined>();
  const sonarIdOf = (step: StepName, legacyKey: string) => {
    const key = `${step}\u0000${legacyKey}`;
    if (!ids.has(key)) {
      const id = journal.get(step, legacyKey)?.sonarId;
      ids.set(key, id === null || id === undefined ? undefined : Number(id));
    }
    return ids.get(key);
  };
  return {
    sim,
    dir,
    validate,
    load,
    inFlight,
    sonarIdOf,
    crosswalks: (config.crosswalks ?? {}) as LoadedFixture['crosswalks'],
    async close() {
      db.close();
      await sim.close();
    },
  };
}

/** A fixture file's JSON. */
export function readFixtureJson<T>(name: string, file: string): T {
  return JSON.parse(readFileSync(join('test/fixtures/profiles', name, file), 'utf8')) as T;
}

/** A Sonar reference name's id in the simulator (a crosswalk may give either). */
export function referenceId(
  sim: RunningSimulator,
  list: 'services' | 'account_groups' | 'rate_centers',
  value: string | number | undefined,
): number | undefined {
  if (typeof value === 'number' || value === undefined) return value;
  const rows = sim.state.reference[list] as ReadonlyArray<{ id: number; name: string }>;
  return rows.find((r) => r.name === value)?.id;
}
