import type { SimState } from './state.js';

/** HTTP methods the Sonar v1 API uses. */
export type SimMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A parsed request as a route handler sees it. */
export interface SimRequest {
  method: SimMethod;
  /** Path without the /api/v1 prefix, e.g. `/accounts/12/contacts`. */
  path: string;
  /** Values of `:name` segments of the route pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there is none). */
  body: unknown;
}

/** What a route answers; the server serialises `body` as JSON. */
export interface SimResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One endpoint of the simulator. Handlers are synchronous: a write is committed when the handler returns. */
export interface Route {
  method: SimMethod;
  /** Pattern relative to /api/v1, with `:name` segments, e.g. `/accounts/:account_id/contacts`. */
  pattern: string;
  handler: (req: SimRequest, state: SimState) => SimResponse;
}
