import { watch } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { copySample, simEnv } from '../cli/load-helpers.js';
import { makeTempDir } from '../helpers/io.js';
import { startTestSimulator } from '../loaders/harness.js';
import { exited, spawnLoad } from './kill-loop.js';

// The journal's group commit once wrapped the queued in-flight marks in a savepoint inside the
// open group transaction. SQLite keeps a copy of every page a savepoint touches, and past 64 KiB
// writes it to a temporary file ("etilqs_…") that lives until the commit: on a busy load, a file
// created and deleted in the temp folder every few milliseconds. SQLite puts its temporary files
// in SQLITE_TMPDIR; this test watches that folder through a whole load of the sample.

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('a load and SQLite temporary files', () => {
  it('creates none while it loads the sample at concurrency 32', async () => {
    sim = await startTestSimulator();
    const dir = copySample('sonar-importer');
    const sqliteTmp = makeTempDir('sonar-migrate-sqlite-tmp-');
    const events: string[] = [];
    // inotify reports a file created and deleted at once, too.
    const watcher = watch(sqliteTmp, (event, name) => events.push(`${event} ${name ?? ''}`));
    try {
      const child = spawnLoad(dir, { ...simEnv(sim), SQLITE_TMPDIR: sqliteTmp }, ['--concurrency', '32']);
      expect(await exited(child)).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      watcher.close();
    }
    expect(sim.state.accounts.rows.size).toBe(200);
    expect(events).toEqual([]);
  });
});
