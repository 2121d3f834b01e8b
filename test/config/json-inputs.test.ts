import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { ConfigError } from '../../src/errors/index.js';
import { makeTempDir } from '../helpers/io.js';

/** A migration file (and the named files, empty) in a temp dir. */
function migration(inputs: Record<string, unknown>, files: string[]): string {
  const dir = makeTempDir();
  for (const file of files) writeFileSync(join(dir, file), '[]');
  writeFileSync(join(dir, 'migration.json'), JSON.stringify({ profile: 'splynx', inputs }));
  return join(dir, 'migration.json');
}

describe('JSON inputs in the migration file', () => {
  it('reads a list of JSON files as one input, the first as its path and the rest as more files', async () => {
    const path = migration({ services: ['internet.json', 'voice.json'] }, ['internet.json', 'voice.json']);
    const config = await loadConfig(path);
    expect(config.inputs.services).toMatchObject({
      displayName: 'internet.json',
      format: 'json',
      moreFiles: [{ path: join(path, '..', 'voice.json'), displayName: 'voice.json' }],
    });
  });

  it('reads the JSON files that open a list as one export, and a CSV after them as a file fed back', async () => {
    const path = migration({ services: ['a.json', 'b.json', 'b.rejected.csv'] }, [
      'a.json',
      'b.json',
      'b.rejected.csv',
    ]);
    const config = await loadConfig(path);
    expect(config.inputs.services).toMatchObject({
      displayName: 'a.json',
      moreFiles: [{ displayName: 'b.json' }],
      more: [{ displayName: 'b.rejected.csv', format: 'csv' }],
    });
  });

  it('names a missing file of the list', async () => {
    const missing = await loadConfig(migration({ services: ['a.json', 'gone.json'] }, ['a.json'])).catch(
      (e: unknown) => e,
    );
    expect((missing as ConfigError).code).toBe('CONFIG_FILE_MISSING');
    expect((missing as ConfigError).message).toContain('inputs.services.1: the file "gone.json"');
  });
});
