import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { acquireLock } from '../../src/journal/lock.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { openStateDb } from '../../src/store/database.js';
import { simAccount } from '../helpers/sim-account.js';
import { startTestSimulator, writeCount } from '../loaders/harness.js';
import { copySmallSample, runIn, simEnv } from './load-helpers.js';

const few = ['10048', '10072', '10078', '10079', '10080'];
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('sonar-migrate load', () => {
  it('refuses to write without a terminal unless --yes is given, and sends nothing', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(few);
    const r = await runIn(dir, sim, ['load', '--config', 'migration.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error CONFIG_CONFIRMATION_REQUIRED');
    expect(r.err).toContain(`load writes to ${sim.url}`);
    expect(r.err).toContain('--yes');
    expect(sim.requestCounts()).toEqual({});
  });

  it('loads everything with SONAR_MIGRATE_YES=1, exits 0, writes the reports, and a re-run sends no writes', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(few);
    const env = simEnv(sim, { SONAR_MIGRATE_YES: '1' });
    const first = await runIn(dir, sim, ['load', '--config', 'migration.json'], { env });
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/accounts\s+5\s+5\s+0\s+0\s+0\s+0\s+0/);
    expect(first.err).toMatch(/load \d+s: did_inventory 2\/2, accounts 5\/5/);
    // How the requests used their slots, for tuning --concurrency.
    expect(first.out).toMatch(
      /Requests: [\d,]+, each holding its slot [\d.]+ ms on average; [\d.]+ of \d+ slots busy\./,
    );
    expect(existsSync(join(dir, 'reports', 'summary.json'))).toBe(true);
    expect(existsSync(join(dir, 'reports', 'accounts.loaded.csv'))).toBe(true);
    expect(sim.state.accounts.rows.size).toBe(5);

    sim.resetRequestCounts();
    const again = await runIn(dir, sim, ['load', '--config', 'migration.json'], { env });
    expect(again.code).toBe(0);
    expect(writeCount(sim)).toBe(0);
    expect(again.out).toMatch(/accounts\s+5\s+0\s+0\s+5\s+0\s+0\s+0/);
    expect(again.out).not.toContain('Requests:');
  });

  it('counts updated and replaced records in the end-of-load table after a delta, each row adding up to its total and to status', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(few);
    expect((await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes'])).code).toBe(0);
    const edit = (file: string, from: RegExp | string, to: string) => {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      expect(text.replace(from, to)).not.toBe(text);
      writeFileSync(path, text.replace(from, to));
    };
    edit('accounts.csv', /^10078,"Marge Borer"/m, '10078,"Marge Borer-Kent"');
    // A new expiry: no update endpoint carries it, so the card is replaced.
    edit('credit_cards.csv', /^(10072,"[^"]*","[^"]*","5903",)2034,/m, '$12036,');
    const delta = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(delta.code).toBe(0);
    const lines = delta.out.split('\n');
    const headAt = lines.findIndex((l) => l.startsWith('step '));
    const head = (lines[headAt] ?? '').split(/\s{2,}/);
    expect(head).toEqual([
      'step',
      'total',
      'created',
      'found',
      'already',
      'updated',
      'replaced',
      'failed',
      'skipped',
      'unsettled',
      'loaded',
    ]);
    const rows = new Map<string, Record<string, number>>();
    for (const line of lines.slice(headAt + 1)) {
      const cells = line.trim().split(/\s+/);
      if (cells.length !== head.length || !/^[a-z_]+$/.test(cells[0] ?? '')) break;
      rows.set(cells[0] ?? '', Object.fromEntries(head.slice(1).map((h, i) => [h, Number(cells[i + 1])])));
    }
    expect(rows.get('accounts')).toEqual({
      total: 5,
      created: 0,
      found: 0,
      already: 4,
      updated: 1,
      replaced: 0,
      failed: 0,
      skipped: 0,
      unsettled: 0,
      loaded: 5,
    });
    expect(rows.get('credit_cards')).toMatchObject({ updated: 0, replaced: 1 });
    expect([...rows.keys()]).toContain('contacts');
    const status = await runIn(dir, sim, ['status', '--config', 'migration.json']);
    for (const [step, r] of rows) {
      const sum = (names: string[]) => names.reduce((n, name) => n + (r[name] ?? Number.NaN), 0);
      expect(
        sum(['created', 'found', 'already', 'updated', 'replaced', 'failed', 'skipped', 'unsettled']),
        step,
      ).toBe(r.total);
      expect(sum(['created', 'found', 'already', 'updated', 'replaced']), step).toBe(r.loaded);
      // status: step staged rejected pending in-flight loaded …
      const statusRow = status.out
        .split('\n')
        .find((l) => l.startsWith(`${step} `))
        ?.trim()
        .split(/\s+/);
      expect(Number(statusRow?.[5]), step).toBe(r.loaded);
    }
  });

  it('exits 1 when a record failed, naming it in the failed report', async () => {
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
    const dir = copySmallSample(few);
    const r = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/contacts\s+4\s+3\s+0\s+0\s+1\s+0\s+0/);
    expect(existsSync(join(dir, 'reports', 'contacts.failed.csv'))).toBe(true);
  });

  it('confirms the target host on a terminal before sending anything', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(['10048']);
    const refuse = Object.assign(new PassThrough(), { isTTY: true });
    refuse.end('yes\n');
    const declined = await runIn(dir, sim, ['load', '--config', 'migration.json'], { stdin: refuse });
    expect(declined.code).toBe(2);
    expect(declined.err).toContain('Not confirmed: nothing was sent.');
    expect(sim.requestCounts()).toEqual({});

    const confirm = Object.assign(new PassThrough(), { isTTY: true });
    confirm.end(`${new URL(sim.url).host}\n`);
    const confirmed = await runIn(dir, sim, ['load', '--config', 'migration.json'], { stdin: confirm });
    expect(confirmed.err).toContain(`Load into ${sim.url} as admin?`);
    expect(confirmed.code).toBe(0);
    expect(sim.state.accounts.rows.size).toBe(1);
  });

  it('refuses a second run on a journal another run holds, exit 2 with JOURNAL_LOCKED', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(['10048']);
    const release = acquireLock(join(dir, 'state.db'));
    try {
      const r = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
      expect(r.code).toBe(2);
      expect(r.err).toContain('error JOURNAL_LOCKED');
      expect(r.err).toContain(`pid ${process.pid}`);
      expect(sim.requestCounts()).toEqual({});
    } finally {
      release();
    }
  });

  it('stops before sending anything when an account id is taken in Sonar by another name', async () => {
    sim = await startTestSimulator();
    sim.state.accounts.insert(simAccount(10048, 'Somebody Else', { account_status_id: 2 }));
    const dir = copySmallSample(['10048']);
    const r = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('conflict');
    expect(r.err).toContain('PLAN_CONFLICT');
    expect(writeCount(sim)).toBe(0);
  });

  it('rejects an unknown --only step with exit 2', async () => {
    sim = await startTestSimulator();
    const dir = copySmallSample(['10048']);
    const r = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes', '--only', 'acounts']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown step "acounts"');
  });

  it('exits 130 on Ctrl-C with a journal the next run resumes to the end', async () => {
    // Every request takes 50 ms: Ctrl-C comes as soon as Sonar sees the first account create.
    sim = await startTestSimulator({ latency: { fixedMs: 50, jitterMs: 0 } });
    const dir = copySmallSample(few);
    const abort = new AbortController();
    const watch = setInterval(() => {
      if ((sim?.requestCounts()['POST /accounts'] ?? 0) > 0) abort.abort();
    }, 2);
    let err = '';
    const stderr = {
      isTTY: false,
      write: (s: string) => {
        err += s;
        return true;
      },
    };
    const r = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes'], {
      stderr,
      signal: abort.signal,
    });
    expect(r.code).toBe(130);
    expect(err).toContain('run load again to resume');
    clearInterval(watch);
    // The creates in flight finished and were journaled; nothing after them was sent.
    // How many creates were already out when Ctrl-C came depends on scheduling, not on the test:
    // at least the one Sonar saw, and not all 5 (the run stopped before the end).
    expect(sim.state.accounts.rows.size).toBeGreaterThanOrEqual(1);
    expect(sim.state.accounts.rows.size).toBeLessThan(5);
    expect(sim.requestCounts()['PATCH /accounts/:id/billing_parameters'] ?? 0).toBe(0);
    const db = openStateDb(join(dir, 'state.db'));
    expect(new Journal(db).inFlight()).toEqual([]);
    db.close();
    const resumed = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(resumed.code).toBe(0);
    expect(sim.state.accounts.rows.size).toBe(5);
  });
});
