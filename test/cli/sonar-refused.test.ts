import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { startTestSimulator, writeCount } from '../loaders/harness.js';
import { copySmallSample, runIn, simEnv } from './load-helpers.js';

// Sonar refusing the credentials, or not there at all, is the configuration's fault (SONAR_URL,
// SONAR_USERNAME, SONAR_PASSWORD): one clear message and exit 2, as for a bad migration file —
// never exit 1, which says rows were rejected, records failed or (verify) Sonar differs.

const few = ['10048', '10072', '10078'];
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The arguments of `command` on the sample's migration file (load without its confirmation). */
function argsOf(command: 'plan' | 'load'): string[] {
  return [command, '--config', 'migration.json', ...(command === 'load' ? ['--yes'] : [])];
}

describe('Sonar refusing the credentials or not there', () => {
  it('plan and load exit 2 with SONAR_AUTH on a wrong password, sending nothing', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(few);
    const env = simEnv(sim, { SONAR_PASSWORD: 'not-the-password' });
    for (const command of ['plan', 'load'] as const) {
      const r = await runIn(dir, sim, argsOf(command), { env });
      expect(r.code, command).toBe(2);
      expect(r.err, command).toContain('error SONAR_AUTH');
      expect(r.err, command).toContain('check SONAR_USERNAME / SONAR_PASSWORD');
      expect(r.err, command).not.toContain('not-the-password');
    }
    expect(writeCount(sim)).toBe(0);
  });

  it('verify exits 2 with SONAR_AUTH after a load when the password is wrong, not 1 (differences)', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(few);
    expect((await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes'])).code).toBe(0);
    const r = await runIn(dir, sim, ['verify', '--config', 'migration.json'], {
      env: simEnv(sim, { SONAR_PASSWORD: 'not-the-password' }),
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain('error SONAR_AUTH');
  });

  it('plan and load exit 2 when nothing answers at SONAR_URL, naming SONAR_URL', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(few);
    // A simulator started and stopped: nothing listens at its URL any more.
    const gone = await startTestSimulator();
    await gone.close();
    const env = simEnv(sim, { SONAR_URL: gone.url });
    for (const command of ['plan', 'load'] as const) {
      const r = await runIn(dir, sim, argsOf(command), { env });
      expect(r.code, command).toBe(2);
      expect(r.err, command).toContain('error SONAR_TRANSIENT');
      expect(r.err, command).toContain('cannot reach Sonar');
      expect(r.err, command).toContain('check SONAR_URL');
    }
  });

  it('a load whose credentials Sonar stops taking mid-run exits 2, and a re-run with them loads the rest', async () => {
    sim = await startTestSimulator({
      faults: {
        scripted: [{ kind: 'fail', method: 'POST', pattern: '/accounts/:account_id/contacts', status: 401 }],
      },
    });
    const dir = copySmallSample(few);
    const stopped = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(stopped.code).toBe(2);
    expect(stopped.err).toContain('error SONAR_AUTH');
    expect(stopped.err).toContain('run load again: it carries on where it stopped');
    const again = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(again.code).toBe(0);
    expect(sim.state.accounts.rows.size).toBe(few.length);
  });
});
