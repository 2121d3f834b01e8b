import type { SonarClient } from '../sonar/client.js';
import {
  didInventoryCreatedSchema,
  didSchema,
  maxDidsPerRequest,
  payloadSchemas,
} from '../sonar/schemas/index.js';
import { listAll } from './lookups.js';
import type { ResolvedRecord, Step, StepContext, StepResult } from './types.js';

// Doc: "DIDs - Mass add DIDs" (line 20934: at most 5,000 at a time, one rate center per request),
// "Get all" (line 20795), "Delete" (line 20749). The mass add answers only `success`, so ids are
// read back from the inventory list.

const BASE = '/system/voice/dids';

function didsOf(record: ResolvedRecord): string[] {
  const dids = record.payload.dids;
  return Array.isArray(dids) ? dids.map(String) : [];
}

async function sendBatch(client: SonarClient, records: ResolvedRecord[], ctx: StepContext): Promise<void> {
  const first = records[0];
  if (!first) return;
  const body = { dids: records.flatMap(didsOf), rate_center_id: first.payload.rate_center_id };
  await client.post(BASE, body, didInventoryCreatedSchema, { signal: ctx.signal });
}

async function findAll(
  client: SonarClient,
  records: ResolvedRecord[],
  ctx: StepContext,
): Promise<Map<string, StepResult>> {
  const inventory = new Map((await listAll(client, BASE, didSchema, ctx.signal)).map((d) => [d.did, d]));
  const found = new Map<string, StepResult>();
  for (const record of records) {
    const rows = didsOf(record).map((did) => inventory.get(did));
    const row = rows[0];
    if (row && rows.every((r) => r !== undefined)) {
      found.set(record.legacyKey, { sonarId: String(row.id), sonarRef: { didId: row.id, did: row.did } });
    }
  }
  return found;
}

/** The DID inventory: mass-added in batches of at most 5,000 per rate center; matched by the DID. */
export const didInventoryStep: Step = {
  name: 'did_inventory',
  dependsOn: [],
  scope: 'global',
  schema: payloadSchemas.did_inventory,
  batch: {
    groupOf: (record) => String(record.payload.rate_center_id),
    size: maxDidsPerRequest,
    send: sendBatch,
    findAll,
  },
  async create(client, record, ctx) {
    await sendBatch(client, [record], ctx);
    return { sonarId: null, sonarRef: { did: didsOf(record)[0] ?? '' } };
  },
  async find(client, record, ctx) {
    return (await findAll(client, [record], ctx)).get(record.legacyKey) ?? null;
  },
  async remove(client, entry) {
    let id = entry.sonarId;
    if (id === null) {
      // Loaded before its id was read back: look it up by the DID.
      const did = String(entry.sonarRef?.did ?? '');
      const row = (await listAll(client, BASE, didSchema)).find((d) => d.did === did);
      if (!row) return;
      id = String(row.id);
    }
    await client.delete(`${BASE}/${id}`);
  },
  async present(client, entry) {
    // By the number: the id may not have been read back when it was loaded.
    const did = String(entry.sonarRef?.did ?? '');
    const rows = await listAll(client, BASE, didSchema);
    return rows.some((d) => (entry.sonarId !== null ? String(d.id) === entry.sonarId : d.did === did));
  },
};
