import type { SonarClient } from '../sonar/client.js';
import { getOrNull } from '../sonar/get-or-null.js';
import {
  didInventoryCreatedSchema,
  didSchema,
  maxDidsPerRequest,
  payloadSchemas,
} from '../sonar/schemas/index.js';
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

/** Rows of the inventory listing handed on per page (the listing's own pages are 100). */
const LISTED_PAGE = 1_000;

function resultOf(row: { id: number; did: string }): StepResult {
  return { sonarId: String(row.id), sonarRef: { didId: row.id, did: row.did } };
}

/** The whole inventory listing, a page at a time; nothing of it is kept. */
async function* listed(
  client: SonarClient,
  ctx: StepContext,
): AsyncGenerator<Array<{ identity: string; result: StepResult }>> {
  let page: Array<{ identity: string; result: StepResult }> = [];
  for await (const row of client.paginate(BASE, didSchema, { signal: ctx.signal })) {
    page.push({ identity: row.did, result: resultOf(row) });
    if (page.length >= LISTED_PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** The records of `records` the inventory holds (every DID of a record), read from one listing. */
async function findAll(
  client: SonarClient,
  records: ResolvedRecord[],
  ctx: StepContext,
): Promise<Map<string, StepResult>> {
  // Only the rows of these records' DIDs are kept: the inventory may hold hundreds of thousands.
  const wanted = new Set(records.flatMap(didsOf));
  const rows = new Map<string, { id: number; did: string }>();
  for await (const row of client.paginate(BASE, didSchema, { signal: ctx.signal })) {
    if (wanted.has(row.did)) rows.set(row.did, row);
  }
  const found = new Map<string, StepResult>();
  for (const record of records) {
    const held = didsOf(record).map((did) => rows.get(did));
    const row = held[0];
    if (row && held.every((r) => r !== undefined)) found.set(record.legacyKey, resultOf(row));
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
    identityField: 'did',
    listed,
  },
  async create(client, record, ctx) {
    await sendBatch(client, [record], ctx);
    return { sonarId: null, sonarRef: { did: didsOf(record)[0] ?? '' } };
  },
  async find(client, record, ctx) {
    return (await findAll(client, [record], ctx)).get(record.legacyKey) ?? null;
  },
  async remove(client, entry) {
    // Loaded before its id was read back: look it up by the DID.
    const id = entry.sonarId ?? (await listedByNumber(client, String(entry.sonarRef?.did ?? '')))?.id;
    if (id === undefined) return;
    await client.delete(`${BASE}/${id}`);
  },
  async present(client, entry) {
    const did = String(entry.sonarRef?.did ?? '');
    if (entry.sonarId === null) return (await listedByNumber(client, did)) !== undefined;
    // Doc "DIDs - Get an individual DID" (line 20868): one request, not the listing.
    const row = await getOrNull(() => client.get(`${BASE}/${entry.sonarId}`, didSchema));
    return row !== null;
  },
};

/** The inventory row of one DID number, read from the listing until it is found. */
async function listedByNumber(
  client: SonarClient,
  did: string,
): Promise<{ id: number; did: string } | undefined> {
  for await (const row of client.paginate(BASE, didSchema)) if (row.did === did) return row;
  return undefined;
}
