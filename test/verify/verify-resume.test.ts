import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { SonarClient } from '../../src/sonar/client.js';
import { openStateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { runVerify } from '../../src/verify/run-verify.js';
import { VerifyProgress } from '../../src/verify/verify-progress.js';
import { copySample, runIn } from '../cli/load-helpers.js';
import { captureIo } from '../helpers/io.js';

let sim: RunningSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator();
  dir = copySample('legacy-billing');
  expect((await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes'])).code).toBe(0);
}, 120_000);

afterAll(() => sim.close());

describe('verify, interrupted and run again', () => {
  it('keeps the accounts verified before the interruption and reads only the others', async () => {
    const db = openStateDb(join(dir, 'state.db'));
    const client = new SonarClient({ target: { apiUrl: sim.apiUrl, username: 'admin', password: 'sonar' } });
    const stop = new AbortController();
    let kept: number;
    try {
      const run = await runVerify({
        client,
        staged: new StagedRecords(db),
        limiter: new AimdLimiter({ max: 4 }),
        signal: stop.signal,
        onProgress: (done) => {
          if (done === 50) stop.abort();
        },
      });
      expect(run.interrupted).toBe(true);
      expect(run.resumed).toBe(0);
      const progress = new VerifyProgress(db);
      expect(progress.complete).toBe(false);
      kept = progress.verifiedCount();
    } finally {
      await client.close();
      db.close();
    }
    // What was in flight when the signal came may finish: at least the 50, never all 200.
    expect(kept).toBeGreaterThanOrEqual(50);
    expect(kept).toBeLessThan(200);

    sim.resetRequestCounts();
    const io = captureIo({
      cwd: dir,
      env: { SONAR_URL: sim.url, SONAR_USERNAME: 'admin', SONAR_PASSWORD: 'sonar' },
    });
    expect(await runCommand(['verify', '--config', 'migration.json'], io)).toBe(0);
    expect(io.out()).toContain(
      `Verified 200 account(s) (${kept} by the interrupted run before): 0 difference(s).`,
    );
    expect(sim.requestCounts()['GET /accounts/:account_id/contacts']).toBe(200 - kept);

    // A load since an interrupted verify: the next verify reads every account again.
    const db2 = openStateDb(join(dir, 'state.db'));
    const client2 = new SonarClient({ target: { apiUrl: sim.apiUrl, username: 'admin', password: 'sonar' } });
    const stop2 = new AbortController();
    try {
      await runVerify({
        client: client2,
        staged: new StagedRecords(db2),
        limiter: new AimdLimiter({ max: 4 }),
        signal: stop2.signal,
        onProgress: (done) => {
          if (done === 10) stop2.abort();
        },
      });
    } finally {
      await client2.close();
      db2.close();
    }
    expect((await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes'])).code).toBe(0);
    sim.resetRequestCounts();
    const afterLoad = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
    expect(afterLoad.out).toContain('Verified 200 account(s): 0 difference(s).');
    expect(sim.requestCounts()['GET /accounts/:account_id/contacts']).toBe(200);

    // A finished run starts the next one afresh: every account is read again.
    sim.resetRequestCounts();
    const again = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Verified 200 account(s): 0 difference(s).');
    expect(sim.requestCounts()['GET /accounts/:account_id/contacts']).toBe(200);
  }, 120_000);

  it('stops with exit 2 and says so when the state file does not exist', async () => {
    const empty = copySample('legacy-billing');
    const { code, err } = await runIn(empty, sim, ['verify', '--config', 'migration.json']);
    expect(code).toBe(2);
    expect(err).toContain('JOURNAL_MISSING');
    expect(err).toContain('no state file — nothing has been planned or loaded');
  });
});
