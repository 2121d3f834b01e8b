import { isUtf8 } from 'node:buffer';

/** Bytes that are not UTF-8, with the text that decoded cleanly before them in the same chunk. */
export class InvalidUtf8 extends Error {
  constructor(
    readonly validPrefix: string,
    readonly badBytes: Buffer,
  ) {
    super('invalid UTF-8');
  }
}

/**
 * A strict, streaming UTF-8 decoder: like TextDecoder({ fatal: true, stream: true }), but it says
 * where the bad bytes are, so the reader can name the row. The fast path is the native isUtf8; the
 * byte scan runs only on a chunk already known to be bad.
 */
export class Utf8Decoder {
  private carry: Buffer = Buffer.alloc(0);

  /** Decodes a chunk; a multi-byte character cut at the chunk's end waits for the next chunk. */
  write(chunk: Buffer): string {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = completeLength(buf);
    const complete = buf.subarray(0, cut);
    if (!isUtf8(complete)) {
      const bad = firstInvalidUtf8(complete);
      throw new InvalidUtf8(complete.subarray(0, bad).toString('utf8'), complete.subarray(bad, bad + 4));
    }
    this.carry = Buffer.from(buf.subarray(cut));
    return complete.toString('utf8');
  }

  /** Ends the stream: a character still cut short is an error. */
  end(): string {
    if (this.carry.length > 0) throw new InvalidUtf8('', this.carry);
    return '';
  }
}

/** The length of `buf` without a trailing, still incomplete multi-byte sequence. */
function completeLength(buf: Buffer): number {
  const len = buf.length;
  for (let i = len - 1; i >= 0 && i >= len - 4; i--) {
    const b = buf[i] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return len;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return len - i < need ? i : len;
  }
  return len;
}

/** The offset of the first byte that does not start a valid UTF-8 sequence (buf.length if none). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    const second = buf[i + 1] ?? 0;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid too.
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f)) return i;
    if ((b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += need + 1;
  }
  return buf.length;
}
