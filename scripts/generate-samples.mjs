#!/usr/bin/env node
// Writes the three deterministic sample sets (sonar-importer, legacy-billing, dirty) used by the
// demo, the README, the tests and the benchmarks. Plain ESM JavaScript because Node 20 cannot run
// TypeScript. Every set reseeds faker (en_US, seed 42) and uses fixed dates, so two runs write the
// same bytes; rows are streamed to disk one account at a time (1,000,000 accounts is fine).
//
//   node scripts/generate-samples.mjs [--accounts N] [--out DIR] [--only SET]
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDirtySet } from './samples/dirty-set.mjs';
import { writeLegacyBillingSet } from './samples/legacy-billing-set.mjs';
import { writeSonarImporterSet } from './samples/sonar-importer-set.mjs';

/** The sample sets, by directory name. */
const SETS = {
  'sonar-importer': writeSonarImporterSet,
  'legacy-billing': writeLegacyBillingSet,
  dirty: writeDirtySet,
};

const usage =
  'usage: node scripts/generate-samples.mjs [--accounts N] [--out DIR] [--only sonar-importer|legacy-billing|dirty]';

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        accounts: { type: 'string', default: '200' },
        out: { type: 'string', default: 'samples' },
        only: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${error.message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const accounts = Number(values.accounts);
  if (!Number.isInteger(accounts) || accounts < 1) {
    process.stderr.write(
      `--accounts must be a whole number of 1 or more, got "${values.accounts}"\n${usage}\n`,
    );
    return 2;
  }
  if (values.only && !(values.only in SETS)) {
    process.stderr.write(`--only must be one of ${Object.keys(SETS).join(', ')}, got "${values.only}"\n`);
    return 2;
  }
  const out = resolve(values.out);
  for (const [name, write] of Object.entries(SETS)) {
    if (values.only && values.only !== name) continue;
    const dir = join(out, name);
    await mkdir(dir, { recursive: true });
    const counts = await write(dir, accounts);
    const summary = Object.entries(counts)
      .map(([input, rows]) => `${input} ${rows}`)
      .join(', ');
    process.stdout.write(`${dir}: ${summary}\n`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`generate-samples failed: ${error.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
