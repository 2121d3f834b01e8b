import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { SourceError } from '../errors/index.js';
import { RowTracker } from './row-tracker.js';
import type { InputSpec } from './types.js';
import { InvalidUtf8, Utf8Decoder } from './utf8-decoder.js';

/** What turns bytes into text, chunk by chunk (iconv-lite's decoders and ours share it). */
interface ChunkDecoder {
  write(buf: Buffer): string;
  end(): string | undefined;
}

const utf8Names = new Set(['utf8', 'utf-8']);

/** Throws SOURCE_UNKNOWN_ENCODING at start-up rather than at the first chunk. */
export function checkEncoding(spec: InputSpec): void {
  if (spec.encoding !== undefined && !iconv.encodingExists(spec.encoding)) {
    throw new SourceError(
      'SOURCE_UNKNOWN_ENCODING',
      `${spec.displayName}: unknown encoding "${spec.encoding}" — use for example "utf-8", "windows-1252", "latin1" or "utf-16le".`,
      { file: spec.displayName },
    );
  }
}

/**
 * A transform from the file's bytes to text (strings). The encoding is the one set, else told by a
 * BOM (UTF-8, UTF-16 LE/BE, which is stripped), else strict UTF-8: invalid bytes stop the read with
 * SOURCE_BAD_ENCODING naming the row, since guessing would silently corrupt names.
 */
export function createTextDecoder(spec: InputSpec): Transform {
  let decoder: ChunkDecoder | undefined;
  let head = Buffer.alloc(0);
  const tracker =
    spec.encoding === undefined || utf8Names.has(spec.encoding.toLowerCase()) ? new RowTracker() : undefined;

  const emit = (stream: Transform, text: string | undefined): void => {
    if (!text) return;
    tracker?.feed(text);
    stream.push(text);
  };
  const decode = (stream: Transform, buf: Buffer, last: boolean, done: TransformCallback): void => {
    try {
      decoder ??= chooseDecoder(spec, buf);
      emit(stream, decoder.write(buf));
      if (last) emit(stream, decoder.end());
      done();
    } catch (error) {
      if (error instanceof InvalidUtf8 && tracker) {
        tracker.feed(error.validPrefix);
        done(badEncodingError(spec, tracker.position(), error.badBytes));
      } else {
        done(error as Error);
      }
    }
  };

  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      if (decoder) {
        decode(this, chunk, false, done);
        return;
      }
      // Wait for 4 bytes so a BOM is never split across chunks.
      head = Buffer.concat([head, chunk]);
      if (head.length >= 4) decode(this, head, false, done);
      else done();
    },
    flush(done) {
      decode(this, decoder ? Buffer.alloc(0) : head, true, done);
    },
  });
}

/** Picks the decoder from the spec and the file's first bytes, skipping a BOM. */
function chooseDecoder(spec: InputSpec, first: Buffer): ChunkDecoder {
  const utf8BomLength = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
  if (spec.encoding !== undefined && !utf8Names.has(spec.encoding.toLowerCase())) {
    return iconv.getDecoder(spec.encoding); // iconv-lite strips a BOM of that encoding itself.
  }
  if (spec.encoding === undefined && first[0] === 0xff && first[1] === 0xfe)
    return iconv.getDecoder('utf-16le');
  if (spec.encoding === undefined && first[0] === 0xfe && first[1] === 0xff)
    return iconv.getDecoder('utf-16be');
  const utf8 = new Utf8Decoder();
  let skip = utf8BomLength;
  return {
    write(buf) {
      const text = utf8.write(skip > 0 ? buf.subarray(skip) : buf);
      skip = 0;
      return text;
    },
    end: () => utf8.end(),
  };
}

function badEncodingError(spec: InputSpec, at: { row: number; line: number }, bytes: Buffer): SourceError {
  const hex = [...bytes].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  return new SourceError(
    'SOURCE_BAD_ENCODING',
    `${spec.displayName}:${at.row} (line ${at.line}): bytes ${hex} are not valid UTF-8 — the file is probably ` +
      'in another encoding: set "encoding": "windows-1252" (or the right one) for this input.',
    { file: spec.displayName, row: at.row },
  );
}
