/**
 * A set of strings kept as 64-bit hashes in typed arrays: 8 to 16 bytes a value (the table is kept
 * 3/8 to 3/4 full), however long, and nothing the garbage collector walks. The scrubber registers every staged payment token and
 * portal password (issue 16: a million accounts); a Map of the values themselves held about 400
 * bytes each. Lookups hash a slice of a text in place, without copying it. A false positive (two
 * strings with one 64-bit hash) is about 2^-64 a lookup: it would redact a few characters too
 * many, never show a secret.
 */
export class SecretHashes {
  #slots = new Uint32Array(2 * 1024);
  #count = 0;

  get size(): number {
    return this.#count;
  }

  add(value: string): void {
    const [hi, lo] = hashOf(value, 0, value.length);
    if (this.#find(hi, lo) >= 0) return;
    // Linear probing stays short up to 3/4 full; fuller, the table doubles (slots hold 2 numbers).
    if ((this.#count + 1) * 4 > (this.#slots.length / 2) * 3) this.#grow();
    this.#insert(hi, lo);
    this.#count += 1;
  }

  /** Whether text[start, end) was added. */
  hasSlice(text: string, start: number, end: number): boolean {
    const [hi, lo] = hashOf(text, start, end);
    return this.#find(hi, lo) >= 0;
  }

  // Open addressing, linear probing; (0, 0) marks an empty slot, so a hash of (0, 0) is stored as (0, 1).
  #find(hi: number, lo: number): number {
    const slots = this.#slots;
    const mask = slots.length / 2 - 1;
    for (let i = (hi ^ lo) & mask; ; i = (i + 1) & mask) {
      const h = slots[2 * i] ?? 0;
      const l = slots[2 * i + 1] ?? 0;
      if (h === 0 && l === 0) return -1;
      if (h === hi && l === lo) return i;
    }
  }

  #insert(hi: number, lo: number): void {
    const slots = this.#slots;
    const mask = slots.length / 2 - 1;
    let i = (hi ^ lo) & mask;
    while ((slots[2 * i] ?? 0) !== 0 || (slots[2 * i + 1] ?? 0) !== 0) i = (i + 1) & mask;
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i] ?? 0;
      const lo = old[i + 1] ?? 0;
      if (hi !== 0 || lo !== 0) this.#insert(hi, lo);
    }
  }
}

/** Two independent 32-bit hashes (FNV-1a, and a variant with another multiplier) of text[start, end) (UTF-16 code units). */
export function hashOf(text: string, start: number, end: number): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ (end - start);
  for (let i = start; i < end; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hi = a >>> 0;
  const lo = b >>> 0;
  return hi === 0 && lo === 0 ? [0, 1] : [hi, lo];
}
