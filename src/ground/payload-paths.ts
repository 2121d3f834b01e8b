import { setProperty } from './property-setters.js';

/**
 * Sets a dotted path (`phone_numbers.work.number`, `sub_accounts.0`) in a payload, creating objects
 * on the way. Runs for every field of every row: paths are split once, and stores go through named
 * setters so a wide payload stays a fast object (property-setters.ts).
 */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = partsOf(path);
  let node = target;
  const last = parts.length - 1;
  for (let i = 0; i < last; i++) {
    const part = parts[i] as string;
    const next = node[part];
    if (typeof next !== 'object' || next === null) setProperty(node, part, {});
    node = node[part] as Record<string, unknown>;
  }
  setProperty(node, parts[last] as string, value);
}

/** Dotted paths split once (a layout has a handful, used on every row). */
const splitPaths = new Map<string, readonly string[]>();

function partsOf(path: string): readonly string[] {
  let parts = splitPaths.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    // Mapping files name their own paths: the cache is bounded all the same.
    if (splitPaths.size < 10_000) splitPaths.set(path, parts);
  }
  return parts;
}

/** Reads a dotted path of a nested object or array. */
export function getPath(target: unknown, path: string): unknown {
  let node = target;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
