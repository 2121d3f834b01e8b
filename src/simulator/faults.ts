import type { SimMethod } from './router.js';

/**
 * Faults the simulator injects so the client and loaders can be tested against the failures a real
 * Sonar and a real network produce. Scripted faults are exact and deterministic (tests); rates are
 * drawn from a seeded PRNG so a soak run with the same seed and request order fails the same way.
 */

/** Which requests a scripted fault applies to: a method and a route pattern (`*` matches any). */
export interface FaultTarget {
  method: SimMethod | '*';
  /** A Route pattern exactly as registered, e.g. `/accounts/:account_id/contacts`, or `*`. */
  pattern: string;
  /** How many matching calls it affects (default 1). */
  count?: number;
}

/** One scripted fault; consumed call by call, in the order they were added. */
export type ScriptedFault =
  | (FaultTarget & {
      kind: 'fail';
      status: number;
      retryAfterSeconds?: number;
      /** Sonar's message; `{body.<field>}` repeats a field of the request, as some errors do. */
      message?: string;
    })
  | (FaultTarget & { kind: 'reset' })
  | (FaultTarget & { kind: 'commit-then-drop' })
  | (FaultTarget & { kind: 'commit-then-500' })
  // Never answered; committed when the next call of the same method and pattern arrives (see commitLate).
  | (FaultTarget & { kind: 'commit-late' })
  | (FaultTarget & { kind: 'delay'; ms: number; afterCommit?: boolean });

/** Probabilities (0..1) of random faults per API request. */
export interface FaultRates {
  error500?: number;
  error429?: number;
  /** Drop the connection before the handler runs (nothing committed). */
  reset?: number;
  /** Run the handler (commit) then answer 500. */
  commitThenFail?: number;
}

/** Added latency on every API request: fixed plus uniform jitter in [0, jitterMs). */
export interface LatencyOptions {
  fixedMs: number;
  jitterMs: number;
}

/** Fault settings accepted by startSimulator and POST /__admin/faults. */
export interface FaultOptions {
  scripted?: ScriptedFault[];
  rates?: FaultRates;
  seed?: number;
  /** Retry-After (seconds) sent with random 429s (default 1). */
  retryAfterSeconds?: number;
}

/** What the server does with one request. */
export interface FaultDecision {
  /** Wait this long before the handler runs. */
  delayBeforeMs: number;
  /** Wait this long after the handler committed, before answering. */
  delayAfterMs: number;
  /** Answer this instead of running the handler. */
  failWith?: { status: number; retryAfterSeconds?: number; message: string };
  /** Destroy the socket before the handler runs. */
  resetBefore: boolean;
  /** After the handler committed: drop the connection, or answer 500; `late`: see commitLate. */
  after: 'answer' | 'drop' | 'fail' | 'late';
  /** Calls parked by commit-late for this method and pattern: commit them before this call's handler. */
  release: Array<() => void>;
}

/** mulberry32: a tiny seeded PRNG, enough for reproducible fault draws. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PendingFault {
  fault: ScriptedFault;
  remaining: number;
}

/** Holds the simulator's fault settings; the server asks it what to do with each API request. */
export class FaultController {
  private scripted: PendingFault[] = [];
  private rates: FaultRates = {};
  private retryAfterSeconds = 1;
  private random: () => number;
  private latency: LatencyOptions = { fixedMs: 0, jitterMs: 0 };
  private parked: Array<{ key: string; commit: () => void }> = [];

  constructor(options: FaultOptions = {}, latency?: LatencyOptions) {
    this.random = mulberry32(options.seed ?? 1);
    this.configure(options);
    if (latency) this.setLatency(latency);
  }

