import type { z } from 'zod';

/** An issue's place as a dotted path (`phone_numbers.work.number`); '' for the value itself. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.');
}

/** Options of formatZodIssues. */
export interface ZodIssueFormat {
  /** How the value itself is named when an issue has no path (default: nothing). */
  root?: string;
  /** At most this many issues (default: all). */
  limit?: number;
}

/**
 * Zod's issues as one line, `path: message; path: message`. Paths and messages only: the values
 * are customer data and never belong in a message.
 */
export function formatZodIssues(error: z.ZodError, format: ZodIssueFormat = {}): string {
  const issues = format.limit === undefined ? error.issues : error.issues.slice(0, format.limit);
  return issues.map((issue) => `${issuePath(issue) || (format.root ?? '')}: ${issue.message}`).join('; ');
}
