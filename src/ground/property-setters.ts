// Why this exists: V8 turns an object into a slow hash table ("dictionary mode") once more than
// ~16 properties are added to it through computed keys (`fields[path] = …`), and building and
// iterating such an object per row costs several times a fast one. A store written with a literal
// key (`o["phone_numbers.work.number"] = v`) counts as a named store, which keeps the object fast
// up to ~128 properties. A row's fields and payload are built with one such setter per path.

/** Sets one property, by a key fixed when the setter was made. */
export type PropertySetter = (target: Record<string, unknown>, value: unknown) => void;

const setters = new Map<string, PropertySetter>();

/** Past this many distinct keys (mapping files name their own paths), setters are not cached. */
const MAX_CACHED = 10_000;

/**
 * The setter of `key`: `target[key] = value` compiled with `key` as a literal, so the store is a
 * named one. Made once per key and cached. The key is embedded as a JSON string literal.
 */
export function setterOf(key: string): PropertySetter {
  let setter = setters.get(key);
  if (setter === undefined) {
    setter = new Function('target', 'value', `target[${JSON.stringify(key)}] = value;`) as PropertySetter;
    if (setters.size < MAX_CACHED) setters.set(key, setter);
  }
  return setter;
}

/** Sets `target[key] = value` through the key's setter (the same effect as the plain assignment). */
export function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  setterOf(key)(target, value);
}
