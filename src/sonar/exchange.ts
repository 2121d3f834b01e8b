import type { Pool } from 'undici';

/** One request as `exchange` sends it. */
export interface Exchange {
  method: string;
  /** The full path, query included. */
  path: string;
  headers: Record<string, string>;
  /** JSON text, or undefined for no body. */
  body: string | undefined;
  /** From sending to the end of the answer's body. */
  timeoutMs: number;
}

/** What one exchange answered. */
export interface Answer {
  statusCode: number;
  retryAfter: string | string[] | undefined;
  text: string;
}

/** The exchange ran out of time; `cause` says after how long. */
export class ExchangeTimeout extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/**
 * Sends one request and collects the answer: the status, Retry-After and the body text. Through
 * undici's `dispatch` with a plain handler rather than `request`: no body stream, abort signal and
 * listener per request, which cost more CPU than the exchange itself at a load's request rate.
 * Rejects with undici's error, or an ExchangeTimeout once `timeoutMs` passed without the whole answer.
 */
export function exchange(pool: Pool, request: Exchange): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let statusCode = 0;
    let retryAfter: string | string[] | undefined;
    let abort: ((reason: Error) => void) | undefined;
    let timedOut: ExchangeTimeout | undefined;
    const timer = setTimeout(() => {
      timedOut = new ExchangeTimeout(new Error(`no answer within ${request.timeoutMs} ms`));
      abort?.(timedOut.cause);
    }, request.timeoutMs);
    pool.dispatch(
      {
        method: request.method as 'GET',
        path: request.path,
        headers: request.headers,
        body: request.body,
      },
      {
        onConnect: (abortRequest: (reason: Error) => void) => {
          abort = abortRequest;
          // Timed out while queued for a connection: never sent.
          if (timedOut) abortRequest(timedOut.cause);
        },
        onHeaders: (status: number, rawHeaders: Buffer[] | string[] | null) => {
          statusCode = status;
          // Only a refusal's Retry-After is read (client.ts): a 2xx's headers are not gone through.
          if (status >= 300) retryAfter = headerValue(rawHeaders, 'retry-after');
          return true;
        },
        onData: (chunk: Buffer) => {
          chunks.push(chunk);
          return true;
        },
        onComplete: () => {
          clearTimeout(timer);
          const text =
            chunks.length === 1
              ? (chunks[0] as Buffer).toString('utf8')
              : Buffer.concat(chunks).toString('utf8');
          resolve({ statusCode, retryAfter, text });
        },
        onError: (err: Error) => {
          clearTimeout(timer);
          reject(timedOut ?? err);
        },
      },
    );
  });
}

/** A header of undici's raw list (name, value, name, value…): one value, several as a list. */
export function headerValue(raw: Buffer[] | string[] | null, name: string): string | string[] | undefined {
  if (!raw) return undefined;
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (String(raw[i]).toLowerCase() === name) values.push(String(raw[i + 1]));
  }
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}