  /** Adds scripted faults and replaces rates/seed when given. */
  configure(options: FaultOptions): void {
    for (const fault of options.scripted ?? []) this.add(fault);
    if (options.rates) this.rates = { ...options.rates };
    if (options.seed !== undefined) this.random = mulberry32(options.seed);
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Queues one scripted fault. */
  add(fault: ScriptedFault): void {
    this.scripted.push({ fault, remaining: fault.count ?? 1 });
  }

  /** Fails the next `count` calls of METHOD+pattern with `status` (optionally with Retry-After). */
  failNext(target: FaultTarget & { status: number; retryAfterSeconds?: number; message?: string }): void {
    this.add({ ...target, kind: 'fail' });
  }

  /** Runs the handler of the next matching calls, then destroys the socket without answering. */
  commitThenDrop(target: FaultTarget): void {
    this.add({ ...target, kind: 'commit-then-drop' });
  }

  /** Runs the handler of the next matching calls, then answers 500. */
  commitThen500(target: FaultTarget): void {
    this.add({ ...target, kind: 'commit-then-500' });
  }

  /**
   * Sonar finishing a write after the client gave up on it: the next matching calls get no answer
   * (the client times out), and each is committed only when the next call of the same method and
   * pattern arrives, just before that call is handled — e.g. when the client sends it again.
   * Deterministic, unlike a delay racing the client's timeout.
   */
  commitLate(target: FaultTarget): void {
    this.add({ ...target, kind: 'commit-late' });
  }

  /** Keeps a commit-late call's commit until the next call of its method and pattern (see commitLate). */
  park(method: SimMethod, pattern: string, commit: () => void): void {
    this.parked.push({ key: `${method} ${pattern}`, commit });
  }

  /** Destroys the socket of the next matching calls before the handler runs. */
  resetNext(target: FaultTarget): void {
    this.add({ ...target, kind: 'reset' });
  }

  /** Delays the next matching calls by `ms`, before the handler or (afterCommit) after it. */
  delayNext(target: FaultTarget & { ms: number; afterCommit?: boolean }): void {
    this.add({ ...target, kind: 'delay' });
  }

  /** Sets random fault rates, reseeding the PRNG when a seed is given. */
  setRates(rates: FaultRates, seed?: number): void {
    this.configure({ rates, seed });
  }

  /** Sets the latency added to every API request. */
  setLatency(latency: LatencyOptions): void {
    this.latency = { fixedMs: Math.max(0, latency.fixedMs), jitterMs: Math.max(0, latency.jitterMs) };
  }

  /** Clears scripted faults, rates and latency. */
  reset(): void {
    this.scripted = [];
    this.rates = {};
    this.latency = { fixedMs: 0, jitterMs: 0 };
  }

  /** The current settings, for the admin endpoint. */
  describe(): {
    scripted: (ScriptedFault & { remaining: number })[];
    rates: FaultRates;
    latency: LatencyOptions;
  } {
    return {
      scripted: this.scripted.map((p) => ({ ...p.fault, remaining: p.remaining })),
      rates: { ...this.rates },
      latency: { ...this.latency },
    };
  }

  /** Decides what happens to one API request, consuming the scripted faults that match it. */
  decide(method: SimMethod, pattern: string): FaultDecision {
    const decision: FaultDecision = {
      delayBeforeMs: this.latency.fixedMs + Math.floor(this.random() * this.latency.jitterMs),
      delayAfterMs: 0,
      resetBefore: false,
      after: 'answer',
      release: this.unpark(`${method} ${pattern}`),
    };
    // A delay stacks with one other scripted fault, so "slow then drop" can be scripted.
    const delay = this.take(method, pattern, (f) => f.kind === 'delay');
    if (delay?.kind === 'delay') {
      if (delay.afterCommit) decision.delayAfterMs += delay.ms;
      else decision.delayBeforeMs += delay.ms;
    }
    const fault = this.take(method, pattern, (f) => f.kind !== 'delay');
    if (fault) return applyScripted(decision, fault);
    return this.applyRates(decision);
  }

  private unpark(key: string): Array<() => void> {
    const due = this.parked.filter((p) => p.key === key).map((p) => p.commit);
    if (due.length > 0) this.parked = this.parked.filter((p) => p.key !== key);
    return due;
  }

  private take(
    method: SimMethod,
    pattern: string,
    accept: (f: ScriptedFault) => boolean,
  ): ScriptedFault | undefined {
    const index = this.scripted.findIndex(
      (p) =>
        accept(p.fault) &&
        (p.fault.method === '*' || p.fault.method === method) &&
        (p.fault.pattern === '*' || p.fault.pattern === pattern),
    );
    const pending = this.scripted[index];
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.scripted.splice(index, 1);
    return pending.fault;
  }

  private applyRates(decision: FaultDecision): FaultDecision {
    // Draws happen in a fixed order, so the same seed and request order give the same faults.
    const r = this.rates;
    if (this.random() < (r.reset ?? 0)) decision.resetBefore = true;
    else if (this.random() < (r.error500 ?? 0))
      decision.failWith = { status: 500, message: 'Simulated internal server error.' };
    else if (this.random() < (r.error429 ?? 0))
      decision.failWith = {
        status: 429,
        retryAfterSeconds: this.retryAfterSeconds,
        message: 'Too many requests: slow down.',
      };
    else if (this.random() < (r.commitThenFail ?? 0)) decision.after = 'fail';
    return decision;
  }
}

function applyScripted(decision: FaultDecision, fault: ScriptedFault): FaultDecision {
  switch (fault.kind) {
    case 'fail':
      decision.failWith = {
        status: fault.status,
        retryAfterSeconds: fault.retryAfterSeconds,
        message: fault.message ?? `Simulated failure (status ${fault.status}).`,
      };
      break;
    case 'reset':
      decision.resetBefore = true;
      break;
    case 'commit-then-drop':
      decision.after = 'drop';
      break;
    case 'commit-then-500':
      decision.after = 'fail';
      break;
    case 'commit-late':
      decision.after = 'late';
      break;
    case 'delay':
      break;
  }
  return decision;
}

/**
 * A scripted failure message with its `{body.<field>}` placeholders filled from the request body:
 * a real Sonar (or its payment processor) may quote what it was sent, e.g. "The token {body.token}
 * was declined.", and the client must not pass that on unscrubbed.
 */
export function fillFaultMessage(message: string, body: unknown): string {
  return message.replace(/\{body\.([A-Za-z0-9_]+)\}/g, (_, field: string) => {
    const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
    return value === undefined ? '' : String(value);
  });
}
