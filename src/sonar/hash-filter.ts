import { hashOf } from './secret-hashes.js';

/** Bits of a filter unless told otherwise: 2^24, i.e. 2 MB, allocated on the first add. */
const DEFAULT_BITS = 2 ** 24;

/**
 * A Bloom filter of strings (two bits a value in a fixed bitset, 2 MB unless told otherwise):
 * "maybe added" or "surely not". The scrubber tests the first characters of every position of a
 * text against it before looking a whole value up, so a false "maybe" costs one more lookup, never
 * a wrong answer. With a million values in 2 MB about 1 test in 60 is a false "maybe"; a table of
 * exact hashes held 16 MB for them. The load's journal memo keeps the keys of its large steps in one.
 */
export class HashFilter {
  #bits: Uint32Array | undefined;
  #count = 0;

  /** `bitCount`: the bitset's size, a power of two from 2^5 to 2^31 (allocated on the first add). */
  constructor(private readonly bitCount: number = DEFAULT_BITS) {
    // A bit is a hash masked with bitCount - 1, which must fit a positive 32-bit integer.
    if (!Number.isInteger(Math.log2(bitCount)) || bitCount < 2 ** 5 || bitCount > 2 ** 31)
      throw new RangeError(
        `a HashFilter's size must be a power of two from 2^5 to 2^31 bits, not ${bitCount}`,
      );
  }

  /** Values added (a value added twice counts twice: the filter cannot tell). */
  get size(): number {
    return this.#count;
  }

  add(value: string): void {
    this.#bits ??= new Uint32Array(this.bitCount / 32);
    const bits = this.#bits;
    for (const bit of this.bitsOf(hashOf(value, 0, value.length)))
      bits[bit >>> 5] = (bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    this.#count += 1;
  }

  /** Whether the value may have been added: false means it surely was not. */
  mayHave(value: string): boolean {
    return this.mayHaveSlice(value, 0, value.length);
  }

  /** Whether text[start, end) may have been added: false means it surely was not. */
  mayHaveSlice(text: string, start: number, end: number): boolean {
    const bits = this.#bits;
    if (!bits) return false;
    return this.bitsOf(hashOf(text, start, end)).every(
      (bit) => ((bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0,
    );
  }

  /** The filter's two bits of a value: one from each of its two hashes (the size is a power of two). */
  private bitsOf([hi, lo]: [number, number]): [number, number] {
    return [hi & (this.bitCount - 1), lo & (this.bitCount - 1)];
  }
}
