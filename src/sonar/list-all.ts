import type { z } from 'zod';
import type { SonarClient } from './client.js';

/** Every item of a paginated Sonar list (a lookup: records of one account are few). */
export async function listAll<T>(
  client: SonarClient,
  path: string,
  schema: z.ZodType<T>,
  signal?: AbortSignal,
): Promise<T[]> {
  const out: T[] = [];
  for await (const item of client.paginate(path, schema, { signal })) out.push(item);
  return out;
}
