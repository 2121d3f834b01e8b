import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readRawRows } from '../../src/sources/index.js';
import { makeTempDir } from '../helpers/io.js';

/** Writes a CSV of `count` rows of about 200 bytes each, a chunk at a time. */
async function writeBigCsv(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,name,email,address,city,note\n');
  for (let i = 1; i <= count; i++) {
    const line = `${i},Customer ${i},c${i}@example.com,"${i} Long Street, Apt ${i % 50}",Springfield,"${'n'.repeat(100)}"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** A handle on V8's gc, so the test measures what is retained rather than garbage not yet collected. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('large CSV', () => {
  it('streams 100,000 rows with bounded heap growth', async () => {
    const path = join(makeTempDir(), 'big.csv');
    await writeBigCsv(path, 100_000); // about 20 MB on disk, about 40 MB as JS strings
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let last = 0;
    for await (const row of readRawRows({ path, displayName: 'big.csv' })) {
      count++;
      last = row.row;
    }
    collectGarbage();
    const growth = process.memoryUsage().heapUsed - before;
    expect(count).toBe(100_001);
    expect(last).toBe(100_001);
    // Holding the 20 MB file, or its 600,000 cells, would retain far more than 16 MB.
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  });
});
