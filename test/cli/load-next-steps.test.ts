import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { startTestSimulator } from '../loaders/harness.js';
import { copySmallSample, runIn } from './load-helpers.js';

const few = ['10048', '10072', '10078', '10079', '10080'];
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A simulator that refuses the first contact with a 422 (a reason a plain re-run would not fix). */
async function refusingOneContact(): Promise<RunningSimulator> {
  return startTestSimulator({
    faults: {
      scripted: [
        {
          kind: 'fail',
          method: 'POST',
          pattern: '/accounts/:account_id/contacts',
          status: 422,
          message: 'no thanks',
        },
      ],
    },
  });
}

function statusRow(out: string, step: string): string[] | undefined {
  return out
    .split('\n')
    .find((l) => l.startsWith(`${step} `))
    ?.split(/\s+/);
}

describe('sonar-migrate load: what to do next', () => {
  it('names the failed file, the id map and --retry-failed after a load with a failure', async () => {
    sim = await refusingOneContact();
    const dir = copySmallSample(few);
    const r = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'Not loaded: 1 failed, 0 skipped (what they need failed) — reports/contacts.failed.csv: each row as given, with _code and _error saying why.',
    );
    expect(r.out).toContain(
      'Legacy key → Sonar id: reports/accounts.loaded.csv (and one <step>.loaded.csv per step).',
    );
    expect(r.out).toContain(
      'Next: fix what _error says (in Sonar or in the input), then `sonar-migrate load --config migration.json --retry-failed`.',
    );
    // The summary's `loaded` column is what status counts as loaded.
    expect(r.out).toMatch(/contacts\s+4\s+3\s+0\s+0\s+1\s+0\s+0\s+3\n/);
  });

  it('says a plain re-run left the earlier failure alone and why; --retry-failed then loads it', async () => {
    sim = await refusingOneContact();
    const dir = copySmallSample(few);
    await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    const again = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(again.code).toBe(1);
    expect(again.err).toContain(
      '1 record(s) failed in an earlier run for a reason sending again would not fix: this run leaves them failed. Fix the cause (see the <step>.failed.csv reports), then run `sonar-migrate load --config migration.json --retry-failed`.',
    );
    expect(again.out).toContain('Of the failed, 1 failed in an earlier run');

    const retried = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes', '--retry-failed']);
    expect(retried.code).toBe(0);
    expect(retried.err).not.toContain('failed in an earlier run');
    expect(retried.out).toContain('Next: nothing — every staged record is in Sonar.');
    expect(retried.out).not.toContain('Not loaded:');
  });

  it('rollback resets failed records: status counts each record once and the next load starts clean', async () => {
    sim = await refusingOneContact();
    const dir = copySmallSample(few);
    await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    const rollback = await runIn(dir, sim, ['rollback', '--config', 'migration.json', '--yes']);
    expect(rollback.code).toBe(0);
    expect(rollback.out).toContain(
      '1 failed or skipped record(s) (never in Sonar) were reset: the next load sends them afresh.',
    );
    const status = await runIn(dir, sim, ['status', '--config', 'migration.json']);
    // staged rejected pending in-flight loaded failed skipped rolled-back
    expect(statusRow(status.out, 'contacts')).toEqual(['contacts', '4', '0', '0', '0', '0', '0', '0', '4']);
    expect(statusRow(status.out, 'accounts')).toEqual(['accounts', '5', '0', '0', '0', '0', '0', '0', '5']);

    const reload = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(reload.code).toBe(0);
    expect(reload.out).toMatch(/contacts\s+4\s+4\s+0\s+0\s+0\s+0\s+0\s+4\n/);
  });
});
