import { type ErrorCode, MigrateError } from '../errors/index.js';
import { redactSecrets } from './redact.js';

/**
 * What the caller should do about a failed Sonar call:
 * - terminal: Sonar refused it; sending it again unchanged fails again.
 * - transient: nothing was done; retrying is safe (the client already retried, up to its cap).
 * - uncertain: a write was sent and may have been committed; look the record up before re-sending.
 */
export type SonarErrorKind = 'terminal' | 'transient' | 'uncertain';

/** The fields of a SonarApiError. */
export interface SonarApiErrorInit {
  code: ErrorCode;
  kind: SonarErrorKind;
  message: string;
  method: string;
  /** Path only (no origin, no query string): never credentials or query values. */
  endpoint: string;
  /** HTTP status, when Sonar answered at all. */
  status?: number;
  /** Sonar's validation messages per field (422), empty otherwise. */
  fieldMessages?: Record<string, string>;
  /** Sonar's message as text (the string, or the field messages joined). */
  sonarMessage?: string;
  /** From Retry-After, when Sonar sent one. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** A failed call to Sonar, classed so the loader knows whether to reject, retry or reconcile. */
export class SonarApiError extends MigrateError {
  /**
   * A failed call about one record is journaled with it, never thrown out of a command. One that
   * reaches the command's top means Sonar could not be read or written at all (refused
   * credentials, unreachable, not Sonar at that URL): the run stopped at start-up, or stopped
   * and a re-run carries on. Exit 2, like a bad configuration: fix what the message names, re-run.
   */
  readonly exitCode = 2 as const;
  readonly kind: SonarErrorKind;
  readonly method: string;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly fieldMessages: Record<string, string>;
  readonly sonarMessage: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: SonarApiErrorInit) {
    super(init.code, redactSecrets(init.message), { cause: init.cause });
    this.kind = init.kind;
    this.method = init.method;
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.fieldMessages = init.fieldMessages ?? {};
    this.sonarMessage = init.sonarMessage === undefined ? undefined : redactSecrets(init.sonarMessage);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** How an HTTP status is classed for a method: a 5xx after a write may mean it was committed. */
export function classifyStatus(method: string, status: number): SonarErrorKind {
  const write = isWrite(method);
  if (status === 429 || status === 503 || status === 408) return 'transient';
  // 502/504 come from a gateway that may have forwarded the write before giving up: uncertain too.
  if (status >= 500) return write ? 'uncertain' : 'transient';
  return 'terminal';
}

/** True for methods that change Sonar (everything but GET/HEAD). */
export function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** Sonar's `{error:{message}}`: message is a string or a field → message(s) object. */
export function readSonarMessage(body: unknown): { text?: string; fields: Record<string, string> } {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  if (typeof message === 'string') return { text: message, fields: {} };
  if (message && typeof message === 'object' && !Array.isArray(message)) {
    const fields: Record<string, string> = {};
    for (const [field, value] of Object.entries(message)) {
      fields[field] = redactSecrets(Array.isArray(value) ? value.map(String).join(' ') : String(value));
    }
    const text = Object.entries(fields)
      .map(([f, m]) => `${f}: ${m}`)
      .join('; ');
    return { text, fields };
  }
  if (Array.isArray(message)) return { text: message.map(String).join(' '), fields: {} };
  return { fields: {} };
}

/** Builds the error for a non-2xx answer. */
export function errorFromResponse(
  method: string,
  endpoint: string,
  status: number,
  body: unknown,
  retryAfterMs: number | undefined,
): SonarApiError {
  const kind = classifyStatus(method, status);
  const { text, fields } = readSonarMessage(body);
  const said = text ? `: ${text}` : '';
  const code: ErrorCode =
    status === 401 || status === 403
      ? 'SONAR_AUTH'
      : kind === 'terminal'
        ? 'SONAR_TERMINAL'
        : kind === 'uncertain'
          ? 'SONAR_UNCERTAIN'
          : 'SONAR_TRANSIENT';
  return new SonarApiError({
    code,
    kind,
    method,
    endpoint,
    status,
    fieldMessages: fields,
    sonarMessage: text,
    retryAfterMs,
    message: `${method} ${endpoint}: Sonar answered ${status}${said} — ${advice(code, status)}`,
  });
}

function advice(code: ErrorCode, status: number): string {
  switch (code) {
    case 'SONAR_AUTH':
      return 'check SONAR_USERNAME / SONAR_PASSWORD and the user’s permissions.';
    case 'SONAR_UNCERTAIN':
      return 'the write may have been committed: look the record up in Sonar before sending it again.';
    case 'SONAR_TRANSIENT':
      return 'retries ran out; re-run later: the journal resumes where it stopped.';
    default:
      return status === 404
        ? 'the record or endpoint does not exist: check the id and SONAR_URL.'
        : 'fix what Sonar names; sending it again unchanged will fail again.';
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
