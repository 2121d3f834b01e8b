import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { Journal } from '../../src/journal/journal.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { type LoadResult, runLoad } from '../../src/loaders/runner.js';
import { resolveProfile } from '../../src/mappers/profiles/index.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { SonarClient } from '../../src/sonar/client.js';
import { openStateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { runCrossChecks } from '../../src/validate/cross-checks.js';
import { stageInputs } from '../../src/validate/stage-inputs.js';
import { makeTempDir, testToday } from '../helpers/io.js';

const sample = join(import.meta.dirname, '../../samples/sonar-importer');

/**
 * The sonar-importer sample copied into a new temp dir; returns the dir. With `accounts`, only the
 * rows of the first N accounts are kept in every per-account file (the DID inventory stays whole):
 * the same shapes of record, loaded in a fraction of the time.
 */
export function copySample(options: { accounts?: number } = {}): string {
  const dir = makeTempDir('sonar-migrate-rollback-');
  cpSync(sample, dir, { recursive: true });
  if (options.accounts === undefined) return dir;
  const keep = new Set(Array.from({ length: options.accounts }, (_, i) => String(10001 + i)));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv') && f !== 'did_inventory.csv')) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    const kept = lines.filter((line, i) => {
      const first = line.split(',')[0]?.replace(/"/g, '') ?? '';
      return (i === 0 && !/^\d/.test(first)) || keep.has(first);
    });
    writeFileSync(join(dir, file), `${kept.join('\n')}\n`);
  }
  return dir;
}

/** Stages the sample into its state file and loads it into `sim` with the real runner. */
export async function loadSample(dir: string, sim: RunningSimulator): Promise<LoadResult> {
  const config = await loadConfig(join(dir, 'migration.json'));
  const profile = await resolveProfile(config);
  const db = openStateDb(config.state);
  const client = new SonarClient({
    target: { apiUrl: sim.apiUrl, username: 'admin', password: 'sonar' },
    retry: { baseMs: 1, maxMs: 5 },
  });
  try {
    const staged = new StagedRecords(db);
    const stage = await stageInputs(config, profile, staged);
    runCrossChecks(staged, { inputs: new Set(stage.inputs.map((i) => i.input)), today: testToday });
    const reference = await fetchReferenceData(client);
    return await runLoad({ client, journal: new Journal(db), staged, reference, concurrency: 4, quietMs: 0 });
  } finally {
    await client.close();
    db.close();
  }
}

/** The simulator's mutable resources (everything but the reference catalogue), for before/after comparisons. */
export function mutableState(sim: RunningSimulator) {
  const { reference: _reference, ...rest } = sim.state.snapshot();
  return rest;
}
