import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { accountRow, accountsHeader, csv, migrationJson, writeFixture } from '../cli/validate-fixtures.js';
import { captureIo } from '../helpers/io.js';

const ROWS = 100_000;
/** Generous: holding 100,000 staged rows in memory would retain several hundred MB of heap. */
const MAX_RETAINED_GROWTH = 100 * 1024 * 1024;

// Live heap, not garbage waiting for collection: a full GC before each sample.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const liveHeap = () => {
  collect();
  return process.memoryUsage().heapUsed;
};

/** Streams a generated accounts file to disk (a duplicate every 10,000 rows), never holding it whole. */
async function writeAccounts(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(csv([accountsHeader]));
  for (let i = 1; i <= ROWS; i++) {
    const id = i % 10_000 === 0 ? i - 1 : i;
    if (!out.write(csv([accountRow(100_000 + id)]))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('validate on a large export', () => {
  it('validates 100,000 accounts with bounded live-heap growth', async () => {
    const dir = writeFixture({ 'migration.json': migrationJson(['accounts']) });
    await writeAccounts(join(dir, 'accounts.csv'));
    const before = liveHeap();
    let peak = before;
    let samples = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, liveHeap());
      samples += 1;
    }, 2_000);
    const io = captureIo({ cwd: dir });
    const code = await runCommand(['validate', '--config', 'migration.json'], io);
    clearInterval(sampler);
    // The sampler ticks every 2 s for as long as validate runs: the count depends on the machine,
    // but at least one sample must have been taken for `peak` to mean anything.
    expect(samples).toBeGreaterThanOrEqual(1);
    expect(code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'validation.json'), 'utf8'));
    expect(report.inputs[0]).toEqual(
      expect.objectContaining({ read: ROWS, valid: ROWS - ROWS / 10_000, rejected: ROWS / 10_000 }),
    );
    // Each duplicate row also says which later checks did not see it (MAP_NOT_CHECKED, not a problem).
    expect(report.byCode).toEqual({ MAP_DUPLICATE_KEY: ROWS / 10_000, MAP_NOT_CHECKED: ROWS / 10_000 });
    expect(peak - before).toBeLessThan(MAX_RETAINED_GROWTH);
  }, 300_000);
});
