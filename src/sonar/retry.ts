import { SonarApiError } from './errors.js';

/** How hard the client retries transient failures. */
export interface RetryOptions {
  /** Total tries, the first included (default 5). 1 disables retries. */
  attempts: number;
  /** First backoff ceiling in ms (default 250); doubles per retry. */
  baseMs: number;
  /** Backoff ceiling in ms (default 10 000). */
  maxMs: number;
  /** Longest Retry-After honoured, in ms (default 120 000), so a bad header cannot stall a run. */
  maxRetryAfterMs: number;
}

/** The defaults of RetryOptions. */
export const defaultRetryOptions: RetryOptions = {
  attempts: 5,
  baseMs: 250,
  maxMs: 10_000,
  maxRetryAfterMs: 120_000,
};

/** Told before each retry sleep. */
export interface RetryEvent {
  /** The retry about to happen: 1 for the second try. */
  retry: number;
  delayMs: number;
  error: SonarApiError;
}

/** Hooks and injectables of the retry loop (tests inject sleep and random). */
export interface RetryHooks {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
  /** Told on every 429, before the retry sleep: the loader lowers its concurrency (AIMD). */
  onRateLimit?: (event: RetryEvent) => void;
  signal?: AbortSignal;
}

/** Full-jitter exponential backoff, never shorter than Retry-After (capped). */
export function backoffDelay(
  retry: number,
  options: RetryOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * ceiling);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(Math.min(retryAfterMs, options.maxRetryAfterMs), jittered);
}

/** Sleeps, waking early (rejecting) when the signal aborts. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const wake = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      if (signal) sleepersOf(signal).delete(wake);
      resolve();
    }, ms);
    if (signal) sleepersOf(signal).add(wake);
  });
}

// One abort listener per signal, shared by every sleep waiting on it. A listener per sleep (what
// timers/promises adds) put one on the run's signal for each request waiting to retry: at
// concurrency 32 under a 429 storm, more than 10 at once, and Node printed MaxListenersExceededWarning.
const sleepers = new WeakMap<AbortSignal, Set<() => void>>();

function sleepersOf(signal: AbortSignal): Set<() => void> {
  let set = sleepers.get(signal);
  if (!set) {
    const waiting = new Set<() => void>();
    set = waiting;
    sleepers.set(signal, waiting);
    signal.addEventListener(
      'abort',
      () => {
        for (const wake of [...waiting]) wake();
        waiting.clear();
      },
      { once: true },
    );
  }
  return set;
}

/**
 * Runs `attempt` until it succeeds, a non-transient error occurs, or the tries run out. Only
 * `transient` errors are retried: terminal ones would fail again and uncertain ones must be
 * looked up by the caller before anything is re-sent.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: RetryOptions,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? defaultSleep;
  const random = hooks.random ?? Math.random;
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (err) {
      const last = retry + 1 >= options.attempts;
      if (!(err instanceof SonarApiError) || err.kind !== 'transient' || last || hooks.signal?.aborted)
        throw err;
      const event: RetryEvent = {
        retry: retry + 1,
        delayMs: backoffDelay(retry + 1, options, random, err.retryAfterMs),
        error: err,
      };
      if (err.status === 429) hooks.onRateLimit?.(event);
      hooks.onRetry?.(event);
      try {
        await sleep(event.delayMs, hooks.signal);
      } catch {
        // Aborted while waiting: report the failure that made us wait, not the abort.
        throw err;
      }
    }
  }
}
