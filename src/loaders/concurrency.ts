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

/** What the requests of a run did with their slots (see `AimdLimiter.traffic`). */
export interface Traffic {
  /** Tasks run (requests, retries of a request counted once with it). */
  requests: number;
  /** Mean time a task held its slot, in ms: Sonar's answer time plus this process's own lag. */
  meanMs: number;
  /** Slots busy on average from the first task's start to the last one's end. */
  busySlots: number;
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
  #served = 0;
  #busyMs = 0;
  #firstStart: number | undefined;
  #lastEnd = 0;

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
    const started = performance.now();
    this.#firstStart ??= started;
    try {
      const result = await task();
      this.onSuccess();
      return result;
    } finally {
      const ended = performance.now();
      this.#served += 1;
      this.#busyMs += ended - started;
      this.#lastEnd = ended;
      this.#release();
    }
  }

  /**
   * How the slots were used so far: with `busySlots` near `limit`, the loader kept Sonar as busy as
   * allowed and the answer time sets the pace; well below it, this process was the bottleneck.
   */
  traffic(): Traffic {
    const window = this.#firstStart === undefined ? 0 : this.#lastEnd - this.#firstStart;
    return {
      requests: this.#served,
      meanMs: this.#served === 0 ? 0 : this.#busyMs / this.#served,
      busySlots: window > 0 ? this.#busyMs / window : 0,
    };
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
