import { join } from 'node:path';
import { Journal } from '../../src/journal/journal.js';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { radiusGroupsStep } from '../../src/loaders/radius-groups.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { type LoadResult, runLoad } from '../../src/loaders/runner.js';
import type { Step } from '../../src/loaders/types.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import type { SonarClient } from '../../src/sonar/client.js';
import { openStateDb, type StateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { stageRadiusGroups } from '../../src/validate/stage-radius.js';
import { csvFilesConfig } from '../helpers/csv-config.js';
import { replyCsv, settingsCsv } from '../validate/radius-fixtures.js';
import { testClient } from './harness.js';

/** RADIUS inputs staged into a fresh state file in their own temp dir. */
export interface RadiusSample {
  state: string;
  db: StateDb;
  staged: StagedRecords;
  journal: Journal;
}

/** Stages the RADIUS fixtures (or the given CSVs) into a new state file. */
export async function stageRadius(reply = replyCsv, settings = settingsCsv): Promise<RadiusSample> {
  const config = csvFilesConfig({ radius_groups: reply, radius_group_settings: settings });
  const state = join(config.reports, '..', 'state.db');
  const db = openStateDb(state);
  const staged = new StagedRecords(db);
  await stageRadiusGroups(config, staged);
  return { state, db, staged, journal: new Journal(db) };
}

/** The same state file through a new connection, as a restarted process opens it. */
export function reopenRadius(sample: RadiusSample): RadiusSample {
  const db = openStateDb(sample.state);
  return { state: sample.state, db, staged: new StagedRecords(db), journal: new Journal(db) };
}

/** Runs the radius_groups step alone against the simulator (optionally through another client). */
export async function loadRadius(
  sample: RadiusSample,
  sim: RunningSimulator,
  options: { client?: SonarClient; steps?: Step[] } = {},
): Promise<LoadResult> {
  const client = options.client ?? testClient(sim);
  try {
    return await runLoad({
      client,
      journal: sample.journal,
      staged: sample.staged,
      reference: await fetchReferenceData(client),
      steps: options.steps ?? [radiusGroupsStep],
      concurrency: 1,
      limiter: new AimdLimiter({ max: 1 }),
      // The simulator finishes every write before it answers.
      quietMs: 0,
    });
  } finally {
    if (!options.client) await client.close();
  }
}

/** The simulator's groups as `name: attribute op reply, …`, sorted: one line per remote group. */
export function remoteGroups(sim: RunningSimulator): string[] {
  return sim.state.radiusGroups.list().map((g) => {
    const attributes = sim.state.radiusAttributes
      .list((a) => a.radius_group_id === g.id)
      .map((a) => `${a.attribute} ${a.operator} ${a.reply}`)
      .sort();
    return `${g.name}: ${attributes.join(', ')}`;
  });
}

/** What the fixtures load: each group once with each of its attributes once. */
export const expectedGroups = [
  'Residential 25M: Acct-Interim-Interval = 300, Mikrotik-Rate-Limit := 25M/5M',
  'Business 100M: Framed-Pool += business, Mikrotik-Rate-Limit := 100M/100M',
];

/**
 * A client whose `post` to a path matching `target` sends the request and then never returns (the
 * process "dies" once Sonar committed it); `crashed` resolves when that happens. Other calls pass.
 */
export function clientCrashingAfter(
  client: SonarClient,
  target: RegExp,
): { client: SonarClient; crashed: Promise<void> } {
  let strike!: () => void;
  const crashed = new Promise<void>((resolve) => {
    strike = resolve;
  });
  let armed = true;
  const wrapped = new Proxy(client, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      // Bound to the real client: its private fields are not reachable through the proxy.
      if (prop !== 'post') return value.bind(obj);
      return async (path: string, ...rest: unknown[]) => {
        const sent = (value as (...args: unknown[]) => Promise<unknown>).call(obj, path, ...rest);
        if (!armed || !target.test(path)) return sent;
        armed = false;
        await sent;
        strike();
        return new Promise(() => {});
      };
    },
  });
  return { client: wrapped, crashed };
}
