import { z } from 'zod';
import type { Route } from '../../src/simulator/router.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/server.js';
import { SonarClient, type SonarClientOptions } from '../../src/sonar/client.js';

/** A record stored by the test POST /accounts route. */
export interface StoredAccount {
  id: number;
  name: string;
}

/** The schema the tests read accounts with. */
export const accountSchema = z.object({ id: z.number(), name: z.string() });

/**
 * Small routes so the client tests do not depend on the real Sonar routes: a version endpoint,
 * a validating POST /accounts into a plain array, GET /accounts paginated, and two 422 shapes.
 */
export function testRoutes(store: StoredAccount[]): Route[] {
  let busyCalls = 0;
  return [
    {
      // Busy once, with Retry-After as an HTTP date (the other form Sonar's proxies may send).
      method: 'GET',
      pattern: '/_test/busy',
      handler: () => {
        busyCalls += 1;
        return busyCalls === 1
          ? {
              status: 429,
              body: { error: { message: 'Too many requests.', status_code: 429 } },
              headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' },
            }
          : { status: 200, body: { data: { calls: busyCalls } } };
      },
    },
    {
      method: 'GET',
      pattern: '/_data/version',
      handler: () => ({ status: 200, body: { data: { version: '2.0.0' } } }),
    },
    {
      method: 'POST',
      pattern: '/accounts',
      handler: (req) => {
        const name = (req.body as { name?: unknown } | undefined)?.name;
        if (typeof name !== 'string' || name === '') {
          return {
            status: 422,
            body: { error: { message: { name: 'The name field is required.' }, status_code: 422 } },
          };
        }
        const account = { id: store.length + 1, name };
        store.push(account);
        return { status: 201, body: { data: account } };
      },
    },
    {
      method: 'GET',
      pattern: '/accounts',
      handler: (req) => {
        const limit = Number(req.query.get('limit') ?? 100);
        const page = Number(req.query.get('page') ?? 1);
        const totalPages = Math.max(1, Math.ceil(store.length / limit));
        return {
          status: 200,
          body: {
            data: store.slice((page - 1) * limit, page * limit),
            paginator: { total_count: store.length, total_pages: totalPages, current_page: page, limit },
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: '/accounts/:account_id',
      handler: (req) => {
        const account = store.find((a) => a.id === Number(req.params.account_id));
        return account
          ? { status: 200, body: { data: account } }
          : { status: 404, body: { error: { message: 'No item with that ID found.', status_code: 404 } } };
      },
    },
    {
      method: 'PATCH',
      pattern: '/accounts/:account_id',
      handler: () => ({
        status: 422,
        body: { error: { message: 'The account cannot be changed while it is inactive.', status_code: 422 } },
      }),
    },
  ];
}

/** A simulator with the test routes, a client on it, and the sleeps the client asked for. */
export interface ClientRig {
  sim: RunningSimulator;
  client: SonarClient;
  store: StoredAccount[];
  sleeps: number[];
  close(): Promise<void>;
}

/** Starts the simulator on port 0 and a client whose sleeps are recorded, not waited. */
export async function startRig(
  clientOptions: Partial<Omit<SonarClientOptions, 'target'>> & { password?: string } = {},
  simOptions: SimulatorOptions = {},
): Promise<ClientRig> {
  const store: StoredAccount[] = [];
  const sim = await startSimulator({ routes: testRoutes(store), ...simOptions });
  const sleeps: number[] = [];
  const { password = 'sonar', ...rest } = clientOptions;
  const client = new SonarClient({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...rest,
    target: { apiUrl: sim.apiUrl, username: 'admin', password },
  });
  return {
    sim,
    client,
    store,
    sleeps,
    close: async () => {
      await client.close();
      await sim.close();
    },
  };
}
