import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Route } from '../../src/simulator/router.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { SonarClient } from '../../src/sonar/client.js';
import { listAboveFloor } from '../../src/sonar/list-from-end.js';

const itemSchema = z.object({ id: z.number(), name: z.string() });

let sim: RunningSimulator | undefined;
let client: SonarClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  sim = undefined;
  client = undefined;
});

/** A GET /accounts answering `answer(page, limit)` as its body, on a simulator over 127.0.0.1. */
async function listAnswering(answer: (page: number, limit: number) => unknown): Promise<SonarClient> {
  const route: Route = {
    method: 'GET',
    pattern: '/accounts',
    handler: (req) => ({
      status: 200,
      body: answer(Number(req.query.get('page')), Number(req.query.get('limit'))),
    }),
  };
  sim = await startSimulator({ routes: [route] });
  client = new SonarClient({
    target: { apiUrl: sim.apiUrl, username: 'admin', password: 'sonar' },
    sleep: async () => {},
  });
  return client;
}

/** Accounts 1..count in id order, paged as the docs show (`paginator` with every field). */
function documentedPages(count: number) {
  return (page: number, limit: number) => ({
    data: Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `a${i + 1}` })).slice(
      (page - 1) * limit,
      page * limit,
    ),
    paginator: { total_count: count, total_pages: Math.ceil(count / limit), current_page: page, limit },
  });
}

describe('SonarClient.page', () => {
  it('returns one page of items and the paginator as numbers', async () => {
    const c = await listAnswering(documentedPages(7));
    const page = await c.page('/accounts', itemSchema, 3, { limit: 3 });
    expect(page).toEqual({
      items: [{ id: 7, name: 'a7' }],
      paging: { totalPages: 3, totalCount: 7, currentPage: 3, limit: 3 },
    });
    expect(sim?.requestCounts()).toEqual({ 'GET /accounts': 1 });
  });

  it('reads numeric strings, and derives the pages from the count when total_pages is left out', async () => {
    const c = await listAnswering(() => ({
      data: [],
      paginator: { total_count: '250', current_page: '1', limit: 100 },
    }));
    expect((await c.page('/accounts', itemSchema, 1)).paging).toEqual({
      totalPages: 3,
      totalCount: 250,
      currentPage: 1,
      limit: 100,
    });
  });

  it('says nothing of the paging when the answer has no usable paginator', async () => {
    for (const paginator of [undefined, null, 'x', { total_pages: 'many' }, { total_count: 5 }]) {
      const c = await listAnswering(() => ({ data: [{ id: 1, name: 'a' }], paginator }));
      expect(await c.page('/accounts', itemSchema, 1)).toEqual({
        items: [{ id: 1, name: 'a' }],
        paging: undefined,
      });
      await client?.close();
      await sim?.close();
    }
    sim = undefined;
    client = undefined;
  });
});

describe('listAboveFloor', () => {
  it('reads the first page, then from the last page back to the one reaching the floor', async () => {
    const c = await listAnswering(documentedPages(1000));
    const above = await listAboveFloor(c, '/accounts', itemSchema, 850);
    expect(above?.map((a) => a.id)).toEqual(Array.from({ length: 150 }, (_, i) => 851 + i));
    // Page 1, then pages 10, 9 (901–1000, 801–900: 801 is below the floor).
    expect(sim?.requestCounts()).toEqual({ 'GET /accounts': 3 });
  });

  it('reads one page when the list has one', async () => {
    const c = await listAnswering(documentedPages(40));
    expect((await listAboveFloor(c, '/accounts', itemSchema, 38))?.map((a) => a.id)).toEqual([39, 40]);
    expect(sim?.requestCounts()).toEqual({ 'GET /accounts': 1 });
  });

  it('gives up (undefined: read it all) when the ids do not ascend or the paging is unknown', async () => {
    const shuffled = await listAnswering((page, limit) => {
      const pageOf = documentedPages(300)(page, limit);
      return { ...pageOf, data: [...pageOf.data].reverse() };
    });
    expect(await listAboveFloor(shuffled, '/accounts', itemSchema, 10)).toBeUndefined();
    await client?.close();
    await sim?.close();
    const unpaged = await listAnswering(() => ({ data: [{ id: 1, name: 'a' }] }));
    expect(await listAboveFloor(unpaged, '/accounts', itemSchema, 0)).toBeUndefined();
  });
});
