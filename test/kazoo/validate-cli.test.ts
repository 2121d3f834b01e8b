import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo, makeTempDir } from '../helpers/io.js';
import { ACCOUNT_A, fixtureDir } from './kazoo-fixtures.js';

describe('sonar-migrate validate with a Kazoo source', () => {
  it('reports the Kazoo rejections with their codes and writes them to the rejects CSVs', async () => {
    const dir = makeTempDir('sonar-migrate-kazoo-cli-');
    copyFileSync(join(fixtureDir, 'phone_numbers.json'), join(dir, 'phone_numbers.json'));
    writeFileSync(
      join(dir, 'migration.json'),
      JSON.stringify({
        profile: 'sonar-importer',
        kazoo: {
          file: 'phone_numbers.json',
          account_crosswalk: { [ACCOUNT_A]: '1001' },
          rate_center: 7,
          voice_service: 31,
        },
      }),
    );
    const io = captureIo({ cwd: dir });
    const code = await runCommand(['validate', '--config', join(dir, 'migration.json')], io);
    const out = io.out() + io.err();
    expect(out).toContain('MAP_DID_UNSUPPORTED');
    expect(out).toContain('MAP_DID_STATE_EXCLUDED');
    expect(code).toBe(1);
    // Without account_id, the number with no assigned_to (+13125550000) is inventory only.
    expect(io.out()).toMatch(/dids +kazoo:phone_numbers\.json +4 +4 +0/);
    const rejects = readFileSync(join(dir, 'reports', 'did_inventory.rejected.csv'), 'utf8');
    expect(rejects).toContain('+442071838750');
    expect(rejects).not.toContain('+14155555555');
  });
});
