import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo, makeTempDir } from '../helpers/io.js';

describe('sonar-migrate profiles', () => {
  it('lists every built-in profile on one line, with the inputs each reads', async () => {
    const io = captureIo();
    expect(await runCommand(['profiles'], io)).toBe(0);
    const lines = io.out().split('\n');
    for (const name of ['sonar-importer', 'templates', 'splynx', 'uisp-crm', 'freeside', 'whmcs']) {
      expect(
        lines.filter((l) => l.startsWith(`  ${name} `)),
        name,
      ).toHaveLength(1);
    }
    expect(io.out()).toContain('inputs: accounts ← cust_main.csv, billing_parameters ← cust_main.csv');
    expect(io.out()).toContain('inputs: accounts ← tblclients.csv');
    expect(io.err()).toBe('');
  });
});

describe('sonar-migrate validate with a built-in profile', () => {
  it('stages the freeside fixture: a raw card number in cust_payby is rejected and never echoed', async () => {
    const dir = makeTempDir();
    cpSync('test/fixtures/profiles/freeside', dir, { recursive: true });
    const io = captureIo({ cwd: dir });
    const code = await runCommand(['validate', '--config', 'migration.json', '--json'], io);
    expect(code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'validation.json'), 'utf8'));
    const codes = (report.rejections as Array<{ code: string; input: string }>).map(
      (r) => `${r.input} ${r.code}`,
    );
    expect(codes).toContain('credit_cards MAP_RAW_CARD_NUMBER');
    expect(readFileSync(join(dir, 'reports', 'validation.json'), 'utf8')).not.toContain('4111111111111111');
    expect(io.out()).not.toContain('4111111111111111');
  });
});
