import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { copySmallSample, runIn } from '../cli/load-helpers.js';
import { startTestSimulator } from '../loaders/harness.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('load checks what it writes before its first request', () => {
  it('stops with ENV_REPORTS_UNWRITABLE, exit 2, having sent nothing, when the reports folder cannot be made', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(['10072']);
    writeFileSync(join(dir, 'reports'), 'a file where the reports folder should be');
    const r = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error ENV_REPORTS_UNWRITABLE');
    expect(r.err).not.toContain('INTERNAL');
    expect(sim.requestCounts()).toEqual({});
    // The lock was released: nothing of this run is left beside the state file.
    expect(readdirSync(dir).filter((f) => f.startsWith('state.db.lock'))).toEqual([]);
  });

  it('makes a state file others could read private, says so, and writes private reports', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(['10072']);
    writeFileSync(join(dir, 'state.db'), '');
    chmodSync(join(dir, 'state.db'), 0o644);
    const r = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('(was 0644) could be read by other users');
    const reports = join(dir, 'reports');
    const modes = readdirSync(reports).map((f) => [f, statSync(join(reports, f)).mode & 0o777]);
    expect(modes.map(([file]) => file)).toEqual(
      expect.arrayContaining(['accounts.loaded.csv', 'summary.json']),
    );
    expect(modes.filter(([, mode]) => mode !== 0o600)).toEqual([]);
    expect(statSync(reports).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'state.db')).mode & 0o777).toBe(0o600);
  });
});
