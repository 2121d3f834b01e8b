import { z } from 'zod';
import type { FaultController } from './faults.js';
import type { SimResponse } from './router.js';
import type { SimState } from './state.js';

/** What the admin endpoints can see and change of a running simulator. */
export interface AdminContext {
  state: SimState;
  faults: FaultController;
  requestCounts(): Record<string, number>;
}

const method = z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', '*']);
const target = { method, pattern: z.string().min(1), count: z.number().int().positive().optional() };
const scriptedFault = z.discriminatedUnion('kind', [
  z.object({
    ...target,
    kind: z.literal('fail'),
    status: z.number().int().min(100).max(599),
    retryAfterSeconds: z.number().nonnegative().optional(),
    message: z.string().optional(),
  }),
  z.object({ ...target, kind: z.literal('reset') }),
  z.object({ ...target, kind: z.literal('commit-then-drop') }),
  z.object({ ...target, kind: z.literal('commit-then-500') }),
  z.object({ ...target, kind: z.literal('commit-late') }),
  z.object({
    ...target,
    kind: z.literal('delay'),
    ms: z.number().nonnegative(),
    afterCommit: z.boolean().optional(),
  }),
]);
const rate = z.number().min(0).max(1).optional();
const faultsBody = z.strictObject({
  scripted: z.array(scriptedFault).optional(),
  rates: z.strictObject({ error500: rate, error429: rate, reset: rate, commitThenFail: rate }).optional(),
  seed: z.number().int().optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
});
const latencyBody = z.strictObject({
  fixedMs: z.number().nonnegative(),
  jitterMs: z.number().nonnegative().default(0),
});

/**
 * Serves `/__admin/*` (already authenticated by the server): inspect state and request counts,
 * change faults and latency while the simulator runs. `path` is what follows `/__admin/`.
 */
export function handleAdmin(httpMethod: string, path: string, body: unknown, ctx: AdminContext): SimResponse {
  const route = `${httpMethod.toUpperCase()} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET state':
      return ok(ctx.state.snapshot());
    case 'GET requests':
      return ok(ctx.requestCounts());
    case 'GET faults':
      return ok(ctx.faults.describe());
    case 'POST faults': {
      const parsed = faultsBody.safeParse(body ?? {});
      if (!parsed.success) return invalid(parsed.error);
      ctx.faults.configure(parsed.data);
      return ok(ctx.faults.describe());
    }
    case 'POST latency': {
      const parsed = latencyBody.safeParse(body ?? {});
      if (!parsed.success) return invalid(parsed.error);
      ctx.faults.setLatency(parsed.data);
      return ok(ctx.faults.describe());
    }
    case 'POST reset-faults':
      ctx.faults.reset();
      return ok(ctx.faults.describe());
    default:
      return {
        status: 404,
        body: {
          error: {
            message: `No admin endpoint ${route}: use GET state|requests|faults, POST faults|latency|reset-faults.`,
            status_code: 404,
          },
        },
      };
  }
}

function ok(data: unknown): SimResponse {
  return { status: 200, body: { data } };
}

function invalid(error: z.ZodError): SimResponse {
  // Sonar's 422 shape: field → message.
  const message: Record<string, string> = {};
  for (const issue of error.issues) message[issue.path.join('.') || '(body)'] = issue.message;
  return { status: 422, body: { error: { message, status_code: 422 } } };
}
