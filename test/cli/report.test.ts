import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { startSimulator } from '../../src/simulator/server.js';
import { captureIo } from '../helpers/io.js';
import { makeState, stagedRecord } from '../reports/load-report-fixture.js';
import { copySample, loadSample } from './rollback-fixture.js';

describe('sonar-migrate report', () => {
  it('writes the CSVs, summary.json and summary.html into the configured reports folder', async () => {
    const s = makeState();
    writeFileSync(join(s.dir, 'migration.json'), JSON.stringify({ state: 'state.db', reports: 'out' }));
    s.staged.addRecord(stagedRecord('accounts', '1001', { ID: '1001', Name: 'A <b> & c' }));
    s.staged.addRecord(stagedRecord('accounts', '1002', { ID: '1002', Name: 'Bee' }, { line: 3 }));
    s.journal.markLoaded('accounts', '1001', { sonarId: '77' }, { accountKey: '1001', fingerprint: 'f' });
    s.journal.markFailed(
      'accounts',
      '1002',
      { code: 'SONAR_TERMINAL', message: 'zip <invalid>' },
      { accountKey: '1002', fingerprint: 'f' },
    );
    s.db.close();
    const io = captureIo({ cwd: s.dir });
    expect(await runCommand(['report', '--config', 'migration.json'], io)).toBe(0);
    const out = join(s.dir, 'out');
    for (const file of ['accounts.loaded.csv', 'accounts.failed.csv', 'summary.json', 'summary.html']) {
      expect(existsSync(join(out, file))).toBe(true);
      expect(io.out()).toContain(`  ${file}\n`);
    }
    expect(readFileSync(join(out, 'accounts.failed.csv'), 'utf8')).toBe(
      '\uFEFFID,Name,_code,_error\n1002,Bee,SONAR_TERMINAL,zip <invalid>\n',
    );
    expect(readFileSync(join(out, 'summary.html'), 'utf8')).toContain('zip &lt;invalid&gt;');
    expect(io.out()).toContain('feed them back in');
  });

  it('exits 2 with JOURNAL_MISSING when nothing was ever loaded with the configuration', async () => {
    const s = makeState();
    writeFileSync(join(s.dir, 'migration.json'), JSON.stringify({ state: 'nothing.db' }));
    const io = captureIo({ cwd: s.dir });
    expect(await runCommand(['report', '--config', 'migration.json'], io)).toBe(2);
    expect(io.err()).toMatch(/error JOURNAL_MISSING: .*nothing\.db: no state file/);
    expect(existsSync(join(s.dir, 'nothing.db'))).toBe(false);
  });

  it('lists every account of a real load with the Sonar id the simulator gave it', async () => {
    const dir = copySample({ accounts: 5 });
    const sim = await startSimulator();
    try {
      await loadSample(dir, sim);
      const env = { SONAR_URL: sim.url, SONAR_USERNAME: 'admin', SONAR_PASSWORD: 'sonar' };
      expect(await runCommand(['report', '--config', 'migration.json'], captureIo({ cwd: dir, env }))).toBe(
        0,
      );
      const rows: Array<Record<string, string>> = parse(
        readFileSync(join(dir, 'reports', 'accounts.loaded.csv'), 'utf8'),
        { bom: true, columns: true },
      );
      const inSonar = sim.state.accounts.list().map((a) => String(a.id));
      expect(rows.map((r) => r.legacy_key)).toEqual(['10001', '10002', '10003', '10004', '10005']);
      expect(rows.map((r) => r.sonar_id).sort()).toEqual(inSonar.sort());
      const summary = JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8'));
      expect(summary.totals.failed).toBe(0);
      expect(summary.runs.map((r: { command: string }) => r.command)).toEqual(['load']);
    } finally {
      await sim.close();
    }
  });
});
