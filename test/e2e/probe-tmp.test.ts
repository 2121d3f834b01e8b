import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { startTestSimulator } from '../loaders/harness.js';
import { makeTempDir } from '../helpers/io.js';
import { runIn, simEnv } from '../cli/load-helpers.js';
import { sonarVersions } from '../../src/simulator/versions.js';

it('probe', async () => {
  for (const version of sonarVersions) {
    for (const fixture of ['splynx', 'whmcs/export']) {
      const sim = await startTestSimulator({ sonarVersion: version });
      const dir = makeTempDir('probe-');
      cpSync(join('test/fixtures/profiles', fixture), dir, { recursive: true });
      const cfg = JSON.parse(readFileSync(join(dir, 'migration.json'), 'utf8'));
      writeFileSync(join(dir, 'migration.json'), JSON.stringify({ ...cfg, quietPeriodSeconds: 0.05 }));
      const env = simEnv(sim, { SONAR_MIGRATE_YES: '1' });
      await runIn(dir, sim, ['validate', '--config', 'migration.json'], { env });
      const l = await runIn(dir, sim, ['load', '--config', 'migration.json'], { env });
      console.log(version, fixture, l.code, l.out.split('\n').filter((x) => /failed|unsettled|billing|next_bill/.test(x)).join('\n'));
      await sim.close();
    }
  }
}, 300000);
