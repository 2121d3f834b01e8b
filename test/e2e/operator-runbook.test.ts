import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { makeTempDir } from '../helpers/io.js';
import { repoRoot, startTestSimulator } from '../loaders/harness.js';

// The README's operator session, run as the operator would: `sonar-migrate` installed with
// `npm link` (into a throw-away prefix), from a migration folder outside the repo, against the
// simulator. Each step's closing lines must name the next command. Needs dist/ (`npm run build`).

const run = promisify(execFile);
let sim: RunningSimulator;
let dir: string;
let path: string;

beforeAll(async () => {
  const prefix = makeTempDir('sonar-migrate-prefix-');
  execFileSync('npm', ['link', '--ignore-scripts', '--no-audit', '--no-fund', '--offline'], {
    cwd: repoRoot,
    env: { ...process.env, npm_config_prefix: prefix },
    stdio: 'pipe',
  });
  path = `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}`;
  // One contact refused with a 422: a failure a plain re-run does not send again.
  sim = await startTestSimulator({
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
  dir = makeTempDir('sonar-migrate-runbook-');
  cpSync(join(repoRoot, 'samples', 'dirty'), dir, { recursive: true });
  const config = JSON.parse(readFileSync(join(dir, 'migration.json'), 'utf8')) as Record<string, unknown>;
  // The simulator finishes every write before it answers: a short quiet period keeps this quick.
  writeFileSync(
    join(dir, 'migration.json'),
    JSON.stringify({ ...config, quietPeriodSeconds: 0.05 }, null, 2),
  );
}, 120_000);

afterAll(async () => {
  await sim?.close();
});

/** `sonar-migrate <args>` from the migration folder; resolves with the exit code and output. */
async function sonarMigrate(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = {
    ...process.env,
    PATH: path,
    SONAR_URL: sim.url,
    SONAR_USERNAME: 'admin',
    SONAR_PASSWORD: 'sonar',
  };
  try {
    const r = await run('sonar-migrate', args, { cwd: dir, env });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

/** The operator's fix: the rejected CSV copied out, one copy per row, `fix` applied. */
function fixRejected(input: string, fix: (text: string) => string): void {
  mkdirSync(join(dir, 'fixed'), { recursive: true });
  const seen = new Set<string>();
  const lines = readFileSync(join(dir, 'reports', `${input}.rejected.csv`), 'utf8')
    .split('\n')
    .filter((line) => {
      const origin = /,([a-z_]+\.csv),,(\d+),/.exec(line)?.slice(1).join(':');
      if (origin === undefined) return true;
      if (seen.has(origin)) return false;
      seen.add(origin);
      return true;
    });
  writeFileSync(join(dir, 'fixed', `${input}.csv`), fix(lines.join('\n')));
  const config = JSON.parse(readFileSync(join(dir, 'migration.json'), 'utf8')) as {
    inputs: Record<string, unknown>;
  };
  config.inputs[input] = [config.inputs[input], `fixed/${input}.csv`];
  writeFileSync(join(dir, 'migration.json'), JSON.stringify(config, null, 2));
}

const line = (out: string, start: string) => out.split('\n').find((l) => l.startsWith(start));

describe('the operator runbook, with the installed command from a folder outside the repo', () => {
  it('validate, fix and refeed, plan, load with a failure, retry-failed, report, rollback, load again', async () => {
    const first = await sonarMigrate('validate', '--config', 'migration.json');
    expect(first.code).toBe(1);
    expect(first.out).toContain('4 of 152 rows rejected.');
    expect(line(first.out, 'Next:')).toBe(
      'Next: copy each rejected CSV out of reports/, fix its cells, add it after the export in its input (e.g. "accounts": ["accounts.csv", "fixed/accounts.csv"]) and run `sonar-migrate validate --config migration.json` again (README: "Fix and refeed"); or leave those rows behind and run `sonar-migrate plan --config migration.json`.',
    );

    // Fix two rows; leave the raw card number and the contact of an unknown account behind.
    fixRejected('accounts', (t) => t.replace('\n70004,Rupert Botsford', '\n70044,Rupert Botsford'));
    fixRejected('next_bill_dates', (t) => t.replace('2030-03-30', '2030-03-11'));
    const refed = await sonarMigrate('validate', '--config', 'migration.json');
    expect(refed.code).toBe(1);
    expect(refed.out).toContain('2 of 152 rows rejected.');
    // The rows left behind say which checks they missed, and the next command is named again.
    expect(refed.out).toContain(
      'MAP_NOT_CHECKED: contacts.csv:10 (legacy contacts:79999:pat nobody): not checked, as the row was refused by MAP_ACCOUNT_NOT_IN_INPUT: one primary contact per account',
    );
    expect(line(refed.out, 'Next:')).toContain(
      'or leave those rows behind and run `sonar-migrate plan --config migration.json`.',
    );
    expect(line(refed.out, 'accounts ')?.split(/\s{2,}/)).toEqual([
      'accounts',
      'accounts.csv + fixed/accounts.csv',
      '25',
      '25',
      '0',
    ]);

    const plan = await sonarMigrate('plan', '--config', 'migration.json');
    expect(plan.err).not.toContain('error');
    expect(line(plan.out, 'Next:')).toBe(
      'Next: `sonar-migrate load --config migration.json` (it asks you to confirm the target, or pass --yes).',
    );

    const load = await sonarMigrate('load', '--config', 'migration.json', '--yes');
    expect(load.code).toBe(1);
    expect(load.out).toContain(
      'Not loaded: 1 failed, 0 skipped (what they need failed) — reports/contacts.failed.csv: each row as given, with _code and _error saying why.',
    );
    expect(load.out).toContain(
      'Rejected by validation (never sent): 2 row(s) — reports/contacts.rejected.csv, reports/credit_cards.rejected.csv',
    );
    expect(load.out).toContain('Legacy key → Sonar id: reports/accounts.loaded.csv');
    expect(line(load.out, 'Next:')).toBe(
      'Next: fix what _error says (in Sonar or in the input), then `sonar-migrate load --config migration.json --retry-failed`.',
    );

    const plain = await sonarMigrate('load', '--config', 'migration.json', '--yes');
    expect(plain.err).toContain(
      '1 record(s) failed in an earlier run for a reason sending again would not fix',
    );
    expect(plain.err).toContain('then run `sonar-migrate load --config migration.json --retry-failed`.');
    expect(line(plain.out, 'Next:')).toBe(
      'Next: fix what _error says (in Sonar or in the input), then `sonar-migrate load --config migration.json --retry-failed`.',
    );

    const retried = await sonarMigrate('load', '--config', 'migration.json', '--yes', '--retry-failed');
    expect(retried.code).toBe(1);
    expect(retried.out).not.toContain('Not loaded:');
    expect(line(retried.out, 'Next:')).toBe(
      'Next: fix and refeed the rejected rows, then load again: what is loaded is not sent twice.',
    );
    expect(sim.state.accounts.rows.size).toBe(25);

    const report = await sonarMigrate('report', '--config', 'migration.json');
    expect(report.err).not.toContain('error');
    expect(line(report.out, 'Next:')).toBe(
      'Next: open reports/summary.html, spot-check accounts in Sonar, then `sonar-migrate verify --config migration.json` reads them all back.',
    );
    // Its Runs table tells the three loads apart: options and failures per run.
    const html = readFileSync(join(dir, 'reports', 'summary.html'), 'utf8');
    const runs = [
      ...html.matchAll(
        /<tr><td>(\d+)<\/td><td class="text">load<\/td><td class="text">([^<]*)<\/td>.*?<\/tr>/g,
      ),
    ];
    expect(runs.map((r) => [r[1], r[2]])).toEqual([
      ['1', 'defaults'],
      ['2', 'defaults'],
      ['3', '--retry-failed'],
    ]);
    expect(runs[0]?.[0]).toMatch(
      /<td class="alert">1<\/td><td class="zero">0<\/td><td class="alert">2<\/td><\/tr>$/,
    );
    const status = await sonarMigrate('status', '--config', 'migration.json');
    // staged rejected pending in-flight loaded failed skipped rolled-back
    expect(line(status.out, 'accounts ')?.split(/\s+/)).toEqual([
      'accounts',
      '25',
      '0',
      '0',
      '0',
      '25',
      '0',
      '0',
      '0',
    ]);
    expect(line(status.out, 'contacts ')?.split(/\s+/)).toEqual([
      'contacts',
      '12',
      '1',
      '0',
      '0',
      '12',
      '0',
      '0',
      '0',
    ]);

    const rollback = await sonarMigrate('rollback', '--config', 'migration.json', '--yes');
    expect(rollback.code).toBe(0);
    expect(line(rollback.out, 'Next:')).toBe(
      'Next: the next rehearsal, `sonar-migrate load --config migration.json` (the journal keeps what happened; a new state file starts it over).',
    );
    expect(sim.state.accounts.rows.size).toBe(0);

    const again = await sonarMigrate('load', '--config', 'migration.json', '--yes');
    expect(again.out).not.toContain('Not loaded:');
    expect(sim.state.accounts.rows.size).toBe(25);
  });
});
