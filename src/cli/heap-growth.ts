import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets its heap grow past what the last full collection kept, in percent. The load's
 * live objects stay near 50 MB however large the export, but it allocates fast and V8's own
 * heuristic let the heap reach four times that before collecting: 361 MB peak RSS at 20,000
 * accounts. At 30% the peak was 238 MB for the same CPU time (`npm run bench -- --only
 * load-memory`, README "Performance").
 */
export const HEAP_GROWING_PERCENT = 30;

let applied = false;

/** Caps V8's heap growth factor for this process; once, before any command runs. */
export function limitHeapGrowth(): void {
  if (applied) return;
  applied = true;
  // Read at each full collection, so it takes effect when set after start-up.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
