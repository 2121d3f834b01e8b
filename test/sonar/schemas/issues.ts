import type { z } from 'zod';

/** One validation issue as a rejection report shows it: the dotted path and the message. */
export interface IssueView {
  path: string;
  message: string;
}

/** Parses `value` and returns its issues (an empty list when it is valid). */
export function issuesOf(schema: z.ZodType, value: unknown): IssueView[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
