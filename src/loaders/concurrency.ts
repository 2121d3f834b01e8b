/** Options of the AIMD limiter. */
export interface AimdOptions {
  /** Requests in flight at most (and at start). */
  max: number;
  /** Never fewer than this (default 1). */
  min?: number;
  /** Clock, for spacing decreases (default Date.now). */
  now?: () => number;
  /** A burst of 429s within this window halves the limit once (default 1 000 ms). */
  decreaseWindowMs?: number;
}

/**
 * Caps the requests in flight and adapts the cap to Sonar's rate limit: additive increase (one more
 * slot after a full window of successes), multiplicative decrease (half on a 429). Requests
 * answered 429 together count as one signal, so a burst does not collapse the cap to 1.
 */
export class AimdLimiter {
  #limit: number;
  #active = 0;
  #successes = 0;
  #lastDecrease = Number.NEGATIVE_INFINITY;
  readonly #waiting: Array<() => void> = [];
  readonly #max: number;
  readonly #min: number;
  readonly #now: () => number;
  readonly #windowMs: number;

  constructor(options: AimdOptions) {
    this.#max = Math.max(1, Math.floor(options.max));
    this.#min = Math.max(1, Math.min(this.#max, Math.floor(options.min ?? 1)));
    this.#limit = this.#max;
    this.#now = options.now ?? Date.now;
    this.#windowMs = options.decreaseWindowMs ?? 1_000;
  }

  /** The current cap on requests in flight. */
  get limit(): number {
    return this.#limit;
  }

  /** Requests in flight now. */
  get active(): number {
    return this.#active;
  }

  /** Runs `task` when a slot is free; counts its success towards the next increase. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      const result = await task();
      this.onSuccess();
      return result;
    } finally {
      this.#release();
    }
  }

  /** Sonar answered 429: halve the cap (once per window). */
  onRateLimit(): void {
    const now = this.#now();
    if (now - this.#lastDecrease < this.#windowMs) return;
    this.#lastDecrease = now;
    this.#limit = Math.max(this.#min, Math.floor(this.#limit / 2));
    this.#successes = 0;
  }

  /** A request succeeded: after `limit` successes in a row, one more slot. */
  onSuccess(): void {
    if (this.#limit >= this.#max) return;
    this.#successes += 1;
    if (this.#successes >= this.#limit) {
      this.#successes = 0;
      this.#limit += 1;
      this.#wake();
    }
  }

  #acquire(): Promise<void> {
    if (this.#active < this.#limit) {
      this.#active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiting.push(() => {
        this.#active += 1;
        resolve();
      });
    });
  }

  #release(): void {
    this.#active -= 1;
    this.#wake();
  }

  #wake(): void {
    while (this.#active < this.#limit && this.#waiting.length > 0) this.#waiting.shift()?.();
  }
}
