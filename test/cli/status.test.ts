import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { makeState, stagedRecord } from '../reports/load-report-fixture.js';

const meta = { accountKey: null, fingerprint: 'f' };

/** A migration file beside a state file holding 3 staged accounts: 1 loaded, 1 failed, 1 pending. */
function journalFixture() {
  const s = makeState();
  writeFileSync(join(s.dir, 'migration.json'), JSON.stringify({ state: 'state.db', reports: 'reports' }));
  for (const key of ['1001', '1002', '1003']) s.staged.addRecord(stagedRecord('accounts', key, { ID: key }));
  const run = s.journal.startRun('load');
  s.journal.markLoaded('accounts', '1001', { sonarId: '1001' }, meta);
  s.journal.markFailed('accounts', '1002', { code: 'SONAR_TERMINAL', message: 'refused' }, meta);
  s.journal.finishRun(run, { interrupted: true });
  s.db.close();
  return s;
}

describe('sonar-migrate status', () => {
  it('prints counts per step and state as a table, with the last run', async () => {
    const s = journalFixture();
    const io = captureIo({ cwd: s.dir });
    const code = await runCommand(['status', '--config', 'migration.json'], io);
    expect(code).toBe(0);
    const accounts = io
      .out()
      .split('\n')
      .find((l) => l.startsWith('accounts'));
    // staged rejected pending in-flight loaded failed skipped rolled-back
    expect(accounts?.split(/\s+/)).toEqual(['accounts', '3', '0', '1', '0', '1', '1', '0', '0']);
    expect(io.out()).toMatch(/Last run: load #1, started .*, interrupted after \d+ s\./);
  });

  it('prints the same counts as JSON with --json', async () => {
    const s = journalFixture();
    const io = captureIo({ cwd: s.dir });
    expect(await runCommand(['status', '--config', 'migration.json', '--json'], io)).toBe(0);
    const body = JSON.parse(io.out());
    expect(body.exists).toBe(true);
    expect(body.lock).toBeNull();
    expect(body.steps.find((x: { step: string }) => x.step === 'accounts')).toMatchObject({
      staged: 3,
      pending: 1,
      loaded: 1,
      failed: 1,
    });
    expect(body.totals).toMatchObject({ staged: 3, loaded: 1, failed: 1 });
    expect(body.totals).not.toHaveProperty('adopted');
    expect(body.runs).toEqual([expect.objectContaining({ id: 1, command: 'load', interrupted: true })]);
  });

  it('says nothing is loaded yet, without creating a state file, when there is no journal', async () => {
    const s = makeState();
    writeFileSync(join(s.dir, 'migration.json'), JSON.stringify({ state: 'other.db' }));
    const io = captureIo({ cwd: s.dir });
    expect(await runCommand(['status', '--config', 'migration.json'], io)).toBe(0);
    expect(io.out()).toContain('No journal yet');
    const json = captureIo({ cwd: s.dir });
    await runCommand(['status', '--config', 'migration.json', '--json'], json);
    expect(JSON.parse(json.out())).toMatchObject({ exists: false, steps: [] });
  });

  it('exits 2 naming the file when the configuration cannot be read', async () => {
    const s = makeState();
    const io = captureIo({ cwd: s.dir });
    expect(await runCommand(['status', '--config', 'missing.json'], io)).toBe(2);
    expect(io.err()).toMatch(
      /error CONFIG_FILE_MISSING: .*missing\.json: the configuration file cannot be read/,
    );
  });
});
