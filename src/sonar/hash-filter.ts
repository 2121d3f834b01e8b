import { hashOf } from './secret-hashes.js';

/** Bits of the filter: 2^24, i.e. 2 MB, allocated on the first add. */
const BITS = 2 ** 24;

/**
 * A Bloom filter of strings (two bits a value in a fixed 2 MB bitset): "maybe added" or "surely
 * not". The scrubber tests the first characters of every position of a text against it before
 * looking a whole value up, so a false "maybe" costs one more lookup, never a wrong answer. With a
 * million values about 1 test in 60 is a false "maybe"; a table of exact hashes held 16 MB for them.
 */
export class HashFilter {
  #bits: Uint32Array | undefined;
  #count = 0;

  /** Values added (a value added twice counts twice: the filter cannot tell). */
  get size(): number {
    return this.#count;
  }

  add(value: string): void {
    this.#bits ??= new Uint32Array(BITS / 32);
    const bits = this.#bits;
    for (const bit of bitsOf(hashOf(value, 0, value.length)))
      bits[bit >>> 5] = (bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    this.#count += 1;
  }

  /** Whether text[start, end) may have been added: false means it surely was not. */
  mayHaveSlice(text: string, start: number, end: number): boolean {
    const bits = this.#bits;
    if (!bits) return false;
    return bitsOf(hashOf(text, start, end)).every(
      (bit) => ((bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0,
    );
  }
}

/** The filter's two bits of a value: one from each of its two hashes. */
function bitsOf([hi, lo]: [number, number]): [number, number] {
  return [hi % BITS, lo % BITS];
}
