// The journal's own cost per record, without HTTP: what a first load asks of the journal for each
// record (was it ever journaled? in flight, durable before the send; loaded, in the group commit),
// 32 records at a time, with the load's deferred WAL syncs. It isolates the part of the loader's
// CPU per request that the journal's schema and memo decide, which `--only load-memory` measures
// only together with HTTP, the simulator and the machine's noise.
//
//   node scripts/bench/journal-marks.mjs [--records 200000] [--dist DIR] [--repeat 3]
//
// --dist measures another build's journal (e.g. a checkout of an earlier commit, built), so two
// builds can be run alternately on the same machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    dist: { type: 'string', default: resolve(import.meta.dirname, '../../dist') },
    repeat: { type: 'string', default: '3' },
  },
});
const records = Number(values.records);
const dist = resolve(values.dist);
const { openStateDb } = await import(pathToFileURL(join(dist, 'store/database.js')).href);
const { Journal } = await import(pathToFileURL(join(dist, 'journal/journal.js')).href);

/** Records in flight at once, as the load's concurrency 32. */
const IN_FLIGHT = 32;
/** A generated account's records, in the bench set's proportions (6.3 records an account). */
const CHILDREN = [
  'billing_parameters',
  'next_bill_dates',
  'contacts',
  'services',
  'services',
  'credit_cards',
];
const loadedFields = JSON.stringify({ name: 'Customer 000000', account_type_id: 1, account_status_id: 1 });

/** The records of a first load: each account, then its children. */
function* recordsOf(count) {
  for (let a = 0, n = 0; n < count; a += 1) {
    const account = `ACC${String(a).padStart(7, '0')}`;
    yield { step: 'accounts', key: account, account: null };
    n += 1;
    for (const [i, step] of CHILDREN.entries()) {
      if (n >= count) return;
      yield { step, key: `${account}/${i}`, account };
      n += 1;
    }
  }
}

async function runOnce() {
  const dir = mkdtempSync(join(tmpdir(), 'journal-marks-'));
  const db = openStateDb(join(dir, 'state.db'));
  const journal = new Journal(db);
  const memo = journal.remember();
  const syncs = journal.deferSyncs();
  const queue = recordsOf(records);
  let sonarId = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const worker = async () => {
    for (let next = queue.next(); !next.done; next = queue.next()) {
      const { step, key, account } = next.value;
      const meta = { accountKey: account, fingerprint: 'f'.repeat(43), loadedFields };
      if (journal.get(step, key) !== undefined) throw new Error(`${step} ${key} journaled twice`);
      await journal.markInFlightBatched(step, key, meta);
      sonarId += 1;
      const id = String(sonarId);
      await journal.commitBatched(() =>
        journal.markLoaded(step, key, { sonarId: id, sonarRef: { id: sonarId } }, meta),
      );
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await syncs.restore();
  const used = process.cpuUsage(cpu);
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const loaded = journal.counts().reduce((n, c) => n + (c.state === 'loaded' ? c.count : 0), 0);
  memo.forget();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  if (loaded !== records) throw new Error(`${loaded} records loaded of ${records}`);
  return { cpuUsPerRecord: (used.user + used.system) / records, wallS };
}

process.stdout.write(
  `journal marks: ${records.toLocaleString('en-US')} records, ${IN_FLIGHT} in flight, ${dist}\n`,
);
for (let i = 0; i < Number(values.repeat); i += 1) {
  const { cpuUsPerRecord, wallS } = await runOnce();
  process.stdout.write(
    `run ${i + 1}: ${cpuUsPerRecord.toFixed(1)} µs of CPU per record, ${wallS.toFixed(1)} s\n`,
  );
}
