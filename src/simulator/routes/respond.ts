import type { z } from 'zod';
import type { SimRequest, SimResponse } from '../router.js';
import type { SimAccount, SimState, SimTable } from '../state.js';

// Sonar's answer shapes, shared by every route: `{data}`, `{data:[…], paginator}`, and
// `{error:{message, status_code}}` where a 422's message is field → text (doc line 16101).

/** A refusal a route raises from deep inside its rules; `route()` turns it into Sonar's error body. */
export class SimRefusal extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | Record<string, string>,
  ) {
    super(typeof detail === 'string' ? detail : Object.values(detail).join(' '));
  }
}

/** Wraps a handler so a SimRefusal becomes Sonar's error answer. */
export function route(
  handler: (req: SimRequest, state: SimState) => SimResponse,
): (req: SimRequest, state: SimState) => SimResponse {
  return (req, state) => {
    try {
      return handler(req, state);
    } catch (err) {
      if (err instanceof SimRefusal) return errorBody(err.status, err.detail);
      throw err;
    }
  };
}

/** `{error:{message, status_code}}`. */
export function errorBody(status: number, message: string | Record<string, string>): SimResponse {
  return { status, body: { error: { message, status_code: status } } };
}

/** 200 (or the given status) with `{data}`. */
export function ok(data: unknown, status = 200): SimResponse {
  return { status, body: { data } };
}

/** Throws a 422 naming one field, in Sonar's shape. */
export function invalidField(field: string, message: string): never {
  throw new SimRefusal(422, { [field]: message });
}

/** Throws a 404 with Sonar's generic message plus what was looked for. */
export function notFound(what: string): never {
  throw new SimRefusal(404, `No item with that ID found. (${what})`);
}

/** Parses a request body with a zod request schema; a failure is a 422 with field → message. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const message: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    // An undocumented field is named as the field, so the 422 says which one to remove.
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.map(String).join('.');
      for (const field of issue.keys) {
        const key = prefix ? `${prefix}.${field}` : field;
        if (!(key in message))
          message[key] = `The ${field} field is not a documented parameter of this endpoint.`;
      }
      continue;
    }
    const key = issue.path.map(String).join('.') || 'body';
    if (!(key in message)) message[key] = issue.message;
  }
  throw new SimRefusal(422, message);
}

/** A positive integer path parameter; anything else can name no record, so 404. */
export function idParam(req: SimRequest, name: string): number {
  const raw = req.params[name] ?? '';
  const id = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0) notFound(`${name} ${raw} is not an id`);
  return id;
}

/** Finds a row or answers 404 naming what was missing. */
export function mustGet<T extends { id: number }>(table: SimTable<T>, id: number, what: string): T {
  const row = table.get(id);
  if (!row) notFound(`${what} ${id} does not exist`);
  return row;
}

const DEFAULT_LIMIT = 100;

/** One page of `items` with Sonar's paginator; `page` and `limit` come from the query string. */
export function paginate<T>(
  req: SimRequest,
  items: T[],
  present: (item: T) => unknown = (i) => i,
): SimResponse {
  const limit = positiveInt(req.query.get('limit'), 'limit') ?? DEFAULT_LIMIT;
  const page = positiveInt(req.query.get('page'), 'page') ?? 1;
  const start = (page - 1) * limit;
  return okList(items.slice(start, start + limit).map(present), {
    total_count: items.length,
    total_pages: Math.ceil(items.length / limit),
    current_page: page,
    limit,
  });
}

function okList(data: unknown[], paginator: Record<string, number>): SimResponse {
  return { status: 200, body: { data, paginator } };
}

function positiveInt(raw: string | null, name: string): number | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    invalidField(name, `The ${name} must be a whole number of 1 or more (got "${raw}").`);
  }
  return Number(raw);
}

/** The account a nested route works on; 404 in Sonar's words when it does not exist (doc line 16443). */
export function mustGetAccount(state: SimState, req: SimRequest, param = 'account_id'): SimAccount {
  const id = idParam(req, param);
  const account = state.accounts.get(id);
  if (!account) throw new SimRefusal(404, `That account does not exist (account ${id}).`);
  return account;
}

/** Email categories must be ones /_data/email_categories lists (doc lines 2512, 20994). */
export function checkEmailCategories(state: SimState, ids: number[] | undefined): void {
  const unknown = ids?.find((id) => !state.reference.email_categories.some((c) => c.id === id));
  if (unknown !== undefined) {
    invalidField(
      'email_message_categories',
      `${sonarSentence('email_message_categories')} ${unknown} is not in /_data/email_categories.`,
    );
  }
}

/** Sonar's sentence for a reference id it does not know, e.g. "The selected account status id is not valid." */
export function sonarSentence(field: string): string {
  return `The selected ${field.replace(/_/g, ' ')} is not valid.`;
}
